"""The plan as every view reads it: each initiative with its phase, end, scores, rank, target segment and the
insight that motivated it; budget and headcount per month, phase and quarter; and the warnings (dependency
cycles, early starts, a phase over budget or capacity, an initiative without owner or KPI, a segment that is
gone). Built in one pass from the workspace, fast enough to rebuild on every edit (a dozen initiatives in a few
milliseconds); the Excel report and the what-if scenarios read the same frames.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from workbench.core.store import Workspace
from workbench.i18n import t
from workbench.roadmap import capacity, config, store
from workbench.roadmap.dependencies import dependency_problems
from workbench.roadmap.model import ON_PLAN, clean_text, dimension_of
from workbench.roadmap.phases import month_label, month_offset, phase_of, phases_frame
from workbench.roadmap.priority import priority_table

__all__ = ["PLAN_COLUMNS", "WARNING_COLUMNS", "WARNING_KINDS", "Plan", "build_plan", "plan_frame", "plan_warnings",
           "source_label", "source_link", "target_label"]

#: Columns of :attr:`Plan.frame` (one row per initiative, oldest first).
PLAN_COLUMNS: tuple[str, ...] = (
    "initiative_id", "revision", "title", "description", "status", "on_plan", "strategy", "dimension", "owner",
    "budget", "headcount", "start_month", "duration_months", "end_month", "phase", "phase_name", "start_label",
    "end_label", "reach", "impact", "confidence", "effort", "scores", "rice", "weighted", "score", "rank",
    "segmentation", "segment", "target_segment", "target_label", "segment_exists", "source_kind", "source_ref",
    "source_label", "kpi", "kpi_baseline", "kpi_target", "effect_retention", "effect_frequency", "effect_aov",
    "depends_on", "warnings",
)
#: Columns of :attr:`Plan.warnings`: what (``kind``), the initiatives concerned (``ids``), the phase (or
#: <NA>) and the figures the message needs (``params``).
WARNING_COLUMNS: tuple[str, ...] = ("kind", "ids", "phase", "params")
WARNING_KINDS: tuple[str, ...] = (
    "cycle", "starts_before_dependency_ends", "unknown_dependency", "dependency_not_on_plan", "over_budget",
    "over_headcount", "not_scheduled", "ends_after_plan", "segment_gone", "no_owner", "no_kpi",
)


@dataclass(frozen=True, eq=False)
class Plan:
    """Everything the roadmap views show, at one version of the plan.

    ``frame``: ``PLAN_COLUMNS``; ``phases``: ``phases.PHASE_COLUMNS``; ``load``, ``by_phase``, ``by_quarter``:
    ``capacity.MONTH_COLUMNS`` / ``PERIOD_COLUMNS``; ``warnings``: ``WARNING_COLUMNS``; ``today``: the current
    month as a (fractional) plan month, or None when it is outside the plan.
    """

    frame: pd.DataFrame
    phases: pd.DataFrame
    config: config.Config
    load: pd.DataFrame
    by_phase: pd.DataFrame
    by_quarter: pd.DataFrame
    warnings: pd.DataFrame
    today: float | None

    @property
    def version(self) -> int:
        return self.config.version

    @property
    def on_plan(self) -> pd.DataFrame:
        """The initiatives on the plan (planned, in progress, done)."""
        return self.frame[self.frame["on_plan"]]


# -- labels and links -----------------------------------------------------------------------------------------
def target_label(segmentation: Any, segment: Any, written: Any, lang: str) -> str:
    """The target segment as the reader's language names it, else the label written when it was made."""
    segmentation, segment = clean_text(segmentation), clean_text(segment)
    if segmentation and segment:
        from workbench.segments import REGISTRY, segment_label, segmentation_label

        if segmentation in REGISTRY:
            return f"{segmentation_label(segmentation, lang)} · {segment_label(segmentation, segment, lang)}"
        return f"{segmentation} · {segment}"
    return clean_text(written)


def source_label(kind: Any, ref: Any, lang: str) -> str:
    """What motivated the initiative, in words: "Segment: RFM · At risk", "Journey “Coffee” · Purchase ·
    pain point", "Value gap: queue time", "Library: loyalty programme", or "Added on the roadmap"."""
    ref = ref if isinstance(ref, Mapping) else {}
    kind = clean_text(kind)
    if kind == "segment":
        return t("roadmap.source.segment", lang, segment=target_label(ref.get("segmentation"), ref.get("segment"),
                                                                      "", lang))
    if kind in ("journey_pain", "journey_opportunity"):
        return t(f"roadmap.source.{kind}", lang, map=clean_text(ref.get("map")) or f"#{ref.get('map_id')}",
                 stage=clean_text(ref.get("stage")) or clean_text(ref.get("stage_id")))
    if kind == "value_gap":
        return t("roadmap.source.value_gap", lang, attribute=clean_text(ref.get("attribute")) or "?")
    if kind == "library":
        from workbench.roadmap.library import LIBRARY

        item = LIBRARY.get(clean_text(ref.get("item")))
        group = t(f"roadmap.lib_group.{item.group}", lang) if item else "?"
        return t("roadmap.source.library", lang, group=group)
    return t("roadmap.source.none", lang)


def source_link(kind: Any, ref: Any) -> tuple[str, dict[str, str]] | None:
    """(page file, query parameters) of the view holding the insight, or None: a journey item opens its map,
    a segment the Segments page, a value gap the Value-gap page."""
    ref = ref if isinstance(ref, Mapping) else {}
    kind = clean_text(kind)
    if kind in ("journey_pain", "journey_opportunity") and ref.get("map_id") is not None:
        return "views/journey.py", {"map": str(ref["map_id"])}
    if kind == "segment":
        return "views/segments.py", {}
    if kind == "value_gap":
        return "views/value_gap.py", {}
    return None


# -- the frames -----------------------------------------------------------------------------------------------
def plan_frame(initiatives: pd.DataFrame, cfg: config.Config, lang: str, snapshot: Any = None) -> pd.DataFrame:
    """``PLAN_COLUMNS`` from ``initiatives`` (as ``list_initiatives`` gives them) and the plan's settings;
    ``snapshot`` (the segment snapshot) tells which target segments still have members (None: not checked,
    ``segment_exists`` stays <NA>). ``warnings`` is filled by :func:`build_plan`."""
    df = initiatives.copy()
    start = df["start_month"].astype("Int64")
    duration = df["duration_months"].astype("Int64")
    df["on_plan"] = df["status"].isin(ON_PLAN)
    df["dimension"] = [dimension_of(s) for s in df["strategy"]]
    df["end_month"] = (start + duration.fillna(0)).astype("Int64")
    df["phase"] = phase_of(start, cfg.phases).to_numpy()
    names = phases_frame(cfg.phases, lang)["name"].tolist()
    df["phase_name"] = [names[int(p)] if not pd.isna(p) else "" for p in df["phase"]]
    df["start_label"] = [month_label(cfg.start, s) if not pd.isna(s) else "" for s in start]
    df["end_label"] = [month_label(cfg.start, e - 1) if not pd.isna(e) and e > 0 else "" for e in df["end_month"]]
    df["scores"] = [s if isinstance(s, Mapping) else {} for s in df["scores"]]
    ranks = priority_table(df, cfg.method, cfg.criteria)
    for c in ("rice", "weighted", "score", "rank"):
        df[c] = ranks[c].to_numpy()
    df["target_label"] = [target_label(a, b, c, lang) for a, b, c in
                          zip(df["segmentation"], df["segment"], df["target_segment"])]
    df["segment_exists"] = [_segment_exists(snapshot, a, b) for a, b in zip(df["segmentation"], df["segment"])]
    df["source_label"] = [source_label(k, r, lang) for k, r in zip(df["source_kind"], df["source_ref"])]
    df["warnings"] = [[] for _ in range(len(df))]
    return df[list(PLAN_COLUMNS)].reset_index(drop=True)


def _segment_exists(snapshot: Any, segmentation: Any, segment: Any) -> Any:
    segmentation, segment = clean_text(segmentation), clean_text(segment)
    if snapshot is None or not segmentation or not segment:
        return pd.NA
    try:
        return bool(segment in snapshot.segments(segmentation) and snapshot.members(segmentation, segment).any())
    except Exception:  # an unknown segmentation (the registry changed): it does not exist
        return False


def _blank(value: Any) -> bool:
    return not clean_text(value)


def plan_warnings(frame: pd.DataFrame, by_phase: pd.DataFrame, horizon: int) -> pd.DataFrame:
    """The plan's warnings (``WARNING_COLUMNS``), most serious first: dependency problems (cycles; on the plan,
    starts before a dependency ends and a dependency not on the plan), phases over budget or
    headcount, initiatives on the plan without a start month, running past the plan's end, whose target
    segment is gone, without an owner or a KPI."""
    rows: list[dict[str, Any]] = []
    plan = frame[frame["on_plan"]]
    planned = set(plan["initiative_id"].astype(int))
    scheduled = frame[["initiative_id", "start_month", "duration_months", "depends_on"]].copy()
    scheduled["start_month"] = scheduled["start_month"].where(frame["on_plan"])  # the board's ideas run no time
    for kind, ids in dependency_problems(scheduled):
        rows.append({"kind": kind, "ids": tuple(ids), "phase": pd.NA, "params": {}})
    by_id = frame.set_index("initiative_id")
    for i, deps in zip(plan["initiative_id"], plan["depends_on"]):
        for d in deps:
            if d not in planned and d in by_id.index:
                rows.append({"kind": "dependency_not_on_plan", "ids": (int(i), int(d)), "phase": pd.NA,
                             "params": {"status": by_id.at[d, "status"]}})
    for r in by_phase.itertuples(index=False):
        if r.budget_over:
            rows.append({"kind": "over_budget", "ids": (), "phase": int(r.period),
                         "params": {"budget": r.budget, "capacity": r.budget_capacity}})
        if r.headcount_over:
            rows.append({"kind": "over_headcount", "ids": (), "phase": int(r.period),
                         "params": {"peak": r.headcount_peak, "capacity": r.headcount_capacity}})
    for r in plan.itertuples(index=False):
        if pd.isna(r.start_month):
            rows.append({"kind": "not_scheduled", "ids": (int(r.initiative_id),), "phase": pd.NA, "params": {}})
        elif int(r.end_month) > horizon:
            rows.append({"kind": "ends_after_plan", "ids": (int(r.initiative_id),), "phase": pd.NA,
                         "params": {"end": int(r.end_month), "horizon": horizon}})
    for r in frame.itertuples(index=False):
        if r.segment_exists is False:
            rows.append({"kind": "segment_gone", "ids": (int(r.initiative_id),), "phase": pd.NA,
                         "params": {"segment": r.target_label}})
    for kind, column in (("no_owner", "owner"), ("no_kpi", "kpi")):
        for i, value in zip(plan["initiative_id"], plan[column]):
            if _blank(value):
                rows.append({"kind": kind, "ids": (int(i),), "phase": pd.NA, "params": {}})
    out = pd.DataFrame(rows, columns=list(WARNING_COLUMNS))
    out["phase"] = out["phase"].astype("Int64")
    return out


def build_plan(ws: Workspace, lang: str, *, today: _dt.date | None = None, check_segments: bool = True) -> Plan:
    """The plan of a workspace now: initiatives, settings and warnings, with ``today`` (default: the date
    today) placed on the plan's months. ``check_segments`` reads the segment snapshot to flag target segments
    that no longer exist."""
    cfg = config.load_config(ws)
    initiatives = store.read_initiatives(ws)
    snapshot = None
    if check_segments and initiatives["segmentation"].notna().any():
        from workbench import segments

        snapshot = segments.snapshot(ws)
    frame = plan_frame(initiatives, cfg, lang, snapshot)
    phases = phases_frame(cfg.phases, lang)
    load = capacity.monthly_load(frame[frame["on_plan"]], cfg.phases)
    per_phase = capacity.by_phase(load)
    warnings = plan_warnings(frame, per_phase, cfg.horizon)
    concerned: dict[int, list[str]] = {}
    for kind, ids in zip(warnings["kind"], warnings["ids"]):
        for i in ids[:1] if kind in ("starts_before_dependency_ends", "dependency_not_on_plan") else ids:
            concerned.setdefault(int(i), []).append(kind)
    frame["warnings"] = [concerned.get(int(i), []) for i in frame["initiative_id"]]
    now = month_offset(cfg.start, today or _dt.date.today())
    return Plan(frame=frame, phases=phases, config=cfg, load=load, by_phase=per_phase,
                by_quarter=capacity.by_quarter(load), warnings=warnings,
                today=now if 0 <= now <= max(cfg.horizon, int(load["month"].max()) + 1) else None)

