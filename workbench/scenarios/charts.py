"""Altair charts of the Scenarios page: baseline against scenario month by month, the running net against the
cost with the payback month, scenarios side by side, the sensitivity tornado and the range of outcomes.

Pure functions returning charts (the page draws them through ``ui.chart``, which applies the projector style
of ``core.chartstyle``); each draws a frame built by a ``*_frame`` function with fixed columns, so tests read
the data. Every frame is at most a few hundred rows whatever the number of customers.
"""

from __future__ import annotations

from collections.abc import Sequence

import altair as alt
import numpy as np
import pandas as pd

from workbench.core.formatting import currency_symbol
from workbench.i18n import t
from workbench.scenarios.baseline import segment_name
from workbench.scenarios.run import Result, monthly_totals

__all__ = ["MEASURES", "SERIES_COLOURS", "projection_frame", "projection_chart", "net_frame", "net_chart",
           "compare_frame", "compare_chart", "tornado_frame", "tornado_chart", "ranges_frame", "ranges_chart"]

#: What the projection chart can show, in the picker's order: money figures first, then customers.
MEASURES: tuple[str, ...] = ("gross_profit", "revenue", "cumulative_discounted_gross_profit", "active_customers")
_MONEY = {"gross_profit", "revenue", "cumulative_discounted_gross_profit", "discounted_gross_profit",
          "cumulative_profit"}
#: Baseline grey, scenario blue (Okabe & Ito's blue: readable on a projector and for colour-blind viewers).
SERIES_COLOURS = {"baseline": "#8a8f98", "scenario": "#0072B2"}
_UP, _DOWN, _WARN = "#0072B2", "#D55E00", "#c0392b"
TOP_BARS = 12


def _axis_title(measure: str, lang: str, currency: str) -> str:
    label = t(f"scenarios.measure.{measure}", lang)
    return t("scenarios.chart.money_axis", lang, label=label, symbol=currency_symbol(currency).strip()) \
        if measure in _MONEY else label


def _money_axis(lang: str) -> alt.Axis:
    """Amounts on an axis as the language reads them: 万 in Chinese (¥1,379万 on the cards), k / M in English."""
    if lang == "zh":
        return alt.Axis(labelExpr="format(datum.value / 10000, ',.4~g') + '万'")
    return alt.Axis(format="~s")


def _month_axis(lang: str) -> alt.X:
    return alt.X("month:Q", title=t("scenarios.chart.month_axis", lang), axis=alt.Axis(tickMinStep=1),
                 scale=alt.Scale(domainMin=1, nice=False))


# -- baseline vs scenario -------------------------------------------------------------------------------------
def projection_frame(result: Result, measure: str, lang: str) -> pd.DataFrame:
    """``month, value, series`` ("baseline" / "scenario"), ``series_label``: one measure of all segments."""
    frames = []
    for series in ("baseline", "scenario"):
        m = monthly_totals(result, series)
        frames.append(pd.DataFrame({"month": m["month"], "value": m[measure], "series": series}))
    df = pd.concat(frames, ignore_index=True)
    df["series_label"] = [t(f"scenarios.series.{s}", lang) for s in df["series"]]
    return df


def projection_chart(result: Result, measure: str, lang: str, currency: str) -> alt.Chart:
    """Baseline and scenario month by month: gross profit, revenue, cumulative discounted gross profit or
    active customers, all segments together."""
    df = projection_frame(result, measure, lang)
    labels = [t(f"scenarios.series.{s}", lang) for s in ("baseline", "scenario")]
    fmt = ",.0f"
    return alt.Chart(df).mark_line(strokeWidth=3, point=alt.OverlayMarkDef(size=30)).encode(
        x=_month_axis(lang),
        y=alt.Y("value:Q", title=_axis_title(measure, lang, currency),
                axis=_money_axis(lang) if measure in _MONEY else alt.Axis(format=",~d")),
        color=alt.Color("series_label:N", title=None, sort=labels,
                        scale=alt.Scale(domain=labels, range=[SERIES_COLOURS["baseline"], SERIES_COLOURS["scenario"]]),
                        legend=alt.Legend(orient="bottom", symbolType="stroke", symbolStrokeWidth=3)),
        strokeDash=alt.StrokeDash("series_label:N", sort=labels, legend=None,
                                  scale=alt.Scale(domain=labels, range=[[6, 4], [1, 0]])),
        tooltip=[alt.Tooltip("series_label:N", title=" "),
                 alt.Tooltip("month:Q", title=t("scenarios.chart.month", lang)),
                 alt.Tooltip("value:Q", format=fmt, title=t(f"scenarios.measure.{measure}", lang))],
    ).properties(title=t("scenarios.chart.projection", lang, measure=t(f"scenarios.measure.{measure}", lang)),
                 height=300)


# -- the running net and the payback month --------------------------------------------------------------------
def net_frame(result: Result) -> pd.DataFrame:
    """``month, net`` (incremental discounted profit − discounted cost so far), ``positive``."""
    net = np.asarray(result.returns["net_by_month"], dtype=float)
    return pd.DataFrame({"month": np.arange(1, len(net) + 1), "net": net, "positive": net >= 0})


def net_chart(result: Result, lang: str, currency: str) -> alt.LayerChart:
    """The running net of the scenario against its cost, bars below zero in orange, the payback month marked."""
    df = net_frame(result)
    axis = t("scenarios.chart.money_axis", lang, label=t("scenarios.measure.net", lang),
             symbol=currency_symbol(currency).strip())
    bars = alt.Chart(df).mark_bar().encode(
        x=_month_axis(lang), y=alt.Y("net:Q", title=axis, axis=_money_axis(lang)),
        color=alt.Color("positive:N", scale=alt.Scale(domain=[False, True], range=[_DOWN, _UP]), legend=None),
        tooltip=[alt.Tooltip("month:Q", title=t("scenarios.chart.month", lang)),
                 alt.Tooltip("net:Q", format=",.0f", title=t("scenarios.measure.net", lang))])
    zero = alt.Chart(pd.DataFrame({"y": [0.0]})).mark_rule(color="#262730").encode(y="y:Q")
    layers = [bars, zero]
    month = result.returns["payback_month"]
    if month is not None:
        mark = pd.DataFrame({"month": [month], "label": [t("scenarios.chart.payback", lang, month=month)]})
        layers.append(alt.Chart(mark).mark_rule(strokeDash=[5, 4], color="#262730", strokeWidth=2).encode(x="month:Q"))
        layers.append(alt.Chart(mark).mark_text(align="left", dx=6, fontSize=14, color="#262730").encode(
            x="month:Q", y=alt.value(12), text="label:N"))
    return alt.layer(*layers).properties(title=t("scenarios.chart.net", lang), height=260)


# -- scenarios side by side -----------------------------------------------------------------------------------
def compare_frame(results: Sequence[Result], lang: str) -> pd.DataFrame:
    """``month, value`` (cumulative discounted gross profit), ``name``: the first scenario's baseline, then
    each scenario."""
    frames = []
    for i, r in enumerate(results):
        if i == 0:
            base = monthly_totals(r, "baseline")
            frames.append(pd.DataFrame({"month": base["month"], "value": base["cumulative_discounted_gross_profit"],
                                        "name": t("scenarios.series.baseline", lang), "baseline": True}))
        m = monthly_totals(r)
        frames.append(pd.DataFrame({"month": m["month"], "value": m["cumulative_discounted_gross_profit"],
                                    "name": r.name or t("scenarios.series.scenario", lang), "baseline": False}))
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=["month", "value", "name",
                                                                                     "baseline"])


def compare_chart(results: Sequence[Result], lang: str, currency: str) -> alt.Chart:
    """Cumulative discounted gross profit of each scenario month by month, against the baseline (dashed)."""
    df = compare_frame(results, lang)
    names = list(dict.fromkeys(df["name"]))
    palette = [SERIES_COLOURS["baseline"], "#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#000000"]
    return alt.Chart(df).mark_line(strokeWidth=3).encode(
        x=_month_axis(lang),
        y=alt.Y("value:Q", title=_axis_title("cumulative_profit", lang, currency), axis=_money_axis(lang)),
        color=alt.Color("name:N", title=None, sort=names,
                        legend=alt.Legend(orient="bottom", labelLimit=400, symbolType="stroke", symbolStrokeWidth=3),
                        scale=alt.Scale(domain=names, range=[palette[i % len(palette)] for i in range(len(names))])),
        strokeDash=alt.StrokeDash("baseline:N", legend=None, scale=alt.Scale(domain=[True, False],
                                                                             range=[[6, 4], [1, 0]])),
        tooltip=[alt.Tooltip("name:N", title=" "), alt.Tooltip("month:Q", title=t("scenarios.chart.month", lang)),
                 alt.Tooltip("value:Q", format=",.0f",
                             title=t("scenarios.measure.cumulative_discounted_gross_profit", lang))],
    ).properties(title=t("scenarios.chart.compare", lang), height=340)


# -- the tornado ----------------------------------------------------------------------------------------------
def tornado_frame(tornado: pd.DataFrame, segmentation: str, lang: str, top: int = TOP_BARS) -> pd.DataFrame:
    """Two bars per lever (the step down and up) as changes of profit from the scenario's: ``row`` (the axis
    label "segment · lever ±step"), ``direction`` ("down" / "up"), ``change``, ``profit``, ``order``."""
    rows = []
    for order, r in enumerate(tornado.head(top).itertuples(index=False)):
        step = (f"±{r.step:g} {t('scenarios.unit.points', lang)}" if r.lever == "retention_pp"
                else f"±{100 * r.step:g}%")
        label = f"{segment_name(segmentation, r.segment, lang)} · {t(f'scenarios.lever.{r.lever}', lang)} {step}"
        for direction, profit in (("down", r.low), ("up", r.high)):
            rows.append({"row": label, "direction": direction, "direction_label":
                         t(f"scenarios.chart.step_{direction}", lang), "change": profit - r.base, "profit": profit,
                         "order": order})
    return pd.DataFrame(rows, columns=["row", "direction", "direction_label", "change", "profit", "order"])


def tornado_chart(tornado: pd.DataFrame, segmentation: str, months: int, lang: str, currency: str) -> alt.Chart:
    """The largest swings of profit over the horizon when one lever of one segment moves a step, both ways."""
    df = tornado_frame(tornado, segmentation, lang)
    order = list(dict.fromkeys(df["row"]))
    labels = [t("scenarios.chart.step_down", lang), t("scenarios.chart.step_up", lang)]
    axis = t("scenarios.chart.money_axis", lang, label=t("scenarios.chart.profit_change", lang),
             symbol=currency_symbol(currency).strip())
    return alt.Chart(df).mark_bar(height=16).encode(
        y=alt.Y("row:N", sort=order, title=None, axis=alt.Axis(labelLimit=420)),
        x=alt.X("change:Q", title=axis, axis=_money_axis(lang)),
        color=alt.Color("direction_label:N", title=None, sort=labels,
                        scale=alt.Scale(domain=labels, range=[_DOWN, _UP]), legend=alt.Legend(orient="bottom")),
        tooltip=[alt.Tooltip("row:N", title=" "), alt.Tooltip("direction_label:N", title=" "),
                 alt.Tooltip("change:Q", format="+,.0f", title=t("scenarios.chart.profit_change", lang)),
                 alt.Tooltip("profit:Q", format=",.0f", title=t("scenarios.measure.discounted_gross_profit", lang))],
    ).properties(title=t("scenarios.chart.tornado", lang, months=int(months)), height=30 * max(1, len(order)))


# -- the range of outcomes ------------------------------------------------------------------------------------
def ranges_frame(net_draws: np.ndarray, bins: int = 30) -> pd.DataFrame:
    """A histogram of the draws of the net: ``start, end, draws, share``."""
    values = np.asarray(net_draws, dtype=float)
    if values.max() - values.min() < 1e-6:
        edges = np.array([values.min() - 0.5, values.max() + 0.5])
    else:
        edges = np.histogram_bin_edges(values, bins=bins)
    counts, edges = np.histogram(values, bins=edges)
    return pd.DataFrame({"start": edges[:-1], "end": edges[1:], "draws": counts, "share": counts / max(1, len(values))})


def ranges_chart(ranges: dict, lang: str, currency: str) -> alt.LayerChart:
    """How the net (incremental profit − cost) spreads over the draws, with P10, P50 and P90 marked and 0."""
    df = ranges_frame(ranges["net_draws"])
    axis = t("scenarios.chart.money_axis", lang, label=t("scenarios.measure.net", lang),
             symbol=currency_symbol(currency).strip())
    bars = alt.Chart(df).mark_bar(color="#56B4E9", stroke="white").encode(
        x=alt.X("start:Q", title=axis, axis=_money_axis(lang), bin="binned"), x2="end:Q",
        y=alt.Y("share:Q", title=t("scenarios.chart.share_of_draws", lang), axis=alt.Axis(format="%")),
        tooltip=[alt.Tooltip("start:Q", format=",.0f", title="≥"), alt.Tooltip("end:Q", format=",.0f", title="<"),
                 alt.Tooltip("share:Q", format=".1%", title=t("scenarios.chart.share_of_draws", lang))])
    marks = pd.DataFrame({"x": [ranges["net"][q] for q in ("p10", "p50", "p90")] + [0.0],
                          "label": ["P10", "P50", "P90", "0"]})
    rules = alt.Chart(marks).mark_rule(strokeDash=[4, 3], color="#262730", strokeWidth=2).encode(x="x:Q")
    text = alt.Chart(marks).mark_text(dy=-8, fontSize=14, color="#262730", baseline="bottom").encode(
        x="x:Q", y=alt.value(16), text="label:N")
    return alt.layer(bars, rules, text).properties(title=t("scenarios.chart.ranges", lang, draws=ranges["draws"]),
                                                   height=260)
