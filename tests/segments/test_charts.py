"""Chart builders of the Segments page: data, encodings and translated titles on tiny inputs."""

from __future__ import annotations

from types import SimpleNamespace

import altair as alt
import numpy as np
import pandas as pd
import pytest

from workbench import segments as seg
from workbench.i18n import t
from workbench.segments import charts as ch
from workbench.segments import display as view


def _data(chart) -> pd.DataFrame:
    data = getattr(chart, "data", alt.Undefined)
    if isinstance(data, pd.DataFrame):
        return data
    return chart.layer[0].data


def _title(chart) -> str:
    title = chart.title if chart.title is not alt.Undefined else chart.layer[0].title
    return title.text if hasattr(title, "text") else title


def test_rfm_heatmap_counts_every_cell():
    table = pd.DataFrame({"r_score": [5, 5, 1], "f_score": [4, 4, 1]})
    chart = ch.rfm_heatmap(table, "zh")
    data = _data(chart)
    assert len(data) == 25 and data["customers"].sum() == 3
    assert data.set_index(["r_score", "f_score"]).loc[(5, 4), "customers"] == 2
    assert _title(chart) == t("segments.chart.rfm_heatmap", "zh")
    spec = chart.to_dict()
    assert spec["layer"][0]["encoding"]["color"]["field"] == "customers"


def test_segment_bars_keep_framework_order():
    profile = pd.DataFrame({"segment": ["high", "medium", "low"], "label": ["High risk", "Medium risk", "Low risk"],
                            "customers": [1, 2, 3], "customer_share": [1 / 6, 2 / 6, 3 / 6],
                            "revenue_share": [0.5, 0.3, 0.2]})
    chart = ch.segment_bars(profile, "en", "segments.chart.churn_risk")
    spec = chart.to_dict()
    bars, text = spec["layer"]
    assert bars["encoding"]["y"]["sort"] == ["High risk", "Medium risk", "Low risk"]
    assert bars["encoding"]["x"]["field"] == "customers"
    assert bars["encoding"]["color"]["field"] == "revenue_share"
    assert _title(chart) == "Churn risk distribution"
    # each bar is labelled: 1 customer of 6 is 17%, with half the revenue
    assert list(_data(chart)["text"])[0] == "1 (17%), 50% of revenue"
    assert text["encoding"]["text"]["field"] == "text"
    # risk levels get their own colours, in the profile's order
    coloured = ch.segment_bars(profile, "en", colours={"high": "#d62728", "low": "#2ca02c"}).to_dict()
    scale = coloured["layer"][0]["encoding"]["color"]["scale"]
    assert scale["domain"] == ["High risk", "Medium risk", "Low risk"]
    assert scale["range"] == ["#d62728", "#9e9e9e", "#2ca02c"]


def test_row_charts_grow_with_their_rows():
    """Streamlit fits title, axes and legend into the chart's height: rows keep their own height."""
    def profile(n):
        return pd.DataFrame({"segment": [f"s{i}" for i in range(n)], "label": [f"S{i}" for i in range(n)],
                             "customers": [1] * n, "customer_share": [1 / n] * n, "revenue_share": [1 / n] * n})
    h3, h10 = (ch.segment_bars(profile(n), "en").to_dict()["height"] for n in (3, 10))
    assert h10 - h3 == 7 * 40
    dims = ch.churn_dimension_bars({}, ["activity", "frequency"], "en").to_dict()
    assert dims["height"] == 110 + 2 * 40


def test_pyramid_chart_has_customer_and_revenue_share_per_level():
    profile = pd.DataFrame({"label": ["Key", "Small"], "customer_share": [0.2, 0.8], "revenue_share": [0.8, 0.2]})
    data = _data(ch.pyramid_chart(profile, "en"))
    assert len(data) == 4
    key = data[data["label"] == "Key"].set_index("measure")["share"]
    assert key[t("segments.chart.customer_share", "en")] == 0.2
    assert key[t("segments.chart.revenue_share", "en")] == 0.8
    # ticks 0–100% in steps of 20%, none past 100% although the scale leaves room for the labels
    axis = ch.pyramid_chart(profile, "en").to_dict()["layer"][0]["encoding"]["x"]["axis"]
    assert axis["values"] == [0.0, 0.2, 0.4, 0.6, 0.8, 1.0]


def test_lorenz_chart_shows_gini_and_equality_line():
    lorenz = seg.lorenz_curve([4.0, 6, 10, 30, 50])
    chart = ch.lorenz_chart(lorenz, seg.gini([4.0, 6, 10, 30, 50]), "en")
    assert _title(chart) == "Lorenz curve (Gini 0.46)"
    data = _data(chart)
    assert set(data["series"]) == {"Lorenz curve", "Line of equality"}
    assert len(data) == 101 + 2
    assert _title(ch.lorenz_chart(lorenz, float("nan"), "zh")) == t("segments.chart.lorenz", "zh", gini="–")


def test_quadrant_scatter_samples_and_draws_thresholds(monkeypatch):
    n = 5000
    summary = pd.DataFrame({"spend_12m": np.arange(n, dtype=float)})
    # customer i spends i; those from 2,500 on are "high value": a point's label must follow its spend
    high = np.arange(n) >= 2500
    table = pd.DataFrame({"growth": np.r_[np.full(n - 10, 0.5), np.full(10, np.nan)],
                          "quadrant": np.where(high, "high_value_high_potential", "low_value_low_potential")})
    calls = []
    monkeypatch.setattr(ch, "segment_label", lambda *a: calls.append(a) or seg.segment_label(*a))
    chart = ch.quadrant_scatter(summary, table, 100.0, 0.3, "zh", "CNY", max_points=1000)
    points = chart.layer[0].data
    assert len(points) == 1000 and points["growth"].notna().all()
    assert points["spend_12m"].is_unique  # a sample of distinct customers
    hi, lo = (t(f"segments.seg.quadrant.{q}", "zh") for q in ("high_value_high_potential", "low_value_low_potential"))
    expected = np.where(points["spend_12m"] >= 2500, hi, lo)
    assert (points["quadrant"].to_numpy() == expected).all()
    assert set(points["quadrant"]) == {hi, lo}  # both quadrants are in a sample of 1,000
    # labels are translated for the drawn points (and the 4-colour legend), not for all 5,000 customers
    assert len(calls) <= 1000 + 4
    assert len(chart.layer) == 3  # points + the two threshold rules
    spec = chart.to_dict()
    assert spec["layer"][0]["encoding"]["x"]["scale"]["type"] == "symlog"  # skewed spend stays readable
    colour = spec["layer"][0]["encoding"]["color"]["scale"]
    assert colour["domain"][0] == t("segments.seg.quadrant.high_value_high_potential", "zh")
    assert colour["range"][0] == "#009E73"  # the best quadrant always the same bluish green, colour-blind safe
    small = ch.quadrant_scatter(summary.head(3), table.head(3).assign(growth=[9.0, -5, 0]), np.nan, np.nan, "en", "CNY")
    assert list(_data(small)["growth"]) == [3.0, -1.0, 0.0]  # clipped to [-100%, 300%]
    assert len(small.layer) == 1


def test_sat_loyalty_matrix_places_the_four_cells():
    profile = pd.DataFrame({"segment": ["apostle", "mercenary", "hostage", "saboteur", "no_score"],
                            "customers": [4, 3, 2, 1, 10], "customer_share": [0.2, 0.15, 0.1, 0.05, 0.5]})
    data = _data(ch.sat_loyalty_matrix(profile, "en")).set_index("text")
    apostle = data.loc["Apostles: 4 (20%)"]
    assert (apostle["satisfaction"], apostle["loyalty"]) == ("High", "High")
    hostage = data.loc["Hostages: 2 (10%)"]
    assert (hostage["satisfaction"], hostage["loyalty"]) == ("Low", "High")
    assert len(data) == 4  # customers without a score are not a cell of the matrix


def test_churn_dimension_bars_only_available_dimensions():
    data = _data(ch.churn_dimension_bars({"activity": 5, "usage": 2}, ["activity", "frequency"], "en"))
    assert list(data["dimension"]) == [t("segments.churn_dim.activity", "en"), t("segments.churn_dim.frequency", "en")]
    assert list(data["customers"]) == [5, 0]


def test_clv_bands_and_histogram():
    values = pd.Series(np.r_[np.arange(100.0), [1e6]])
    bands = view.clv_bands(values, bins=10)
    assert len(bands) == 10 and bands["customers"].sum() == 101  # the outlier is counted in the last band
    assert bands["upper"].iloc[-1] == pytest.approx(np.quantile(values, 0.99))
    chart = ch.clv_histogram(bands, "zh", "CNY")
    assert chart.to_dict()["encoding"]["x"]["bin"] == "binned"
    assert len(view.clv_bands(pd.Series([np.nan]))) == 0


def test_p_alive_heatmap_drops_impossible_cells():
    matrix = pd.DataFrame({"frequency": [0, 0, 1, 1], "weeks_since_last": [0, 1, 0, 1],
                           "p_alive": [1.0, np.nan, 0.9, 0.5]})
    chart = ch.p_alive_heatmap(matrix, "en")
    assert len(_data(chart)) == 3
    spec = chart.to_dict()
    assert spec["encoding"]["color"]["scale"]["domain"] == [0, 1]
    assert spec["encoding"]["x"]["title"] == "Weeks since the last purchase"


def test_holdout_charts_translate_series():
    by_freq = pd.DataFrame({"bucket": ["0", "1"], "n_customers": [5, 3], "actual": [0.1, 1.0],
                            "mbgnbd": [0.2, 0.9], "bgnbd": [0.3, 1.1], "naive": [0.0, 1.5]})
    data = _data(ch.holdout_by_frequency(by_freq, "zh"))
    series = ("actual", "mbgnbd", "bgnbd", "naive")
    assert set(data["series"]) == {t(f"segments.chart.series.{s}", "zh") for s in series}
    assert len(data) == 8
    cum = pd.DataFrame({"week": [1, 2], "actual": [1.0, 3], "mbgnbd": [1.1, 2.9], "naive": [2.0, 4]})
    data = _data(ch.holdout_cumulative(cum, "en"))
    assert data[data["series"] == "Actual"]["purchases"].tolist() == [1.0, 3.0]


def test_cohort_heatmap_labels_months():
    cohorts = pd.DataFrame({"cohort": pd.to_datetime(["2024-01-01", "2024-01-01"]), "month_index": [0, 1],
                            "active": [10, 4], "cohort_size": [10, 10], "retention": [1.0, 0.4]})
    chart = ch.cohort_heatmap(cohorts, "en")
    assert list(_data(chart)["cohort_label"]) == ["2024-01", "2024-01"]
    spec = chart.to_dict()
    assert spec["layer"][0]["encoding"]["color"]["field"] == "retention"
    assert spec["layer"][1]["encoding"]["text"]["format"] == ".0%"  # the percentage written in each cell


def test_tab_charts_per_segmentation():
    summary = pd.DataFrame({"spend_12m": [10.0, 200.0]})
    table = pd.DataFrame({"r_score": [5, 1], "f_score": [5, 1], "growth": [0.1, -0.2],
                          "quadrant": ["low_value_high_potential", "high_value_low_potential"]})
    profile = pd.DataFrame({"segment": ["high", "medium", "low"], "label": ["H", "M", "L"], "customers": [1, 0, 1],
                            "customer_share": [0.5, 0.0, 0.5], "revenue_share": [0.9, 0.0, 0.1]})
    infos = {"churn": {"flag_counts": {"activity": 1}, "available": ["activity"]},
             "quadrant": {"value_threshold": 100.0, "growth_threshold": 0.0},
             "pyramid": {"lorenz": seg.lorenz_curve([1.0, 9.0]), "gini": seg.gini([1.0, 9.0])}}
    snap = SimpleNamespace(table=table, summary=summary, infos=infos | {"rfm": {}, "csr": {}})
    titles = {name: [_title(c) for c in view.tab_charts(snap, name, profile, "en", "CNY")]
              for name in ("rfm", "churn", "quadrant", "csr", "pyramid")}
    assert titles["rfm"] == [t("segments.chart.rfm_heatmap", "en")]
    assert titles["churn"] == [t("segments.chart.churn_risk", "en"), t("segments.chart.churn_dims", "en")]
    assert titles["quadrant"] == [t("segments.chart.quadrant", "en")]
    assert titles["csr"] == [t("segments.chart.segment_sizes", "en")]
    # Gini of (1, 9): sum over ordered pairs of |xi - xj| = 16, divided by 2 n^2 mean = 2 * 4 * 5 = 40 → 0.40
    assert titles["pyramid"][1] == t("segments.chart.lorenz", "en", gini="0.40")
