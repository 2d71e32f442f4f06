"""Core / strategic / radiant customers (核心客户 / 战略客户 / 辐射客户): current value, growth potential,
and the long tail."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from workbench.core.formatting import fmt_count
from workbench.core.params import Param
from workbench.i18n import t
from workbench.segments import charts
from workbench.segments.framework import (
    BY_CHOICES,
    Segmentation,
    ids,
    inactive_12m,
    require,
    select,
    threshold,
    threshold_flags,
)
from workbench.segments.framework import growth as spend_growth

__all__ = ["SEGMENTATION", "core_strategic_radiant"]

REQUIRED = ("customer_id", "spend_12m", "spend_prev_12m", "purchase_days_12m")


def core_strategic_radiant(
    summary, params: Mapping[str, Any] | None = None
) -> tuple[Any, dict[str, Any]]:
    """Among customers who bought in the last 12 months (the others are ``inactive``: nothing to invest in
    until they are won back) — core (核心): the top of current value, spend_12m at or above the ``core_q``
    quantile (and > 0); strategic (战略): not core, spend growing at least the growth threshold (default:
    median growth among active customers with previous-year spend); radiant (辐射): the long tail, the other
    active customers (occasional buyers without previous spend included). A growth threshold at or below
    -100% is reported in ``info["flags"]``."""
    require(summary, REQUIRED)
    p = SEGMENTATION.resolve(params)
    inactive = inactive_12m(summary)
    spend = summary["spend_12m"].astype(float)
    growth = spend_growth(summary)
    core_cut = threshold(spend[~inactive], "quantile", p["core_q"], 0.0)
    g_cut = threshold(growth[~inactive], p["growth_by"], p["growth_q"], p["growth_abs"])
    core = ~inactive & (spend >= core_cut) & (spend > 0)
    strategic = ~inactive & ~core & (growth >= g_cut)
    out = ids(summary)
    out["csr"] = select([inactive, core, strategic], ("inactive", "core", "strategic"), "radiant", out.index)
    return out, {"params": p, "core_threshold": core_cut, "growth_threshold": g_cut,
                 "n_inactive": int(inactive.sum()), "flags": threshold_flags(None, g_cut)}



def _notes(info: Mapping[str, Any], n_customers: int, lang: str, currency: str) -> list[tuple[str, str]]:
    notes = [("markdown", t("segments.explain.csr", lang, core=1 - info["params"]["core_q"])),
             ("caption", t("segments.inactive_note", lang, n=fmt_count(info["n_inactive"]),
                           total=fmt_count(n_customers)))]
    return notes + [("warning", t(f"segments.flag.{flag}", lang)) for flag in info["flags"]]


SEGMENTATION = Segmentation(
    name="csr",
    labels=("core", "strategic", "radiant", "inactive"),
    optional=("inactive",),
    rule=core_strategic_radiant,
    params=(Param("core_q", "share", 0.5, 0.99, 0.05), Param("growth_by", "choice", choices=BY_CHOICES),
            Param("growth_q", "share", 0.05, 0.95, 0.05),
            Param("growth_abs", "float", -1.0, None, 0.05, percent=True)),
    defaults={"core_q": 0.80, "growth_by": "quantile", "growth_q": 0.5, "growth_abs": 0.30},
    required=REQUIRED,
    notes=_notes,
    charts=lambda table, summary, info, profile, lang, currency: [charts.segment_bars(profile, lang)],
)
