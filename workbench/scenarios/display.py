"""What the Scenarios page shows and how its widgets map back to a scenario's definition: the lever and setting
fields (sliders, toggles, pickers, as specs), :func:`changes` from what they hold, the cards, the tables of
the baseline, the models, the roadmap's initiatives, the comparison and the ranges, the notes in words and
the sanity anchors. The page only draws what these return.

Field specs: ``key`` (the definition's field: ``months``, … or ``lever:<segment>:<lever>``), ``kind``
(slider, number, toggle, radio, select), ``label``, ``value`` (in the widget's unit: percent for
percentages), ``lo``, ``hi``, ``step``, ``format``, ``help``, and ``options`` / ``labels`` for pickers.
"""

from __future__ import annotations

import datetime as _dt
import math
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from workbench.core.formatting import DASH, fmt_count, fmt_money, fmt_money_short, fmt_number, fmt_percent, is_finite
from workbench.core.textsafe import md_escape
from workbench.i18n import t
from workbench.scenarios.baseline import Baseline, segment_name, segmentation_name, segmentations
from workbench.scenarios.model import COSTS, LEVERS, MAX_MONTHS, MIN_COHORT, TIMINGS
from workbench.scenarios.run import Result
from workbench.scenarios.saved import Scenario

__all__ = ["TABS", "SETTING_KEYS", "lever_fields", "setting_fields", "confidence_field", "changes", "summary_cards",
           "segment_table", "baseline_table", "baseline_notes", "overrides_frame", "overrides_columns",
           "overrides_from", "model_table", "model_notes", "anchors", "note_texts", "initiatives_table",
           "compare_table", "ranges_cards", "ranges_frame", "ranges_columns", "ranges_from", "status_line",
           "copy_name", "month_label"]

TABS: tuple[str, ...] = ("levers", "baseline", "compare", "sensitivity", "ranges")
#: The definition's settings the page edits (beside the levers).
SETTING_KEYS: tuple[str, ...] = ("segmentation", "months", "discount_rate", "ramp_months", "roadmap", "timing",
                                 "weight_confidence", "confidence")
# slider ranges: retention ±30 points (within 0–100%), frequency and order value −50 … +100%, acquisition
# −50 … +200% (a campaign can double the new customers; the stored limits are wider)
_SLIDERS = {"retention_pp": (-30.0, 30.0, 0.5), "frequency_pct": (-50.0, 100.0, 1.0), "aov_pct": (-50.0, 100.0, 1.0),
            "acquisition_pct": (-50.0, 200.0, 1.0)}
_PERCENT = ("frequency_pct", "aov_pct", "acquisition_pct")


def _clip(text: str, n: int) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def _money(value: Any, lang: str, currency: str) -> str:
    return fmt_money(value, lang, currency=currency)


def _short(value: Any, lang: str, currency: str) -> str:
    return fmt_money_short(value, lang, currency=currency)


def _signed_money(value: float, lang: str, currency: str) -> str:
    text = _short(value, lang, currency)
    return text if text.startswith("-") or text == DASH else "+" + text


def _segments_text(segmentation: str, codes: Sequence[str], lang: str) -> str:
    sep = "、" if lang == "zh" else ", "
    return sep.join(md_escape(segment_name(segmentation, c, lang), 60) for c in codes)


def month_label(as_of: _dt.date | None, month: int) -> str:
    """"2027-03": the calendar month of projection month ``month`` (1 = the month after the data's last)."""
    if as_of is None:
        return ""
    total = as_of.year * 12 + as_of.month - 1 + int(month)
    return f"{total // 12}-{total % 12 + 1:02d}"


def copy_name(name: str, lang: str) -> str:
    """The name a duplicate gets before the user renames it."""
    return t("scenarios.copy_of", lang, name=name)[:80]


# -- fields ---------------------------------------------------------------------------------------------------
def lever_fields(scenario: Scenario, baseline_row: Mapping[str, Any], lang: str, currency: str) -> list[dict]:
    """The four lever sliders and the two cost inputs of one segment. The retention slider never takes the
    segment's retention outside 0–100%."""
    segment = str(baseline_row["segment"])
    typed = scenario.levers(segment)
    fields = []
    for lever in LEVERS:
        lo, hi, step = _SLIDERS[lever]
        value = typed[lever] * (100.0 if lever in _PERCENT else 1.0)
        if lever == "retention_pp":
            r = float(baseline_row["retention_annual"])
            lo, hi = max(lo, math.ceil(-100 * r / step) * step), min(hi, math.floor(100 * (1 - r) / step) * step)
        lo, hi = min(lo, value), max(hi, value)
        unit = "%+.1f" if lever == "retention_pp" else "%+.0f%%"
        fields.append({"key": f"lever:{segment}:{lever}", "kind": "slider",
                       "label": t(f"scenarios.lever.{lever}.slider", lang), "value": float(value), "lo": float(lo),
                       "hi": float(max(hi, lo)), "step": step, "format": unit,
                       "help": t(f"scenarios.help.{lever}", lang)})
    for cost in COSTS:
        fields.append({"key": f"lever:{segment}:{cost}", "kind": "number",
                       "label": t(f"scenarios.lever.{cost}", lang, symbol=currency.strip()),
                       "value": float(typed[cost]), "lo": 0.0, "hi": 1e12, "step": 1000.0, "format": "%.0f",
                       "help": t(f"scenarios.help.{cost}", lang)})
    return fields


def setting_fields(scenario: Scenario, workspace_rate: float, lang: str) -> list[dict]:
    """The scenario's settings: segmentation, horizon, discount rate, how fast typed levers act, and the
    roadmap (whether it acts, when its effects count, weighted by confidence)."""
    spec = scenario.spec
    options = list(segmentations())
    if spec["segmentation"] not in options:  # a segmentation that is gone: shown, so the picker can leave it
        options.append(spec["segmentation"])
    rate = workspace_rate if spec["discount_rate"] is None else spec["discount_rate"]
    return [
        {"key": "segmentation", "kind": "select", "label": t("scenarios.field.segmentation", lang),
         "value": spec["segmentation"], "options": options,
         "labels": {o: segmentation_name(o, lang) for o in options}, "help": t("scenarios.help.segmentation", lang)},
        {"key": "months", "kind": "slider", "label": t("scenarios.field.months", lang), "value": int(spec["months"]),
         "lo": 1, "hi": MAX_MONTHS, "step": 1, "format": "%d", "help": t("scenarios.help.months", lang)},
        {"key": "discount_rate", "kind": "slider", "label": t("scenarios.field.discount_rate", lang),
         "value": round(100 * float(rate), 2), "lo": 0.0, "hi": 30.0, "step": 0.5, "format": "%.1f%%",
         "help": t("scenarios.help.discount_rate", lang, rate=fmt_percent(workspace_rate))},
        {"key": "ramp_months", "kind": "slider", "label": t("scenarios.field.ramp_months", lang),
         "value": int(spec["ramp_months"]), "lo": 0, "hi": 24, "step": 1, "format": "%d",
         "help": t("scenarios.help.ramp_months", lang)},
        {"key": "roadmap", "kind": "toggle", "label": t("scenarios.field.roadmap", lang),
         "value": bool(spec["roadmap"]), "help": t("scenarios.help.roadmap", lang)},
        {"key": "timing", "kind": "radio", "label": t("scenarios.field.timing", lang), "value": spec["timing"],
         "options": list(TIMINGS), "labels": {k: t(f"scenarios.timing.{k}", lang) for k in TIMINGS},
         "help": t("scenarios.help.timing", lang)},
        {"key": "weight_confidence", "kind": "toggle", "label": t("scenarios.field.weight_confidence", lang),
         "value": bool(spec["weight_confidence"]), "help": t("scenarios.help.weight_confidence", lang)},
    ]


def confidence_field(scenario: Scenario, lang: str) -> dict:
    """How sure the typed levers are (their range when none is typed)."""
    return {"key": "confidence", "kind": "slider", "label": t("scenarios.field.confidence", lang),
            "value": round(100 * float(scenario.spec["confidence"])), "lo": 0, "hi": 100, "step": 5, "format": "%d%%",
            "help": t("scenarios.help.confidence", lang)}


def changes(scenario: Scenario, values: Mapping[str, Any], workspace_rate: float) -> dict[str, Any]:
    """The definition's fields that the widgets' ``values`` (by field key, in the widgets' units) change: only
    what differs from the scenario as loaded, so a page that merely shows a scenario never saves it."""
    spec, out = scenario.spec, {}
    levers = {s: dict(v) for s, v in spec["levers"].items()}
    for key, value in values.items():
        if key.startswith("lever:"):
            _, segment, lever = key.split(":", 2)
            number = float(value or 0.0) / (100.0 if lever in _PERCENT else 1.0)
            if abs(number - float(levers.get(segment, {}).get(lever, 0.0))) > 1e-9:
                levers.setdefault(segment, {})[lever] = round(number, 6)
        elif key == "discount_rate":
            current = workspace_rate if spec["discount_rate"] is None else spec["discount_rate"]
            if abs(float(value) / 100.0 - float(current)) > 1e-9:
                out[key] = round(float(value) / 100.0, 6)
        elif key == "confidence":
            if abs(float(value) / 100.0 - float(spec["confidence"])) > 1e-9:
                out[key] = round(float(value) / 100.0, 4)
        elif key in ("months", "ramp_months"):
            if int(value) != int(spec[key]):
                out[key] = int(value)
        elif key in SETTING_KEYS and value != spec[key]:
            out[key] = bool(value) if isinstance(spec[key], bool) else value
    if levers != spec["levers"]:
        out["levers"] = levers
    return out


# -- cards and tables of the projection -----------------------------------------------------------------------
def _delta(scen: float, base: float, lang: str, currency: str | None) -> str | None:
    if not is_finite(scen) or not is_finite(base):
        return None
    diff = scen - base
    rel = f" ({100 * diff / abs(base):+.1f}%)" if base else ""
    text = _signed_money(diff, lang, currency) if currency else f"{diff:+,.0f}"
    return text + rel


def summary_cards(result: Result, lang: str, currency: str) -> list[tuple[str, str, str | None, str | None]]:
    """``(label, value, delta, help)`` cards above the tabs: revenue, discounted gross profit, active customers
    at the horizon and CLV per customer against the baseline; cost, ROI and the payback month."""
    base, scen = result.totals("baseline").iloc[-1], result.totals().iloc[-1]
    money, months = result.returns, result.months
    payback = money["payback_month"]
    if money["cost"] <= 0:
        payback_text, payback_help = t("scenarios.card.no_cost", lang), t("scenarios.help.payback", lang)
    elif payback is None:
        payback_text = t("scenarios.card.no_payback", lang, months=months)
        payback_help = t("scenarios.help.payback", lang)
    else:
        payback_text = t("scenarios.card.payback_month", lang, month=payback)
        payback_help = t("scenarios.help.payback_month", lang, label=month_label(result.baseline.as_of, payback))
    return [
        (t("scenarios.card.revenue", lang, months=months), _short(scen["revenue"], lang, currency),
         _delta(scen["revenue"], base["revenue"], lang, currency), _money(scen["revenue"], lang, currency)),
        (t("scenarios.card.profit", lang, months=months), _short(scen["discounted_gross_profit"], lang, currency),
         _delta(scen["discounted_gross_profit"], base["discounted_gross_profit"], lang, currency),
         t("scenarios.help.profit", lang, rate=fmt_percent(result.rate))),
        (t("scenarios.card.active_end", lang, months=months), fmt_count(scen["active_end"]),
         _delta(scen["active_end"], base["active_end"], lang, None), t("scenarios.help.active_end", lang)),
        (t("scenarios.card.clv", lang), _money(scen["clv_per_customer"], lang, currency),
         _delta(scen["clv_per_customer"], base["clv_per_customer"], lang, currency), t("scenarios.help.clv", lang)),
        (t("scenarios.card.cost", lang), _short(money["cost"], lang, currency), None,
         t("scenarios.help.cost", lang, amount=_money(float(result.cost.sum()), lang, currency))),
        (t("scenarios.card.roi", lang), fmt_percent(money["roi"], 0) if is_finite(money["roi"]) else DASH, None,
         t("scenarios.help.roi", lang, incremental=_money(money["incremental"], lang, currency),
           cost=_money(money["cost"], lang, currency))),
        (t("scenarios.card.payback", lang), payback_text, None, payback_help),
    ]


def _levers_text(result: Result, segment: str, lang: str) -> str:
    typed = result.spec["levers"].get(segment, {})
    parts = []
    for lever in LEVERS:
        value = float(typed.get(lever, 0.0))
        if value:
            amount = (f"{value:+g} {t('scenarios.unit.points', lang)}" if lever == "retention_pp"
                      else f"{100 * value:+g}%")
            parts.append(f"{t(f'scenarios.lever.{lever}', lang)} {amount}")
    return " · ".join(parts) or DASH


def segment_table(result: Result, lang: str, currency: str) -> pd.DataFrame:
    """Per segment (and all): active now, retention now → at the horizon, the levers typed, discounted gross
    profit in the baseline and the scenario, and the change."""
    base, scen = result.totals("baseline"), result.totals()
    seg = result.baseline.segmentation
    retention_end = dict(zip(result.segments, np.clip(result.used["retention_annual"].to_numpy(dtype=float)
                                                      + result.levers["retention_pp"][:, -1] / 100, 0, 1)))
    rows = []
    for b, s in zip(base.itertuples(index=False), scen.itertuples(index=False)):
        whole = b.segment is None
        r = result.used.set_index("segment")["retention_annual"].get(b.segment) if not whole else None
        rows.append({
            t("scenarios.col.segment", lang): t("scenarios.col.all", lang) if whole
            else segment_name(seg, b.segment, lang),
            t("scenarios.col.active_now", lang): fmt_count(b.customers),
            t("scenarios.col.retention", lang): DASH if whole else
            f"{fmt_percent(r)} → {fmt_percent(retention_end[b.segment])}",
            t("scenarios.col.levers", lang): DASH if whole else _levers_text(result, b.segment, lang),
            t("scenarios.col.baseline_profit", lang): _money(b.discounted_gross_profit, lang, currency),
            t("scenarios.col.scenario_profit", lang): _money(s.discounted_gross_profit, lang, currency),
            t("scenarios.col.change", lang): _delta(s.discounted_gross_profit, b.discounted_gross_profit, lang,
                                                    currency) or DASH,
        })
    return pd.DataFrame(rows)


def initiatives_table(result: Result, lang: str, currency: str) -> pd.DataFrame:
    """The roadmap's initiatives in this scenario: from when each acts (or why it does not), its budget counted
    and the range its confidence gives."""
    rows = []
    for r in result.effects.initiatives.itertuples(index=False):
        acts_from = (f"{int(r.first_month)} · {month_label(result.baseline.as_of, int(r.first_month))}"
                     if not pd.isna(r.first_month) else t(f"scenarios.reason.{r.reason}", lang) if r.reason else DASH)
        rows.append({
            t("scenarios.col.id", lang): f"#{int(r.initiative_id)}",
            t("scenarios.col.initiative", lang): _clip(r.title, 48),
            t("scenarios.col.target", lang): r.target_label or t("scenarios.col.everyone", lang),
            t("scenarios.col.acts_from", lang): acts_from,
            t("scenarios.col.budget_counted", lang): _money(r.budget_counted, lang, currency),
            t("scenarios.col.range", lang): (f"{r.low:.1f}–{r.high:.1f}× ({fmt_percent(r.confidence, 0)})"
                                             if is_finite(r.low) else DASH),
        })
    return pd.DataFrame(rows)


def note_texts(result: Result, lang: str, currency: str) -> list[tuple[str, str]]:
    """``(kind, text)`` of what the run left out or held at a bound (kind: info or warning)."""
    seg = result.baseline.segmentation
    out = []
    for key, params in result.notes:
        shown = dict(params)
        if "segments" in shown:
            codes = shown["segments"] if isinstance(shown["segments"], list) else str(shown["segments"]).split(", ")
            shown["segments"] = _segments_text(seg, codes, lang)
        for money in ("amount", "projected", "last"):
            if money in shown:
                shown[money] = _money(shown[money], lang, currency)
        if "change" in shown:
            shown["change"] = f"{shown['change']:+.0%}".replace("-", "−")
        kind = "info" if key in ("scenarios.note.no_active", "scenarios.note.initiative_past",
                                 "scenarios.note.budget_outside", "scenarios.note.roadmap_empty",
                                 "scenarios.note.retention_held") else "warning"
        out.append((kind, t(key, lang, **shown)))
    return out


def status_line(result: Result, lang: str) -> str:
    """"Member tiers · 36 months · discount rate 10% · data to 2026-10-31 · the roadmap acts, from completion"."""
    spec = result.spec
    as_of = result.baseline.as_of.isoformat() if result.baseline.as_of else DASH
    parts = [segmentation_name(result.baseline.segmentation, lang),
             t("scenarios.status.months", lang, months=result.months),
             t("scenarios.status.rate", lang, rate=fmt_percent(result.rate)),
             t("scenarios.status.as_of", lang, date=as_of)]
    if spec["roadmap"]:
        parts.append(t("scenarios.status.roadmap", lang, timing=t(f"scenarios.timing.{spec['timing']}", lang)))
    return " · ".join(parts)


# -- the baseline ---------------------------------------------------------------------------------------------
def _figure(base: Baseline, segment: str, field: str, text: str, computed: str) -> str:
    return f"{text} ✎ ({computed})" if base.overridden(segment, field) else text


def baseline_table(base: Baseline, lang: str, currency: str) -> pd.DataFrame:
    """Per segment as the page shows it: customers, active now, lapsed, retention (and its cohort), purchases
    per active customer per month, AOV, margin, new customers per month; an override marked ✎ with the data's
    figure beside it."""
    frame, seg = base.frame.set_index("segment"), base.segmentation
    rows = []
    for c in base.computed.itertuples(index=False):
        f = frame.loc[c.segment]
        rows.append({
            t("scenarios.col.segment", lang): segment_name(seg, c.segment, lang),
            t("scenarios.col.members", lang): fmt_count(c.members),
            t("scenarios.col.active_now", lang): _figure(base, c.segment, "customers", fmt_count(f["customers"]),
                                                         fmt_count(c.customers)),
            t("scenarios.col.lapsed", lang): fmt_count(c.lapsed),
            t("scenarios.col.retention", lang): _figure(
                base, c.segment, "retention_annual", fmt_percent(f["retention_annual"]),
                fmt_percent(c.retention_annual)) + (f" · n={fmt_count(c.cohort)}" if c.cohort else ""),
            t("scenarios.col.orders_per_month", lang): _figure(base, c.segment, "orders_per_month",
                                                               fmt_number(f["orders_per_month"], 2),
                                                               fmt_number(c.orders_per_month, 2)),
            t("scenarios.col.aov", lang): _figure(base, c.segment, "aov",
                                                  fmt_money(f["aov"], lang, 2, currency=currency),
                                                  fmt_money(c.aov, lang, 2, currency=currency)),
            t("scenarios.col.margin", lang): _figure(base, c.segment, "margin", fmt_percent(f["margin"]),
                                                     fmt_percent(c.margin)),
            t("scenarios.col.new_per_month", lang): _figure(base, c.segment, "new_per_month",
                                                            fmt_number(f["new_per_month"], 1),
                                                            fmt_number(c.new_per_month, 1)),
        })
    return pd.DataFrame(rows)


def baseline_notes(base: Baseline, lang: str) -> list[tuple[str, str]]:
    """How each figure was computed, with the whole segmentation's numbers; cautions for a small retention
    cohort (a margin of 100% is said by the run's notes, above every tab)."""
    c = base.computed
    if c.empty or base.as_of is None:
        return []
    end = base.as_of
    window = f"{(end - _dt.timedelta(days=364)).isoformat()} – {end.isoformat()}"
    before = f"{(end - _dt.timedelta(days=729)).isoformat()} – {(end - _dt.timedelta(days=365)).isoformat()}"
    members, active, cohort, retained = (int(c[k].sum()) for k in ("members", "customers", "cohort", "retained"))
    purchases, new = float(c["purchases_12m"].sum()), int(c["new_12m"].sum())
    margin = float(c["margin"].iloc[0])
    out = [("markdown", t("scenarios.how.intro", lang, date=end.isoformat(), window=window, before=before)),
           ("markdown", "\n".join([
               t("scenarios.how.customers", lang, active=fmt_count(active), members=fmt_count(members),
                 lapsed=fmt_count(members - active), share=fmt_percent(active / members if members else float("nan"))),
               t("scenarios.how.retention", lang, cohort=fmt_count(cohort), retained=fmt_count(retained),
                 rate=fmt_percent(retained / cohort if cohort else float("nan"))),
               t("scenarios.how.orders", lang, purchases=fmt_count(purchases), active=fmt_count(active),
                 value=fmt_number(purchases / active / 12 if active else float("nan"), 2)),
               t("scenarios.how.aov", lang, purchases=fmt_count(purchases)),
               t("scenarios.how.margin", lang, margin=fmt_percent(margin)),
               t("scenarios.how.new", lang, new=fmt_count(new), value=fmt_number(new / 12, 1)),
           ])), ("caption", t("scenarios.how.segment_then", lang))]
    small = [s for s, n in zip(c["segment"], c["cohort"]) if 0 < n < MIN_COHORT]
    if small:
        out.append(("warning", t("scenarios.how.small_cohort", lang, n=MIN_COHORT,
                                 segments=_segments_text(base.segmentation, small, lang))))
    return out


_OVERRIDE_UNITS = {"customers": 1.0, "retention_annual": 100.0, "orders_per_month": 1.0, "aov": 1.0, "margin": 100.0,
                   "new_per_month": 1.0}


def overrides_frame(base: Baseline, lang: str) -> pd.DataFrame:
    """The overrides editor's rows: ``segment`` (hidden code), ``label``, then one column per figure holding the
    override in the page's unit (percent for retention and margin), blank where the data's figure stands."""
    rows = []
    for segment in base.segments:
        typed = base.overrides.get(segment, {})
        rows.append({"segment": segment, "label": segment_name(base.segmentation, segment, lang),
                     **{f: (typed[f] * u if f in typed else None) for f, u in _OVERRIDE_UNITS.items()}})
    return pd.DataFrame(rows, columns=["segment", "label", *_OVERRIDE_UNITS]).astype(
        {f: "float64" for f in _OVERRIDE_UNITS})


def overrides_columns(lang: str, currency: str) -> dict[str, dict | None]:
    """Column specs of the overrides editor (``st.column_config`` class names and arguments)."""
    def number(field: str, lo: float, hi: float, step: float, fmt: str) -> dict:
        return {"type": "NumberColumn", "label": t(f"scenarios.col.{field}", lang), "min_value": lo, "max_value": hi,
                "step": step, "format": fmt, "help": t("scenarios.help.override", lang)}

    return {"segment": None,
            "label": {"type": "TextColumn", "label": t("scenarios.col.segment", lang), "disabled": True},
            "customers": number("active_now", 0, 1e10, 1, "%d"),
            "retention_annual": number("retention", 0, 100, 0.1, "%.1f%%"),
            "orders_per_month": number("orders_per_month", 0, 1e4, 0.01, "%.2f"),
            "aov": number("aov", 0, 1e9, 0.01, f"{currency.strip()} %.2f"),
            "margin": number("margin", -100, 100, 0.1, "%.1f%%"),
            "new_per_month": number("new_per_month", 0, 1e9, 0.1, "%.1f")}


def overrides_from(edited: pd.DataFrame) -> dict[str, dict[str, float]]:
    """The overrides an edited editor frame holds, in the stored units (fractions); blank cells are none."""
    out: dict[str, dict[str, float]] = {}
    for row in edited.to_dict("records"):
        kept = {f: float(row[f]) / u for f, u in _OVERRIDE_UNITS.items()
                if row.get(f) is not None and not (isinstance(row[f], float) and math.isnan(row[f]))}
        if kept:
            out[str(row["segment"])] = kept
    return out


def model_table(comparison: pd.DataFrame, segmentation: str, lang: str, currency: str) -> pd.DataFrame:
    """The simple projection beside BG/NBD + Gamma-Gamma for today's active customers, per segment."""
    rows = []
    for r in comparison.itertuples(index=False):
        rows.append({t("scenarios.col.segment", lang): segment_name(segmentation, r.segment, lang),
                     t("scenarios.col.simple", lang): _money(r.simple, lang, currency),
                     t("scenarios.col.model", lang): _money(r.model, lang, currency),
                     t("scenarios.col.ratio", lang): fmt_number(r.ratio, 2),
                     t("scenarios.col.model_lapsed", lang): _money(r.model_lapsed, lang, currency)})
    return pd.DataFrame(rows)


def model_notes(comparison: pd.DataFrame, segmentation: str, months: int, lang: str) -> list[tuple[str, str]]:
    """What the comparison means, and where the two disagree by more than a third."""
    out = [("caption", t("scenarios.models.explain", lang, months=months))]
    if comparison["model"].isna().all():
        return out + [("info", t("scenarios.models.unusable", lang))]
    apart = [s for s, r in zip(comparison["segment"], comparison["ratio"]) if is_finite(r) and not 0.75 <= r <= 4 / 3]
    if apart:
        names = _segments_text(segmentation, apart, lang)
        out.append(("warning", t("scenarios.models.disagree", lang, segments=names)))
    return out


def anchors(result: Result, lifted: tuple[float, float], lang: str) -> str:
    """Sanity anchors on the user's own numbers: expected lifetime = 1 ÷ annual defection per segment, and
    Reichheld & Sasser's 5 points tried on this scenario (``lifted``: profit now and with +5 points)."""
    seg = result.baseline.segmentation
    lines = [t("scenarios.anchor.lifetime_intro", lang)]
    for segment, r in zip(result.segments, result.used["retention_annual"]):
        life = t("scenarios.anchor.forever", lang) if r >= 1 else t("scenarios.anchor.years", lang,
                                                                     years=fmt_number(1 / (1 - r), 1))
        lines.append(f"- {md_escape(segment_name(seg, segment, lang), 60)}: {fmt_percent(r)} → {life}")
    now, moved = lifted
    lines.append("")
    lines.append(t("scenarios.anchor.reichheld", lang, months=result.months,
                   change=f"{100 * (moved - now) / abs(now):+.0f}%" if now else DASH))
    return "\n".join(lines)


# -- comparison and ranges ------------------------------------------------------------------------------------
def compare_table(frame: pd.DataFrame, lang: str, currency: str) -> pd.DataFrame:
    """Scenarios side by side: a row per figure, a column for the first scenario's baseline and one per
    scenario (each scenario's own change against its own baseline)."""
    if frame.empty:
        return pd.DataFrame()
    figures = [("revenue", "money", "baseline_revenue"), ("gross_profit", "money", "baseline_gross_profit"),
               ("discounted_gross_profit", "money", "baseline_discounted_gross_profit"),
               ("incremental", "money", None), ("cost", "money", None), ("net", "money", None),
               ("roi", "percent", None), ("payback_month", "month", None),
               ("active_end", "count", "baseline_active_end"),
               ("clv_per_customer", "money2", "baseline_clv_per_customer"),
               ("months", "plain", "months"), ("discount_rate", "percent", "discount_rate")]

    def shown(value: Any, kind: str) -> str:
        if kind == "money":
            return _short(value, lang, currency)
        if kind == "money2":
            return fmt_money(value, lang, currency=currency)
        if kind == "percent":
            return fmt_percent(value, 1) if is_finite(value) else DASH
        if kind == "month":
            return DASH if pd.isna(value) else str(int(value))
        if kind == "count":
            return fmt_count(value)
        return str(value)

    first = frame.iloc[0]
    columns = {t("scenarios.col.figure", lang): [t(f"scenarios.figure.{f}", lang) for f, _, _ in figures],
               t("scenarios.series.baseline", lang): [shown(first[b], kind) if b else DASH for _, kind, b in figures]}
    for _, r in frame.iterrows():
        columns[str(r["name"])] = [shown(r[f], kind) for f, kind, _ in figures]
    return pd.DataFrame(columns)


def ranges_cards(ranges: Mapping[str, Any], months: int, lang: str, currency: str) -> list[tuple[str, str, str | None,
                                                                                                 str | None]]:
    """``(label, value, delta, help)``: P50 of profit and of the net with P10 – P90, the chance of paying back."""
    profit, net = ranges["profit"], ranges["net"]

    def span(q: Mapping[str, float]) -> str:
        return t("scenarios.ranges.span", lang, p10=_short(q["p10"], lang, currency),
                 p90=_short(q["p90"], lang, currency))

    chance = ranges["chance_payback"]
    return [
        (t("scenarios.ranges.profit", lang, months=months), _short(profit["p50"], lang, currency), span(profit),
         t("scenarios.help.ranges_profit", lang)),
        (t("scenarios.ranges.net", lang), _short(net["p50"], lang, currency), span(net), t("scenarios.help.net", lang)),
        (t("scenarios.ranges.chance", lang),
         fmt_percent(chance, 0) if is_finite(chance) else t("scenarios.card.no_cost", lang), None,
         t("scenarios.help.chance", lang, draws=fmt_count(ranges["draws"]))),
    ]


def ranges_frame(result: Result, lang: str) -> pd.DataFrame:
    """The ranges editor: one row per typed lever (hidden ``segment`` and ``lever`` codes, their names, the
    value typed and the low and high the draws use, in the widgets' units)."""
    seg = result.baseline.segmentation
    rows = []
    for g in result.effects.groups.itertuples(index=False):
        if g.kind != "lever":
            continue
        unit = 1.0 if g.lever == "retention_pp" else 100.0
        rows.append({"segment": g.segment, "lever": g.lever, "segment_label": segment_name(seg, g.segment, lang),
                     "lever_label": t(f"scenarios.lever.{g.lever}.unit", lang), "value": round(g.mode * unit, 4),
                     "low": round(g.low * unit, 4), "high": round(g.high * unit, 4)})
    return pd.DataFrame(rows, columns=["segment", "lever", "segment_label", "lever_label", "value", "low", "high"])


def ranges_columns(lang: str) -> dict[str, dict | None]:
    return {"segment": None, "lever": None,
            "segment_label": {"type": "TextColumn", "label": t("scenarios.col.segment", lang), "disabled": True},
            "lever_label": {"type": "TextColumn", "label": t("scenarios.col.lever", lang), "disabled": True},
            "value": {"type": "NumberColumn", "label": t("scenarios.col.value", lang), "disabled": True,
                      "format": "%+g"},
            "low": {"type": "NumberColumn", "label": t("scenarios.col.low", lang), "format": "%+g", "required": True},
            "high": {"type": "NumberColumn", "label": t("scenarios.col.high", lang), "format": "%+g", "required": True}}


def ranges_from(edited: pd.DataFrame) -> dict[str, dict[str, list[float]]]:
    """The ranges an edited ranges editor holds, in the stored units (fractions for percentages)."""
    out: dict[str, dict[str, list[float]]] = {}
    for row in edited.to_dict("records"):
        unit = 1.0 if row["lever"] == "retention_pp" else 100.0
        out.setdefault(str(row["segment"]), {})[str(row["lever"])] = [float(row["low"]) / unit,
                                                                     float(row["high"]) / unit]
    return out
