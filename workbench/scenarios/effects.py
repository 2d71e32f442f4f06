"""What acts in a scenario, month by month: the levers typed per segment and the roadmap's initiatives, as lever
series of shape (segments, months), with the costs and the ranges the uncertainty draws from.

Every effect is a *group* with one uncertain size and a pattern per lever (its effect in each segment and
month when the size is 1): a typed lever is a group of its own (size = the value typed, its range typed or
set by the scenario's confidence); an initiative is one group for all its levers (size 1 ± its range: it
works or it does not, on retention, frequency and order value together). The scenario is the sum of the
groups at their typical sizes (:meth:`Effects.point`); the uncertainty draws the sizes (:meth:`Effects.draws`).

The roadmap (``roadmap.build_plan``'s frame) acts thus:

* an initiative works on its target segment; the scenario's segments may be another segmentation's (the plan
  targets "churn: high risk", the scenario is split by member tiers), so its effect on a scenario segment is
  scaled by the share of that segment's active customers who are in the target (population-weighted: exact for
  the first month's revenue, close after). No target: every segment, in full.
* effects count from the month after it completes (``complete``: plan month ``start + duration`` onwards) or
  grow evenly over its duration (``ramp``: 1/d in its first month … full in its last), optionally × its
  confidence; several initiatives add up (retention stays within 0–100%).
* its budget is the cost, spread evenly over its months (all in its start month when it lasts 0 months).
  Plan months before the projection starts are past (what they cost and did is in the data already); months
  after the horizon are outside it (counted apart, so the page can say so).
* plan month m is projection month ``m − m₁ + 1``, where m₁ is the plan month of the month after the data's
  last order (the demo's plan starts that very month: m₁ = 0).

A range from a confidence c is ±``spread(c)`` = ±min(1, 2 (1 − c)) of the effect: RICE's 100% certain, 80%
→ ±40%, 50% (low) → 0 … 2× the effect. Draws are triangular (low, typical, high).
"""

from __future__ import annotations

import datetime as _dt
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from workbench.scenarios.model import LEVERS

__all__ = ["GROUP_COLUMNS", "INITIATIVE_COLUMNS", "Effects", "spread", "ramp", "plan_months", "initiative_weight",
           "initiative_cost", "overlap_shares", "typed_effects", "roadmap_effects", "combine"]

#: Columns of :attr:`Effects.groups`: ``kind`` "lever" (typed: ``segment``, ``lever``) or "initiative"
#: (``initiative_id``), the typical size and the range drawn from.
GROUP_COLUMNS: tuple[str, ...] = ("kind", "segment", "lever", "initiative_id", "mode", "low", "high")
#: Columns of :attr:`Effects.initiatives`: each initiative of the plan and what it does in this scenario.
INITIATIVE_COLUMNS: tuple[str, ...] = ("initiative_id", "title", "target_label", "acts", "reason", "first_month",
                                       "full_month", "reach", "budget_counted", "budget_outside", "confidence",
                                       "low", "high")


def spread(confidence: float) -> float:
    """Half the width of a range, as a share of the effect: min(1, 2 (1 − confidence))."""
    c = float(confidence) if confidence is not None and math.isfinite(float(confidence)) else 0.5
    return min(1.0, max(0.0, 2.0 * (1.0 - c)))


def ramp(months: int, ramp_months: int) -> np.ndarray:
    """A typed lever's weight in months 1 … ``months``: t / k up to full at month k (1 throughout for k = 0)."""
    t = np.arange(1, int(months) + 1, dtype=float)
    return np.ones(int(months)) if ramp_months <= 0 else np.minimum(1.0, t / float(ramp_months))


def plan_months(as_of: _dt.date, start: _dt.date, months: int) -> np.ndarray:
    """The plan month of each projection month 1 … ``months`` (projection month 1 is the calendar month after
    the data's last order; plan month 0 the plan's start month)."""
    first = as_of.year * 12 + as_of.month - (start.year * 12 + start.month - 1)  # month after as_of, in plan months
    return first + np.arange(int(months))


def initiative_weight(p: np.ndarray, start: int, duration: int, timing: str) -> np.ndarray:
    """The share of an initiative's effect in force in each plan month ``p`` (see the module docstring)."""
    p = np.asarray(p, dtype=float)
    if timing == "ramp" and duration > 0:
        return np.clip((p - start + 1) / duration, 0.0, 1.0)
    return (p >= start + (duration if timing != "ramp" else 0)).astype(float)


def initiative_cost(p: np.ndarray, start: int, duration: int, budget: float) -> tuple[np.ndarray, float]:
    """(cost per projection month, the part of the budget falling after the horizon): the budget spread evenly
    over plan months start … start + duration − 1 (all at start for a 0-month initiative); months before the
    projection starts are past and not counted."""
    p = np.asarray(p)
    if not budget or not math.isfinite(budget):
        return np.zeros(len(p)), 0.0
    months = np.arange(start, start + max(duration, 1))
    per_month = budget / max(duration, 1)
    cost = np.array([per_month * np.count_nonzero(months == m) for m in p], dtype=float)
    after = per_month * np.count_nonzero(months > p[-1]) if len(p) else budget
    return cost, float(after)


def overlap_shares(snapshot: Any, segmentation: str, segments: Sequence[str],
                   targets: Sequence[tuple[str, str]]) -> dict[tuple[str, str], np.ndarray]:
    """For each target (segmentation, segment): the share of each scenario segment's active customers who are
    in it (an array over ``segments``; NaN for a target that no longer exists)."""
    from workbench.scenarios.baseline import labels_of

    active = snapshot.summary["purchase_days_12m"].to_numpy(dtype=float) > 0
    labels = labels_of(snapshot, segmentation)
    codes = np.asarray(labels.codes)
    index = [list(labels.categories).index(s) if s in labels.categories else -1 for s in segments]
    k = len(labels.categories)
    base = np.bincount(codes[active & (codes >= 0)], minlength=k)[:k].astype(float)
    out = {}
    for target in targets:
        try:
            members = snapshot.members(*target)
        except Exception:  # an unknown segmentation or segment (the registry or the rules changed)
            out[target] = np.full(len(segments), np.nan)
            continue
        hit = np.bincount(codes[active & members & (codes >= 0)], minlength=k)[:k].astype(float)
        with np.errstate(divide="ignore", invalid="ignore"):
            shares = np.where(base > 0, hit / np.where(base > 0, base, 1), 0.0)
        out[target] = np.array([shares[i] if i >= 0 else 0.0 for i in index]) if members.any() \
            else np.full(len(segments), np.nan)
    return out


@dataclass(frozen=True, eq=False)
class Effects:
    """Everything that acts in a scenario (see the module docstring): ``groups`` (``GROUP_COLUMNS``),
    ``patterns`` (lever → array (groups, segments, months)), ``cost`` per month (undiscounted), the plan's
    ``initiatives`` (``INITIATIVE_COLUMNS``; empty when the roadmap does not act), ``cost_outside`` (budget
    after the horizon) and ``notes`` (``(catalog key, params)`` for what did not apply)."""

    segments: tuple[str, ...]
    months: int
    groups: pd.DataFrame
    patterns: Mapping[str, np.ndarray]
    cost: np.ndarray
    initiatives: pd.DataFrame
    cost_outside: float = 0.0
    notes: tuple[tuple[str, Mapping[str, Any]], ...] = ()

    def point(self) -> dict[str, np.ndarray]:
        """The levers at every group's typical size: lever → (segments, months)."""
        modes = self.groups["mode"].to_numpy(dtype=float)
        return {lever: np.einsum("g,gst->st", modes, self.patterns[lever]) for lever in LEVERS}

    def draws(self, n: int, seed: int) -> dict[str, np.ndarray]:
        """``n`` draws of the levers (sizes triangular between each group's low, typical and high): lever →
        (n, segments, months). The same seed gives the same draws."""
        rng = np.random.default_rng(seed)
        low, mode, high = (self.groups[c].to_numpy(dtype=float) for c in ("low", "mode", "high"))
        sizes = np.empty((int(n), len(mode)))
        fixed = high - low <= 1e-12
        sizes[:, fixed] = mode[fixed]
        if (~fixed).any():
            drawn = ~fixed
            sizes[:, drawn] = rng.triangular(low[drawn], mode[drawn], high[drawn], size=(int(n), int(drawn.sum())))
        return {lever: np.einsum("dg,gst->dst", sizes, self.patterns[lever]) for lever in LEVERS}

    @property
    def acting(self) -> list[int]:
        """Ids of the initiatives that act in this scenario (an effect or a cost within the horizon)."""
        if self.initiatives.empty:
            return []
        return [int(i) for i in self.initiatives.loc[self.initiatives["acts"], "initiative_id"]]


def typed_effects(spec: Mapping[str, Any], segments: Sequence[str], months: int,
                  known: Sequence[str] | None = None) -> Effects:
    """The levers and costs typed per segment (``saved.SPEC_DEFAULTS``' ``levers``, ``ranges``, ``confidence``,
    ``ramp_months``) acting on the projected ``segments``. A segment the segmentation no longer has (not in
    ``known``, its segments now; default ``segments``) keeps its levers in the scenario but they do not act
    (a note says which); one that is there but not projected (no active customers, no history) is said so by
    the run."""
    segments = list(segments)
    weight = ramp(months, int(spec.get("ramp_months", 0)))
    levers, ranges = spec.get("levers") or {}, spec.get("ranges") or {}
    rows, patterns = [], {lever: [] for lever in LEVERS}
    cost = np.zeros(int(months))
    half = spread(spec.get("confidence", 0.8))
    named = list(dict.fromkeys([*levers, *ranges]))
    present = set(segments if known is None else known)
    gone = sorted(s for s in named if s not in present and levers.get(s))
    for segment in (s for s in named if s in segments):
        typed, typed_ranges, i = levers.get(segment, {}), ranges.get(segment, {}), segments.index(segment)
        cost[0] += float(typed.get("cost_once", 0.0))
        cost += float(typed.get("cost_monthly", 0.0))
        for lever in LEVERS:
            value = float(typed.get(lever, 0.0))
            if value == 0 and lever not in typed_ranges:
                continue
            low, high = typed_ranges.get(lever, (value - abs(value) * half, value + abs(value) * half))
            rows.append({"kind": "lever", "segment": segment, "lever": lever, "initiative_id": pd.NA, "mode": value,
                         "low": min(float(low), value), "high": max(float(high), value)})
            for name in LEVERS:
                pattern = np.zeros((len(segments), int(months)))
                if name == lever:
                    pattern[i] = weight
                patterns[name].append(pattern)
    notes = (("scenarios.note.lever_segment_gone", {"segments": ", ".join(gone)}),) if gone else ()
    return _effects(segments, months, rows, patterns, cost, notes=notes)


def _effects(segments: Sequence[str], months: int, rows: list, patterns: Mapping[str, list], cost: np.ndarray,
             initiatives: pd.DataFrame | None = None, cost_outside: float = 0.0, notes: tuple = ()) -> Effects:
    shape = (len(rows), len(segments), int(months))
    return Effects(
        segments=tuple(segments), months=int(months),
        groups=pd.DataFrame(rows, columns=list(GROUP_COLUMNS)).astype({"mode": float, "low": float, "high": float}),
        patterns={lever: np.array(patterns[lever]).reshape(shape) if rows else np.zeros(shape) for lever in LEVERS},
        cost=np.asarray(cost, dtype=float), cost_outside=float(cost_outside), notes=tuple(notes),
        initiatives=initiatives if initiatives is not None else pd.DataFrame(columns=list(INITIATIVE_COLUMNS)))


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _number(value: Any, default: float = 0.0) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return default
    return number if math.isfinite(number) else default


def roadmap_effects(plan_frame: pd.DataFrame, plan_start: _dt.date, as_of: _dt.date, segments: Sequence[str],
                    months: int, shares: Mapping[tuple[str, str], np.ndarray], timing: str = "complete",
                    weight_confidence: bool = False) -> Effects:
    """The plan's initiatives as effects on ``segments`` (see the module docstring). ``plan_frame`` holds the
    initiatives on the plan (``roadmap.PLAN_COLUMNS``: ``initiative_id, title, start_month, duration_months,
    budget, confidence, effect_retention, effect_frequency, effect_aov, segmentation, segment,
    target_label``); ``shares`` is :func:`overlap_shares` of their targets."""
    segments = list(segments)
    p = plan_months(as_of, plan_start, months)
    rows, patterns = [], {lever: [] for lever in LEVERS}
    cost, outside = np.zeros(int(months)), 0.0
    listed, notes = [], []
    if plan_frame.empty:
        notes.append(("scenarios.note.roadmap_empty", {}))
    for r in plan_frame.to_dict("records"):
        iid, title = int(r["initiative_id"]), _text(r.get("title"))
        entry = {"initiative_id": iid, "title": title, "target_label": _text(r.get("target_label")),
                 "acts": False, "reason": "", "first_month": pd.NA, "full_month": pd.NA, "reach": float("nan"),
                 "budget_counted": 0.0, "budget_outside": 0.0, "confidence": _number(r.get("confidence"), np.nan),
                 "low": np.nan, "high": np.nan}
        listed.append(entry)
        if pd.isna(r.get("start_month")):
            entry["reason"] = "not_scheduled"
            continue
        start, duration = int(r["start_month"]), int(_number(r.get("duration_months"), 0))
        if (start + duration <= p[0]) if duration > 0 else (start < p[0]):
            entry["reason"] = "past"
            continue
        spent, after = initiative_cost(p, start, duration, _number(r.get("budget")))
        cost += spent
        outside += after
        entry.update(budget_counted=float(spent.sum()), budget_outside=after)
        effects = {"retention_pp": _number(r.get("effect_retention")),
                   "frequency_pct": _number(r.get("effect_frequency")), "aov_pct": _number(r.get("effect_aov"))}
        target = (_text(r.get("segmentation")), _text(r.get("segment")))
        share = np.ones(len(segments)) if not all(target) else shares.get(target, np.full(len(segments), np.nan))
        if not np.all(np.isfinite(share)):
            entry.update(reason="target_gone", acts=bool(spent.sum() > 0))
            continue
        entry["reach"] = float(share.max()) if len(share) else 0.0
        weight = initiative_weight(p, start, duration, timing)
        if not any(effects.values()) or not share.any() or not weight.any():
            entry.update(reason="no_effect" if not any(effects.values()) else "no_reach" if not share.any()
                         else "after_horizon", acts=bool(spent.sum() > 0))
            continue
        confidence = _number(r.get("confidence"), np.nan)
        factor = confidence if weight_confidence and math.isfinite(confidence) else 1.0
        half = spread(confidence)
        entry.update(acts=True, first_month=int(np.argmax(weight > 0)) + 1,
                     full_month=int(np.argmax(weight >= 1)) + 1 if (weight >= 1).any() else pd.NA,
                     low=1 - half, high=1 + half)
        rows.append({"kind": "initiative", "segment": None, "lever": None, "initiative_id": iid, "mode": 1.0,
                     "low": 1 - half, "high": 1 + half})
        effects["acquisition_pct"] = 0.0
        for lever in LEVERS:
            patterns[lever].append(effects[lever] * factor * share[:, None] * weight[None, :])
    frame = pd.DataFrame(listed, columns=list(INITIATIVE_COLUMNS))
    return _effects(segments, months, rows, patterns, cost, frame, outside, tuple(notes))


def combine(first: Effects, second: Effects) -> Effects:
    """Two sets of effects on the same segments and months acting together (their groups side by side)."""
    frames = [g for g in (first.groups, second.groups) if len(g)]
    groups = pd.concat(frames, ignore_index=True) if frames else first.groups
    patterns = {lever: np.concatenate([first.patterns[lever], second.patterns[lever]]) for lever in LEVERS}
    initiatives = second.initiatives if len(second.initiatives) else first.initiatives
    return Effects(segments=first.segments, months=first.months, groups=groups, patterns=patterns,
                   cost=first.cost + second.cost, initiatives=initiatives,
                   cost_outside=first.cost_outside + second.cost_outside, notes=first.notes + second.notes)
