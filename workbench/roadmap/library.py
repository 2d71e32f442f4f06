"""The library of suggested initiatives, drawn from the source material: the nine strategies and the four
dimensions (product / service / emotion / brand), the treatments the customer tags and the churn warning
recommend, member tiers' benefits, community and referral programmes.

Each suggestion is data: its strategy, a typical KPI (a ``customers.kpis`` key), RICE inputs and the
default effect on its target segment (retention in percentage points, frequency and order value as
relative changes). Effects are assumptions for the room to challenge, never measurements: the page and the
initiative's description say so. Titles and descriptions are in the catalog (``roadmap.lib.<key>.title`` /
``.desc``), in zh and en.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

import pandas as pd

from workbench.core.errors import WorkbenchError
from workbench.core.store import Workspace
from workbench.i18n import t
from workbench.roadmap.initiatives import create_initiative
from workbench.roadmap.model import dimension_of

__all__ = ["GROUPS", "Suggestion", "LIBRARY", "LIBRARY_COLUMNS", "effects_text", "library_frame", "suggestion",
           "suggestion_fields", "add_from_library"]

#: Where suggestions come from, in the order the page lists them.
GROUPS: tuple[str, ...] = ("strategy", "dimension", "tags", "churn", "tier", "community", "referral")


@dataclass(frozen=True)
class Suggestion:
    """One suggested initiative. ``segment`` is the segment it is meant for, as (segmentation, segment), if
    any; ``impact`` / ``confidence`` / ``effort`` are RICE inputs (Intercom's scales, effort in
    person-months); effects are assumptions."""

    key: str
    group: str
    strategy: str
    kpi: str
    impact: float
    confidence: float
    effort: float
    duration_months: int
    headcount: float
    effect_retention: float = 0.0
    effect_frequency: float = 0.0
    effect_aov: float = 0.0
    segment: tuple[str, str] | None = None


_S = Suggestion
LIBRARY: Mapping[str, Suggestion] = MappingProxyType({s.key: s for s in (
    # the nine strategies (九大策略)
    _S("feedback_iteration", "strategy", "product_value", "csat", 1, 0.5, 4, 6, 3, 1.0, 0.02),
    _S("brand_story", "strategy", "brand_value", "nps", 0.5, 0.5, 3, 6, 2, 0.5, 0.01),
    _S("surprise_delight", "strategy", "emotional_value", "nps", 1, 0.8, 1, 3, 1, 1.0, 0.02),
    _S("customer_360", "strategy", "crm", "retention_rate", 2, 0.5, 8, 9, 4, 1.5, 0.03),
    _S("tiered_membership", "strategy", "loyalty", "repurchase_rate", 2, 0.8, 6, 6, 3, 2.0, 0.05, 0.02),
    _S("service_promise", "strategy", "service_excellence", "csat", 1, 0.8, 2, 3, 2, 1.0),
    _S("value_pricing", "strategy", "pricing", "aov", 1, 0.5, 2, 3, 1, 0.0, 0.0, 0.03),
    _S("journey_friction", "strategy", "cx_design", "ces", 1, 0.8, 3, 6, 2, 1.0, 0.02),
    _S("experience_officers", "strategy", "feedback", "nps", 0.5, 0.8, 1, 3, 1, 0.5),
    # the four dimensions (四维策略)
    _S("scenario_research", "dimension", "product", "repurchase_rate", 0.5, 0.5, 1, 2, 1, 0.5, 0.01),
    _S("proactive_service", "dimension", "service", "retention_rate", 1, 0.5, 2, 4, 2, 1.0),
    _S("caring_messages", "dimension", "emotion", "purchase_frequency", 1, 0.8, 1, 2, 1, 0.5, 0.03),
    _S("values_in_action", "dimension", "brand", "nps", 0.5, 0.5, 1, 3, 1, 0.3),
    # treatments of the customer tags (客户标签) and the churn warning (流失预警)
    _S("price_timing", "tags", "pricing", "purchase_frequency", 1, 0.8, 1, 2, 1, 0.0, 0.04, -0.02,
       ("tags", "price_sensitive")),
    _S("quality_advisor", "tags", "service_excellence", "aov", 2, 0.5, 3, 6, 2, 1.0, 0.0, 0.05,
       ("tags", "quality_seeking")),
    _S("sharing_kit", "tags", "brand_value", "referral_share", 1, 0.5, 2, 3, 1, 0.0, 0.02, 0.0,
       ("tags", "social_sharing")),
    _S("churn_rescue", "churn", "crm", "churn_rate", 2, 0.5, 2, 3, 2, 3.0, 0.02, 0.0, ("churn", "high")),
    _S("hostage_root_cause", "churn", "service_excellence", "csat", 2, 0.5, 2, 4, 2, 2.0, 0.0, 0.0,
       ("sat_loyalty", "hostage")),
    # member tiers' benefits (会员权益)
    _S("platinum_benefits", "tier", "loyalty", "retention_rate", 2, 0.8, 2, 3, 1, 2.0, 0.0, 0.02,
       ("tier", "platinum")),
    _S("upgrade_tasks", "tier", "loyalty", "purchase_frequency", 1, 0.5, 2, 3, 1, 0.0, 0.05, 0.0, ("tier", "silver")),
    _S("bronze_points", "tier", "loyalty", "repurchase_rate", 0.5, 0.8, 1, 2, 1, 0.0, 0.03, 0.0, ("tier", "bronze")),
    _S("key_account_care", "tier", "crm", "retention_rate", 2, 0.8, 3, 6, 2, 2.0, 0.0, 0.0, ("pyramid", "key")),
    # community and referral programmes (社群与口碑裂变)
    _S("brand_community", "community", "emotional_value", "purchase_frequency", 1, 0.5, 3, 6, 2, 1.0, 0.03),
    _S("koc_programme", "community", "brand_value", "referral_share", 1, 0.5, 3, 6, 1, 0.0, 0.01),
    _S("referral_rewards", "referral", "loyalty", "referral_share", 1, 0.8, 1, 2, 1, 0.0, 0.01),
    _S("group_order", "referral", "pricing", "referral_share", 1, 0.5, 2, 3, 1, 0.0, 0.02),
)})

#: Columns of :func:`library_frame`.
LIBRARY_COLUMNS: tuple[str, ...] = ("key", "group", "group_label", "title", "description", "strategy",
                                    "strategy_label", "dimension", "kpi", "kpi_label", "effects", "segmentation",
                                    "segment", "impact", "confidence", "effort", "duration_months", "headcount")


def suggestion(key: str) -> Suggestion:
    if key not in LIBRARY:
        raise WorkbenchError("roadmap.error.unknown_suggestion", key=str(key)[:40])
    return LIBRARY[key]


def effects_text(retention: Any, frequency: Any, aov: Any, lang: str) -> str:
    """"Retention +2 pts · frequency +5%" — the non-zero effects, or "no effect assumed"."""
    parts = []
    for key, value, unit in (("retention", retention, "pts"), ("frequency", frequency, "pct"), ("aov", aov, "pct")):
        if value is None or pd.isna(value) or float(value) == 0:
            continue
        amount = float(value) if unit == "pts" else 100 * float(value)
        parts.append(t(f"roadmap.effect.{key}_{unit}", lang, value=f"{amount:+g}"))
    return " · ".join(parts) if parts else t("roadmap.effect.none", lang)


def library_frame(lang: str) -> pd.DataFrame:
    """Every suggestion, in library order, with its texts in ``lang`` (columns ``LIBRARY_COLUMNS``)."""
    rows = []
    for s in LIBRARY.values():
        rows.append({
            "key": s.key, "group": s.group, "group_label": t(f"roadmap.lib_group.{s.group}", lang),
            "title": t(f"roadmap.lib.{s.key}.title", lang), "description": t(f"roadmap.lib.{s.key}.desc", lang),
            "strategy": s.strategy, "strategy_label": t(f"roadmap.strategy.{s.strategy}", lang),
            "dimension": dimension_of(s.strategy), "kpi": s.kpi, "kpi_label": t(f"segments.kpi.{s.kpi}", lang),
            "effects": effects_text(s.effect_retention, s.effect_frequency, s.effect_aov, lang),
            "segmentation": s.segment[0] if s.segment else None, "segment": s.segment[1] if s.segment else None,
            "impact": s.impact, "confidence": s.confidence, "effort": s.effort,
            "duration_months": s.duration_months, "headcount": s.headcount,
        })
    return pd.DataFrame(rows, columns=list(LIBRARY_COLUMNS))


def suggestion_fields(key: str, lang: str, segment: tuple[str, str] | None = None,
                      reach: float | None = None) -> dict[str, Any]:
    """Arguments of ``create_initiative`` for a suggestion, optionally for a chosen segment (whose size, given
    as ``reach``, becomes RICE's reach): texts in ``lang``, the description ending with the effects marked as
    assumptions."""
    s = suggestion(key)
    effects = effects_text(s.effect_retention, s.effect_frequency, s.effect_aov, lang)
    description = t(f"roadmap.lib.{key}.desc", lang) + "\n\n" + t("roadmap.lib.assumed", lang, effects=effects)
    fields: dict[str, Any] = {
        "title": t(f"roadmap.lib.{key}.title", lang), "description": description, "strategy": s.strategy,
        "kpi": t(f"segments.kpi.{s.kpi}", lang), "impact": s.impact, "confidence": s.confidence, "effort": s.effort,
        "duration_months": s.duration_months, "headcount": s.headcount, "effect_retention": s.effect_retention,
        "effect_frequency": s.effect_frequency, "effect_aov": s.effect_aov, "status": "idea",
        "source_kind": "library", "source_ref": {"item": key},
    }
    if segment:
        from workbench.segments import segment_label

        fields.update(segmentation=segment[0], segment=segment[1],
                      target_segment=segment_label(segment[0], segment[1], lang))
    if reach is not None:
        fields["reach"] = float(reach)
    return fields


def add_from_library(ws: Workspace, key: str, lang: str, segment: tuple[str, str] | None = None, *,
                     actor: str = "api", **overrides: Any) -> int:
    """Add a suggestion to the plan as an idea (for ``segment`` if one is chosen: its current size becomes the
    reach) and return the new initiative's id; ``overrides`` replace any field."""
    reach = None
    if segment:
        from workbench import segments

        try:
            reach = float(segments.snapshot(ws).members(*segment).sum())
        except (KeyError, WorkbenchError):
            reach = None  # an unknown segment: create_initiative says so
    fields = {**suggestion_fields(key, lang, segment, reach), **overrides}
    title = fields.pop("title")
    return create_initiative(ws, title, actor=actor, **fields)
