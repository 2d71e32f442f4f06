"""Altair charts of the plan: the Gantt by phase (phase bands, today's month, dependency links), budget and
headcount per quarter against capacity, the impact vs effort matrix and the goal's milestones.

Pure functions returning charts (the page renders them); each draws a frame built by a ``*_frame`` function
with fixed columns, so tests assert on the data. Bars of the Gantt carry a point selection named
:data:`GANTT_SELECTION` on ``initiative_id``: a click opens the initiative's detail.
"""

from __future__ import annotations

import datetime as _dt
import math
from collections.abc import Mapping

import altair as alt
import numpy as np
import pandas as pd

from workbench.core.formatting import currency_symbol, fmt_money
from workbench.i18n import t
from workbench.roadmap.model import DIMENSIONS
from workbench.roadmap.phases import month_date

__all__ = ["GANTT_SELECTION", "DIMENSION_COLOURS", "gantt_frame", "links_frame", "gantt_chart", "capacity_frame",
           "budget_chart", "headcount_chart", "matrix_frame", "impact_effort_chart", "goal_frame", "goal_chart"]

GANTT_SELECTION = "pick"
DIMENSION_COLOURS: Mapping[str, str] = {"product": "#1f6fb2", "service": "#2e9d6a", "emotion": "#d9822b",
                                        "brand": "#8e5bb5", "": "#8a8f98"}
WARN_COLOUR = "#c0392b"
AMBER = "#e0a030"
_BAND_FILLS = ("#eef2f7", "#f8f9fb")


def _clip(text: str, n: int = 34) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def _date(start: _dt.date, month: float) -> pd.Timestamp:
    """The (fractional) plan month as a timestamp: month 2.5 is the middle of the third month."""
    whole = math.floor(month)
    first = pd.Timestamp(month_date(start, whole))
    following = pd.Timestamp(month_date(start, whole + 1))
    return first + (following - first) * (month - whole)


def gantt_frame(plan, lang: str, currency: str) -> pd.DataFrame:
    """One bar per scheduled initiative on the plan, ordered by phase then start: initiative_id, row (the axis
    label "#id title"), title, start_month, end_month, start, end (timestamps; a 0-month initiative gets a
    sliver), phase, phase_name, dimension, dimension_label, status_label, owner, budget_text, headcount,
    warning (has warnings), warning_count."""
    df = plan.on_plan
    df = df[df["start_month"].notna()].copy()
    df = df.sort_values(["start_month", "initiative_id"], kind="stable")
    start = plan.config.start
    begin = df["start_month"].astype(float)
    end = df["end_month"].astype(float).where(df["end_month"].astype(float) > begin, begin + 0.25)
    dims = [d if isinstance(d, str) else "" for d in df["dimension"]]  # no strategy: NaN from the store
    out = pd.DataFrame({
        "initiative_id": df["initiative_id"].astype(int).to_numpy(),
        "row": [f"#{i} {_clip(str(x))}" for i, x in zip(df["initiative_id"], df["title"])],
        "title": df["title"].to_numpy(),
        "start_month": df["start_month"].astype(int).to_numpy(),
        "end_month": df["end_month"].astype(int).to_numpy(),
        "start": [_date(start, m) for m in begin],
        "end": [_date(start, m) for m in end],
        "phase": df["phase"].to_numpy(),
        "phase_name": df["phase_name"].to_numpy(),
        "dimension": dims,
        "dimension_label": [t(f"roadmap.dimension.{d}", lang) if d else t("roadmap.dimension.none", lang)
                            for d in dims],
        "status_label": [t(f"roadmap.status.{s}", lang) for s in df["status"]],
        "owner": [o or "–" for o in df["owner"]],
        "budget_text": [fmt_money(b, lang, currency=currency) for b in df["budget"]],
        "headcount": df["headcount"].astype(float).to_numpy(),
        "warning": [bool(w) for w in df["warnings"]],
        "stroke": [WARN_COLOUR if w else "transparent" for w in df["warnings"]],
        "warning_count": [len(w) for w in df["warnings"]],
        "period": [f"{a} → {b}" for a, b in zip(df["start_label"], df["end_label"])],
    })
    return out.reset_index(drop=True)


def links_frame(plan, bars: pd.DataFrame) -> pd.DataFrame:
    """Two points per dependency between bars on the Gantt (from the end of what is depended on to the start
    of the dependant): link, from_id, to_id, point (0 = tail, 1 = head), x (timestamp), row, early (the
    dependant starts before the other ends)."""
    rows_by_id = bars.set_index("initiative_id")
    points = []
    for i, deps in zip(plan.frame["initiative_id"], plan.frame["depends_on"]):
        if i not in rows_by_id.index:
            continue
        for d in deps:
            if d not in rows_by_id.index:
                continue
            head, tail = rows_by_id.loc[i], rows_by_id.loc[d]
            early = bool(head["start_month"] < tail["end_month"])
            link = f"{d}>{i}"
            points.append({"link": link, "from_id": int(d), "to_id": int(i), "point": 0, "x": tail["end"],
                           "row": tail["row"], "early": early})
            points.append({"link": link, "from_id": int(d), "to_id": int(i), "point": 1, "x": head["start"],
                           "row": head["row"], "early": early})
    return pd.DataFrame(points, columns=["link", "from_id", "to_id", "point", "x", "row", "early"])


def gantt_chart(plan, lang: str, currency: str) -> alt.LayerChart:
    """Bars by phase and start, coloured by dimension, outlined red when the initiative has a warning; phase
    bands with their names; a dashed line at today's month; dependency links (red when the dependant starts
    too early). A click on a bar selects its ``initiative_id`` (:data:`GANTT_SELECTION`)."""
    bars_df = gantt_frame(plan, lang, currency)
    start = plan.config.start
    phases = plan.phases.assign(
        x=[_date(start, m) for m in plan.phases["start_month"]], x2=[_date(start, m) for m in plan.phases["end_month"]],
        fill=[_BAND_FILLS[i % 2] for i in range(len(plan.phases))])
    order = bars_df["row"].tolist()
    y = alt.Y("row:N", sort=order, title=None, axis=alt.Axis(labelLimit=260, labelFontSize=12))
    x_axis = alt.Axis(format="%Y-%m", title=None, labelAngle=0, grid=True, tickCount="month")
    height = 32 * max(len(bars_df), 3) + 170  # the element's whole height: title, axis and legend take ~170 px
    bands = alt.Chart(phases).mark_rect(opacity=1).encode(
        x=alt.X("x:T", axis=x_axis), x2=alt.X2("x2:T"), color=alt.Color("fill:N", scale=None),
        tooltip=[alt.Tooltip("name:N", title=t("roadmap.col.phase", lang))])
    band_names = alt.Chart(phases).mark_text(align="left", baseline="bottom", dx=6, dy=-4, fontSize=13,
                                             fontWeight="bold", color="#4a5160").encode(
        x=alt.X("x:T"), y=alt.YValue(0), text=alt.Text("name:N"))  # above the plot, so bars never cover a phase's name
    dims = list(DIMENSIONS) + [""]
    labels = [t(f"roadmap.dimension.{d}", lang) for d in DIMENSIONS] + [t("roadmap.dimension.none", lang)]
    pick = alt.selection_point(name=GANTT_SELECTION, fields=["initiative_id"], on="click", empty=False)
    tooltip = [alt.Tooltip("title:N", title=t("roadmap.field.title", lang)),
               alt.Tooltip("phase_name:N", title=t("roadmap.col.phase", lang)),
               alt.Tooltip("period:N", title=t("roadmap.col.period", lang)),
               alt.Tooltip("status_label:N", title=t("roadmap.field.status", lang)),
               alt.Tooltip("owner:N", title=t("roadmap.field.owner", lang)),
               alt.Tooltip("budget_text:N", title=t("roadmap.field.budget", lang)),
               alt.Tooltip("headcount:Q", title=t("roadmap.field.headcount", lang), format=".1f"),
               alt.Tooltip("warning_count:Q", title=t("roadmap.col.warnings", lang))]
    # channels are given as objects and colours come from columns (scale=None): Altair turns a string or a
    # condition into a channel through its whole schema (~20 ms each), and the Gantt is redrawn after every edit
    bars = alt.Chart(bars_df).mark_bar(cornerRadius=4, height=alt.RelativeBandSize(0.62), strokeWidth=2.5,
                                       opacity=0.92).encode(
        x=alt.X("start:T"), x2=alt.X2("end:T"), y=y,
        color=alt.Color("dimension_label:N", title=t("roadmap.col.dimension", lang),
                        scale=alt.Scale(domain=labels, range=[DIMENSION_COLOURS[d] for d in dims]),
                        legend=alt.Legend(orient="bottom", labelLimit=300)),
        stroke=alt.Stroke("stroke:N", scale=None, legend=None),
        tooltip=tooltip,
    ).add_params(pick)
    links_df = links_frame(plan, bars_df)
    links_df["colour"] = [WARN_COLOUR if e else "#5b6270" for e in links_df["early"]]
    links = alt.Chart(links_df).mark_line(strokeWidth=1.6, interpolate="step-before").encode(
        x=alt.X("x:T"), y=alt.Y("row:N", sort=order), detail=alt.Detail("link:N"), order=alt.Order("point:Q"),
        color=alt.Color("colour:N", scale=None, legend=None))
    heads = alt.Chart(links_df[links_df["point"] == 1]).mark_point(shape="triangle-right", filled=True,
                                                                   size=70, opacity=1).encode(
        x=alt.X("x:T"), y=alt.Y("row:N", sort=order), color=alt.Color("colour:N", scale=None, legend=None))
    layers = [bands, band_names, bars, links, heads]
    if plan.today is not None:
        today = pd.DataFrame({"x": [_date(start, plan.today)], "label": [t("roadmap.chart.today", lang)]})
        layers.append(alt.Chart(today).mark_rule(color=WARN_COLOUR, strokeDash=[5, 4], strokeWidth=2).encode(
            x=alt.X("x:T")))
        layers.append(alt.Chart(today).mark_text(align="left", dx=4, dy=-4, color=WARN_COLOUR, fontSize=12,
                                                 baseline="bottom", fontWeight="bold").encode(
            x=alt.X("x:T"), y=alt.YValue(alt.ExprRef("height")), text=alt.Text("label:N")))  # at the foot of the plot
    title = alt.TitleParams(t("roadmap.chart.gantt", lang), anchor="start", offset=24)
    return alt.layer(*layers).properties(height=height, title=title)


# -- capacity -------------------------------------------------------------------------------------------------
def capacity_frame(plan, lang: str) -> pd.DataFrame:
    """Per quarter: quarter (0-based), label ("Q1 · 2026-12"), budget, budget_capacity, budget_over,
    headcount_peak, headcount_capacity, headcount_over, phase_name (the phase its first month is in), and
    phase_budget_over / phase_headcount_over (that phase as a whole is over)."""
    q = plan.by_quarter.copy()
    names = plan.phases.set_index("phase")["name"]
    phase_at = plan.load.set_index("month")["phase"]
    q["quarter"] = q["period"]
    q["label"] = [t("roadmap.chart.quarter", lang, n=int(p) + 1,
                    month=f"{month_date(plan.config.start, s).year}-{month_date(plan.config.start, s).month:02d}")
                  for p, s in zip(q["period"], q["start_month"])]
    q["phase_name"] = [names.get(phase_at.get(s)) if not pd.isna(phase_at.get(s)) else "" for s in q["start_month"]]
    over = plan.by_phase.set_index("period")
    phases = [phase_at.get(s) for s in q["start_month"]]
    for kind in ("budget", "headcount"):
        q[f"phase_{kind}_over"] = [bool(not pd.isna(p) and p in over.index and over.at[p, f"{kind}_over"])
                                   for p in phases]
    return q[["quarter", "label", "start_month", "budget", "budget_capacity", "budget_over", "headcount_peak",
              "headcount_capacity", "headcount_over", "phase_name", "phase_budget_over", "phase_headcount_over"]]


def _capacity_chart(df: pd.DataFrame, value: str, cap: str, over: str, title: str, axis: str,
                    value_format: str) -> alt.LayerChart:
    order = df["label"].tolist()
    x = alt.X("label:N", sort=order, title=None, axis=alt.Axis(labelAngle=-40, labelLimit=120))
    # red: over, in a phase that is over as a whole; amber: over its share of a phase that is within capacity
    df = df.assign(colour=[(WARN_COLOUR if whole else AMBER) if o else "#1f6fb2"
                           for o, whole in zip(df[over], df[f"phase_{over}"])])
    bars = alt.Chart(df).mark_bar(cornerRadiusTopLeft=3, cornerRadiusTopRight=3).encode(
        x=x, y=alt.Y(f"{value}:Q", title=axis), color=alt.Color("colour:N", scale=None, legend=None),
        tooltip=[alt.Tooltip("label:N", title=" "), alt.Tooltip("phase_name:N", title=" "),
                 alt.Tooltip(f"{value}:Q", format=value_format, title=axis),
                 alt.Tooltip(f"{cap}:Q", format=value_format, title="≤")])
    caps = alt.Chart(df.dropna(subset=[cap])).mark_tick(color="#212121", thickness=3, size=38).encode(
        x=x, y=alt.Y(f"{cap}:Q"))
    return alt.layer(bars, caps).properties(title=title, height=340)


def budget_chart(plan, lang: str, currency: str) -> alt.LayerChart:
    """Budget per quarter (red where above the quarter's share of its phase's budget), capacity as ticks."""
    df = capacity_frame(plan, lang)
    axis = t("roadmap.chart.budget_axis", lang, symbol=currency_symbol(currency).strip())
    return _capacity_chart(df, "budget", "budget_capacity", "budget_over", t("roadmap.chart.budget", lang), axis,
                           ",.0f")


def headcount_chart(plan, lang: str) -> alt.LayerChart:
    """Peak people busy per quarter (red where above the phase's headcount), capacity as ticks."""
    df = capacity_frame(plan, lang)
    return _capacity_chart(df, "headcount_peak", "headcount_capacity", "headcount_over",
                           t("roadmap.chart.headcount", lang), t("roadmap.chart.headcount_axis", lang), ".1f")


# -- impact vs effort -----------------------------------------------------------------------------------------
def matrix_frame(plan, lang: str) -> pd.DataFrame:
    """Initiatives with an impact and an effort: initiative_id, label ("#id"), title, effort, impact, reach,
    group_label (on the plan or on the board), quadrant (quick_win, big_bet, fill_in, money_pit: impact at
    least Intercom's "medium" (1) is high, effort at most the median effort is low)."""
    df = plan.frame.dropna(subset=["impact", "effort"])
    median = float(df["effort"].median()) if len(df) else 0.0
    high = df["impact"] >= 1.0
    low = df["effort"] <= median
    quadrant = np.select([high & low, high & ~low, ~high & low], ["quick_win", "big_bet", "fill_in"], "money_pit")
    return pd.DataFrame({
        "initiative_id": df["initiative_id"].astype(int).to_numpy(),
        "label": [f"#{i}" for i in df["initiative_id"]],
        "title": df["title"].to_numpy(), "effort": df["effort"].to_numpy(), "impact": df["impact"].to_numpy(),
        "reach": df["reach"].fillna(0).to_numpy(),
        "group_label": [t("roadmap.group.plan" if p else "roadmap.group.board", lang) for p in df["on_plan"]],
        "quadrant": quadrant, "effort_split": median,
    })


def impact_effort_chart(plan, lang: str) -> alt.LayerChart:
    """Impact (Intercom's scale) against effort (person-months), point size by reach, split into quick wins,
    big bets, fill-ins and money pits."""
    df = matrix_frame(plan, lang)
    split = float(df["effort_split"].iloc[0]) if len(df) else 1.0
    x = alt.X("effort:Q", title=t("roadmap.chart.effort_axis", lang), scale=alt.Scale(zero=True))
    y = alt.Y("impact:Q", title=t("roadmap.chart.impact_axis", lang), scale=alt.Scale(domain=[0, 3.2]))
    points = alt.Chart(df).mark_circle(opacity=0.8, stroke="white", strokeWidth=1).encode(
        x=x, y=y, size=alt.Size("reach:Q", legend=None, scale=alt.Scale(range=[80, 900])),
        color=alt.Color("group_label:N", title=None, legend=alt.Legend(orient="bottom", labelLimit=400)),
        tooltip=[alt.Tooltip("title:N", title=t("roadmap.field.title", lang)),
                 alt.Tooltip("effort:Q", title=t("roadmap.field.effort", lang)),
                 alt.Tooltip("impact:Q", title=t("roadmap.field.impact", lang)),
                 alt.Tooltip("reach:Q", title=t("roadmap.field.reach", lang), format=",.0f")])
    labels = alt.Chart(df).mark_text(dx=10, dy=-8, fontSize=11, color="#333").encode(x=x, y=y, text=alt.Text("label:N"))
    lines = pd.DataFrame({"x": [split], "y": [1.0]})
    vline = alt.Chart(lines).mark_rule(strokeDash=[4, 4], color="#888").encode(x=alt.X("x:Q"))
    hline = alt.Chart(lines).mark_rule(strokeDash=[4, 4], color="#888").encode(y=alt.Y("y:Q"))
    corners = pd.DataFrame({
        "x": [0, 0, split, split], "y": [3.15, 0.05, 3.15, 0.05],
        "text": [t(f"roadmap.quadrant.{q}", lang) for q in ("quick_win", "fill_in", "big_bet", "money_pit")],
        "align": ["left", "left", "left", "left"]})
    names = alt.Chart(corners).mark_text(align="left", dx=6, fontSize=12, fontStyle="italic", color="#6b7280").encode(
        x=alt.X("x:Q"), y=alt.Y("y:Q"), text=alt.Text("text:N"))
    return alt.layer(vline, hline, names, points, labels).properties(
        title=t("roadmap.chart.matrix", lang), height=440)


# -- goal -----------------------------------------------------------------------------------------------------
def goal_frame(targets: pd.DataFrame, base: float | None, lang: str) -> pd.DataFrame:
    """The goal's path: month, value, series ("target" from the baseline at month 0 through each milestone,
    "projected" where the scenarios give one), label."""
    rows = []
    if base is not None:
        rows.append({"month": 0, "value": base, "series": "target", "label": t("roadmap.goal.baseline", lang)})
    for r in targets.itertuples(index=False):
        if np.isfinite(r.target):
            rows.append({"month": r.month, "value": r.target, "series": "target", "label": r.name})
        if np.isfinite(r.projected):
            rows.append({"month": r.month, "value": r.projected, "series": "projected", "label": r.name})
    df = pd.DataFrame(rows, columns=["month", "value", "series", "label"])
    df["series_label"] = [t(f"roadmap.goal.series.{s}", lang) for s in df["series"]]
    return df


def goal_chart(targets: pd.DataFrame, base: float | None, lang: str, kpi: str) -> alt.LayerChart:
    """The targets of a goal on ``kpi`` as steps from the baseline, each milestone labelled; the projection
    beside them."""
    from workbench.customers.kpis import KPIS

    df = goal_frame(targets, base, lang)
    fmt = ".1%" if KPIS[kpi].kind == "percent" else ",.2f"
    x = alt.X("month:Q", title=t("roadmap.chart.month_axis", lang), axis=alt.Axis(tickMinStep=1))
    y = alt.Y("value:Q", title=t(f"segments.kpi.{kpi}", lang), scale=alt.Scale(zero=False),
              axis=alt.Axis(format=fmt))
    colour = alt.Color("series_label:N", title=None, legend=alt.Legend(orient="bottom"))
    line = alt.Chart(df).mark_line(point=alt.OverlayMarkDef(size=80, filled=True), interpolate="step-after",
                                   strokeWidth=3).encode(x=x, y=y, color=colour, detail=alt.Detail("series:N"))
    text = alt.Chart(df[df["series"] == "target"]).mark_text(dy=-12, fontSize=12).encode(
        x=x, y=y, text=alt.Text("label:N"))
    return alt.layer(line, text).properties(title=t("roadmap.chart.goal", lang), height=380)

