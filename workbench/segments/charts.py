"""Altair charts of the Segments page: pure functions of small, aggregated data, translated via ``lang``.

Every builder takes already-aggregated data (a profile, a fixed-size grid, a histogram, at most
``MAX_POINTS`` sampled customers), so a chart's size never grows with the number of customers. Builders
return charts and never render them; tests read ``chart.to_dict()``.
"""

from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd

from workbench.core.chartstyle import MIN_FONT_PX
from workbench.core.formatting import currency_symbol
from workbench.i18n import t
from workbench.segments.labels import segment_label

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
    "RISK_COLOURS",
    "GROWTH_CLIP",
    "quadrant_plot_counts",
]

MAX_POINTS = 3000
_WIDTH = "container"
# Streamlit fits a chart's whole height (title, axes, legend included) into the height given, so a chart
# whose rows are categories gets this overhead plus a fixed height per row, and the rows never squash
_OVERHEAD = 110
_LABEL_LIMIT = 320
# fixed colours per quadrant, so "high value, high potential" is always the same green in both languages
# (Okabe & Ito's colour-blind-safe palette)
_QUADRANT_COLOURS = {"high_value_high_potential": "#009E73", "high_value_low_potential": "#0072B2",
                     "low_value_high_potential": "#E69F00", "low_value_low_potential": "#999999"}
#: Growth beyond this is drawn at it, so a few outliers do not squash the scatter.
GROWTH_CLIP = 3.0


# risk levels in colours a colour-blind viewer tells apart on a projector (Okabe & Ito): no red/green pair
RISK_COLOURS = {"lapsed": "#555555", "high": "#D55E00", "medium": "#E69F00", "low": "#0072B2"}


def _title(key: str, lang: str, **params) -> alt.TitleParams:
    return alt.TitleParams(t(key, lang, **params), anchor="start")


def _rows_height(n_rows: int, per_row: int = 40) -> int:
    return _OVERHEAD + per_row * max(int(n_rows), 1)


def _contrast(field: str, threshold: float) -> alt.Color:
    """White text on dark cells, dark text on light ones."""
    return alt.condition(f"datum.{field} > {threshold}", alt.value("white"), alt.value("#262730"))


def rfm_heatmap(table: pd.DataFrame, lang: str) -> alt.LayerChart:
    """Customers per (R, F) score cell, 5 x 5, with the count written in each cell."""
    grid = pd.MultiIndex.from_product([range(1, 6), range(1, 6)], names=["r_score", "f_score"])
    counts = table.groupby(["r_score", "f_score"]).size().reindex(grid, fill_value=0).rename("customers")
    data = counts.reset_index()
    base = alt.Chart(data, title=_title("segments.chart.rfm_heatmap", lang)).encode(
        x=alt.X("r_score:O", title=t("segments.chart.r_score", lang), axis=alt.Axis(labelAngle=0)),
        y=alt.Y("f_score:O", title=t("segments.chart.f_score", lang), sort="descending"),
    )
    rect = base.mark_rect().encode(
        color=alt.Color("customers:Q", title=t("segments.chart.customers", lang), scale=alt.Scale(scheme="blues")),
        tooltip=[alt.Tooltip("r_score:O", title="R"), alt.Tooltip("f_score:O", title="F"),
                 alt.Tooltip("customers:Q", title=t("segments.chart.customers", lang))],
    )
    text = base.mark_text(baseline="middle", fontSize=MIN_FONT_PX).encode(
        text=alt.Text("customers:Q", format=","), color=_contrast("customers", 0.6 * float(data["customers"].max())))
    return (rect + text).properties(width=_WIDTH, height=_OVERHEAD + 5 * 56)


def segment_bars(profile: pd.DataFrame, lang: str, title_key: str = "segments.chart.segment_sizes",
                 colours: dict[str, str] | None = None) -> alt.LayerChart:
    """Customers per segment, one bar per segment in the profile's order, each labelled with its count, share
    of customers and share of revenue. Bars are shaded by revenue share, or take ``colours`` (segment code →
    colour) where the segments have a meaning of their own (risk levels)."""
    data = profile[["label", "customers", "customer_share", "revenue_share"]].copy()
    data["text"] = [t("segments.chart.bar_label", lang, n=f"{int(n):,}", share=f"{s:.0%}", revenue=f"{r:.0%}")
                    for n, s, r in zip(data["customers"], data["customer_share"], data["revenue_share"].fillna(0))]
    order = list(data["label"])
    base = alt.Chart(data, title=_title(title_key, lang)).encode(
        y=alt.Y("label:N", sort=order, title=None, axis=alt.Axis(labelLimit=_LABEL_LIMIT)),
        x=alt.X("customers:Q", title=t("segments.chart.customers", lang),
                scale=alt.Scale(domain=[0, max(1, int(data["customers"].max() if len(data) else 1)) * 1.35])),
    )
    if colours:
        labels = list(profile["label"])
        colour = alt.Color("label:N", legend=None, scale=alt.Scale(
            domain=labels, range=[colours.get(code, "#9e9e9e") for code in profile["segment"]]))
    else:
        colour = alt.Color("revenue_share:Q", title=t("segments.chart.revenue_share", lang),
                           scale=alt.Scale(scheme="goldorange", domain=[0, 1]), legend=alt.Legend(format=".0%"))
    bars = base.mark_bar().encode(
        color=colour,
        tooltip=[alt.Tooltip("label:N", title=t("segments.chart.segment", lang)),
                 alt.Tooltip("customers:Q", title=t("segments.chart.customers", lang), format=","),
                 alt.Tooltip("customer_share:Q", title=t("segments.chart.customer_share", lang), format=".1%"),
                 alt.Tooltip("revenue_share:Q", title=t("segments.chart.revenue_share", lang), format=".1%")],
    )
    text = base.mark_text(align="left", dx=4, fontSize=MIN_FONT_PX).encode(text="text:N")
    return (bars + text).properties(width=_WIDTH, height=_rows_height(len(data)))


#: Axis of a share from 0 to 100%: ticks every 20%, none past 100%.
_SHARE_AXIS = alt.Axis(format="%", values=[k / 5 for k in range(6)])


def pyramid_chart(profile: pd.DataFrame, lang: str) -> alt.Chart:
    """The pyramid: share of customers next to share of revenue per level (key at the top)."""
    rows = []
    for _, r in profile.iterrows():
        for measure in ("customer_share", "revenue_share"):
            rows.append({"label": r["label"], "measure": t(f"segments.chart.{measure}", lang), "share": r[measure]})
    data = pd.DataFrame(rows, columns=["label", "measure", "share"])
    measures = [t("segments.chart.customer_share", lang), t("segments.chart.revenue_share", lang)]
    base = alt.Chart(data, title=_title("segments.chart.pyramid", lang)).encode(
        y=alt.Y("label:N", sort=list(profile["label"]), title=None, axis=alt.Axis(labelLimit=_LABEL_LIMIT)),
        # the scale runs past 100% to leave room for the labels at the bars' ends
        x=alt.X("share:Q", title=t("segments.chart.share", lang),
                axis=_SHARE_AXIS, scale=alt.Scale(domain=[0, 1.08])),
        yOffset=alt.YOffset("measure:N", sort=measures),
    )
    bars = base.mark_bar().encode(
        color=alt.Color("measure:N", title=None, sort=measures, scale=alt.Scale(range=["#9ecae1", "#08519c"]),
                        legend=alt.Legend(orient="top", labelLimit=_LABEL_LIMIT)),
        tooltip=[alt.Tooltip("label:N", title=t("segments.chart.segment", lang)), alt.Tooltip("measure:N", title=" "),
                 alt.Tooltip("share:Q", title=t("segments.chart.share", lang), format=".1%")],
    )
    text = base.mark_text(align="left", dx=3, fontSize=MIN_FONT_PX).encode(text=alt.Text("share:Q", format=".0%"))
    return (bars + text).properties(width=_WIDTH, height=_rows_height(len(profile), 64))


def lorenz_chart(lorenz: pd.DataFrame, gini_value: float, lang: str) -> alt.LayerChart:
    """Lorenz curve (customers ranked from smallest) against the line of equality; Gini in the title."""
    curve = lorenz.assign(series=t("segments.chart.lorenz_curve", lang))
    equality = pd.DataFrame({"customer_share": [0.0, 1.0], "value_share": [0.0, 1.0],
                             "series": t("segments.chart.equality", lang)})
    data = pd.concat([curve, equality], ignore_index=True)
    series = [t("segments.chart.lorenz_curve", lang), t("segments.chart.equality", lang)]
    gini_text = "–" if gini_value is None or not np.isfinite(gini_value) else f"{gini_value:.2f}"
    return (
        alt.Chart(data, title=_title("segments.chart.lorenz", lang, gini=gini_text))
        .mark_line()
        .encode(
            x=alt.X("customer_share:Q", title=t("segments.chart.cum_customers", lang), axis=_SHARE_AXIS),
            y=alt.Y("value_share:Q", title=t("segments.chart.cum_value", lang), axis=_SHARE_AXIS),
            color=alt.Color("series:N", title=None, scale=alt.Scale(domain=series, range=["#08519c", "#9e9e9e"]),
                            legend=alt.Legend(orient="top", labelLimit=_LABEL_LIMIT)),
            strokeDash=alt.StrokeDash("series:N", scale=alt.Scale(domain=series, range=[[1, 0], [5, 4]]),
                                      legend=None),
        )
        .properties(width=_WIDTH, height=_OVERHEAD + 300)
    )


def quadrant_scatter(
    summary: pd.DataFrame, table: pd.DataFrame, value_threshold: float, growth_threshold: float, lang: str,
    currency: str, max_points: int = MAX_POINTS,
) -> alt.LayerChart:
    """12-month spend against growth for up to ``max_points`` customers (a fixed-seed sample), coloured by
    quadrant, with the two thresholds drawn: the customers in a quadrant (not the new ones without growth,
    not the inactive). Growth is clipped to [-100%, 300%] so outliers stay visible; ``quadrant_plot_counts``
    says how many were sampled and clipped, for the caption."""
    spend_title = t("segments.chart.spend_12m", lang, symbol=currency_symbol(currency).strip())
    data = pd.DataFrame({
        "spend_12m": summary["spend_12m"].to_numpy(),
        "growth": np.clip(table["growth"].to_numpy(dtype=float), -1.0, GROWTH_CLIP),
        "quadrant": table["quadrant"].to_numpy(dtype=object),
    })
    data = data[data["quadrant"].isin(list(_QUADRANT_COLOURS))].dropna(subset=["growth"])
    if len(data) > max_points:
        data = data.sample(max_points, random_state=0)
    # translated after sampling: once per drawn point, not once per customer (a million at full size)
    data["quadrant"] = [segment_label("quadrant", q, lang) for q in data["quadrant"]]
    domain = [segment_label("quadrant", q, lang) for q in _QUADRANT_COLOURS]
    x_scale = alt.Scale(type="symlog", constant=100)  # spend is skewed: a log-like axis keeps small spenders apart
    points = alt.Chart(data).mark_circle(size=22, opacity=0.6).encode(
        x=alt.X("spend_12m:Q", title=spend_title, scale=x_scale,
                axis=alt.Axis(format=",.0f", values=[0, 100, 300, 1000, 3000, 10_000, 30_000, 100_000, 300_000,
                                                     1_000_000])),
        y=alt.Y("growth:Q", title=t("segments.chart.growth", lang), axis=alt.Axis(format="%")),
        color=alt.Color("quadrant:N", title=None,
                        scale=alt.Scale(domain=domain, range=list(_QUADRANT_COLOURS.values())),
                        legend=alt.Legend(orient="top", labelLimit=_LABEL_LIMIT)),
        tooltip=[alt.Tooltip("spend_12m:Q", title=spend_title, format=",.0f"),
                 alt.Tooltip("growth:Q", title=t("segments.chart.growth", lang), format=".0%"),
                 alt.Tooltip("quadrant:N", title=t("segments.chart.segment", lang))],
    )
    layers = [points]
    if np.isfinite(value_threshold):
        layers.append(alt.Chart(pd.DataFrame({"v": [value_threshold]})).mark_rule(strokeDash=[4, 4])
                      .encode(x=alt.X("v:Q", scale=x_scale)))
    if np.isfinite(growth_threshold):
        layers.append(alt.Chart(pd.DataFrame({"g": [growth_threshold]})).mark_rule(strokeDash=[4, 4]).encode(y="g:Q"))
    return alt.layer(*layers, title=_title("segments.chart.quadrant", lang)).properties(width=_WIDTH,
                                                                                      height=_OVERHEAD + 360)


# satisfaction (x) and loyalty (y) position of each cell of the matrix
_SAT_LOYALTY_CELLS = {"apostle": (1, 1), "mercenary": (1, 0), "hostage": (0, 1), "saboteur": (0, 0)}


def quadrant_plot_counts(table: pd.DataFrame, max_points: int = MAX_POINTS) -> dict[str, int]:
    """What the quadrant scatter shows: ``plotted`` of ``eligible`` customers (a sample above ``max_points``)
    and how many of the eligible have growth above the clip (drawn at it)."""
    eligible = table["quadrant"].isin(list(_QUADRANT_COLOURS)) & table["growth"].notna()
    return {"eligible": int(eligible.sum()), "plotted": int(min(eligible.sum(), max_points)),
            "clipped": int((table.loc[eligible, "growth"] > GROWTH_CLIP).sum())}


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
        x=alt.X("satisfaction:N", sort=order, title=t("segments.chart.satisfaction", lang),
                axis=alt.Axis(labelAngle=0, labelFontSize=MIN_FONT_PX)),
        y=alt.Y("loyalty:N", sort=list(reversed(order)), title=t("segments.chart.loyalty", lang),
                axis=alt.Axis(labelFontSize=MIN_FONT_PX)),
    )
    rect = base.mark_rect(stroke="white", strokeWidth=2).encode(
        color=alt.Color("customers:Q", scale=alt.Scale(scheme="greens"), legend=None))
    text = base.mark_text(fontSize=15).encode(text="text:N",
                                              color=_contrast("customers", 0.6 * max(1, int(data["customers"].max()))))
    return (rect + text).properties(width=_WIDTH, height=_OVERHEAD + 260)


def churn_dimension_bars(flag_counts: dict[str, int], available: list[str], lang: str) -> alt.Chart:
    """Customers flagged per churn-warning dimension (only the dimensions the data supports)."""
    data = pd.DataFrame(
        [{"dimension": t(f"segments.churn_dim.{d}", lang), "customers": int(flag_counts.get(d, 0))} for d in available],
        columns=["dimension", "customers"],
    )
    return (
        alt.Chart(data, title=_title("segments.chart.churn_dims", lang))
        .mark_bar(color="#d62728")
        .encode(y=alt.Y("dimension:N", title=None, sort=None, axis=alt.Axis(labelLimit=_LABEL_LIMIT)),
                x=alt.X("customers:Q", title=t("segments.chart.customers", lang)),
                tooltip=[alt.Tooltip("dimension:N", title=t("segments.chart.dimension", lang)),
                         alt.Tooltip("customers:Q", title=t("segments.chart.customers", lang), format=",")])
        .properties(width=_WIDTH, height=_rows_height(len(data)))
    )


def clv_histogram(bands: pd.DataFrame, lang: str, currency: str) -> alt.Chart:
    """Customers per CLV band (the bands come from ``segments.display.clv_bands``, a fixed number of bins)."""
    return (
        alt.Chart(bands, title=_title("segments.chart.clv_hist", lang))
        .mark_bar()
        .encode(
            x=alt.X("lower:Q", bin="binned", axis=alt.Axis(format=",.0f"),
                    title=t("segments.chart.clv", lang, symbol=currency_symbol(currency).strip())),
            x2="upper:Q",
            y=alt.Y("customers:Q", title=t("segments.chart.customers", lang)),
            tooltip=[alt.Tooltip("lower:Q", title=t("segments.chart.from", lang), format=",.0f"),
                     alt.Tooltip("upper:Q", title=t("segments.chart.to", lang), format=",.0f"),
                     alt.Tooltip("customers:Q", title=t("segments.chart.customers", lang), format=",")],
        )
        .properties(width=_WIDTH, height=_OVERHEAD + 260)
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
                    axis=alt.Axis(labelAngle=0, values=list(range(0, int(matrix["weeks_since_last"].max()) + 1, 4)))),
            y=alt.Y("frequency:O", title=t("segments.chart.repeat_purchases", lang), sort="descending"),
            color=alt.Color("p_alive:Q", title=t("segments.chart.p_alive_short", lang),
                            scale=alt.Scale(scheme="redyellowgreen", domain=[0, 1]), legend=alt.Legend(format="%")),
            tooltip=[alt.Tooltip("frequency:O", title=t("segments.chart.repeat_purchases", lang)),
                     alt.Tooltip("weeks_since_last:O", title=t("segments.chart.weeks_since_last", lang)),
                     alt.Tooltip("p_alive:Q", title=t("segments.chart.p_alive_short", lang), format=".0%")],
        )
        .properties(width=_WIDTH, height=_OVERHEAD + 360)
    )


#: Series of the model check, in legend order, with colours a colour-blind viewer can tell apart (Okabe & Ito).
_CHECK_SERIES = {"actual": "#000000", "mbgnbd": "#0072B2", "bgnbd": "#E69F00", "naive": "#999999"}


def _check_series(frame: pd.DataFrame, lang: str) -> dict[str, str]:
    """The model-check series present in ``frame`` → their names in ``lang``."""
    return {s: t(f"segments.chart.series.{s}", lang) for s in _CHECK_SERIES if s in frame.columns}


def holdout_by_frequency(by_frequency: pd.DataFrame, lang: str) -> alt.Chart:
    """Mean holdout purchases per calibration-frequency bucket: actual vs each model vs the naive baseline."""
    names = _check_series(by_frequency, lang)
    data = by_frequency.melt(id_vars=["bucket", "n_customers"], value_vars=list(names),
                             var_name="series", value_name="purchases")
    data["series"] = data["series"].map(names)
    return (
        alt.Chart(data, title=_title("segments.chart.holdout_freq", lang))
        .mark_bar()
        .encode(
            x=alt.X("bucket:N", sort=list(by_frequency["bucket"]), title=t("segments.chart.cal_purchases", lang),
                    axis=alt.Axis(labelAngle=0)),
            xOffset=alt.XOffset("series:N", sort=list(names.values())),
            y=alt.Y("purchases:Q", title=t("segments.chart.holdout_purchases", lang)),
            color=alt.Color("series:N", sort=list(names.values()), title=None,
                            scale=alt.Scale(domain=list(names.values()), range=[_CHECK_SERIES[s] for s in names]),
                            legend=alt.Legend(orient="top", labelLimit=_LABEL_LIMIT)),
            tooltip=[alt.Tooltip("bucket:N", title=t("segments.chart.cal_purchases", lang)),
                     alt.Tooltip("series:N", title=" "),
                     alt.Tooltip("purchases:Q", title=t("segments.chart.holdout_purchases", lang), format=".2f"),
                     alt.Tooltip("n_customers:Q", title=t("segments.chart.customers", lang), format=",")],
        )
        .properties(width=_WIDTH, height=_OVERHEAD + 300)
    )


def holdout_cumulative(cumulative: pd.DataFrame, lang: str) -> alt.Chart:
    """Cumulative repeat purchases week by week in the holdout: actual vs each model vs the naive baseline."""
    names = _check_series(cumulative, lang)
    data = cumulative.melt(id_vars=["week"], value_vars=list(names), var_name="series", value_name="purchases")
    data["series"] = data["series"].map(names)
    return (
        alt.Chart(data, title=_title("segments.chart.holdout_cum", lang))
        .mark_line()
        .encode(
            x=alt.X("week:Q", title=t("segments.chart.holdout_week", lang)),
            y=alt.Y("purchases:Q", title=t("segments.chart.cum_purchases", lang)),
            color=alt.Color("series:N", sort=list(names.values()), title=None,
                            scale=alt.Scale(domain=list(names.values()), range=[_CHECK_SERIES[s] for s in names]),
                            legend=alt.Legend(orient="top", labelLimit=_LABEL_LIMIT)),
            strokeDash=alt.StrokeDash("series:N", sort=list(names.values()), legend=None),
            tooltip=[alt.Tooltip("week:Q", title=t("segments.chart.holdout_week", lang)),
                     alt.Tooltip("series:N", title=" "),
                     alt.Tooltip("purchases:Q", title=t("segments.chart.cum_purchases", lang), format=",.0f")],
        )
        .properties(width=_WIDTH, height=_OVERHEAD + 300)
    )


def cohort_heatmap(cohorts: pd.DataFrame, lang: str) -> alt.Chart:
    """Retention by first-purchase month (rows) and months since (columns)."""
    data = cohorts.assign(cohort_label=pd.to_datetime(cohorts["cohort"]).dt.strftime("%Y-%m"))
    base = alt.Chart(data, title=_title("segments.chart.cohorts", lang)).encode(
        x=alt.X("month_index:O", title=t("segments.chart.months_since_first", lang), axis=alt.Axis(labelAngle=0)),
        y=alt.Y("cohort_label:O", title=t("segments.chart.cohort", lang)),
    )
    rect = base.mark_rect().encode(
        color=alt.Color("retention:Q", title=t("segments.chart.retention", lang),
                        scale=alt.Scale(scheme="blues", domain=[0, 1]), legend=alt.Legend(format="%")),
        tooltip=[alt.Tooltip("cohort_label:O", title=t("segments.chart.cohort", lang)),
                 alt.Tooltip("month_index:O", title=t("segments.chart.months_since_first", lang)),
                 alt.Tooltip("retention:Q", title=t("segments.chart.retention", lang), format=".0%"),
                 alt.Tooltip("active:Q", title=t("segments.chart.active", lang), format=","),
                 alt.Tooltip("cohort_size:Q", title=t("segments.chart.cohort_size", lang), format=",")],
    )
    # the percentage in each cell while the grid is small enough to read it (up to 24 cohorts x 18 months)
    if data["cohort_label"].nunique() <= 24 and data["month_index"].nunique() <= 18:
        text = base.mark_text(fontSize=MIN_FONT_PX).encode(text=alt.Text("retention:Q", format=".0%"),
                                                  color=_contrast("retention", 0.6))
        rect = rect + text
    return rect.properties(width=_WIDTH, height=_rows_height(data["cohort_label"].nunique(), 26))
