"""A scenario run against the workspace's data: its baseline, what acts in it, the projection with and without
it, and what it earns against its cost — the one result the page, the report and the roadmap's goal view read.

Nothing a scenario holds can break a run: a segmentation that is gone is a translated error (the scenario
stays saved; the page offers another segmentation), segments without active customers or without the history
a retention needs are left out with a note (an override brings them back), levers for segments that no
longer exist and initiatives that cannot act are listed, and retention pushed past 0–100% by initiatives
adding up is held at the bound with a note.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import numpy as np
import pandas as pd

from workbench.core.errors import WorkbenchError
from workbench.i18n import t
from workbench.scenarios import effects as fx
from workbench.scenarios.baseline import Baseline, check_segmentation, load_baseline, segment_name
from workbench.scenarios.model import BASELINE_FIELDS, LEVEL_TOLERANCE
from workbench.scenarios.projection import check_baseline, check_discount, engine, frame, level_check, returns, totals
from workbench.scenarios.saved import Scenario, validate_spec

__all__ = ["Result", "run", "projectable", "workspace_discount_rate", "COMPARE_COLUMNS", "compare", "monthly_totals"]


def workspace_discount_rate(ws) -> float:
    """The workspace's annual discount rate (the CLV settings'): a scenario uses it unless it sets its own."""
    from workbench import clv

    return check_discount(clv.load_settings(ws)["discount_rate"])


@dataclass(frozen=True, eq=False)
class Result:
    """One scenario run: ``spec`` (its definition), ``name``, ``baseline`` (the segmentation's), ``used`` (the
    baseline rows projected, ``BASELINE_COLUMNS``), ``effects``, ``months``, ``rate``, the engine's arrays
    without levers (``base``) and with them (``scen``), ``levers`` (the point levers, lever → (segments,
    months)) and ``notes`` (``(catalog key, params)``: what was left out or held at a bound)."""

    name: str
    spec: Mapping[str, Any]
    baseline: Baseline
    used: pd.DataFrame
    effects: fx.Effects
    months: int
    rate: float
    base: Mapping[str, np.ndarray]
    scen: Mapping[str, np.ndarray]
    levers: Mapping[str, np.ndarray]
    notes: tuple[tuple[str, Mapping[str, Any]], ...]
    scenario_id: int | None = None

    @property
    def segments(self) -> list[str]:
        return list(self.used["segment"])

    @cached_property
    def base_frame(self) -> pd.DataFrame:
        """The baseline's projection (``PROJECTION_COLUMNS``)."""
        return frame(self.segments, self.used["customers"].to_numpy(dtype=float), self.base)

    @cached_property
    def frame(self) -> pd.DataFrame:
        """The scenario's projection (``PROJECTION_COLUMNS``)."""
        return frame(self.segments, self.used["customers"].to_numpy(dtype=float), self.scen)

    def totals(self, which: str = "scenario") -> pd.DataFrame:
        """``projection.TOTAL_COLUMNS`` of the scenario (or ``which="baseline"``)."""
        customers = dict(zip(self.used["segment"], self.used["customers"].astype(float)))
        return totals(self.frame if which == "scenario" else self.base_frame, customers)

    @cached_property
    def returns(self) -> dict[str, Any]:
        """:func:`projection.returns`: incremental discounted profit, discounted cost, net, ROI, payback month."""
        return returns(self.base["discounted"].sum(axis=0), self.scen["discounted"].sum(axis=0), self.effects.cost,
                       self.rate)

    @property
    def cost(self) -> np.ndarray:
        return self.effects.cost

    def simple_values(self) -> pd.DataFrame:
        """``segment, simple``: the baseline projection's discounted gross profit of the customers active in
        month 0 alone (no new ones), what the models' CLV of the same customers is set beside."""
        return pd.DataFrame({"segment": self.segments, "simple": self.base["cohort_discounted"].sum(axis=1)})


def projectable(computed: pd.DataFrame) -> tuple[pd.DataFrame, list[tuple[str, Mapping[str, Any]]]]:
    """The baseline rows that can be projected, and notes naming the others: no active customers (and nobody
    new: there is nothing to project) or no retention history (an override gives one)."""
    figures = computed[list(BASELINE_FIELDS)].apply(pd.to_numeric, errors="coerce")
    empty = (figures["customers"].fillna(0) <= 0) & (figures["new_per_month"].fillna(0) <= 0)
    incomplete = ~np.isfinite(figures.to_numpy(dtype=float)).all(axis=1) & ~empty.to_numpy()
    notes = []
    if empty.any():
        notes.append(("scenarios.note.no_active", {"segments": list(computed.loc[empty, "segment"])}))
    if incomplete.any():
        notes.append(("scenarios.note.no_history", {"segments": list(computed.loc[incomplete, "segment"])}))
    return computed[~empty.to_numpy() & ~incomplete].reset_index(drop=True), notes


def _shares(ws, segmentation: str, segments: Sequence[str], targets: Sequence[tuple[str, str]]):
    """Target overlaps of the plan's initiatives, memoised on the segment snapshot (a million customers:
    a few masks per target, computed once per data and segment version)."""
    from workbench import segments as seg

    snap = seg.snapshot(ws)
    key = ("scenarios.overlap", snap.key, segmentation, tuple(segments), tuple(sorted(set(targets))))
    return ws.memo(key, lambda: fx.overlap_shares(snap, segmentation, segments, sorted(set(targets))))


def run(ws, scenario: Scenario | Mapping[str, Any], lang: str = "en", plan: Any = None) -> Result:
    """Run a saved scenario (or a definition, ``saved.SPEC_DEFAULTS``' keys) on the workspace's data now.
    ``plan`` is the roadmap's plan when the caller has it (``roadmap.build_plan``), else it is built."""
    if isinstance(scenario, Scenario):
        spec, name, sid = dict(scenario.spec), scenario.name, scenario.scenario_id
    else:
        spec, name, sid = validate_spec(scenario), "", None
    segmentation = check_segmentation(spec["segmentation"])
    base = load_baseline(ws, segmentation)
    if base.computed.empty or base.as_of is None:
        raise WorkbenchError("scenarios.error.no_orders")
    used, notes = projectable(base.frame)
    if used.empty:  # say why, segment by segment, in the notes' words
        raise WorkbenchError("scenarios.error.nothing_to_project", why=("" if lang == "zh" else " ").join(
            t(key, lang, segments=("、" if lang == "zh" else ", ").join(
                segment_name(segmentation, s, lang) for s in params["segments"])) for key, params in notes))
    used = check_baseline(used)
    if (used["margin"] >= 1).any():  # no margin set: every "profit" shown is revenue
        notes.append(("scenarios.how.margin_100", {}))
    level = level_check(used)
    if abs(level["change"]) > LEVEL_TOLERANCE:  # the levels mislead; the scenario's difference less so
        notes.append(("scenarios.note.level", {"projected": level["first_12"], "last": level["last_12"],
                                               "change": level["change"]}))
    months = int(spec["months"])
    rate = check_discount(spec["discount_rate"]) if spec["discount_rate"] is not None else workspace_discount_rate(ws)
    segments = list(used["segment"])
    acting = fx.typed_effects(spec, segments, months, base.segments)
    if spec["roadmap"]:
        if plan is None:
            from workbench import roadmap

            plan = roadmap.build_plan(ws, lang)
        on_plan = plan.on_plan
        targets = [(str(a), str(b)) for a, b in zip(on_plan["segmentation"], on_plan["segment"])
                   if isinstance(a, str) and a and isinstance(b, str) and b]
        shares = _shares(ws, segmentation, segments, targets) if targets else {}
        acting = fx.combine(acting, fx.roadmap_effects(on_plan, plan.config.start, base.as_of, segments, months,
                                                       shares, spec["timing"], spec["weight_confidence"]))
        for reason in ("target_gone", "past"):
            ids = acting.initiatives.loc[acting.initiatives["reason"] == reason, "initiative_id"].tolist()
            if ids:
                notes.append((f"scenarios.note.initiative_{reason}", {"ids": ", ".join(f"#{i}" for i in ids)}))
        if acting.cost_outside > 0:
            notes.append(("scenarios.note.budget_outside", {"amount": acting.cost_outside}))
    notes.extend(acting.notes)
    levers = acting.point()
    retention = used["retention_annual"].to_numpy(dtype=float)[:, None] + levers["retention_pp"] / 100
    held = (retention > 1 + 1e-9) | (retention < -1e-9)
    if held.any():
        notes.append(("scenarios.note.retention_held", {"segments": [segments[i] for i in np.nonzero(held.any(1))[0]]}))
    inputs = {c: used[c].to_numpy(dtype=float) for c in BASELINE_FIELDS}
    return Result(name=name, spec=spec, baseline=base, used=used, effects=acting, months=months, rate=rate,
                  base=engine(inputs, {}, months, rate), scen=engine(inputs, levers, months, rate), levers=levers,
                  notes=tuple(notes), scenario_id=sid)


# -- the comparison -------------------------------------------------------------------------------------------
#: Columns of :func:`compare`: one row per scenario run.
COMPARE_COLUMNS: tuple[str, ...] = (
    "name", "segmentation", "months", "discount_rate", "baseline_revenue", "revenue", "baseline_gross_profit",
    "gross_profit", "baseline_discounted_gross_profit", "discounted_gross_profit", "incremental", "cost", "net",
    "roi", "payback_month", "baseline_active_end", "active_end", "baseline_clv_per_customer", "clv_per_customer",
)


def compare(results: Sequence[Result]) -> pd.DataFrame:
    """Scenarios side by side: each with its own baseline's totals and its own (the baseline depends on the
    segmentation's overrides, the horizon and the discount rate), incremental discounted profit, cost, net,
    ROI and payback month."""
    rows = []
    for r in results:
        base, scen = r.totals("baseline").iloc[-1], r.totals().iloc[-1]
        money = r.returns
        rows.append({
            "name": r.name, "segmentation": r.baseline.segmentation, "months": r.months, "discount_rate": r.rate,
            "baseline_revenue": base["revenue"], "revenue": scen["revenue"],
            "baseline_gross_profit": base["gross_profit"], "gross_profit": scen["gross_profit"],
            "baseline_discounted_gross_profit": base["discounted_gross_profit"],
            "discounted_gross_profit": scen["discounted_gross_profit"], "incremental": money["incremental"],
            "cost": money["cost"], "net": money["net"], "roi": money["roi"],
            "payback_month": money["payback_month"] if money["payback_month"] is not None else pd.NA,
            "baseline_active_end": base["active_end"], "active_end": scen["active_end"],
            "baseline_clv_per_customer": base["clv_per_customer"], "clv_per_customer": scen["clv_per_customer"],
        })
    out = pd.DataFrame(rows, columns=list(COMPARE_COLUMNS))
    out["payback_month"] = out["payback_month"].astype("Int64")
    return out


def monthly_totals(result: Result, which: str = "scenario") -> pd.DataFrame:
    """All segments together per month: ``month, active_customers, orders, revenue, gross_profit,
    discounted_gross_profit, cumulative_discounted_gross_profit, cost, cumulative_net`` (cost and net only for
    the scenario: 0 and the running incremental − cost)."""
    arrays = result.scen if which == "scenario" else result.base
    out = pd.DataFrame({"month": np.arange(1, result.months + 1),
                        "active_customers": arrays["active"].sum(axis=0), "orders": arrays["orders"].sum(axis=0),
                        "revenue": arrays["revenue"].sum(axis=0), "gross_profit": arrays["gross_profit"].sum(axis=0),
                        "discounted_gross_profit": arrays["discounted"].sum(axis=0)})
    out["cumulative_discounted_gross_profit"] = out["discounted_gross_profit"].cumsum()
    out["cost"] = result.cost if which == "scenario" else 0.0
    out["cumulative_net"] = result.returns["net_by_month"] if which == "scenario" else 0.0
    return out

