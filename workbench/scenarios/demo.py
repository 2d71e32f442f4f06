"""The demo workspace's scenarios: "Roadmap" (the plan's initiatives acting from completion, their budgets as
the cost) and "VIP retention +5" (five more points of retention among the key customers, 关键客户, for a
set-up cost and a monthly one), both split by the customer pyramid so they compare on one baseline; and the
coffee chain's gross margin (62%), so gross profit is not revenue.

Built by :func:`workbench.demo.build_demo` after the roadmap, through the same functions the page calls.
"""

from __future__ import annotations

from workbench.core.store import Workspace
from workbench.i18n import t

__all__ = ["DEMO_MARGIN", "DEMO_SEGMENTATION", "VIP_LEVERS", "seed_demo"]

#: The demo chain's gross margin (beverages and bakery after ingredients and packaging).
DEMO_MARGIN = 0.62
#: Both demo scenarios split customers by the pyramid: its key customers are the VIPs.
DEMO_SEGMENTATION = "pyramid"
#: "VIP retention +5": +5 points of annual retention among key customers; 50,000 to set up the programme and
#: 5,000 a month to run it (dedicated service, priority, a birthday treat).
VIP_LEVERS = {"key": {"retention_pp": 5.0, "cost_once": 50_000.0, "cost_monthly": 5_000.0}}


def seed_demo(ws: Workspace, lang: str = "zh") -> None:
    """Save the demo's two scenarios (names in ``lang``) and its gross margin. A demo without its data (a test
    that skips the sample files) has no key customers to act on: it gets neither, rather than half."""
    from workbench import clv, segments
    from workbench.scenarios.saved import create_scenario

    snap = segments.snapshot(ws)
    if snap.n_customers == 0 or "key" not in snap.segments(DEMO_SEGMENTATION) \
            or not snap.members(DEMO_SEGMENTATION, "key").any():
        return
    clv.save_settings(ws, {**clv.load_settings(ws), "margin": DEMO_MARGIN})
    create_scenario(ws, t("scenarios.demo.roadmap", lang), segmentation=DEMO_SEGMENTATION, roadmap=True)
    create_scenario(ws, t("scenarios.demo.vip", lang), segmentation=DEMO_SEGMENTATION, levers=VIP_LEVERS)
