"""Value × potential quadrants (四象限): annual spend against its growth on the year before."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from workbench.core.formatting import fmt_count, fmt_money, fmt_percent
from workbench.core.params import Param
from workbench.core.textsafe import md_escape
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

__all__ = ["SEGMENTATION", "value_potential"]

REQUIRED = ("customer_id", "spend_12m", "spend_prev_12m", "purchase_days_12m")


def value_potential(
    summary, params: Mapping[str, Any] | None = None
) -> tuple[Any, dict[str, Any]]:
    """Four quadrants from annual spend (last 12 months) and its growth on the 12 months before.

    Customers with no purchase in the last 12 months are ``inactive`` (their growth would read -100% and their
    value 0: no quadrant describes them); the quadrants are for the others. High value: spend_12m >= the value
    threshold; high potential: growth >= the growth threshold. Both thresholds default to medians among
    active customers (growth among those with previous-year spend); the source's B2B example is 100k and 30%.
    Active customers without previous-year spend have no growth rate and are counted as ``no_history``. A
    threshold that separates nobody (spend cut <= 0, growth cut <= -100%) is reported in ``info["flags"]``.
    """
    require(summary, REQUIRED)
    p = SEGMENTATION.resolve(params)
    inactive = inactive_12m(summary)
    growth = spend_growth(summary)
    spend = summary["spend_12m"].astype(float)
    v_cut = threshold(spend[~inactive], p["value_by"], p["value_q"], p["value_abs"])
    g_cut = threshold(growth[~inactive], p["growth_by"], p["growth_q"], p["growth_abs"])
    high_v = spend >= v_cut
    high_g = growth >= g_cut
    out = ids(summary)
    out["quadrant"] = select(
        [inactive, growth.isna(), high_v & high_g, high_v & ~high_g, ~high_v & high_g],
        ("inactive", "no_history", "high_value_high_potential", "high_value_low_potential",
         "low_value_high_potential"),
        "low_value_low_potential", out.index,
    )
    out["growth"] = growth.to_numpy()
    return out, {"params": p, "value_threshold": v_cut, "growth_threshold": g_cut,
                 "n_no_history": int((growth.isna() & ~inactive).sum()), "n_inactive": int(inactive.sum()),
                 "flags": threshold_flags(v_cut, g_cut)}



def _notes(info: Mapping[str, Any], n_customers: int, lang: str, currency: str) -> list[tuple[str, str]]:
    notes = [("markdown", t("segments.explain.quadrant", lang)),
             ("caption", t("segments.quadrant.used", lang,
                           value=md_escape(fmt_money(info["value_threshold"], lang, currency=currency)),
                           growth=md_escape(fmt_percent(info["growth_threshold"], 0)),
                           n=fmt_count(info["n_no_history"]), inactive=fmt_count(info["n_inactive"])))]
    return notes + [("warning", t(f"segments.flag.{flag}", lang)) for flag in info["flags"]]


def _charts(table, summary, info, profile, lang, currency) -> list:
    return [charts.quadrant_scatter(summary, table, info["value_threshold"], info["growth_threshold"], lang,
                                    currency)]


def _chart_notes(table, summary, info, lang: str) -> list[tuple[str, str]]:
    counts = charts.quadrant_plot_counts(table)
    notes = []
    if counts["plotted"] < counts["eligible"]:
        notes.append(("caption", t("segments.quadrant.sample", lang, n=fmt_count(counts["plotted"]),
                                   total=fmt_count(counts["eligible"]))))
    if counts["clipped"]:
        notes.append(("caption", t("segments.quadrant.clipped", lang, n=fmt_count(counts["clipped"]),
                                   clip=md_escape(fmt_percent(charts.GROWTH_CLIP, 0)))))
    return notes


SEGMENTATION = Segmentation(
    name="quadrant",
    labels=("high_value_high_potential", "high_value_low_potential", "low_value_high_potential",
            "low_value_low_potential", "no_history", "inactive"),
    optional=("no_history", "inactive"),
    rule=value_potential,
    params=(Param("value_by", "choice", choices=BY_CHOICES), Param("value_q", "share", 0.05, 0.95, 0.05),
            Param("value_abs", "float", 0.0, None, 1000.0), Param("growth_by", "choice", choices=BY_CHOICES),
            Param("growth_q", "share", 0.05, 0.95, 0.05),
            Param("growth_abs", "float", -1.0, None, 0.05, percent=True)),
    defaults={"value_by": "quantile", "value_q": 0.5, "value_abs": 100_000.0,
              "growth_by": "quantile", "growth_q": 0.5, "growth_abs": 0.30},
    required=REQUIRED,
    notes=_notes,
    charts=_charts,
    chart_notes=_chart_notes,
)
