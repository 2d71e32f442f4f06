"""Priorities: RICE with Intercom's scales, or the user's own weighted criteria.

RICE (Sean McBride, "RICE: Simple prioritization for product managers", Intercom blog, 2016):
``reach × impact × confidence ÷ effort`` — reach in people per period (here customers per quarter), impact
3 massive / 2 high / 1 medium / 0.5 low / 0.25 minimal, confidence 100% / 80% / 50%, effort in
person-months (0.5 for anything under a month).

Weighted criteria: each criterion is a benefit (higher is better) or a cost (higher is worse), has a weight,
and is scored 1–5 per initiative. The score is the weighted mean on the same 1–5 scale, a cost's score
reversed (``6 − s``) so that a cheap, low-risk initiative scores high:
``Σ wᵢ·s'ᵢ ÷ Σ wᵢ`` over the criteria the initiative has been scored on.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from types import MappingProxyType
from typing import Any

import numpy as np
import pandas as pd

from workbench.core.errors import WorkbenchError
from workbench.i18n import t
from workbench.roadmap.model import LIMITS, clean_text

__all__ = ["METHODS", "CRITERION_KINDS", "DEFAULT_CRITERIA", "PRIORITY_COLUMNS", "rice", "weighted_score",
           "criterion_name", "validate_criteria", "priority_table"]

METHODS: tuple[str, ...] = ("rice", "weighted")
CRITERION_KINDS: tuple[str, ...] = ("benefit", "cost")

#: Criteria a workshop starts from (names ``roadmap.criterion.<key>`` unless renamed); weights editable.
DEFAULT_CRITERIA: tuple[Mapping[str, Any], ...] = tuple(MappingProxyType(c) for c in (
    {"key": "customer_value", "name": "", "kind": "benefit", "weight": 3.0},
    {"key": "revenue", "name": "", "kind": "benefit", "weight": 2.0},
    {"key": "strategic_fit", "name": "", "kind": "benefit", "weight": 2.0},
    {"key": "cost", "name": "", "kind": "cost", "weight": 2.0},
    {"key": "risk", "name": "", "kind": "cost", "weight": 1.0},
))

#: Columns of :func:`priority_table`.
PRIORITY_COLUMNS: tuple[str, ...] = ("initiative_id", "rice", "weighted", "score", "rank")


def rice(reach: Any, impact: Any, confidence: Any, effort: Any) -> Any:
    """RICE score ``reach × impact × confidence ÷ effort``.

    Scalars give a float, arrays or Series an array (NaN where an input is missing). Confidence is a share
    (0.8 = 80%). A negative input, or an effort that is not positive, raises ``roadmap.error.rice_input``.
    """
    parts = [np.asarray(pd.to_numeric(pd.Series(np.atleast_1d(np.asarray(v, dtype=object))), errors="coerce"),
                        dtype=float) for v in (reach, impact, confidence, effort)]
    r, i, c, e = np.broadcast_arrays(*parts)
    known = np.isfinite(r) & np.isfinite(i) & np.isfinite(c) & np.isfinite(e)
    if np.any(known & ((r < 0) | (i < 0) | (c < 0) | (c > 1) | (e <= 0))):
        raise WorkbenchError("roadmap.error.rice_input")
    with np.errstate(divide="ignore", invalid="ignore"):
        out = np.where(known, r * i * c / np.where(e > 0, e, 1.0), np.nan)
    if all(np.ndim(v) == 0 for v in (reach, impact, confidence, effort)):
        return float(out[0])
    return out


def criterion_name(criterion: Mapping[str, Any], lang: str) -> str:
    """The criterion's own name, or the translated name of a default criterion left unnamed."""
    return clean_text(criterion.get("name")) or t(f"roadmap.criterion.{criterion.get('key')}", lang)


def weighted_score(scores: Mapping[str, Any] | None, criteria: Sequence[Mapping[str, Any]]) -> float:
    """Weighted mean 1–5 of an initiative's ``scores`` ({criterion key: 1..5}); costs count as ``6 − s``.
    Criteria without a score (or weight 0) are left out; NaN when none is scored."""
    scores = scores or {}
    num = den = 0.0
    for c in criteria:
        s = scores.get(c["key"])
        w = float(c.get("weight") or 0.0)
        if s is None or w <= 0 or (isinstance(s, float) and np.isnan(s)):
            continue
        value = 6.0 - float(s) if c["kind"] == "cost" else float(s)
        num += w * value
        den += w
    return num / den if den else float("nan")


def validate_criteria(rows: Iterable[Mapping[str, Any]], lang: str) -> list[dict[str, Any]]:
    """Criteria as stored from editor rows (``key`` kept for existing ones, new ones get ``c1``, ``c2`` …):
    each named, a benefit or a cost, weight 0–100, at least one with a positive weight. A default criterion
    whose name is left as its translation keeps translating."""
    out: list[dict[str, Any]] = []
    rows = rows.to_dict("records") if isinstance(rows, pd.DataFrame) else list(rows)  # an editor's frame, or rows
    defaults = {c["key"] for c in DEFAULT_CRITERIA}
    used = {clean_text(r.get("key")) for r in rows}
    n = 0
    for row_number, row in enumerate(rows, start=1):
        key, name = clean_text(row.get("key")), clean_text(row.get("name"))
        if not key and not name:
            continue  # a row added and left empty
        default_name = t(f"roadmap.criterion.{key}", lang) if key in defaults else None
        if not name and default_name is None:
            raise WorkbenchError("roadmap.error.criterion_name", row=row_number)
        if name == default_name:
            name = ""  # still the default name: keep it translated
        while not key:
            n += 1
            key = "" if f"c{n}" in used else f"c{n}"
        used.add(key)
        kind = clean_text(row.get("kind")) or "benefit"
        if kind not in CRITERION_KINDS:
            raise WorkbenchError("roadmap.error.criterion_kind", row=row_number)
        try:
            weight = float(row.get("weight"))
        except (TypeError, ValueError):
            weight = float("nan")
        if not np.isfinite(weight) or not 0 <= weight <= 100:
            raise WorkbenchError("roadmap.error.criterion_weight", row=row_number)
        out.append({"key": key, "name": name, "kind": kind, "weight": weight})
    if not any(c["weight"] > 0 for c in out):
        raise WorkbenchError("roadmap.error.no_criteria")
    if len(out) > LIMITS["criteria"]:
        raise WorkbenchError("roadmap.error.too_many_criteria", max=LIMITS["criteria"])
    return out


def priority_table(initiatives: pd.DataFrame, method: str = "rice",
                   criteria: Sequence[Mapping[str, Any]] = DEFAULT_CRITERIA) -> pd.DataFrame:
    """Both scores and the ranking by ``method`` for initiatives with columns ``initiative_id, reach, impact,
    confidence, effort`` and ``scores`` (a dict per row): initiative_id, rice, weighted, score (the method's),
    rank (1 = first; ties share the better rank; <NA> for an initiative the method cannot score yet)."""
    missing = [c for c in ("initiative_id", "reach", "impact", "confidence", "effort", "scores")
               if c not in initiatives.columns]
    if missing:
        raise ValueError(f"priority_table needs columns {missing}")
    if method not in METHODS:
        raise WorkbenchError("roadmap.error.bad_method", value=str(method))
    df = initiatives
    effort = pd.to_numeric(df["effort"], errors="coerce").astype(float)
    rice_scores = rice(df["reach"].astype(float), df["impact"].astype(float), df["confidence"].astype(float),
                       effort.where(effort > 0)) if len(df) else np.array([], dtype=float)
    weighted = [weighted_score(s if isinstance(s, Mapping) else None, criteria) for s in df["scores"]]
    out = pd.DataFrame({"initiative_id": df["initiative_id"].to_numpy(), "rice": np.asarray(rice_scores, dtype=float),
                        "weighted": np.asarray(weighted, dtype=float)})
    out["score"] = out[method]
    out["rank"] = out["score"].rank(ascending=False, method="min").astype("Int64")
    return out[list(PRIORITY_COLUMNS)]
