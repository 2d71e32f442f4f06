"""Customer tags (客户标签): price-sensitive 价格敏感型, quality-seeking 品质追求型, social-sharing 社交传播型,
each with the treatment the source recommends. A customer may carry several tags."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

import pandas as pd

from workbench.core.formatting import fmt_count
from workbench.core.params import Param
from workbench.i18n import t
from workbench.segments import charts
from workbench.segments.framework import Segmentation, ids, require, threshold
from workbench.segments.labels import segment_label

__all__ = ["SEGMENTATION", "TAG_TREATMENTS", "customer_tags"]

TAGS: tuple[str, ...] = ("price_sensitive", "quality_seeking", "social_sharing")

#: Recommended treatment per tag (catalog keys hold the text in both languages).
TAG_TREATMENTS: Mapping[str, str] = MappingProxyType({tag: f"segments.tag_treatment.{tag}" for tag in TAGS})

REQUIRED = ("customer_id", "aov", "discounted_orders", "discount_known_orders", "referrals", "community_recent")


def customer_tags(
    summary: pd.DataFrame, params: Mapping[str, Any] | None = None
) -> tuple[pd.DataFrame, dict[str, Any]]:
    """Behavioural tags (a customer may carry several), each with a recommended treatment.

    * price-sensitive (价格敏感型): share of orders with a discount >= ``price_discount_share``;
    * quality-seeking (品质追求型): average order value at or above the ``quality_aov_q`` quantile and a
      discount share <= ``quality_discount_max`` (the discount condition is dropped without discount data);
    * social-sharing (社交传播型): referrals >= ``social_referrals_min`` or recent community interactions
      at or above the ``social_community_q`` quantile of customers who interact at all.

    Tags whose data is missing for everyone are skipped and listed in ``info["skipped"]``.
    """
    require(summary, REQUIRED)
    p = SEGMENTATION.resolve(params)
    known = summary["discount_known_orders"].astype(float)
    disc_share = summary["discounted_orders"].astype(float) / known.where(known > 0)
    has_discount = bool(disc_share.notna().any())
    aov = summary["aov"].astype(float)
    aov_cut = threshold(aov, "quantile", p["quality_aov_q"], 0.0)
    quality = aov >= aov_cut
    if has_discount:
        quality &= disc_share.fillna(0.0) <= p["quality_discount_max"]
    referrals = summary["referrals"].astype(float)
    community = summary["community_recent"].astype(float)
    comm_cut = threshold(community[community > 0], "quantile", p["social_community_q"], 0.0)
    social = (referrals >= p["social_referrals_min"]) | ((community >= comm_cut) & (community > 0))
    has_social = bool(referrals.notna().any() or community.notna().any())
    out = ids(summary)
    out["tag_price_sensitive"] = (disc_share >= p["price_discount_share"]).fillna(False).astype(bool)
    out["tag_quality_seeking"] = quality.fillna(False).astype(bool) & (len(summary) > 0)
    out["tag_social_sharing"] = social.fillna(False).astype(bool) & has_social
    skipped = [tag for tag, ok in (("price_sensitive", has_discount), ("social_sharing", has_social)) if not ok]
    # without discount data "quality-seeking" rests on order value alone: said on the tab, not hidden
    dropped = [] if has_discount else ["quality_discount"]
    return out, {"params": p, "skipped": skipped, "dropped": dropped, "aov_threshold": aov_cut,
                 "community_threshold": comm_cut,
                 "counts": {tag: int(out[f"tag_{tag}"].sum()) for tag in TAGS}}



def _notes(info: Mapping[str, Any], n_customers: int, lang: str, currency: str) -> list[tuple[str, str]]:
    notes = [("markdown", t("segments.explain.tags", lang))]
    if info.get("skipped"):
        tags = t("segments.list_sep", lang).join(segment_label("tags", s, lang) for s in info["skipped"])
        notes.append(("warning", t("segments.tags.skipped", lang, tags=tags)))
    for condition in info.get("dropped", ()):
        notes.append(("warning", t(f"segments.tags.dropped.{condition}", lang)))
    for tag in TAGS:
        notes.append(("markdown", t("segments.tags.line", lang, tag=segment_label("tags", tag, lang),
                                    n=fmt_count(info["counts"][tag]), treatment=t(TAG_TREATMENTS[tag], lang))))
    return notes


SEGMENTATION = Segmentation(
    name="tags",
    labels=TAGS,
    rule=customer_tags,
    params=(Param("price_discount_share", "share", 0.05, 1.0, 0.05), Param("quality_aov_q", "share", 0.5, 0.99, 0.05),
            Param("quality_discount_max", "share", 0.0, 1.0, 0.05),
            Param("social_referrals_min", "float", 1.0, None, 1.0),
            Param("social_community_q", "share", 0.5, 0.99, 0.05)),
    defaults={"price_discount_share": 0.50, "quality_aov_q": 0.75, "quality_discount_max": 0.20,
              "social_referrals_min": 1.0, "social_community_q": 0.80},
    required=REQUIRED,
    notes=_notes,
    charts=lambda table, summary, info, profile, lang, currency: [charts.segment_bars(profile, lang)],
    multi=True,
)
