"""Altair charts of the value-gap views. Pure functions that return charts (the page renders them); each
chart's data has the columns of the frame it was drawn from plus translated labels, so tests can assert on
data and encodings. Labels are shortened and nudged apart where points crowd, so they stay readable on a
projector.
"""

from __future__ import annotations

from collections.abc import Sequence

import altair as alt
import numpy as np
import pandas as pd

from workbench.i18n import has_key, t

__all__ = ["STATUS_COLOURS", "QUADRANT_COLOURS", "KANO_COLOURS", "US_COLOUR", "gap_chart", "ipa_chart",
           "importance_chart", "competitor_chart", "kano_chart", "value_chart", "layer_chart", "short", "layer_label"]

STATUS_COLOURS = {"shortfall": "#c0392b", "on_par": "#9e9e9e", "surplus": "#1f6fb2", "incomplete": "#cfcfcf"}
QUADRANT_COLOURS = {"concentrate": "#c0392b", "keep_up": "#2e7d32", "low_priority": "#9e9e9e",
                    "overkill": "#f2a93b"}
KANO_COLOURS = {"A": "#2e7d32", "O": "#1f6fb2", "M": "#c0392b", "I": "#9e9e9e", "R": "#6a1b9a", "Q": "#795548"}
US_COLOUR = "#c0392b"
_FONT = 13


def layer_label(layer: object, lang: str) -> str:
    """A layer key's name in ``lang``; a client's own layer wording as it was typed."""
    key = f"value_gap.layer.{layer}"
    return t(key, lang) if has_key(key) else str(layer)


def short(text: object, limit: int = 10) -> str:
    """A label cut to ``limit`` characters (CJK characters are wide: they count double after half)."""
    s = str(text)
    width, out = 0.0, ""
    for ch in s:
        width += 2 if ord(ch) > 0x2E80 else 1
        if width > limit * 1.6:
            return out + "…"
        out += ch
    return out


def _nudge(df: pd.DataFrame, x: str, y: str, span_x: float, span_y: float) -> pd.Series:
    """Vertical label offsets (pixels): a label whose point sits close to an earlier one moves below it."""
    offsets, placed = [], []
    for xv, yv in zip(df[x], df[y]):
        near = sum(1 for px, py in placed if abs(px - xv) < span_x * 0.08 and abs(py - yv) < span_y * 0.05)
        offsets.append(-12 + 15 * near)
        placed.append((xv, yv))
    return pd.Series(offsets, index=df.index, dtype=float)


def _labels(df: pd.DataFrame, x, y) -> list[alt.Chart]:
    """Text labels right of their points, one layer per vertical offset (``dy`` from :func:`_nudge`)."""
    return [alt.Chart(part).mark_text(align="left", dx=8, dy=float(dy), fontSize=_FONT).encode(x=x, y=y, text="name:N")
            for dy, part in df.groupby("dy")]


def gap_chart(gaps: pd.DataFrame, lang: str, height: int = 380) -> alt.LayerChart:
    """Gap per attribute (performance − expectation) with its 95% interval, in priority order, coloured by
    status (shortfall red, surplus blue)."""
    df = gaps.dropna(subset=["gap"]).copy()
    df["name"] = df["label"].map(short)
    df["status_label"] = df["status"].map(lambda s: t(f"value_gap.status.{s}", lang))
    order = list(df["name"])
    y = alt.Y("name:N", sort=order, title=None, axis=alt.Axis(labelFontSize=_FONT, labelLimit=200))
    colour = alt.Color("status_label:N", title=t("value_gap.col.status", lang), scale=alt.Scale(
        domain=[t(f"value_gap.status.{s}", lang) for s in STATUS_COLOURS], range=list(STATUS_COLOURS.values())))
    bars = alt.Chart(df).mark_bar(height=16).encode(
        y=y, x=alt.X("gap:Q", title=t("value_gap.axis.gap", lang)), color=colour,
        tooltip=[alt.Tooltip("label:N", title=t("value_gap.col.attribute", lang)),
                 alt.Tooltip("gap:Q", format=".2f", title=t("value_gap.col.gap", lang)),
                 alt.Tooltip("priority:Q", format=".2f", title=t("value_gap.col.priority", lang))])
    ci = alt.Chart(df.dropna(subset=["gap_low"])).mark_rule(color="#212121").encode(y=y, x="gap_low:Q", x2="gap_high:Q")
    zero = alt.Chart(pd.DataFrame({"x": [0.0]})).mark_rule(color="#616161").encode(x="x:Q")
    return alt.layer(bars, ci, zero).properties(height=max(height, 28 * len(df)))


def ipa_chart(ipa: pd.DataFrame, perf_line: float, imp_line: float, scale: Sequence[float], lang: str,
              height: int = 480) -> alt.LayerChart:
    """Importance (up) against performance (across): points coloured by quadrant, labels, the cross-hairs,
    the iso-priority diagonal through them and the quadrant names in the corners. The axes are zoomed to the
    attributes and the cross-hairs (half a point around them, within the scale), so points do not crowd."""
    values = [*ipa["importance"], *ipa["performance"], perf_line, imp_line]
    finite = [v for v in values if pd.notna(v)]
    lo = max(float(scale[0]), np.floor(min(finite) * 2) / 2 - 0.5) if finite else float(scale[0])
    hi = min(float(scale[1]), np.ceil(max(finite) * 2) / 2 + 0.5) if finite else float(scale[1])
    df = ipa.copy()
    df["name"] = df["label"].map(short)
    df["quadrant_label"] = df["quadrant"].map(lambda q: t(f"value_gap.quadrant.{q}", lang))
    df = df.sort_values(["importance", "performance"], ascending=False)
    df["dy"] = _nudge(df, "performance", "importance", hi - lo, hi - lo)
    xs, ys = alt.Scale(domain=[lo, hi], nice=False), alt.Scale(domain=[lo, hi], nice=False)
    x = alt.X("performance:Q", scale=xs, title=t("value_gap.axis.performance", lang))
    y = alt.Y("importance:Q", scale=ys, title=t("value_gap.axis.importance", lang))
    colour = alt.Color("quadrant_label:N", title=t("value_gap.col.quadrant", lang), scale=alt.Scale(
        domain=[t(f"value_gap.quadrant.{q}", lang) for q in QUADRANT_COLOURS], range=list(QUADRANT_COLOURS.values())))
    points = alt.Chart(df).mark_circle(size=120, opacity=0.9).encode(
        x=x, y=y, color=colour, tooltip=[alt.Tooltip("label:N", title=t("value_gap.col.attribute", lang)),
                                         alt.Tooltip("importance:Q", format=".2f"),
                                         alt.Tooltip("performance:Q", format=".2f")])
    labels = _labels(df, x, y)
    lines = pd.DataFrame({"v": [perf_line], "h": [imp_line]})
    vline = alt.Chart(lines).mark_rule(strokeDash=[4, 4], color="#424242").encode(x=alt.X("v:Q", scale=xs))
    hline = alt.Chart(lines).mark_rule(strokeDash=[4, 4], color="#424242").encode(y=alt.Y("h:Q", scale=ys))
    d = imp_line - perf_line
    diag_df = pd.DataFrame({"performance": [max(lo, lo - d), min(hi, hi - d)],
                            "importance": [max(lo, lo - d) + d, min(hi, hi - d) + d]})
    diag = alt.Chart(diag_df).mark_line(color="#9e9e9e", strokeDash=[2, 3]).encode(x=x, y=y)
    pad = (hi - lo) * 0.02
    corners = pd.DataFrame([
        (lo + pad, hi - pad, "left", t("value_gap.quadrant.concentrate", lang)),
        (hi - pad, hi - pad, "right", t("value_gap.quadrant.keep_up", lang)),
        (lo + pad, lo + pad, "left", t("value_gap.quadrant.low_priority", lang)),
        (hi - pad, lo + pad, "right", t("value_gap.quadrant.overkill", lang))],
        columns=["performance", "importance", "align", "text"])
    names = [alt.Chart(corners[corners["align"] == a]).mark_text(align=a, baseline="middle", fontSize=14,
                                                                   fontWeight="bold", color="#757575", opacity=0.8)
             .encode(x=x, y=y, text="text:N") for a in ("left", "right")]
    return alt.layer(vline, hline, diag, *names, points, *labels).properties(height=height)


def importance_chart(compare: pd.DataFrame, lang: str, height: int = 420) -> alt.LayerChart:
    """Stated importance (across) against derived importance (up), attributes where they disagree marked."""
    df = compare.dropna(subset=["stated", "derived"]).copy()
    df["name"] = df["label"].map(short)
    df["agreement"] = df["disagree"].map(lambda d: t("value_gap.compare.disagree" if d else "value_gap.compare.agree",
                                                     lang))
    span_x = float(df["stated"].max() - df["stated"].min()) if len(df) else 1.0
    span_y = float(df["derived"].max() - df["derived"].min()) if len(df) else 1.0
    df = df.sort_values("derived", ascending=False)
    df["dy"] = _nudge(df, "stated", "derived", span_x or 1.0, span_y or 1.0)
    x = alt.X("stated:Q", scale=alt.Scale(zero=False), title=t("value_gap.axis.stated", lang))
    y = alt.Y("derived:Q", title=t("value_gap.axis.derived", lang))
    colour = alt.Color("agreement:N", title=None, scale=alt.Scale(
        domain=[t("value_gap.compare.agree", lang), t("value_gap.compare.disagree", lang)],
        range=["#1f6fb2", "#c0392b"]))
    points = alt.Chart(df).mark_circle(size=120).encode(x=x, y=y, color=colour, tooltip=["label:N", "stated:Q",
                                                                                          "derived:Q"])
    labels = _labels(df, x, y)
    return alt.layer(points, *labels).properties(height=height)


def competitor_chart(long: pd.DataFrame, us_label: str, lang: str, height: int = 380) -> alt.Chart:
    """Grouped bars: our performance and each competitor's rating per attribute (ours in red)."""
    df = long.copy()
    df["name"] = df["label"].map(short)
    df["who_label"] = np.where(df["is_us"], us_label, df["who"])
    others = [w for w in dict.fromkeys(df.loc[~df["is_us"], "who_label"])]
    palette = ["#1f6fb2", "#9e9e9e", "#f2a93b", "#2e7d32", "#6a1b9a", "#795548"]
    n = df["name"].nunique()
    return alt.Chart(df).mark_bar().encode(
        y=alt.Y("name:N", sort=list(dict.fromkeys(df["name"])), title=None,
                axis=alt.Axis(labelFontSize=_FONT, labelLimit=200)),
        yOffset=alt.YOffset("who_label:N", sort=[us_label, *others]),
        x=alt.X("rating:Q", title=t("value_gap.axis.rating", lang)),
        color=alt.Color("who_label:N", title=None, sort=[us_label, *others],
                        scale=alt.Scale(domain=[us_label, *others], range=[US_COLOUR, *palette[:len(others)]])),
        tooltip=["label:N", "who_label:N", alt.Tooltip("rating:Q", format=".2f")],
    ).properties(height=max(height, n * (12 * (len(others) + 1) + 10)))


def kano_chart(kano: pd.DataFrame, lang: str, height: int = 440) -> alt.LayerChart:
    """Better CS+ (across) against |worse CS−| (up), coloured by category, with the 0.5 lines that split the
    plane into attractive, one-dimensional, must-be and indifferent (Berger et al. 1993)."""
    df = kano.dropna(subset=["better", "worse"]).copy()
    df["abs_worse"] = df["worse"].abs()
    df["name"] = df["label"].map(short) if "label" in df.columns else df["attribute"].map(short)
    df["category_label"] = df["category"].map(lambda c: t(f"value_gap.kano.{str(c).lower()}", lang))
    df = df.sort_values(["abs_worse", "better"], ascending=False)
    df["dy"] = _nudge(df, "better", "abs_worse", 1.0, 1.0)
    sc = alt.Scale(domain=[0, 1], nice=False)
    x = alt.X("better:Q", scale=sc, title=t("value_gap.axis.better", lang))
    y = alt.Y("abs_worse:Q", scale=sc, title=t("value_gap.axis.worse", lang))
    colour = alt.Color("category_label:N", title=t("value_gap.col.category", lang), scale=alt.Scale(
        domain=[t(f"value_gap.kano.{str(c).lower()}", lang) for c in KANO_COLOURS], range=list(KANO_COLOURS.values())))
    points = alt.Chart(df).mark_circle(size=130).encode(x=x, y=y, color=colour,
                                                         tooltip=["label:N", alt.Tooltip("better:Q", format=".2f"),
                                                                  alt.Tooltip("worse:Q", format=".2f")])
    labels = _labels(df, x, y)
    half = pd.DataFrame({"v": [0.5]})
    rules = [alt.Chart(half).mark_rule(strokeDash=[4, 4], color="#616161").encode(x=alt.X("v:Q", scale=sc)),
             alt.Chart(half).mark_rule(strokeDash=[4, 4], color="#616161").encode(y=alt.Y("v:Q", scale=sc))]
    corners = pd.DataFrame([(0.02, 0.98, "left", "M"), (0.98, 0.98, "right", "O"), (0.98, 0.02, "right", "A"),
                            (0.02, 0.02, "left", "I")], columns=["better", "abs_worse", "align", "c"])
    corners["text"] = corners["c"].map(lambda c: t(f"value_gap.kano.{str(c).lower()}", lang))
    names = [alt.Chart(corners[corners["align"] == a]).mark_text(align=a, fontSize=14, fontWeight="bold",
                                                                   color="#757575").encode(x=x, y=y, text="text:N")
             for a in ("left", "right")]
    return alt.layer(*rules, *names, points, *labels).properties(height=height)


def value_chart(value: pd.DataFrame, lang: str, height: int = 320) -> alt.Chart:
    """Benefits, costs and perceived value (benefits − costs) per segment, side by side."""
    rows = []
    for rec in value.to_dict("records"):
        for measure in ("benefits", "costs", "perceived_value"):
            rows.append({"segment_label": rec.get("segment_label", rec["segment"]), "measure": measure,
                         "measure_label": t(f"value_gap.value.{measure}", lang), "score": rec[measure]})
    df = pd.DataFrame(rows, columns=["segment_label", "measure", "measure_label", "score"]).dropna(subset=["score"])
    order = [t(f"value_gap.value.{m}", lang) for m in ("benefits", "costs", "perceived_value")]
    return alt.Chart(df).mark_bar().encode(
        x=alt.X("segment_label:N", title=None, sort=list(dict.fromkeys(df["segment_label"])),
                axis=alt.Axis(labelAngle=0, labelFontSize=_FONT)),
        xOffset=alt.XOffset("measure_label:N", sort=order),
        y=alt.Y("score:Q", title=t("value_gap.axis.score", lang)),
        color=alt.Color("measure_label:N", title=None, sort=order,
                        scale=alt.Scale(domain=order, range=["#2e7d32", "#c0392b", "#1f6fb2"])),
        tooltip=["segment_label:N", "measure_label:N", alt.Tooltip("score:Q", format=".2f")],
    ).properties(height=height)


def layer_chart(layers: pd.DataFrame, lang: str, height: int = 260) -> alt.LayerChart:
    """Mean gap per value layer, with the layer's summed priority in the tooltip."""
    df = layers.copy()
    df["layer_label"] = df["layer"].map(lambda v: layer_label(v, lang))
    bars = alt.Chart(df).mark_bar(size=36).encode(
        x=alt.X("layer_label:N", sort=list(df["layer_label"]), title=None, axis=alt.Axis(labelAngle=0,
                                                                                         labelFontSize=_FONT)),
        y=alt.Y("gap:Q", title=t("value_gap.axis.gap", lang)),
        color=alt.condition("datum.gap < 0", alt.value(STATUS_COLOURS["shortfall"]),
                            alt.value(STATUS_COLOURS["surplus"])),
        tooltip=["layer_label:N", alt.Tooltip("gap:Q", format=".2f"), alt.Tooltip("priority:Q", format=".1f"),
                 "attributes:Q"])
    zero = alt.Chart(pd.DataFrame({"y": [0.0]})).mark_rule(color="#616161").encode(y="y:Q")
    return alt.layer(bars, zero).properties(height=height)
