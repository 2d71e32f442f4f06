"""What the Roadmap page shows and how its editors map back to edits: the board table and its column specs,
the ranked lists, the detail form's fields, the settings tables, warnings in words, and the goal and
capacity tables. The page only draws what these return (column specs name ``st.column_config`` classes)
and passes edits back through :func:`board_changes` / :func:`detail_changes`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from workbench.core.formatting import (
    DASH,
    currency_symbol,
    fmt_count,
    fmt_money,
    fmt_money_short,
    fmt_number,
    fmt_percent,
)
from workbench.core.textsafe import md_escape
from workbench.customers.kpis import KPIS, format_kpi
from workbench.i18n import t
from workbench.roadmap.goal import CHANGE_MODES, GOAL_KPIS, milestone_name
from workbench.roadmap.library import GROUPS, LIBRARY, effects_text, library_frame
from workbench.roadmap.model import (
    CONFIDENCE_SCALE,
    DIMENSIONS,
    IMPACT_SCALE,
    STATUSES,
    STRATEGY_CHOICES,
    clean_text,
    is_blank,
)
from workbench.roadmap.plan import Plan, source_link
from workbench.roadmap.priority import CRITERION_KINDS, METHODS, criterion_name

__all__ = [
    "TABS", "labels", "warning_texts", "warning_notes", "initiative_warnings", "board_frame", "board_columns",
    "board_changes",
    "ranked_lists", "choices", "pick_options", "segment_choices", "detail_fields", "detail_changes",
    "detail_caption", "revision_of", "link_of", "phase_rows", "phase_columns", "criteria_rows", "criteria_columns",
    "milestone_rows", "milestone_columns", "milestones_from", "goal_fields", "plan_fields", "criteria_fields",
    "capacity_table", "targets_table", "goal_line", "goal_kpi_percent", "library_options", "library_preview",
    "summary_cards",
]

TABS: tuple[str, ...] = ("board", "plan", "capacity", "goal", "library", "settings")
_CRIT = "crit_"


def labels(kind: str, lang: str) -> dict[Any, str]:
    """Option labels of a picker: status, strategy ("" = none), dimension ("" = all), impact, confidence,
    method, criterion_kind, goal_kpi, goal_mode, library_group."""
    if kind == "status":
        return {s: t(f"roadmap.status.{s}", lang) for s in STATUSES}
    if kind == "strategy":
        return {"": t("roadmap.strategy.none", lang), **{s: t(f"roadmap.strategy.{s}", lang) for s in STRATEGY_CHOICES}}
    if kind == "dimension":
        return {"": t("roadmap.dimension.all", lang), **{d: t(f"roadmap.dimension.{d}", lang) for d in DIMENSIONS}}
    if kind == "impact":
        return {v: t("roadmap.impact.label", lang, value=f"{v:g}", name=t(f"roadmap.impact.{k}", lang))
                for v, k in IMPACT_SCALE.items()}
    if kind == "confidence":
        return {v: t("roadmap.confidence.label", lang, value=f"{100 * v:.0f}%", name=t(f"roadmap.confidence.{k}", lang))
                for v, k in CONFIDENCE_SCALE.items()}
    if kind == "method":
        return {m: t(f"roadmap.method.{m}", lang) for m in METHODS}
    if kind == "criterion_kind":
        return {k: t(f"roadmap.criterion_kind.{k}", lang) for k in CRITERION_KINDS}
    if kind == "goal_kpi":
        return {k: t(f"segments.kpi.{k}", lang) for k in GOAL_KPIS}
    if kind == "goal_mode":
        return {m: t(f"roadmap.goal_mode.{m}", lang) for m in CHANGE_MODES}
    if kind == "library_group":
        return {"": t("roadmap.lib_group.all", lang), **{g: t(f"roadmap.lib_group.{g}", lang) for g in GROUPS}}
    raise KeyError(kind)


# -- warnings -------------------------------------------------------------------------------------------------
def _title(frame: pd.DataFrame, initiative_id: int) -> str:
    found = frame.loc[frame["initiative_id"] == initiative_id, "title"]
    return md_escape(f"#{initiative_id} {found.iloc[0]}" if len(found) else f"#{initiative_id}", limit=70)


def _warning(plan: Plan, kind: str, ids: tuple[int, ...], phase: Any, params: Mapping[str, Any], lang: str,
             currency: str) -> str:
    frame = plan.frame
    if kind == "cycle":
        chain = " → ".join(_title(frame, i) for i in (*ids, ids[0]))
        return t("roadmap.warn.cycle", lang, chain=chain)
    if kind in ("starts_before_dependency_ends", "dependency_not_on_plan", "unknown_dependency"):
        a, b = ids
        row = frame.set_index("initiative_id")
        extra = {}
        if kind == "starts_before_dependency_ends":
            extra = {"start": row.at[a, "start_label"], "end": _month(plan, row.at[b, "end_month"])}
        if kind == "dependency_not_on_plan":
            extra = {"status": t(f"roadmap.status.{params.get('status')}", lang)}
        return t(f"roadmap.warn.{kind}", lang, title=_title(frame, a), dep=_title(frame, b), **extra)
    if kind in ("over_budget", "over_headcount"):
        name = md_escape(plan.phases.loc[int(phase), "name"], limit=40)
        if kind == "over_budget":
            return t("roadmap.warn.over_budget", lang, phase=name,
                     budget=fmt_money(params["budget"], lang, currency=currency),
                     capacity=fmt_money(params["capacity"], lang, currency=currency))
        return t("roadmap.warn.over_headcount", lang, phase=name, peak=_people(params["peak"]),
                 capacity=_people(params["capacity"]))
    extra = {"segment": md_escape(params.get("segment", ""), limit=60)} if kind == "segment_gone" else {}
    if kind == "ends_after_plan":
        extra = {"end": params["end"], "horizon": params["horizon"]}
    return t(f"roadmap.warn.{kind}", lang, title=_title(frame, ids[0]), **extra)


def _people(value: Any) -> str:
    """Headcount as people: whole numbers without decimals (11), halves with one (2.5)."""
    return fmt_number(value, 0 if np.isfinite(value) and float(value).is_integer() else 1)


def _month(plan: Plan, end_month: Any) -> str:
    from workbench.roadmap.phases import month_label

    return month_label(plan.config.start, int(end_month))


def warning_texts(plan: Plan, lang: str, currency: str) -> list[str]:
    """Every warning of the plan as a sentence (markdown, titles escaped), most serious first."""
    return [_warning(plan, k, tuple(i), p, params, lang, currency)
            for k, i, p, params in plan.warnings.itertuples(index=False)]


def warning_notes(plan: Plan, lang: str, currency: str) -> list[tuple[str, str]]:
    """``(kind, text)`` notes of the plan's warnings for ``ui.widgets.notes``, or one success note saying the
    plan has none."""
    texts = warning_texts(plan, lang, currency)
    return [("warning", x) for x in texts] or [("success", t("roadmap.no_warnings", lang))]


def initiative_warnings(plan: Plan, initiative_id: int, lang: str, currency: str) -> list[str]:
    """The warnings that concern one initiative."""
    return [_warning(plan, k, tuple(i), p, params, lang, currency)
            for k, i, p, params in plan.warnings.itertuples(index=False) if initiative_id in tuple(i)]


def summary_cards(plan: Plan, lang: str, currency: str) -> list[tuple[str, str, str | None]]:
    """``(label, value, help)`` cards above the tabs: initiatives on the plan / on the board, budget, peak
    headcount, warnings."""
    on = plan.on_plan
    peak = float(plan.load["headcount"].max()) if len(plan.load) else 0.0
    total = float(on["budget"].fillna(0).sum())
    return [
        (t("roadmap.card.on_plan", lang), fmt_count(len(on)), None),
        (t("roadmap.card.on_board", lang), fmt_count(len(plan.frame) - len(on)), None),
        (t("roadmap.card.budget", lang), fmt_money_short(total, lang, currency=currency),
         fmt_money(total, lang, currency=currency)),
        (t("roadmap.card.peak", lang), _people(peak), None),
        (t("roadmap.card.warnings", lang), fmt_count(len(plan.warnings)), None),
    ]


# -- board ----------------------------------------------------------------------------------------------------
_BOARD = ("initiative_id", "revision", "rank", "title", "status", "strategy", "owner", "start_month",
          "duration_months", "budget", "headcount")
_RICE = ("reach", "impact", "confidence", "effort")


def board_frame(plan: Plan) -> pd.DataFrame:
    """The editable table: id and revision (hidden), rank, title, status, strategy, owner, start month,
    duration, budget, headcount, then RICE's inputs or one ``crit_<key>`` column per weighted criterion, then
    score, phase, start (calendar month), source and the number of warnings (read only). Ranked."""
    f = plan.frame.sort_values(["rank", "initiative_id"], na_position="last", kind="stable")
    out = f[list(_BOARD)].copy()
    out["strategy"] = f["strategy"].fillna("")
    out["owner"] = f["owner"].fillna("")
    if plan.config.method == "rice":
        for c in _RICE:
            out[c] = f[c]
    else:
        for c in plan.config.criteria:
            out[_CRIT + c["key"]] = pd.array([s.get(c["key"]) for s in f["scores"]], dtype="Int64")
    out["score"] = f["score"]
    out["phase_name"] = f["phase_name"]
    out["start_label"] = f["start_label"]
    out["source_label"] = f["source_label"]
    out["warning_count"] = [f"⚠ {len(w)}" if w else "" for w in f["warnings"]]
    return out.reset_index(drop=True)


def board_columns(plan: Plan, lang: str, currency: str) -> dict[str, dict[str, Any] | None]:
    """Column specs of :func:`board_frame` (None: hidden): ``{"type": <st.column_config class>, ...kwargs}``."""
    T = lambda key, **p: t(key, lang, **p)
    status, strategy = labels("status", lang), labels("strategy", lang)
    horizon = plan.config.horizon
    specs: dict[str, dict[str, Any] | None] = {
        "initiative_id": None, "revision": None,
        "rank": {"type": "NumberColumn", "label": T("roadmap.col.rank"), "disabled": True, "width": "small"},
        "title": {"type": "TextColumn", "label": T("roadmap.field.title"), "required": True, "max_chars": 200,
                  "width": "large", "pinned": True},
        "status": {"type": "SelectboxColumn", "label": T("roadmap.field.status"), "options": list(STATUSES),
                   "format_func": status.get, "required": True, "default": "idea"},
        "strategy": {"type": "SelectboxColumn", "label": T("roadmap.field.strategy"), "options": list(strategy),
                     "format_func": strategy.get},
        "owner": {"type": "TextColumn", "label": T("roadmap.field.owner"), "max_chars": 200},
        "start_month": {"type": "NumberColumn", "label": T("roadmap.col.start_month"), "min_value": 0,
                        "max_value": horizon - 1, "step": 1, "help": T("roadmap.help.start_month")},
        "duration_months": {"type": "NumberColumn", "label": T("roadmap.col.duration"), "min_value": 0,
                            "max_value": 120, "step": 1},
        "budget": {"type": "NumberColumn", "label": T("roadmap.col.budget", symbol=currency_symbol(currency).strip()),
                   "min_value": 0, "step": 1000, "format": "localized"},
        "headcount": {"type": "NumberColumn", "label": T("roadmap.field.headcount"), "min_value": 0, "step": 0.5},
        "score": {"type": "NumberColumn", "label": T(f"roadmap.col.score_{plan.config.method}"), "disabled": True,
                  "format": "%.0f" if plan.config.method == "rice" else "%.2f"},
        "phase_name": {"type": "TextColumn", "label": T("roadmap.col.phase"), "disabled": True},
        "start_label": {"type": "TextColumn", "label": T("roadmap.col.start_label"), "disabled": True},
        "source_label": {"type": "TextColumn", "label": T("roadmap.col.source"), "disabled": True},
        "warning_count": {"type": "TextColumn", "label": T("roadmap.col.warnings"), "disabled": True,
                          "width": "small"},
    }
    if plan.config.method == "rice":
        impact, confidence = labels("impact", lang), labels("confidence", lang)
        specs.update({
            "reach": {"type": "NumberColumn", "label": T("roadmap.field.reach"), "min_value": 0, "step": 1,
                      "format": "localized", "help": T("roadmap.help.reach")},
            "impact": {"type": "SelectboxColumn", "label": T("roadmap.field.impact"), "options": list(impact),
                       "format_func": impact.get},
            "confidence": {"type": "SelectboxColumn", "label": T("roadmap.field.confidence"),
                           "options": list(confidence), "format_func": confidence.get},
            "effort": {"type": "NumberColumn", "label": T("roadmap.field.effort"), "min_value": 0.1, "step": 0.5,
                       "help": T("roadmap.help.effort")},
        })
    else:
        for c in plan.config.criteria:
            kind = t(f"roadmap.criterion_kind.{c['kind']}", lang)
            label = t("roadmap.criterion.label", lang, name=criterion_name(c, lang), kind=kind)
            specs[_CRIT + c["key"]] = {"type": "NumberColumn", "label": label,
                                       "min_value": 1, "max_value": 5, "step": 1,
                                       "help": T("roadmap.help.criterion", weight=f"{c['weight']:g}")}
    return specs


def _same(a: Any, b: Any) -> bool:
    if is_blank(a) and is_blank(b):
        return True
    if is_blank(a) or is_blank(b):
        return False
    try:
        return float(a) == float(b)
    except (TypeError, ValueError):
        return clean_text(a) == clean_text(b)


def _value(value: Any) -> Any:
    if is_blank(value):
        return None
    if isinstance(value, (np.integer, np.floating)):
        return value.item()
    return value


def board_changes(base: pd.DataFrame, edited: pd.DataFrame, plan: Plan) -> dict[str, Any]:
    """The edits between the table as built (``base``) and as returned by the editor: ``updates`` (id,
    revision it was built from, changed fields), ``creates`` (fields of added rows with a title or any value),
    ``deletes`` (id, revision) and ``titles`` (id → name, for messages) — the keyword arguments of
    ``initiatives.apply_changes``."""
    editable = [c for c in edited.columns if c in ("title", "status", "strategy", "owner", "start_month",
                                                   "duration_months", "budget", "headcount", *_RICE)
                or c.startswith(_CRIT)]
    scores = dict(zip(plan.frame["initiative_id"], plan.frame["scores"]))
    base_rows = {int(r["initiative_id"]): r for r in base.to_dict("records")}
    seen, updates, creates = set(), [], []
    for row in edited.to_dict("records"):
        if is_blank(row.get("initiative_id")):
            fields = {c: _value(row.get(c)) for c in editable if not c.startswith(_CRIT) and not is_blank(row.get(c))}
            crit = {c[len(_CRIT):]: _value(row[c]) for c in editable if c.startswith(_CRIT) and not is_blank(row[c])}
            if crit:
                fields["scores"] = crit
            if fields:
                fields.setdefault("title", "")
                creates.append(fields)
            continue
        iid = int(row["initiative_id"])
        seen.add(iid)
        old = base_rows.get(iid)
        if old is None:
            continue
        differ = [c for c in editable if not _same(row.get(c), old.get(c))]
        changes = {c: _value(row.get(c)) for c in differ if not c.startswith(_CRIT)}
        crit = {c[len(_CRIT):]: _value(row.get(c)) for c in differ if c.startswith(_CRIT)}
        if crit:
            merged = {**(scores.get(iid) or {}), **crit}
            changes["scores"] = {k: v for k, v in merged.items() if v is not None}
        if changes:
            updates.append((iid, int(old["revision"]), changes))
    deletes = [(iid, int(r["revision"])) for iid, r in base_rows.items() if iid not in seen]
    titles = {int(i): f"#{i} {x}" for i, x in zip(plan.frame["initiative_id"], plan.frame["title"])}
    return {"updates": updates, "creates": creates, "deletes": deletes, "titles": titles}


def ranked_lists(plan: Plan, lang: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The board side by side: initiatives on the plan, and ideas and parked ones, each ranked by the
    method's score: ``initiative_id`` (to hide), then rank, score, title, status and phase under their
    translated names."""
    f = plan.frame.sort_values(["rank", "initiative_id"], na_position="last", kind="stable")
    fmt = "{:,.0f}" if plan.config.method == "rice" else "{:.2f}"
    out = pd.DataFrame({
        "initiative_id": f["initiative_id"].to_numpy(),
        t("roadmap.col.rank", lang): [DASH if pd.isna(r) else str(int(r)) for r in f["rank"]],
        t(f"roadmap.col.score_{plan.config.method}", lang): [fmt.format(s) if np.isfinite(s) else DASH
                                                             for s in f["score"].astype(float)],
        t("roadmap.field.title", lang): f["title"].to_numpy(),
        t("roadmap.field.status", lang): [t(f"roadmap.status.{s}", lang) for s in f["status"]],
        t("roadmap.col.phase", lang): f["phase_name"].to_numpy(),
    })
    mask = f["on_plan"].to_numpy()
    return out[mask].reset_index(drop=True), out[~mask].reset_index(drop=True)


# -- detail ---------------------------------------------------------------------------------------------------
def pick_options(plan: Plan, lang: str) -> dict[int | None, str]:
    """The "open an initiative" picker: None ("choose one") first, then :func:`choices`."""
    return {None: t("roadmap.open_none", lang), **choices(plan, lang)}


def segment_choices(options: Sequence[tuple[str, str, str]], lang: str) -> dict[tuple[str, str] | None, str]:
    """A target-segment picker: None ("no target segment") first, then the snapshot's (segmentation, segment)
    options with their labels."""
    return {None: t("roadmap.segment.none", lang), **{(a, b): c for a, b, c in options}}


def choices(plan: Plan, lang: str) -> dict[int, str]:
    """Initiative pickers: id → "#id title · status"."""
    return {int(i): f"#{i} {x} · {t(f'roadmap.status.{s}', lang)}"
            for i, x, s in zip(plan.frame["initiative_id"], plan.frame["title"], plan.frame["status"])}


def _f(name: str, kind: str, label: str, value: Any, col: int, **extra: Any) -> dict[str, Any]:
    return {"name": name, "kind": kind, "label": label, "value": value, "col": col, **extra}


def _num(value: Any, scale: float = 1.0) -> float | None:
    return None if is_blank(value) else float(value) * scale


def detail_fields(plan: Plan, initiative_id: int, lang: str, currency: str,
                  segment_options: Sequence[tuple[str, str, str]]) -> list[dict[str, Any]]:
    """The detail form, one spec per widget: ``name``, ``kind`` (text, area, select, multi, number), ``label``,
    ``value``, ``col`` (-1: full width, else column 0–2) and, by kind, ``options`` and ``labels``, or ``lo``,
    ``hi``, ``step``, ``format``. ``segment_options`` are the snapshot's (segmentation, segment, label)."""
    T = lambda key, **p: t(key, lang, **p)
    row = plan.frame.set_index("initiative_id").loc[initiative_id]
    seg_labels = {("", ""): T("roadmap.segment.none")}
    seg_labels.update({(a, b): c for a, b, c in segment_options})
    current = (clean_text(row["segmentation"]), clean_text(row["segment"]))
    if current not in seg_labels:
        seg_labels[current] = row["target_label"] + " · " + T("roadmap.segment.gone")
    others = {k: v for k, v in choices(plan, lang).items() if k != initiative_id}
    status, strategy = labels("status", lang), labels("strategy", lang)
    impact = {None: T("roadmap.unset"), **labels("impact", lang)}
    confidence = {None: T("roadmap.unset"), **labels("confidence", lang)}
    impact_value = row["impact"] if row["impact"] in impact else None
    confidence_value = row["confidence"] if row["confidence"] in confidence else None
    money = currency_symbol(currency).strip()
    fields = [
        _f("title", "text", T("roadmap.field.title"), row["title"], -1, max=200),
        _f("description", "area", T("roadmap.field.description"), clean_text(row["description"]), -1, max=4000),
        _f("status", "select", T("roadmap.field.status"), row["status"], 0, options=list(status), labels=status),
        _f("strategy", "select", T("roadmap.field.strategy"), clean_text(row["strategy"]), 0,
           options=list(strategy), labels=strategy),
        _f("owner", "text", T("roadmap.field.owner"), clean_text(row["owner"]), 0, max=200),
        _f("segment", "select", T("roadmap.field.target_segment"), current, 0, options=list(seg_labels),
           labels=seg_labels),
        _f("start_month", "number", T("roadmap.col.start_month"), _num(row["start_month"]), 1, lo=0.0,
           hi=float(plan.config.horizon - 1), step=1.0, format="%.0f", help=T("roadmap.help.start_month")),
        _f("duration_months", "number", T("roadmap.col.duration"), _num(row["duration_months"]), 1, lo=0.0,
           hi=120.0, step=1.0, format="%.0f"),
        _f("budget", "number", T("roadmap.col.budget", symbol=money), _num(row["budget"]), 1, lo=0.0, hi=1e12,
           step=1000.0, format="%.0f"),
        _f("headcount", "number", T("roadmap.field.headcount"), _num(row["headcount"]), 1, lo=0.0, hi=10000.0,
           step=0.5, format="%.1f"),
        _f("depends_on", "multi", T("roadmap.field.depends_on"), [d for d in row["depends_on"] if d in others], 1,
           options=list(others), labels=others, placeholder=T("roadmap.no_dependency")),
        _f("kpi", "text", T("roadmap.field.kpi"), clean_text(row["kpi"]), 2, max=200),
        _f("kpi_baseline", "text", T("roadmap.field.kpi_baseline"), clean_text(row["kpi_baseline"]), 2, max=100),
        _f("kpi_target", "text", T("roadmap.field.kpi_target"), clean_text(row["kpi_target"]), 2, max=100),
        _f("effect_retention", "number", T("roadmap.field.effect_retention"), _num(row["effect_retention"]), 2,
           lo=-100.0, hi=100.0, step=0.5, format="%.1f"),
        _f("effect_frequency", "number", T("roadmap.col.effect_frequency"), _num(row["effect_frequency"], 100), 2,
           lo=-100.0, hi=1000.0, step=1.0, format="%.1f"),
        _f("effect_aov", "number", T("roadmap.col.effect_aov"), _num(row["effect_aov"], 100), 2, lo=-100.0,
           hi=1000.0, step=1.0, format="%.1f"),
        _f("reach", "number", T("roadmap.field.reach"), _num(row["reach"]), 0, lo=0.0, hi=1e12, step=100.0,
           format="%.0f", help=T("roadmap.help.reach")),
        _f("impact", "select", T("roadmap.field.impact"), impact_value, 0, options=list(impact), labels=impact),
        _f("confidence", "select", T("roadmap.field.confidence"), confidence_value, 0, options=list(confidence),
           labels=confidence),
        _f("effort", "number", T("roadmap.field.effort"), _num(row["effort"]), 0, lo=0.1, hi=10000.0, step=0.5,
           format="%.1f", help=T("roadmap.help.effort")),
    ]
    score_labels = {None: T("roadmap.unset"), **{s: str(s) for s in range(1, 6)}}
    for i, c in enumerate(plan.config.criteria):
        kind = t(f"roadmap.criterion_kind.{c['kind']}", lang)
        fields.append(_f(_CRIT + c["key"], "select", t("roadmap.criterion.label", lang, name=criterion_name(c, lang),
                                                          kind=kind),
                         row["scores"].get(c["key"]), 1 + i % 2, options=list(score_labels), labels=score_labels))
    return fields


def detail_changes(plan: Plan, initiative_id: int, values: Mapping[str, Any], lang: str) -> dict[str, Any]:
    """The fields the detail form changed (percent inputs back to fractions, the segment pair to its codes
    and label, criterion scores into ``scores``)."""
    row = plan.frame.set_index("initiative_id").loc[initiative_id]
    out: dict[str, Any] = {}
    for name, value in values.items():
        if name.startswith(_CRIT):
            continue
        if name == "segment":
            segmentation, segment = value or ("", "")
            if (segmentation, segment) != (clean_text(row["segmentation"]), clean_text(row["segment"])):
                out.update(segmentation=segmentation or None, segment=segment or None, target_segment=None)
            continue
        if name in ("effect_frequency", "effect_aov") and value is not None:
            value = round(float(value) / 100.0, 6)
        if name == "depends_on":
            if sorted(value or []) != sorted(row["depends_on"]):
                out[name] = sorted(value or [])
            continue
        if not _same(value, row[name]):
            out[name] = value
    scores = {c[len(_CRIT):]: v for c, v in values.items() if c.startswith(_CRIT) and v is not None}
    if scores != {k: v for k, v in row["scores"].items() if v is not None}:
        out["scores"] = scores
    return out


def revision_of(plan: Plan, initiative_id: int) -> int:
    """The revision of an initiative in this plan (what an edit of it is based on)."""
    return int(plan.frame.set_index("initiative_id").at[initiative_id, "revision"])


def detail_caption(plan: Plan, initiative_id: int, lang: str) -> str:
    """"Revision 3 · phase Mid term · 2027-05 → 2027-10 · from: Segment: RFM · At risk" (markdown-safe)."""
    row = plan.frame.set_index("initiative_id").loc[initiative_id]
    period = f"{row['start_label']} → {row['end_label']}" if row["start_label"] else t("roadmap.unscheduled", lang)
    return t("roadmap.detail.caption", lang, revision=int(row["revision"]), phase=md_escape(row["phase_name"] or DASH),
             period=period, source=md_escape(row["source_label"], limit=120),
             score=fmt_number(row["score"], 0 if plan.config.method == "rice" else 2))


def link_of(plan: Plan, initiative_id: int) -> tuple[str, dict[str, str]] | None:
    """(page, query parameters) of the insight behind an initiative, or None."""
    row = plan.frame.set_index("initiative_id").loc[initiative_id]
    return source_link(row["source_kind"], row["source_ref"])


# -- settings tables ------------------------------------------------------------------------------------------
def phase_rows(plan: Plan) -> pd.DataFrame:
    """The phases editor: key (hidden), name, end (month), budget and headcount capacity (blank: no limit)."""
    return pd.DataFrame({
        "key": [clean_text(p.get("key")) for p in plan.config.phases],
        "name": plan.phases["name"].tolist(),
        "end": plan.phases["end_month"].astype(int).tolist(),
        "budget": [p.get("budget") for p in plan.config.phases],
        "headcount": [p.get("headcount") for p in plan.config.phases],
    }).astype({"budget": "Float64", "headcount": "Float64"})


def phase_columns(lang: str, currency: str) -> dict[str, dict[str, Any] | None]:
    T = lambda key, **p: t(key, lang, **p)
    return {
        "key": None,
        "name": {"type": "TextColumn", "label": T("roadmap.col.phase"), "required": True, "max_chars": 40},
        "end": {"type": "NumberColumn", "label": T("roadmap.col.phase_end"), "min_value": 1, "max_value": 120,
                "step": 1, "required": True, "help": T("roadmap.help.phase_end")},
        "budget": {"type": "NumberColumn", "label": T("roadmap.col.budget_capacity",
                                                      symbol=currency_symbol(currency).strip()),
                   "min_value": 0, "step": 10000, "format": "localized"},
        "headcount": {"type": "NumberColumn", "label": T("roadmap.col.headcount_capacity"), "min_value": 0,
                      "step": 0.5},
    }


def criteria_rows(plan: Plan, lang: str) -> pd.DataFrame:
    """The criteria editor: key (hidden), name, kind (benefit / cost), weight."""
    return pd.DataFrame({
        "key": [c["key"] for c in plan.config.criteria],
        "name": [criterion_name(c, lang) for c in plan.config.criteria],
        "kind": [c["kind"] for c in plan.config.criteria],
        "weight": [float(c["weight"]) for c in plan.config.criteria],
    })


def criteria_columns(lang: str) -> dict[str, dict[str, Any] | None]:
    kinds = labels("criterion_kind", lang)
    return {
        "key": None,
        "name": {"type": "TextColumn", "label": t("roadmap.col.criterion", lang), "required": True, "max_chars": 60},
        "kind": {"type": "SelectboxColumn", "label": t("roadmap.col.criterion_kind", lang), "options": list(kinds),
                 "format_func": kinds.get, "required": True, "default": "benefit"},
        "weight": {"type": "NumberColumn", "label": t("roadmap.col.weight", lang), "min_value": 0, "max_value": 100,
                   "step": 0.5, "required": True, "default": 1.0},
    }


def milestone_rows(goal: Mapping[str, Any], lang: str) -> pd.DataFrame:
    """The milestones editor: key (hidden), name, dimension ("" = all), month, share (percent)."""
    ms = goal["milestones"]
    return pd.DataFrame({
        "key": [clean_text(m.get("key")) for m in ms],
        "name": [milestone_name(m, lang) for m in ms],
        "dimension": [clean_text(m.get("dimension")) for m in ms],
        "month": [int(m["month"]) for m in ms],
        "share": [round(100 * float(m["share"]), 2) for m in ms],
    })


def milestone_columns(lang: str, horizon: int) -> dict[str, dict[str, Any] | None]:
    dims = labels("dimension", lang)
    return {
        "key": None,
        "name": {"type": "TextColumn", "label": t("roadmap.col.milestone", lang), "required": True, "max_chars": 60},
        "dimension": {"type": "SelectboxColumn", "label": t("roadmap.col.dimension", lang), "options": list(dims),
                      "format_func": dims.get},
        "month": {"type": "NumberColumn", "label": t("roadmap.col.by_month", lang), "min_value": 1,
                  "max_value": horizon, "step": 1, "required": True},
        "share": {"type": "NumberColumn", "label": t("roadmap.col.share", lang), "min_value": 0, "max_value": 100,
                  "step": 1, "format": "%.1f%%", "required": True},
    }


def goal_fields(goal: Mapping[str, Any], lang: str, horizon: int) -> list[dict[str, Any]]:
    """The goal form: KPI, kind of change, change, and the milestones table."""
    kpis, modes = labels("goal_kpi", lang), labels("goal_mode", lang)
    return [
        _f("kpi", "select", t("roadmap.goal.kpi", lang), goal["kpi"], 0, options=list(kpis), labels=kpis),
        _f("mode", "select", t("roadmap.goal.mode", lang), goal["mode"], 1, options=list(modes), labels=modes),
        _f("change", "number", t("roadmap.goal.change", lang), float(goal["change"]), 2, lo=-1e9, hi=1e9, step=0.01,
           format="%.2f", help=t("roadmap.help.goal_change", lang)),
        _f("milestones", "table", t("roadmap.col.milestone", lang), milestone_rows(goal, lang), -1,
           columns=milestone_columns(lang, horizon), dynamic=True),
    ]


def plan_fields(plan: Plan, lang: str, currency: str) -> list[dict[str, Any]]:
    """The plan form: its start month and the phases table (names, ends, capacity)."""
    return [
        _f("start", "date", t("roadmap.settings.start", lang), plan.config.start, 0,
           help=t("roadmap.help.start", lang)),
        _f("phases", "table", t("roadmap.col.phase", lang), phase_rows(plan), -1,
           columns=phase_columns(lang, currency), dynamic=True),
    ]


def criteria_fields(plan: Plan, lang: str) -> list[dict[str, Any]]:
    """The criteria form: the weighted criteria table."""
    return [_f("criteria", "table", t("roadmap.settings.criteria", lang), criteria_rows(plan, lang), -1,
               columns=criteria_columns(lang), dynamic=True)]


def milestones_from(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Milestone rows of the editor back to stored ones (shares from percent to fractions)."""
    rows = []
    for r in frame.to_dict("records"):
        share = r.get("share")
        rows.append({**r, "share": None if is_blank(share) else float(share) / 100.0})
    return rows


# -- capacity and goal tables ---------------------------------------------------------------------------------
def capacity_table(plan: Plan, lang: str, currency: str) -> pd.DataFrame:
    """Per phase, as shown: phase, months, budget, capacity, peak headcount, capacity, status (⚠ when over)."""
    bp = plan.by_phase.set_index("period")
    rows = []
    for p in plan.phases.itertuples(index=False):
        r = bp.loc[p.phase] if p.phase in bp.index else None
        over = r is not None and (r["budget_over"] or r["headcount_over"])
        rows.append({
            t("roadmap.col.phase", lang): p.name,
            t("roadmap.col.months", lang): f"{p.start_month}–{p.end_month}",
            t("roadmap.field.budget", lang): fmt_money(r["budget"] if r is not None else 0, lang, currency=currency),
            t("roadmap.col.budget_capacity_short", lang): fmt_money(p.budget_capacity, lang, currency=currency)
            if np.isfinite(p.budget_capacity) else t("roadmap.no_limit", lang),
            t("roadmap.col.peak", lang): _people(r["headcount_peak"] if r is not None else 0),
            t("roadmap.col.headcount_capacity", lang): _people(p.headcount_capacity)
            if np.isfinite(p.headcount_capacity) else t("roadmap.no_limit", lang),
            t("roadmap.col.state", lang): t("roadmap.state.over" if over else "roadmap.state.ok", lang),
        })
    return pd.DataFrame(rows)


def goal_kpi_percent(kpi: str) -> bool:
    """Whether a goal KPI reads as a percentage (rates and shares)."""
    return KPIS[kpi].kind == "percent"


def _kpi_text(kpi: str, value: Any, lang: str, currency: str) -> str:
    if value is None or not np.isfinite(value):
        return DASH
    return format_kpi(kpi, value, lang, currency=currency)


def goal_line(goal: Mapping[str, Any], base: float | None, target: float, lang: str, currency: str) -> str:
    """"Repurchase rate: 82.4% now → 90.6% (+10% relative)" or why there is no baseline."""
    name = t(f"segments.kpi.{goal['kpi']}", lang)
    if base is None:
        return t("roadmap.goal.no_baseline", lang, kpi=name)
    if goal["mode"] == "relative":
        change = t("roadmap.goal.change_relative", lang, change=f"{100 * goal['change']:+g}%")
    else:
        amount = fmt_percent(goal["change"]) if goal_kpi_percent(goal["kpi"]) else f"{goal['change']:+g}"
        change = t("roadmap.goal.change_absolute", lang, change=amount if amount.startswith("-") else "+" + amount)
    note = t("roadmap.goal.over_100", lang) if goal_kpi_percent(goal["kpi"]) and target > 1 else ""
    return t("roadmap.goal.line", lang, kpi=name, base=_kpi_text(goal["kpi"], base, lang, currency),
             target=_kpi_text(goal["kpi"], target, lang, currency), change=change) + note


def targets_table(targets: pd.DataFrame, plan: Plan, kpi: str, lang: str, currency: str) -> pd.DataFrame:
    """The milestones as shown: milestone, dimension, by month (calendar), share, target, serving
    initiatives (titles), landed by then, projected."""
    titles = dict(zip(plan.frame["initiative_id"], plan.frame["title"]))
    from workbench.roadmap.phases import month_label

    sep = "、" if lang == "zh" else "; "
    rows = []
    for r in targets.itertuples(index=False):
        rows.append({
            t("roadmap.col.milestone", lang): r.name,
            t("roadmap.col.dimension", lang): labels("dimension", lang)[r.dimension],
            t("roadmap.col.by_month", lang): f"{r.month} · {month_label(plan.config.start, r.month - 1)}",
            t("roadmap.col.share", lang): fmt_percent(r.share),
            t("roadmap.col.target", lang): _kpi_text(kpi, r.target, lang, currency),
            t("roadmap.col.serving", lang): sep.join(str(titles.get(i, i)) for i in r.initiative_ids) or DASH,
            t("roadmap.col.landed", lang): f"{r.landed}/{r.serving}",
            t("roadmap.col.projected", lang): _kpi_text(kpi, r.projected, lang, currency),
        })
    return pd.DataFrame(rows)


# -- library --------------------------------------------------------------------------------------------------
def library_options(lang: str, group: str = "") -> dict[str, str]:
    """Suggestion key → "group · title" for the picker, filtered by group ("" = all)."""
    df = library_frame(lang)
    if group:
        df = df[df["group"] == group]
    return {k: f"{g} · {x}" for k, g, x in zip(df["key"], df["group_label"], df["title"])}


def library_preview(key: str, lang: str) -> str:
    """The suggestion in a few lines of markdown: description, strategy and dimension, KPI, RICE inputs, the
    segment it is meant for, and the default effects marked as assumptions."""
    s = LIBRARY[key]
    row = library_frame(lang).set_index("key").loc[key]
    dim = t(f"roadmap.dimension.{row['dimension']}", lang) if row["dimension"] else DASH
    segment = DASH
    if s.segment:
        from workbench.segments import segment_label, segmentation_label

        segment = f"{segmentation_label(s.segment[0], lang)} · {segment_label(s.segment[0], s.segment[1], lang)}"
    return t("roadmap.lib.preview", lang, description=row["description"], strategy=row["strategy_label"],
             dimension=dim, kpi=row["kpi_label"], impact=f"{s.impact:g}", confidence=f"{100 * s.confidence:.0f}%",
             effort=f"{s.effort:g}", duration=s.duration_months, segment=segment,
             effects=effects_text(s.effect_retention, s.effect_frequency, s.effect_aov, lang))
