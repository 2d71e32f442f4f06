"""The demo workspace's value-gap content: what the room would have added to the coffee chain's survey, so a
new user sees every tab working — dimensions and the overall measure marked, two named competitors (the
survey's own and one rated from mystery shopping), a hand-set Kano category and a typed workshop row."""

from __future__ import annotations

from workbench.core.store import Workspace
from workbench.value_gap import store
from workbench.value_gap.config import save_settings

__all__ = ["seed_demo"]

# attribute: (dimension, second competitor's rating, hand-set Kano category or None)
_SURVEY = {
    "咖啡口味": ("functional", 5.6, None), "价格": ("money_cost", 4.6, None), "出餐速度": ("time_cost", 4.9, None),
    "门店环境": ("emotional", 5.9, None), "小程序便捷": ("time_cost", 4.8, None),
    "会员权益": ("money_cost", 4.2, None), "员工服务": ("emotional", 5.7, "O"),
    "外卖包装": ("functional", 4.0, None), "品牌形象": ("social", 6.1, None), "新品创新": ("emotional", 5.0, None),
    "社群活动": ("social", 3.2, None), "可持续/环保": ("social", 4.4, None),
}
_NAMES = {"zh": ("街角咖啡", "云朵咖啡", "到店自提柜"), "en": ("Corner Coffee", "Cloud Café", "Pickup lockers")}


def seed_demo(ws: Workspace, lang: str) -> None:
    """Store the demo's attribute metadata, competitors and workshop row (once, into a new demo workspace)."""
    survey_name, other, typed = _NAMES.get(lang, _NAMES["en"])
    save_settings(ws, survey_competitor=survey_name, competitors=[other])
    present = set(store.read_survey(ws)["attribute"])
    rows = [{"attribute": a, "origin": "survey", "revision": 0, "dimension": dim, "kano_category": kano,
             "competitors": {other: rating}, "is_overall": False}
            for a, (dim, rating, kano) in _SURVEY.items() if a in present]
    if "总体满意度" in present:
        rows.append({"attribute": "总体满意度", "origin": "survey", "revision": 0, "is_overall": True})
    rows.append({"attribute": typed, "origin": "typed", "revision": 0, "position": 1, "dimension": "time_cost",
                 "layer": "value_added", "importance": 5.4, "expectation": 5.5, "performance": 3.8,
                 "kano_category": "A", "competitors": {other: 5.2}})
    store.save_rows(ws, rows)
