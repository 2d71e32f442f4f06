"""Everything the page, and a report section, show for one segment (or all respondents), computed at once.

:func:`analyse` reads the survey and the attribute rows, merges the room's metadata and typed rows into the
survey's aggregates and runs every view of the area. Each result is a DataFrame with the documented columns
of its module; ``notes`` say what could not be shown and why (tab, kind, catalog key, parameters), so bad
input in one view never hides the others.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from workbench.core.store import Workspace
from workbench.value_gap import store
from workbench.value_gap.by_segment import segment_differences, with_segments
from workbench.value_gap.competitors import benchmark, competitor_long, unrated
from workbench.value_gap.config import load_settings
from workbench.value_gap.gaps import gap_table
from workbench.value_gap.importance import derived_importance, stated_vs_derived
from workbench.value_gap.kano import kano_summary, kano_table
from workbench.value_gap.model import LAYER_MODELS, OVERALL_NAMES, canonical_layer
from workbench.value_gap.survey import aggregate, kano_answers, survey_scale, wide_performance
from workbench.value_gap.value import layer_gaps, perceived_value

__all__ = ["Analysis", "ALL", "analyse", "merged_attributes", "overall_attribute"]

ALL = "__all__"  # the segment value of "all respondents" in per-segment tables


@dataclass(frozen=True)
class Analysis:
    """One segment's value-gap views; see :func:`analyse`."""

    segment: str | None
    scale: tuple[float, float]
    respondents: int
    attributes: pd.DataFrame          # merged attribute rows (survey and typed), the editors' source
    gaps: pd.DataFrame                # gaps.GAP_COLUMNS
    per_segment: pd.DataFrame         # GAP_COLUMNS + segment, one row per attribute and segment (ALL too)
    differences: pd.DataFrame         # by_segment.DIFF_COLUMNS
    kano: pd.DataFrame                # kano.SUMMARY_COLUMNS + manual, label
    derived: dict                     # importance.derived_importance's dict, plus "source"
    compare: pd.DataFrame             # importance.COMPARE_COLUMNS + label
    competitors: pd.DataFrame         # competitors.LONG_COLUMNS
    benchmark: pd.DataFrame           # competitors.BENCHMARK_COLUMNS
    value: pd.DataFrame               # value.VALUE_COLUMNS
    layers: pd.DataFrame              # value.LAYER_COLUMNS
    settings: Mapping[str, Any]
    notes: dict[str, list[tuple[str, str, dict]]] = field(default_factory=dict)
    segments: tuple[str, ...] = ()

    def labels(self) -> dict[str, str]:
        return dict(zip(self.attributes["attribute"], self.attributes["label"]))


def _clean(value: Any) -> Any:
    """None for a missing cell (NaN, None, blank text), else the value."""
    if isinstance(value, str):
        return value if value.strip() else None
    return None if value is None or (isinstance(value, float) and np.isnan(value)) else value


def _norm(text: Any) -> str:
    return str(text).strip().lower().replace(" ", "").replace("_", "")


def overall_attribute(survey: pd.DataFrame, meta: pd.DataFrame) -> str | None:
    """The attribute marked as the overall measure, else a survey attribute named like one (总体满意度,
    overall satisfaction, …), else None."""
    marked = meta.loc[meta["is_overall"].fillna(False).astype(bool), "attribute"]
    if len(marked):
        return str(marked.iloc[0])
    names = {_norm(n) for n in OVERALL_NAMES}
    for attribute in survey["attribute"].drop_duplicates():
        if _norm(attribute) in names:
            return str(attribute)
    return None


def merged_attributes(agg: pd.DataFrame, meta: pd.DataFrame) -> pd.DataFrame:
    """Survey aggregates with the room's metadata, then the typed rows: ``attribute, label, origin, dimension,
    layer, importance, expectation, performance, competitor, gap…, competitors, kano_category, is_overall,
    revision, position``."""
    by_name = {r["attribute"]: {k: _clean(v) for k, v in r.items()} for r in meta.to_dict("records")}
    rows = []
    for rec in agg.to_dict("records"):
        a = rec["attribute"]
        stored = by_name.get(a, {})
        rows.append({**rec, "origin": "survey", "label": stored.get("display_name") or a,
                     "display_name": stored.get("display_name") or "",
                     "dimension": stored.get("dimension") or None,
                     "layer": stored.get("layer") or canonical_layer(rec.get("survey_layer")),
                     "competitors": stored.get("competitors") or {}, "kano_category": stored.get("kano_category"),
                     "is_overall": bool(stored.get("is_overall") or False),
                     "revision": int(stored.get("revision") or 0),
                     "position": int(stored.get("position") or 0)})
    typed = meta[(meta["origin"] == "typed") & ~meta["attribute"].isin(set(agg["attribute"]))]
    for rec in typed.to_dict("records"):
        rows.append({**rec, "label": rec.get("display_name") or rec["attribute"], "respondents": 0, "gap_n": 0,
                     "is_overall": bool(rec.get("is_overall") or False), "revision": int(rec["revision"])})
    df = pd.DataFrame(rows)
    if df.empty:
        df = pd.DataFrame(columns=["attribute", "label", "origin", "dimension", "layer", "importance",
                                   "expectation", "performance", "competitor", "gap_n", "competitors",
                                   "kano_category", "is_overall", "revision", "position", "display_name"])
    return df.reset_index(drop=True)


def _outcome(ws, survey, overall, source) -> tuple[pd.Series | None, str | None]:
    """The overall measure per respondent and where it came from (attribute, csat or nps)."""
    if source in ("auto", "attribute") and overall is not None:
        rows = survey[survey["attribute"] == overall]
        return pd.to_numeric(rows.set_index("respondent_id")["performance"], errors="coerce"), "attribute"
    if source == "attribute":
        return None, None
    scores = store.customer_scores(ws).set_index("customer_id")
    ids = survey.drop_duplicates("respondent_id").set_index("respondent_id")["customer_id"]
    for measure in (("csat", "nps") if source == "auto" else (source,)):
        values = pd.to_numeric(ids.map(scores[measure]) if len(scores) else ids.map(lambda _: np.nan),
                               errors="coerce")
        if values.notna().any():
            return values, measure
    return None, None


def analyse(ws: Workspace, segment: str | None = None, mapping: pd.DataFrame | None = None,
            settings: Mapping[str, Any] | None = None, *, mapping_key: Any = None) -> Analysis:
    """All views for ``segment`` (None = all respondents).

    ``mapping`` (``customer_id, segment``) replaces the survey's own segment column, e.g. a segmentation of
    the Segments page; respondents it cannot place are counted in the notes. ``settings`` defaults to the
    stored ones (:func:`~workbench.value_gap.config.load_settings`). The result is kept in the workspace's
    shared cache until the survey, an attribute row or a setting changes — the page and the report ask for
    it on every run — unless a ``mapping`` is given without ``mapping_key`` (its identity, e.g. the segment
    snapshot's key and the segmentation's name), which is then computed each time. Callers must not change
    the frames it returns.
    """
    cfg = dict(settings or load_settings(ws))
    if mapping is not None and mapping_key is None:
        return _analyse(ws, segment, mapping, cfg)
    rows = store.read_attributes(ws)  # edits to attribute rows are no setting: their content is in the key
    key = ("value_gap.analysis", *ws.cache_key("value_gap"), segment, mapping_key,
           json.dumps(cfg, sort_keys=True, default=str),
           json.dumps(rows.to_dict("records"), sort_keys=True, default=str))  # a few dozen rows
    return ws.memo(key, lambda: _analyse(ws, segment, mapping, cfg))


def _analyse(ws: Workspace, segment: str | None, mapping: pd.DataFrame | None, cfg: dict[str, Any]) -> Analysis:
    notes: dict[str, list[tuple[str, str, dict]]] = {}

    def note(tab: str, kind: str, key: str, **params: Any) -> None:
        notes.setdefault(tab, []).append((kind, key, params))

    survey, unplaced = with_segments(store.read_survey(ws), mapping)
    meta = store.read_attributes(ws)
    if survey.empty:
        note("gaps", "info", "value_gap.note.no_survey")
    if mapping is not None and unplaced:
        note("gaps", "caption", "value_gap.note.unplaced", n=unplaced)
    overall = overall_attribute(survey, meta)
    scale = survey_scale(survey)
    segs = tuple(sorted(str(s) for s in survey["segment"].dropna().unique()))
    subset = survey if segment is None else survey[survey["segment"] == segment]
    drivers = subset[subset["attribute"] != overall]
    attrs = merged_attributes(aggregate(drivers), meta[meta["attribute"] != overall])
    gaps = gap_table(attrs)

    # typed rows are the room's view: they count the same in every segment
    others = meta[meta["attribute"] != overall]
    per = [gap_table(merged_attributes(aggregate(survey[survey["attribute"] != overall]), others)).assign(segment=ALL)]
    for s in segs:
        part = survey[(survey["segment"] == s) & (survey["attribute"] != overall)]
        per.append(gap_table(merged_attributes(aggregate(part), others)).assign(segment=s))
    per_segment = pd.concat(per, ignore_index=True)
    labels = dict(zip(attrs["attribute"], attrs["label"]))
    differences = segment_differences(per_segment[per_segment["segment"] != ALL], labels)

    answers = kano_answers(drivers)
    manual = {a: c for a, c in zip(attrs["attribute"], attrs["kano_category"]) if isinstance(c, str) and c}
    kano = kano_table(kano_summary(answers, cfg["kano_band"]), manual)
    kano["label"] = kano["attribute"].map(lambda name: labels.get(name, name))
    if answers.empty:
        note("kano", "info", "value_gap.note.no_kano")

    outcome, source = _outcome(ws, subset, overall, cfg["overall"])
    wide = wide_performance(drivers)
    if outcome is None:
        derived = {"table": pd.DataFrame(columns=["attribute", "derived", "derived_share"]), "r2": np.nan,
                   "n_used": 0, "n_dropped": 0, "needed": 0, "left_out": [], "problem": None}
        note("derived", "info", "value_gap.note.no_overall")
    else:
        derived = derived_importance(wide, outcome, cfg["method"])
        if derived["left_out"]:
            note("derived", "warning", "value_gap.note.no_variation", attributes="、".join(derived["left_out"]))
        if derived["problem"] is not None:
            err = derived["problem"]
            note("derived", "warning", err.key, **err.params)
    derived["source"] = source
    stated = attrs[attrs["origin"] == "survey"].set_index("attribute")["importance"]
    compare = stated_vs_derived(stated, derived["table"])
    compare["label"] = compare["attribute"].map(labels)

    ratings: dict[str, dict[str, float]] = {}
    if survey["competitor"].notna().any():
        name = cfg["survey_competitor"] or "__survey__"
        ratings[name] = {a: v for a, v in zip(attrs["attribute"], attrs["competitor"]) if pd.notna(v)}
    for name in cfg["competitors"]:
        ratings[name] = {a: c.get(name) for a, c in zip(attrs["attribute"], attrs["competitors"])
                         if isinstance(c, dict) and c.get(name) is not None}
    for name in unrated(ratings, list(ratings)):
        note("competitors", "warning", "value_gap.note.competitor_unrated", name=name)
        ratings.pop(name)
    if not ratings:
        note("competitors", "info", "value_gap.note.no_competitors")

    with_dims = per_segment[per_segment["dimension"].notna()]
    value = perceived_value(with_dims, scale)
    if with_dims.empty:
        note("value", "info", "value_gap.note.no_dimensions")
    layers = layer_gaps(gaps, LAYER_MODELS[cfg["layer_model"]])
    return Analysis(segment=segment, scale=scale, respondents=int(subset["respondent_id"].nunique()),
                    attributes=attrs, gaps=gaps, per_segment=per_segment, differences=differences, kano=kano,
                    derived=derived, compare=compare, competitors=competitor_long(gaps, ratings, "__us__"),
                    benchmark=benchmark(gaps, ratings), value=value, layers=layers, settings=cfg, notes=notes,
                    segments=segs)
