"""A small order history of the shape real clients have — most customers bought once, many lapsed, a refund,
two orders on one day — whose baseline is worked out by hand below; and a workspace holding it.

The data ends on 2026-10-31. "The last 12 months" are 2025-11-01 … 2026-10-31 (the 365 days ending then),
"the 12 before" 2024-11-01 … 2025-10-31.

    customer  purchases (amount)                               prev 12m  last 12m  new   purchase days last 12m
    A         2024-12-01 (30), 2026-03-01 (20)                 yes       yes       –     1   spend 20
    B         2025-02-10 (15)                                  yes       –         –     lapsed
    C         2025-06-01 (25)                                  yes       –         –     lapsed
    D         2024-01-15 (40)                                  –         –         –     lapsed
    E         2023-05-01 (10)                                  –         –         –     lapsed
    F         2026-05-05 (30)                                  –         yes       yes   1   spend 30
    G         2026-10-31 (40)                                  –         yes       yes   1   spend 40
    H         2025-09-01 (12 + 8, one day), 2026-01-10 (25)    yes       yes       –     1   spend 25
    I         2025-12-01 (10), 2026-02-01 (15)                 –         yes       yes   2   spend 25
    J         2025-10-20 (50), 2026-04-01 (40, refund −10)     yes       yes       –     1   spend 30

    members 10; active now 6 (A F G H I J); lapsed 4; retention cohort 5 (A B C H J), retained 3 (A H J): 60%;
    purchase days 7 → 7 / 6 / 12 per active customer per month; net spend 170 → order value 170 / 7;
    new customers 3 (F G I) → 0.25 a month; six of the ten bought on one day only.
"""

from __future__ import annotations

from types import SimpleNamespace

import pandas as pd
import pytest

from workbench import clv

ORDERS = pd.DataFrame({
    "order_id": [f"o{i}" for i in range(17)],
    "customer_id": ["A", "A", "B", "C", "D", "E", "F", "G", "H", "H", "H", "I", "I", "J", "J", "J", "J"],
    "order_ts": pd.to_datetime([
        "2024-12-01", "2026-03-01", "2025-02-10", "2025-06-01", "2024-01-15", "2023-05-01", "2026-05-05",
        "2026-10-31", "2025-09-01 09:00", "2025-09-01 17:00", "2026-01-10", "2025-12-01", "2026-02-01",
        "2025-10-20", "2026-04-01 10:00", "2026-04-01 12:00", "2026-04-01 12:00"], format="ISO8601"),
    "amount": [30.0, 20, 15, 25, 40, 10, 30, 40, 12, 8, 25, 10, 15, 50, 40, -10, 0.0],
})
# J's last row is a zero-amount order on the refund's day: still an order (amount >= 0), the same purchase day
HAND = {"members": 10, "customers": 6, "lapsed": 4, "cohort": 5, "retained": 3, "retention_annual": 0.6,
        "purchases_12m": 7, "revenue_12m": 170.0, "orders_per_month": 7 / 6 / 12, "aov": 170 / 7, "new_12m": 3,
        "new_per_month": 0.25}
MARGIN = 0.5


@pytest.fixture
def shop(make_workspace):
    """The history above in a workspace whose gross margin is 50%."""
    ws = make_workspace("shop", orders=ORDERS.drop(columns="order_id"))
    clv.save_settings(ws, {**clv.load_settings(ws), "margin": MARGIN})
    return ws


@pytest.fixture
def history():
    """The orders above and their hand-worked baseline (``ORDERS``, ``HAND``, ``MARGIN``)."""
    return SimpleNamespace(ORDERS=ORDERS.copy(), HAND=dict(HAND), MARGIN=MARGIN)
