"""Altair charts of the Segments page: pure functions of small, aggregated data, translated via ``lang``.

Every builder takes already-aggregated data (a profile, a fixed-size grid, a histogram, at most
``MAX_POINTS`` sampled customers), so a chart's size never grows with the number of customers. Builders
return charts and never render them; tests read ``chart.to_dict()``.
"""

from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd

from workbench.i18n import t
from workbench.segments import segment_label

__all__ = [
    "MAX_POINTS",
    "rfm_heatmap",
    "segment_bars",
    "pyramid_chart",
    "lorenz_chart",
    "quadrant_scatter",
    "sat_loyalty_matrix",
    "churn_dimension_bars",
    "clv_histogram",
    "p_alive_heatmap",
    "holdout_by_frequency",
    "holdout_cumulative",
    "cohort_heatmap",
]

MAX_POINTS = 3000
_WIDTH = "container"


def _title(key: str, lang: str, **params) -> alt.TitleParams:
    return alt.TitleParams(t(key, lang, **params), anchor="start")


def rfm_heatmap(table: pd.DataFrame, lang: str) -> alt.LayerChart:
    """Customers per (R, F) score cell, 5 x 5, with the count written in each cell."""
    grid = pd.MultiIndex.from_product([range(1, 6), range(1, 6)], names=["r_score", "f_score"])
    counts = table.groupby(["r_score", "f_score"]).size().reindex(grid, fill_value=0).rename("customers")
    data = counts.reset_index()
    base = alt.Chart(data, title=_title("segments.chart.rfm_heatmap", lang)).encode(
        x=alt.X("r_score:O", title=t("segments.chart.r_score", lang)),
        y=alt.Y("f_score:O", title=t("segments.chart.f_score", lang), sort="descending"),
    )
    rect = base.mark_rect().encode(
        color=alt.Color("customers:Q", title=t("segments.chart.customers", lang), scale=alt.Scale(scheme="blues")),
        tooltip=[alt.Tooltip("r_score:O", title="R"), alt.Tooltip("f_score:O", title="F"),
                 alt.Tooltip("customers:Q", title=t("segments.chart.customers", lang))],
    )
    text = base.mark_text(baseline="middle").encode(text="customers:Q")
    return (rect + text).properties(width=_WIDTH, height=300)


def segment_bars(profile: pd.DataFrame, lang: str, title_key: str = "segments.chart.segment_sizes") -> alt.Chart:
    """Customers and revenue share per segment, one bar per segment in framework order."""
    data = profile[["label", "customers", "customer_share", "revenue_share"]].copy()
    order = list(data["label"])
    return (
        alt.Chart(data, title=_title(title_key, lang))
        .mark_bar()
        .encode(
            y=alt.Y("label:N", sort=order, title=None),
            x=alt.X("customers:Q", title=t("segments.chart.customers", lang)),
            color=alt.Color("revenue_share:Q", title=t("segments.chart.revenue_share", lang),
                            scale=alt.Scale(scheme="goldorange"), legend=alt.Legend(format=".0%")),
            tooltip=[alt.Tooltip("label:N", title=t("segments.chart.segment", lang)),
                     alt.Tooltip("customers:Q", title=t("segments.chart.customers", lang)),
                     alt.Tooltip("customer_share:Q", title=t("segments.chart.customer_share", lang), format=".1%"),
                     alt.Tooltip("revenue_share:Q", title=t("segments.chart.revenue_share", lang), format=".1%")],
        )
        .properties(width=_WIDTH, height=max(120, 32 * len(data)))
    )


def pyramid_chart(profile: pd.DataFrame, lang: str) -> alt.Chart:
    """The pyramid: share of customers next to share of revenue per level (key at the top)."""
    rows = []
    for _, r in profile.iterrows():
        rows.append({"label": r["label"], "measure": t("segments.chart.customer_share", lang), "share": r["customer_share"]})
        rows.append({"label": r["label"], "measure": t("segments.chart.revenue_share", lang), "share": r["revenue_share"]})
    data = pd.DataFrame(rows, columns=["label", "measure", "share"])
    return (
        alt.Chart(data, title=_title("segments.chart.pyramid", lang))
        .mark_bar()
        .encode(
            y=alt.Y("label:N", sort=list(profile["label"]), title=None),
            x=alt.X("share:Q", title=t("segments.chart.share", lang), axis=alt.Axis(format="%")),
            yOffset="measure:N",
            color=alt.Color("measure:N", title=None),
            tooltip=["label:N", "measure:N", alt.Tooltip("share:Q", format=".1%")],
        )
        .properties(width=_WIDTH, height=max(160, 60 * len(profile)))
    )


def lorenz_chart(lorenz: pd.DataFrame, gini_value: float, lang: str) -> alt.LayerChart:
    """Lorenz curve (customers ranked from smallest) against the line of equality; Gini in the title."""
    curve = lorenz.assign(series=t("segments.chart.lorenz_curve", lang))
    equality = pd.DataFrame({"customer_share": [0.0, 1.0], "value_share": [0.0, 1.0],
                             "series": t("segments.chart.equality", lang)})
    data = pd.concat([curve, equality], ignore_index=True)
    gini_text = "–" if gini_value is None or not np.isfinite(gini_value) else f"{gini_value:.2f}"
    return (
        alt.Chart(data, title=_title("segments.chart.lorenz", lang, gini=gini_text))
        .mark_line()
        .encode(
            x=alt.X("customer_share:Q", title=t("segments.chart.cum_customers", lang), axis=alt.Axis(format="%")),
            y=alt.Y("value_share:Q", title=t("segments.chart.cum_value", lang), axis=alt.Axis(format="%")),
            color=alt.Color("series:N", title=None),
            strokeDash="series:N",
        )
        .properties(width=_WIDTH, height=300)
    )


def quadrant_scatter(
    summary: pd.DataFrame, table: pd.DataFrame, value_threshold: float, growth_threshold: float, lang: str,
    max_points: int = MAX_POINTS,
) -> alt.LayerChart:
    """12-month spend against growth for up to ``max_points`` customers (a fixed-seed sample), coloured by
    quadrant, with the two thresholds drawn. Growth is clipped to [-100%, 300%] so outliers stay visible."""
    data = pd.DataFrame({
        "spend_12m": summary["spend_12m"].to_numpy(),
        "growth": np.clip(table["growth"].to_numpy(dtype=float), -1.0, 3.0),
        "quadrant": [segment_label("quadrant", q, lang) for q in table["quadrant"]],
    }).dropna(subset=["growth"])
    if len(data) > max_points:
        data = data.sample(max_points, random_state=0)
    points = alt.Chart(data).mark_circle(size=18, opacity=0.6).encode(
        x=alt.X("spend_12m:Q", title=t("segments.chart.spend_12m", lang)),
        y=alt.Y("growth:Q", title=t("segments.chart.growth", lang), axis=alt.Axis(format="%")),
        color=alt.Color("quadrant:N", title=None),
        tooltip=[alt.Tooltip("spend_12m:Q", format=",.0f"), alt.Tooltip("growth:Q", format=".0%"), "quadrant:N"],
    )
    layers = [points]
    if np.isfinite(value_threshold):
        layers.append(alt.Chart(pd.DataFrame({"v": [value_threshold]})).mark_rule(strokeDash=[4, 4]).encode(x="v:Q"))
    if np.isfinite(growth_threshold):
        layers.append(alt.Chart(pd.DataFrame({"g": [growth_threshold]})).mark_rule(strokeDash=[4, 4]).encode(y="g:Q"))
    return alt.layer(*layers, title=_title("segments.chart.quadrant", lang)).properties(width=_WIDTH, height=360)


# satisfaction (x) and loyalty (y) position of each cell of the matrix
_SAT_LOYALTY_CELLS = {"apostle": (1, 1), "mercenary": (1, 0), "hostage": (0, 1), "saboteur": (0, 0)}


def sat_loyalty_matrix(profile: pd.DataFrame, lang: str) -> alt.LayerChart:
    """The 2 x 2 matrix: satisfaction across, loyalty up; each cell shows its name and customer count."""
    rows = []
    by_segment = profile.set_index("segment")
    for segment, (sx, ly) in _SAT_LOYALTY_CELLS.items():
        n = int(by_segment["customers"].get(segment, 0))
        share = float(by_segment["customer_share"].get(segment, 0.0))
        rows.append({
            "satisfaction": t("segments.chart.high" if sx else "segments.chart.low", lang),
            "loyalty": t("segments.chart.high" if ly else "segments.chart.low", lang),
            "customers": n, "text": f"{segment_label('sat_loyalty', segment, lang)}: {n:,} ({share:.0%})",
        })
    data = pd.DataFrame(rows)
    order = [t("segments.chart.low", lang), t("segments.chart.high", lang)]
    base = alt.Chart(data, title=_title("segments.chart.sat_loyalty", lang)).encode(
        x=alt.X("satisfaction:N", sort=order, title=t("segments.chart.satisfaction", lang)),
        y=alt.Y("loyalty:N", sort=list(reversed(order)), title=t("segments.chart.loyalty", lang)),
    )
    rect = base.mark_rect().encode(color=alt.Color("customers:Q", scale=alt.Scale(scheme="greens"), legend=None))
    text = base.mark_text(fontSize=14).encode(text="text:N")
    return (rect + text).properties(width=_WIDTH, height=280)


def churn_dimension_bars(flag_counts: dict[str, int], available: list[str], lang: str) -> alt.Chart:
    """Customers flagged per churn-warning dimension (only the dimensions the data supports)."""
    data = pd.DataFrame(
        [{"dimension": t(f"segments.churn_dim.{d}", lang), "customers": int(flag_counts.get(d, 0))} for d in available],
        columns=["dimension", "customers"],
    )
    return (
        alt.Chart(data, title=_title("segments.chart.churn_dims", lang))
        .mark_bar(color="#d62728")
        .encode(y=alt.Y("dimension:N", title=None, sort=None),
                x=alt.X("customers:Q", title=t("segments.chart.customers", lang)),
                tooltip=["dimension:N", "customers:Q"])
        .properties(width=_WIDTH, height=max(120, 36 * len(data)))
    )


def clv_histogram(bands: pd.DataFrame, lang: str) -> alt.Chart:
    """Customers per CLV band (the bands come from ``segments.clv_bands``, a fixed number of bins)."""
    return (
        alt.Chart(bands, title=_title("segments.chart.clv_hist", lang))
        .mark_bar()
        .encode(
            x=alt.X("lower:Q", bin="binned", title=t("segments.chart.clv", lang)),
            x2="upper:Q",
            y=alt.Y("customers:Q", title=t("segments.chart.customers", lang)),
            tooltip=[alt.Tooltip("lower:Q", format=",.0f"), alt.Tooltip("upper:Q", format=",.0f"), "customers:Q"],
        )
        .properties(width=_WIDTH, height=260)
    )


def p_alive_heatmap(matrix: pd.DataFrame, lang: str) -> alt.Chart:
    """P(alive) by repeat purchases (up) and weeks since the last purchase (across), from
    ``clv.p_alive_matrix``: a fixed grid whatever the number of customers; impossible cells are blank."""
    data = matrix.dropna(subset=["p_alive"])
    return (
        alt.Chart(data, title=_title("segments.chart.p_alive", lang))
        .mark_rect()
        .encode(
            x=alt.X("weeks_since_last:O", title=t("segments.chart.weeks_since_last", lang),
                    axis=alt.Axis(values=list(range(0, int(matrix["weeks_since_last"].max()) + 1, 4)))),
            y=alt.Y("frequency:O", title=t("segments.chart.repeat_purchases", lang), sort="descending"),
            color=alt.Color("p_alive:Q", title="P(alive)", scale=alt.Scale(scheme="redyellowgreen", domain=[0, 1])),
            tooltip=[alt.Tooltip("frequency:O", title=t("segments.chart.repeat_purchases", lang)),
                     alt.Tooltip("weeks_since_last:O", title=t("segments.chart.weeks_since_last", lang)),
                     alt.Tooltip("p_alive:Q", title="P(alive)", format=".0%")],
        )
        .properties(width=_WIDTH, height=360)
    )


def _series_names(lang: str) -> dict[str, str]:
    return {s: t(f"segments.chart.series.{s}", lang) for s in ("actual", "model", "naive")}


def holdout_by_frequency(by_frequency: pd.DataFrame, lang: str) -> alt.Chart:
    """Mean holdout purchases per calibration-frequency bucket: actual vs BG/NBD vs naive baseline."""
    names = _series_names(lang)
    data = by_frequency.melt(id_vars=["bucket", "n_customers"], value_vars=["actual", "model", "naive"],
                             var_name="series", value_name="purchases")
    data["series"] = data["series"].map(names)
    return (
        alt.Chart(data, title=_title("segments.chart.holdout_freq", lang))
        .mark_bar()
        .encode(
            x=alt.X("bucket:N", sort=list(by_frequency["bucket"]), title=t("segments.chart.cal_purchases", lang)),
            xOffset=alt.XOffset("series:N", sort=list(names.values())),
            y=alt.Y("purchases:Q", title=t("segments.chart.holdout_purchases", lang)),
            color=alt.Color("series:N", sort=list(names.values()), title=None),
            tooltip=["bucket:N", "series:N", alt.Tooltip("purchases:Q", format=".2f"), "n_customers:Q"],
        )
        .properties(width=_WIDTH, height=300)
    )


def holdout_cumulative(cumulative: pd.DataFrame, lang: str) -> alt.Chart:
    """Cumulative repeat purchases week by week in the holdout: actual vs BG/NBD vs naive baseline."""
    names = _series_names(lang)
    data = cumulative.melt(id_vars=["week"], value_vars=["actual", "model", "naive"], var_name="series",
                           value_name="purchases")
    data["series"] = data["series"].map(names)
    return (
        alt.Chart(data, title=_title("segments.chart.holdout_cum", lang))
        .mark_line()
        .encode(
            x=alt.X("week:Q", title=t("segments.chart.holdout_week", lang)),
            y=alt.Y("purchases:Q", title=t("segments.chart.cum_purchases", lang)),
            color=alt.Color("series:N", sort=list(names.values()), title=None),
            strokeDash=alt.StrokeDash("series:N", sort=list(names.values()), legend=None),
            tooltip=["week:Q", "series:N", alt.Tooltip("purchases:Q", format=",.0f")],
        )
        .properties(width=_WIDTH, height=300)
    )


def cohort_heatmap(cohorts: pd.DataFrame, lang: str) -> alt.Chart:
    """Retention by first-purchase month (rows) and months since (columns)."""
    data = cohorts.assign(cohort_label=pd.to_datetime(cohorts["cohort"]).dt.strftime("%Y-%m"))
    base = alt.Chart(data, title=_title("segments.chart.cohorts", lang)).encode(
        x=alt.X("month_index:O", title=t("segments.chart.months_since_first", lang)),
        y=alt.Y("cohort_label:O", title=t("segments.chart.cohort", lang)),
    )
    rect = base.mark_rect().encode(
        color=alt.Color("retention:Q", title=t("segments.chart.retention", lang), scale=alt.Scale(scheme="blues"),
                        legend=alt.Legend(format="%")),
        tooltip=[alt.Tooltip("cohort_label:O", title=t("segments.chart.cohort", lang)), "month_index:O",
                 alt.Tooltip("retention:Q", format=".0%"), "active:Q", "cohort_size:Q"],
    )
    return rect.properties(width=_WIDTH, height=max(200, 14 * data["cohort_label"].nunique()))
