"""A journey map as the client sees it: the projected HTML grid (every text escaped), the persona card,
the linked segment's figures, and the plain table the Excel report lays out.

The HTML holds no line break at all: user text is escaped and its line breaks become ``<br>``. HTML shown
through Markdown (``st.markdown(..., unsafe_allow_html=True)``) ends at a blank line, after which the rest
is read as Markdown — an image from any URL, fetched by every browser that shows the map, or a link."""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping
from typing import Any

import pandas as pd

from workbench.core.formatting import DASH, fmt_count, fmt_number, fmt_percent, is_finite
from workbench.core.textsafe import md_escape
from workbench.i18n import t
from workbench.journey.model import EVIDENCE_COLOURS, LANES, PERSONA_FIELDS, JourneyMap, Persona, Stage, visible_lanes

__all__ = ["report_frame", "render_html", "persona_html", "figure_rows", "figures_line"]


def report_frame(m: JourneyMap, lang: str) -> pd.DataFrame:
    """The map as a plain table for the Excel report: a ``lane`` column, then one column per stage (named
    after the stage, numbered when two share a name). Rows: evidence, emotion as is, emotion to be, then
    every visible lane with its items bulleted; opportunities carry "(status · owner)"."""
    names = [s.name for s in m.stages]
    columns = [n if names.count(n) == 1 else f"{i + 1}. {n}" for i, n in enumerate(names)]
    rows = [
        [t("journey.col.evidence", lang)] + [t(f"journey.evidence.{s.evidence}", lang) for s in m.stages],
        [t("journey.col.as_is", lang)] + [s.emotion_as_is for s in m.stages],
        [t("journey.col.to_be", lang)] + [s.emotion_to_be for s in m.stages],
    ]
    for lane in visible_lanes(m):
        cells = []
        for s in m.stages:
            lines = []
            for it in s.items(lane):
                extra = ""
                if lane == "opportunities":
                    extra = f" ({t('journey.status.' + it.status, lang)}{' · ' + it.owner if it.owner else ''})"
                lines.append(f"• {it.text}{extra}")
            cells.append("\n".join(lines))
        rows.append([t(f"journey.lane.{lane}", lang)] + cells)
    return pd.DataFrame(rows, columns=["lane"] + columns)


# -- read-only view ------------------------------------------------------------------------------------
def _text(value: object) -> str:
    """Text as HTML text: escaped, every kind of line break as ``<br>`` (see the module docstring)."""
    return "<br>".join(html.escape(line) for line in str(value).splitlines())


def _emotion_colour(value: float | None) -> str:
    """Red for −2 through white at 0 to green for +2 (cell background of the emotion row)."""
    if value is None:
        return "#ffffff"
    if value < 0:
        k = min(1.0, -value / 2)
        return f"rgb(255,{int(255 - 120 * k)},{int(255 - 120 * k)})"
    k = min(1.0, value / 2)
    return f"rgb({int(255 - 120 * k)},{int(255 - 50 * k)},{int(255 - 120 * k)})"


_LANE_TINT = {"pain_points": "#fdecea", "opportunities": "#e8f5e9"}


def render_html(m: JourneyMap, lang: str, initiative_ids: Iterable[str] = ()) -> str:
    """The map as an HTML table for projecting and for the report: stages across, lanes down.

    Every piece of user text is escaped (cell text is hostile input). Stage headers carry the evidence
    colour and label; opportunities show owner and status; items already turned into initiatives get ★.
    """
    e = _text
    linked = set(initiative_ids)
    head = "".join(
        f'<th style="border-top:6px solid {EVIDENCE_COLOURS[s.evidence]};padding:6px 8px;text-align:left;'
        f'background:#f6f7f9;min-width:140px">{e(s.name)}<br><span style="font-weight:400;font-size:0.8em;'
        f'color:{EVIDENCE_COLOURS[s.evidence]}">● {e(t("journey.evidence." + s.evidence, lang))}</span></th>'
        for s in m.stages
    )
    rows = []
    for lane in LANES + ("emotion",):
        if lane in m.hidden_lanes:
            continue
        cells = []
        for s in m.stages:
            if lane == "emotion":
                cells.append(_emotion_cell(s, lang))
                continue
            notes = []
            for it in s.items(lane):
                extra = ""
                if lane == "opportunities":
                    status = e(t("journey.status." + it.status, lang))
                    owner = f" · {e(it.owner)}" if it.owner else ""
                    extra = f'<br><span style="font-size:0.8em;color:#555">{status}{owner}</span>'
                star = " ★" if it.item_id in linked else ""
                notes.append(f'<li style="margin:0 0 4px 0">{e(it.text)}{star}{extra}</li>')
            body = f'<ul style="margin:0;padding-left:16px">{"".join(notes)}</ul>' if notes else ""
            cells.append(f'<td style="vertical-align:top;padding:6px 8px;border:1px solid #e3e5e8;'
                         f'background:{_LANE_TINT.get(lane, "#fff")}">{body}</td>')
        label = e(t(f"journey.lane.{lane}", lang))
        rows.append(f'<tr><th style="text-align:left;padding:6px 8px;background:#f6f7f9;border:1px solid '
                    f'#e3e5e8;white-space:nowrap">{label}</th>{"".join(cells)}</tr>')
    return (
        '<div style="overflow-x:auto"><table style="border-collapse:collapse;width:100%;font-size:0.92em">'
        f'<thead><tr><th></th>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table></div>'
    )


def _emotion_cell(s: Stage, lang: str) -> str:
    def fmt(v: float | None) -> str:
        if v is None:
            return "–"
        return "0" if v == 0 else f"{v:+.0f}" if float(v).is_integer() else f"{v:+.1f}"

    return (
        f'<td style="padding:6px 8px;border:1px solid #e3e5e8;background:{_emotion_colour(s.emotion_as_is)};'
        f'text-align:center"><b>{fmt(s.emotion_as_is)}</b> <span style="color:#555;font-size:0.85em">'
        f'→ {_text(t("journey.curve.to_be", lang))} {fmt(s.emotion_to_be)}</span></td>'
    )


def persona_html(p: Persona, lang: str) -> str:
    """The persona card (escaped), with the DISC type's communication guidance from the source."""
    e = _text
    rows = "".join(
        f'<div style="margin:2px 0"><b>{e(t(f"journey.persona.{k}", lang))}:</b> {e(getattr(p, k))}</div>'
        for k in PERSONA_FIELDS if k not in ("name", "disc") and getattr(p, k)
    )
    disc = ""
    if p.disc:
        disc = (f'<div style="margin-top:6px;padding:6px 8px;background:#eef4fb;border-radius:6px">'
                f'<b>DISC · {e(t(f"journey.disc.{p.disc.lower()}", lang))}</b><br>'
                f'{e(t(f"journey.disc.{p.disc.lower()}.guidance", lang))}</div>')
    title = e(p.name) or e(t("journey.persona.unnamed", lang))
    return (f'<div style="border:1px solid #e3e5e8;border-radius:8px;padding:10px 14px;margin-top:8px">'
            f'<div style="font-size:1.1em;font-weight:600">{title}</div>{rows}{disc}</div>')


def figure_rows(fig: Mapping[str, Any], lang: str) -> list[tuple[str, str]]:
    """(label, formatted value) for a segment's figures (``Snapshot.figures``); unknown values show as "–"."""
    return [
        (t("journey.figures.customers", lang), fmt_count(fig["customers"])),
        (t("journey.figures.revenue_share", lang), fmt_percent(fig["revenue_share"])),
        (t("journey.figures.repurchase", lang), fmt_percent(fig["repeat_share"])),
        (t("journey.figures.csat", lang), fmt_number(fig["csat"], 2) + " / 5" if is_finite(fig["csat"]) else DASH),
        (t("journey.figures.nps", lang), f"{fig['nps']:+.0f}" if is_finite(fig["nps"]) else DASH),
    ]


def figures_line(fig: Mapping[str, Any], segment_label: str | None, lang: str) -> str:
    """One line for the projected map: the linked segment (or "all customers") and its figures."""
    scope = segment_label or t("journey.figures.all_customers", lang)
    parts = [f"{label} {value}" for label, value in figure_rows(fig, lang)]
    return md_escape(scope, 120) + " · " + " · ".join(md_escape(p, 60) for p in parts)


