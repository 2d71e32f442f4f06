"""What a scenario is made of, as data: the baseline's columns, the levers and their ranges, the projection's
columns, the tornado's steps and the limits every input is checked against.

Units, once for every module of the area: retention is a share of a year's customers kept (0.62 = 62%) and
its lever is in percentage points (+5 = 62% → 67%); frequency, order value and acquisition levers are
relative changes as fractions (0.10 = +10%); money is in the workspace's currency; months are whole months
counted from the month after the data's last order (month 1 is the first projected month).
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

__all__ = ["MAX_MONTHS", "BASELINE_COLUMNS", "BASELINE_FIELDS", "BASELINE_LIMITS", "LEVERS", "COSTS",
           "LEVER_LIMITS", "COST_LIMIT", "PROJECTION_COLUMNS", "TORNADO_STEPS", "TIMINGS", "ALL", "DRAWS",
           "SEED", "NAME_MAX", "MIN_COHORT"]

#: The longest projection: three years of monthly steps.
MAX_MONTHS = 36

#: Columns of a baseline as :func:`workbench.scenarios.project` reads it (one row per segment).
BASELINE_COLUMNS: tuple[str, ...] = ("segment", "customers", "retention_annual", "orders_per_month", "aov", "margin",
                                     "new_per_month")
#: The figures of a baseline a user may override (everything but the segment's name).
BASELINE_FIELDS: tuple[str, ...] = BASELINE_COLUMNS[1:]
#: (lowest, highest) of each baseline figure; a margin may be negative (a segment that costs more to serve
#: than it brings, the pyramid's 负价值客户).
BASELINE_LIMITS: Mapping[str, tuple[float, float]] = MappingProxyType({
    "customers": (0.0, 1e10), "retention_annual": (0.0, 1.0), "orders_per_month": (0.0, 1e4), "aov": (0.0, 1e9),
    "margin": (-1.0, 1.0), "new_per_month": (0.0, 1e9),
})

#: The levers per segment, in page order: retention in percentage points, the others relative changes.
LEVERS: tuple[str, ...] = ("retention_pp", "frequency_pct", "aov_pct", "acquisition_pct")
#: A segment's programme cost: once, in month 1, and every month of the horizon.
COSTS: tuple[str, ...] = ("cost_once", "cost_monthly")
#: (lowest, highest) of each lever a scenario may hold (the page's sliders are narrower).
LEVER_LIMITS: Mapping[str, tuple[float, float]] = MappingProxyType({
    "retention_pp": (-100.0, 100.0), "frequency_pct": (-1.0, 10.0), "aov_pct": (-1.0, 10.0),
    "acquisition_pct": (-1.0, 10.0),
})
COST_LIMIT = 1e12

#: Columns of :func:`workbench.scenarios.project`, one row per segment and month: the issue's seven, then the
#: new customers of the month, the running total of discounted gross profit and the CLV per customer (the
#: discounted gross profit so far of the customers active in month 0, per such customer).
PROJECTION_COLUMNS: tuple[str, ...] = ("segment", "month", "active_customers", "orders", "revenue", "gross_profit",
                                       "discounted_gross_profit", "new_customers",
                                       "cumulative_discounted_gross_profit", "clv_per_customer")

#: The sensitivity tornado's step per lever: ±5 points of retention, ±10% of the others.
TORNADO_STEPS: Mapping[str, float] = MappingProxyType({"retention_pp": 5.0, "frequency_pct": 0.10, "aov_pct": 0.10,
                                                       "acquisition_pct": 0.10})

#: When a roadmap initiative's effect counts: in full from the month after it completes, or growing evenly
#: over its duration (full in its last month).
TIMINGS: tuple[str, ...] = ("complete", "ramp")

#: The pseudo-segmentation "all customers" (one segment, ``all``), beside the Segments page's frameworks.
ALL = "all"

#: Draws of the uncertainty simulation, and its fixed seed (the same scenario shows the same ranges).
DRAWS = 2000
SEED = 20_261

#: Longest scenario name.
NAME_MAX = 80
#: Fewer customers than this in a segment's retention cohort: the retention is shown with a caution.
MIN_COHORT = 30
