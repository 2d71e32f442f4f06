"""Altair chart of a journey map: the emotion curve across the stages, as is and to be, with pain points
marked and each stage's evidence strength shown as a coloured band.

Pure functions returning charts; the page renders them. Data columns are fixed so tests can assert on them.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from workbench.i18n import t
from workbench.journey.model import EMOTION_MAX, EMOTION_MIN, EVIDENCE_COLOURS, EVIDENCE_LEVELS, JourneyMap

__all__ = ["emotion_frame", "emotion_chart", "CURVE_COLOURS"]

CURVE_COLOURS = {"as_is": "#c0392b", "to_be": "#1f6fb2"}
_PLUS = "datum.value > 0 ? '+' + datum.value : datum.value"  # axis labels −2 −1 0 +1 +2
PAIN_COLOUR = "#212121"  # dark, so pain markers stand apart from both curves and every band


def emotion_frame(m: JourneyMap, lang: str) -> pd.DataFrame:
    """One row per stage and curve: position, stage_id, stage, curve (as_is/to_be), curve_label, emotion,
    evidence, evidence_label, pain_count, pains (the pain points joined, for the tooltip).

    Stages without a score on a curve keep a row with ``emotion`` NaN, so the curve shows a gap there.
    """
    rows = []
    for pos, s in enumerate(m.stages):
        pains = [it.text for it in s.items("pain_points")]
        for curve, value in (("as_is", s.emotion_as_is), ("to_be", s.emotion_to_be)):
            rows.append({
                "position": pos, "stage_id": s.stage_id, "stage": s.name, "curve": curve,
                "curve_label": t(f"journey.curve.{curve}", lang),
                "emotion": float("nan") if value is None else float(value),
                "evidence": s.evidence, "evidence_label": t(f"journey.evidence.{s.evidence}", lang),
                "pain_count": len(pains), "pains": " · ".join(pains),
            })
    columns = ["position", "stage_id", "stage", "curve", "curve_label", "emotion", "evidence",
               "evidence_label", "pain_count", "pains"]
    return pd.DataFrame(rows, columns=columns)


def emotion_chart(m: JourneyMap, lang: str, height: int = 300) -> alt.LayerChart:
    """Layers: evidence bands per stage, zero line, as-is and to-be curves with points, pain-point markers
    (a dark ▼ by the as-is point of every stage that has pain points, sized by how many)."""
    df = emotion_frame(m, lang)
    # Stage labels must be unique on the x axis; suffix duplicates invisibly with their position.
    df["x"] = [f"{pos + 1}. {name}" for pos, name in zip(df["position"], df["stage"])]
    order = list(dict.fromkeys(df["x"]))
    x = alt.X("x:N", sort=order, title=None, axis=alt.Axis(labelAngle=0, labelLimit=160))
    y_scale = alt.Scale(domain=[EMOTION_MIN, EMOTION_MAX], nice=False)
    y_title = t("journey.chart.emotion_axis", lang)

    bands_df = df[df["curve"] == "as_is"].assign(y0=EMOTION_MIN, y1=EMOTION_MAX)
    ev_labels = [t(f"journey.evidence.{e}", lang) for e in EVIDENCE_LEVELS]
    bands = alt.Chart(bands_df).mark_rect(opacity=0.13).encode(
        x=x,
        y=alt.Y("y0:Q", scale=y_scale, title=y_title, axis=alt.Axis(values=[-2, -1, 0, 1, 2], labelExpr=_PLUS)),
        y2="y1:Q",
        color=alt.Color("evidence_label:N", title=t("journey.chart.evidence", lang),
                        scale=alt.Scale(domain=ev_labels, range=[EVIDENCE_COLOURS[e] for e in EVIDENCE_LEVELS]),
                        legend=alt.Legend(orient="bottom", symbolOpacity=0.6)),
        tooltip=[alt.Tooltip("stage:N", title=t("journey.chart.stage", lang)),
                 alt.Tooltip("evidence_label:N", title=t("journey.chart.evidence", lang))],
    )
    zero = alt.Chart(pd.DataFrame({"zero": [0.0]})).mark_rule(color="#888", strokeDash=[2, 2]).encode(
        y=alt.Y("zero:Q", scale=y_scale)
    )
    curve_labels = [t("journey.curve.as_is", lang), t("journey.curve.to_be", lang)]
    curve_scale = alt.Scale(domain=curve_labels, range=list(CURVE_COLOURS.values()))
    curve_color = alt.Color("curve_label:N", title=t("journey.chart.curve", lang), scale=curve_scale,
                            legend=alt.Legend(orient="bottom"))
    dash = alt.StrokeDash("curve_label:N", scale=alt.Scale(domain=curve_labels, range=[[1, 0], [6, 4]]),
                          legend=None)
    tooltip = [alt.Tooltip("stage:N", title=t("journey.chart.stage", lang)),
               alt.Tooltip("curve_label:N", title=t("journey.chart.curve", lang)),
               alt.Tooltip("emotion:Q", title=y_title, format="+.1f")]
    curves_df = df.dropna(subset=["emotion"])
    lines = alt.Chart(df).mark_line(strokeWidth=3, interpolate="monotone").encode(
        x=x, y=alt.Y("emotion:Q", scale=y_scale), color=curve_color, strokeDash=dash, detail="curve:N",
    )
    points = alt.Chart(curves_df).mark_point(filled=True, size=90, opacity=1).encode(
        x=x, y=alt.Y("emotion:Q", scale=y_scale),
        color=alt.Color("curve_label:N", scale=curve_scale, legend=None), tooltip=tooltip,
    )
    pains_df = df[(df["curve"] == "as_is") & (df["pain_count"] > 0)].copy()
    # just below the as-is point (the zero line when the stage has no score); at the very bottom of the
    # scale there is no room below, so the marker sits just above the point instead
    base_y = pains_df["emotion"].fillna(0.0)
    pains_df["marker_y"] = (base_y - 0.4).where(base_y - 0.4 >= EMOTION_MIN, base_y + 0.4)
    pains = alt.Chart(pains_df).mark_point(shape="triangle-down", filled=True, color=PAIN_COLOUR,
                                           opacity=0.9).encode(
        x=x,
        y=alt.Y("marker_y:Q", scale=y_scale),
        size=alt.Size("pain_count:Q", scale=alt.Scale(range=[120, 400]), legend=None),
        tooltip=[alt.Tooltip("stage:N", title=t("journey.chart.stage", lang)),
                 alt.Tooltip("pain_count:Q", title=t("journey.chart.pain_count", lang)),
                 alt.Tooltip("pains:N", title=t("journey.lane.pain_points", lang))],
    )
    return alt.layer(bands, zero, lines, points, pains).resolve_scale(color="independent").properties(
        title=t("journey.chart.title", lang), height=height,
    )
