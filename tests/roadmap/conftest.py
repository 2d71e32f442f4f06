"""A small messy history for the roadmap's tests: most customers bought once, one lapsed long ago, two came
back on another day; enough for the segment snapshot and the KPI baseline."""

from __future__ import annotations

import pandas as pd
import pytest

# Last order 2026-10-31, so the KPI period is 2025-11-01 .. 2026-10-31. Active in it: A, B, C, E, F, G, H (7);
# bought on two different days: A (three days) and E (two days); B bought twice on one day; D lapsed in 2024.
ORDERS = pd.DataFrame({
    "order_id": [f"o{i}" for i in range(12)],
    "customer_id": ["A", "A", "A", "B", "B", "C", "D", "E", "E", "F", "G", "H"],
    "order_ts": pd.to_datetime(["2026-01-05", "2026-04-10", "2026-10-31", "2026-06-01 09:00", "2026-06-01 18:00",
                                "2026-03-03", "2024-02-02", "2025-12-01", "2026-09-09", "2026-07-07", "2026-08-08",
                                "2026-05-05"], format="ISO8601"),
    "amount": [40.0, 35.0, 50.0, 12.0, 18.0, 80.0, 25.0, 30.0, 30.0, 15.0, 22.0, 60.0],
})


@pytest.fixture
def data_ws(make_workspace):
    return make_workspace("plan", orders=ORDERS)


@pytest.fixture
def ws(make_workspace):
    """An empty workspace: initiatives only."""
    return make_workspace("empty")
