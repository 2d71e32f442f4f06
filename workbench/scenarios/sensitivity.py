"""Which lever moves profit most, and how sure the answer is: the sensitivity tornado and the uncertainty draws.

* :func:`tornado` moves one lever of one segment at a time by a step (``model.TORNADO_STEPS``: ±5 points of
  retention, ±10% of frequency, order value and acquisition) on top of the scenario, and reads the
  discounted gross profit over the horizon ("3-year profit" at 36 months); bars sorted by swing.
* :func:`ranges` draws every effect's size from its range (``effects``: triangular, typed low / high or ±
  the spread of a confidence) ``DRAWS`` times at once and gives P10 / P50 / P90 of that profit, of the net
  (incremental profit − cost, both discounted) and the chance the net is at least 0 by the horizon: the
  chance the plan pays back. The seed is fixed, so the same scenario shows the same ranges on every rerun.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from workbench.scenarios.model import BASELINE_FIELDS, DRAWS, LEVERS, SEED, TORNADO_STEPS
from workbench.scenarios.projection import discount_factors, discounted_total
from workbench.scenarios.run import Result

__all__ = ["TORNADO_COLUMNS", "tornado", "ranges", "retention_lift"]

#: Columns of :func:`tornado`: the profit with the lever a step down (``low``) and up (``high``), the
#: scenario's own (``base``) and the swing |high − low|.
TORNADO_COLUMNS: tuple[str, ...] = ("segment", "lever", "step", "low", "high", "base", "swing")


def _inputs(result: Result) -> dict[str, np.ndarray]:
    return {c: result.used[c].to_numpy(dtype=float) for c in BASELINE_FIELDS}


def tornado(result: Result, steps: Mapping[str, float] = TORNADO_STEPS) -> pd.DataFrame:
    """``TORNADO_COLUMNS``, one row per segment and lever, largest swing first (ties in segment and lever
    order). Retention stays within 0–100% (a step past a bound is cut there)."""
    segments, months = result.segments, result.months
    cases = [(i, lever, sign) for i in range(len(segments)) for lever in LEVERS for sign in (-1.0, 1.0)]
    batch = {lever: np.broadcast_to(result.levers[lever], (len(cases), len(segments), months)).copy()
             for lever in LEVERS}
    for k, (i, lever, sign) in enumerate(cases):
        batch[lever][k, i, :] += sign * float(steps[lever])
    profits = discounted_total(_inputs(result), batch, months, result.rate)
    base = float(result.scen["discounted"].sum())
    rows = []
    for k in range(0, len(cases), 2):
        i, lever, _ = cases[k]
        low, high = float(profits[k]), float(profits[k + 1])
        rows.append({"segment": segments[i], "lever": lever, "step": float(steps[lever]), "low": low, "high": high,
                     "base": base, "swing": abs(high - low)})
    out = pd.DataFrame(rows, columns=list(TORNADO_COLUMNS))
    return out.sort_values("swing", ascending=False, kind="stable").reset_index(drop=True)


def ranges(result: Result, draws: int = DRAWS, seed: int = SEED) -> dict[str, Any]:
    """The scenario's ranges over ``draws`` draws: ``profit`` and ``net`` as ``{"p10", "p50", "p90"}``,
    ``chance_payback`` (share of draws whose net is ≥ 0; NaN without a cost), ``uncertain`` (how many effects
    have a range), ``net_draws`` (the draws of the net, for the histogram) and ``draws``."""
    levers = result.effects.draws(draws, seed)
    profits = discounted_total(_inputs(result), levers, result.months, result.rate)
    baseline = float(result.base["discounted"].sum())
    cost = float((result.cost * discount_factors(result.months, result.rate)).sum())
    net = profits - baseline - cost
    groups = result.effects.groups

    def quantiles(values: np.ndarray) -> dict[str, float]:
        p10, p50, p90 = np.percentile(values, [10, 50, 90])
        return {"p10": float(p10), "p50": float(p50), "p90": float(p90)}

    return {"profit": quantiles(profits), "net": quantiles(net), "draws": int(draws),
            "chance_payback": float(np.mean(net >= 0)) if cost > 0 else float("nan"),
            "uncertain": int(((groups["high"] - groups["low"]) > 1e-12).sum()) if len(groups) else 0,
            "net_draws": net}


def retention_lift(result: Result, points: float = 5.0) -> tuple[float, float]:
    """(profit of the scenario, profit with every segment's retention ``points`` higher on top): Reichheld &
    Sasser's claim ("Zero defections", HBR 1990: 5 points less defection, 25–95% more profit) tried on the
    user's own numbers, profit being the discounted gross profit over the horizon."""
    moved = {**result.levers, "retention_pp": result.levers["retention_pp"] + float(points)}
    lifted = float(discounted_total(_inputs(result), moved, result.months, result.rate))
    return float(result.scen["discounted"].sum()), lifted
