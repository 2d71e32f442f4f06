"""What the Segments page shows, built without Streamlit: formatted tables, texts, options and widget specs.

The page (``views/segments.py``) only draws; everything it draws that needs deciding — which rows in which
order, how a number reads in the user's language, which explanation and warnings go on a tab, what a
parameter widget looks like, what a downloaded member list and a new initiative contain — is decided here,
as pure functions of the segment table, the summary and the stored parameters, so it can be unit-tested.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd
from pandas.io.formats.style import Styler

from workbench.core.formatting import DASH, fmt_count, fmt_money, fmt_money_short, fmt_number, fmt_percent
from workbench.core.params import Param
from workbench.core.textsafe import md_escape
from workbench.customers import kpis
from workbench.i18n import t
from workbench.segments.labels import segment_label, segmentation_label
from workbench.segments.registry import REGISTRY, SEGMENTS, get
from workbench.segments.table import members_of

__all__ = [
    "TABS",
    "SEGMENTATION_TABS",
    "PROFILE_COLUMNS",
    "ordered_profile",
    "profile_table",
    "segment_choices",
    "rfm_rules_frame",
    "rfm_rules_from_editor",
    "param_fields",
    "params_from_form",
    "initiative_fields",
    "kpi_cards",
    "kpi_segment_options",
    "kpi_segment_ids",
    "default_period",
    "period_bounds",
    "check_default_dates",
    "clv_bands",
    "tab_notes",
    "tab_charts",
    "tab_chart_notes",
    "clv_bands_note",
    "profile_of",
    "kpi_figures",
    "clv_params_text",
    "p_alive_note",
    "simple_clv_text",
    "clv_metrics",
    "check_metrics",
    "check_verdict",
]

#: The segmentation tabs, from the registry (member tiers show inside the RFM tab); and all tabs in order.
SEGMENTATION_TABS: tuple[str, ...] = tuple(name for name, record in REGISTRY.items() if record.tab)
TABS: tuple[str, ...] = ("kpis", *SEGMENTATION_TABS, "clv", "check")

#: Profile columns shown, with how each reads: count, percent, money (0 or 2 decimals) or a plain number.
PROFILE_COLUMNS: tuple[tuple[str, str], ...] = (
    ("label", "text"), ("customers", "count"), ("customer_share", "percent"), ("revenue", "money"),
    ("revenue_share", "percent"), ("aov", "money2"), ("purchases_per_customer", "number1"),
    ("repeat_share", "percent"), ("clv", "money"), ("csat", "number2"), ("nps", "number1"),
)

def _fmt(kind: str, value: Any, lang: str, currency: str) -> str:
    if kind == "text":
        return str(value)
    if kind == "count":
        return fmt_count(value)
    if kind == "percent":
        return fmt_percent(value)
    if kind.startswith("money"):
        return fmt_money(value, lang, 2 if kind == "money2" else 0, currency=currency)
    return fmt_number(value, int(kind[-1]))


def ordered_profile(profile: pd.DataFrame, segmentation: str) -> pd.DataFrame:
    """Segments in the order a client reads them. Most frameworks already come in their natural order
    (tiers Platinum → Bronze, pyramid key → small, risk high → low); RFM's named segments are ranked by
    revenue, largest first, with "other" last (and left out when the rules leave nobody there), so the table
    reads from the most valuable group down."""
    if not get(segmentation).ranked_by_revenue or profile.empty:
        return profile.reset_index(drop=True)
    profile = profile[(profile["segment"] != "other") | (profile["customers"] > 0)]  # an empty "other": no row
    last = (profile["segment"] == "other").to_numpy()
    ranked = profile.assign(_last=last).sort_values(["_last", "revenue", "customers"], ascending=[True, False, False],
                                                    kind="stable")
    return ranked.drop(columns="_last").reset_index(drop=True)


def profile_table(profile: pd.DataFrame, lang: str, currency: str) -> Styler:
    """The profile as displayed: translated headers, every figure formatted (thousands separators, %, the
    workspace currency, "–" where unknown). Satisfaction columns are dropped when no customer has that score.

    A Styler over the numbers rather than a table of strings, so that ``st.table`` right-aligns the figures
    as a reader expects while showing them formatted."""
    columns = [(c, kind) for c, kind in PROFILE_COLUMNS if not (c in ("csat", "nps") and profile[c].isna().all())]
    data = pd.DataFrame({t(f"segments.col.{c}", lang): profile[c].to_numpy() for c, _ in columns})
    formats = {t(f"segments.col.{c}", lang): (lambda v, kind=kind: _fmt(kind, v, lang, currency))
               for c, kind in columns}
    return data.style.format(formats).hide(axis="index")


def segment_choices(profile: pd.DataFrame) -> list[str]:
    """Segment codes that have members, in the profile's order (for the member-list picker)."""
    return [str(s) for s in profile.loc[profile["customers"] > 0, "segment"]]


def rfm_rules_frame(rules: list[tuple[str, str]], lang: str) -> pd.DataFrame:
    """The RFM naming rules for the editor: built-in segment codes shown by their names in the user's
    language (a Chinese user sees 冠军客户, not "champions"); names the user gave are shown as given."""
    return pd.DataFrame([(segment_label("rfm", name, lang), pattern) for name, pattern in rules],
                        columns=["segment", "pattern"])


def rfm_rules_from_editor(rows: list[tuple[Any, Any]], lang: str) -> list[tuple[str, str]]:
    """The rules to store from the editor's rows: a built-in segment's name (in either language) goes back
    to its code, so the defaults survive a save and stay translated; other names are kept as typed."""
    codes = {segment_label("rfm", code, lg): code for code in SEGMENTS["rfm"] for lg in ("zh", "en")}
    out = []
    for name, pattern in rows:
        text = "" if name is None or (isinstance(name, float) and math.isnan(name)) else str(name).strip()
        out.append((codes.get(text, text), "" if pattern is None else str(pattern)))
    return out


def param_fields(specs: tuple[Param, ...], label_prefix: str, params: Mapping[str, Any], lang: str
                 ) -> list[dict[str, Any]]:
    """One widget spec per editable parameter: ``name, kind ("choice", "int" or "float"), label, value`` and
    ``choices, choice_labels`` or ``lo, hi, step, format``. Labels are ``<label_prefix>.<name>``. Fractions
    (shares, growth rates) are edited in percent — 80 rather than 0.80 — and the label says so;
    :func:`params_from_form` converts back."""
    fields = []
    for p in specs:
        label, current = t(f"{label_prefix}.{p.name}", lang), params[p.name]
        if p.kind == "choice":
            fields.append({"name": p.name, "kind": "choice", "label": label, "value": current,
                           "choices": list(p.choices),
                           "choice_labels": {c: t(f"segments.choice.{c}", lang) for c in p.choices}})
        elif p.kind == "int":
            fields.append({"name": p.name, "kind": "int", "label": label, "value": int(current), "lo": int(p.lo),
                           "hi": int(p.hi), "step": int(p.step), "format": "%d"})
        elif p.kind == "share" or p.percent:
            fields.append({"name": p.name, "kind": "float", "label": t("segments.param.in_percent", lang, label=label),
                           "value": _percent(current), "lo": _percent(p.lo), "hi": _percent(p.hi),
                           "step": _percent(p.step), "format": "%.0f", "percent": True})
        else:
            fields.append({"name": p.name, "kind": "float", "label": label, "value": float(current),
                           "lo": None if p.lo is None else float(p.lo), "hi": None if p.hi is None else float(p.hi),
                           "step": float(p.step), "format": "%.2f" if float(p.step) < 1 else "%.0f"})
    return fields


def _percent(x: Any) -> float | None:
    return None if x is None else round(100.0 * float(x), 6)


def params_from_form(specs: tuple[Param, ...], values: Mapping[str, Any]) -> dict[str, Any]:
    """The parameters to store from the form's values (percent fields back to fractions)."""
    percent = {p.name for p in specs if p.kind == "share" or p.percent}
    return {name: round(float(value) / 100.0, 6) if name in percent else value for name, value in values.items()}


def initiative_fields(profile: pd.DataFrame, segmentation: str, segment: str, lang: str) -> dict[str, Any]:
    """Arguments of ``initiatives.create_initiative`` for "turn into initiative": the title names the
    segmentation and segment; the description carries its size, revenue share and share who bought again
    (``repeat_share``)."""
    row = profile.set_index("segment").loc[segment]
    label = segment_label(segmentation, segment, lang)
    title = t("segments.initiative_title", lang, segmentation=segmentation_label(segmentation, lang), segment=label)
    description = t("segments.initiative_description", lang, n=fmt_count(row["customers"]),
                    share=fmt_percent(row["customer_share"]), revenue=fmt_percent(row["revenue_share"]),
                    repurchase=fmt_percent(row["repeat_share"]))
    return {"title": title, "source_kind": "segment", "target_segment": label,
            "source_ref": {"segmentation": segmentation, "segment": segment}, "description": description}


def kpi_cards(figures: Mapping[str, Any], lang: str, currency: str) -> list[tuple[str, str, str | None]]:
    """``(label, value, help)`` per displayed KPI, in page order, as ``kpis.format_kpi`` writes them; revenue
    shortened from a million on, so it fits its card, with the exact amount as help."""
    cards = []
    for key in kpis.DISPLAY_KPIS:
        value = figures.get(key)
        exact = None
        if key == "revenue":
            text = fmt_money_short(value, lang, currency=currency)
            full = fmt_money(value, lang, currency=currency)
            exact = full if text != full else None
        else:
            text = kpis.format_kpi(key, value, lang, currency=currency)
        cards.append((t(f"segments.kpi.{key}", lang), text, exact))
    return cards


def kpi_segment_options(options: list[tuple[str, str, str]], lang: str) -> dict[Any, str]:
    """Choices of the KPI segment filter: ``None`` (all customers) then every non-empty segment as
    ``(segmentation, segment)``, labelled as the snapshot's options are."""
    return {None: t("segments.kpi.all", lang)} | {(name, seg): label for name, seg, label in options}


def kpi_segment_ids(table: pd.DataFrame, picked: Any) -> tuple[str, ...] | None:
    """Customer ids of the KPI filter's segment (``None`` = all customers, no filter)."""
    if picked is None:
        return None
    return tuple(table.loc[members_of(table, *picked).to_numpy(), "customer_id"].astype(str))


def default_period(first: dt.date, last: dt.date) -> tuple[dt.date, dt.date]:
    """The KPI period shown first: the last 365 days of data (or all of it when there is less)."""
    return max(first, last - dt.timedelta(days=364)), last


def period_bounds(period: Any) -> tuple[dt.date | None, dt.date | None]:
    """(start, end) from a date-range picker, which gives one date while the user is still choosing."""
    period = tuple(period or ())
    if not period:
        return None, None
    return period[0], period[1] if len(period) > 1 else period[0]


def check_default_dates(summary: pd.DataFrame) -> tuple[dt.date, dt.date, dt.date]:
    """(first date, last date, default calibration end) for the model check: the last 26 weeks are held out."""
    lo, hi = summary["first_purchase"].min().date(), summary["last_purchase"].max().date()
    return lo, hi, max(lo, hi - dt.timedelta(days=182))


def simple_clv_text(summary: pd.DataFrame, settings: Mapping[str, Any], lang: str, currency: str) -> str:
    """The textbook CLV of an average customer, with its assumptions written out (``clv.simple_clv_summary``)."""
    from workbench.clv import simple_clv_summary

    s = simple_clv_summary(summary, settings)
    # markdown: a "$" pair would start a formula, so the amounts are escaped
    return t("segments.clv.simple", lang, aov=md_escape(fmt_money(s["aov"], lang, 2, currency=currency)),
             purchases_per_year=fmt_number(s["purchases_per_year"], 1), lifespan_years=f"{s['lifespan_years']:g}",
             margin=md_escape(fmt_percent(s["margin"], 0)), discount_rate=md_escape(fmt_percent(s["discount_rate"], 0)),
             value=md_escape(fmt_money(s["value"], lang, currency=currency)),
             model=t(f"segments.model.{settings['purchase_model']}", lang))


def clv_params_text(purchases: Any, gamma_gamma: Any, lang: str) -> str:
    """The fitted parameters in one line, three significant digits, named as analysts know them."""
    values = {k: f"{v:.3g}" for k, v in (purchases.params | gamma_gamma.params).items()}
    return t("segments.clv.params", lang, model=t(f"segments.model.{purchases.kind}", lang), **values)


def p_alive_note(purchases: Any, lang: str) -> str:
    """What the P(alive) map shows, and what the chosen model says of one-time buyers."""
    return t("segments.clv.p_alive_note", lang, weeks=f"{purchases.median_T:.0f}",
             one_time=t(f"segments.clv.one_time.{purchases.kind}", lang))


def clv_metrics(value: pd.DataFrame, horizon_months: int, lang: str, currency: str) -> list[tuple[str, str]]:
    """The CLV tab's headline figures: mean and total model CLV and the mean probability still active."""
    return [
        (t("segments.clv.mean", lang, months=horizon_months), fmt_money(value["clv"].mean(), lang, currency=currency)),
        (t("segments.clv.total", lang), fmt_money(value["clv"].sum(min_count=1), lang, currency=currency)),
        (t("segments.clv.alive", lang), fmt_percent(value["p_alive"].mean(), 0)),
    ]


def check_metrics(check: Mapping[str, Any], lang: str) -> list[dict[str, Any]]:
    """The model check's figures as metric cards (``label, value, delta, help``): customers checked, then per
    model its mean absolute error with the difference to the naive baseline (negative = the model is
    better), its error on the total and its log-likelihood in the help text. Three cards, so no label is cut
    off; the errors on the total are also in the verdict."""
    err = check["errors"]
    naive_mae = float(err.loc["naive", "mae"])
    cards = [{"label": t("segments.check.customers", lang), "value": fmt_count(check["customers"]), "delta": None,
              "help": None}]
    for name in (n for n in err.index if n != "naive"):
        mae = float(err.loc[name, "mae"])
        cards.append({"label": t("segments.check.mae", lang, model=t(f"segments.model.{name}", lang)),
                      "value": f"{mae:.2f}",
                      "delta": t("segments.check.vs_naive", lang, diff=f"{mae - naive_mae:+.2f}"),
                      "help": t("segments.check.card_help", lang, total=_pct_error(err, name),
                                naive_total=_pct_error(err, "naive"),
                                loglik=fmt_number(err.loc[name, "log_likelihood"], 1))})
    return cards


def _pct_error(err: pd.DataFrame, name: str) -> str:
    return f"{float(err.loc[name, 'pct_error']):+.1f}%" if name in err.index else DASH


def check_verdict(check: Mapping[str, Any], lang: str) -> str:
    """One sentence a consultant can say: each model's error per customer, the baseline's, which model fits
    this client better, and the log-likelihoods."""
    err = check["errors"]

    def mae(name: str) -> str:
        return f"{float(err.loc[name, 'mae']):.2f}" if name in err.index else DASH

    def ll(name: str) -> str:
        return fmt_number(err.loc[name, "log_likelihood"], 1) if name in err.index else DASH

    return t("segments.check.verdict", lang, mbgnbd=mae("mbgnbd"), bgnbd=mae("bgnbd"), naive=mae("naive"),
             total_mbgnbd=_pct_error(err, "mbgnbd"), total_bgnbd=_pct_error(err, "bgnbd"),
             total_naive=_pct_error(err, "naive"),
             best=t(f"segments.model.{check['best']}", lang), ll_mbgnbd=md_escape(ll("mbgnbd")),
             ll_bgnbd=md_escape(ll("bgnbd")))


def clv_bands(values: pd.Series, bins: int = 30) -> pd.DataFrame:
    """Histogram of CLV for the page: ``lower, upper, customers`` over ``bins`` equal-width bands up to the
    99th percentile (the few above are counted in the last band), so the chart's size never grows."""
    v = pd.to_numeric(values, errors="coerce").dropna().to_numpy()
    if len(v) == 0:
        return pd.DataFrame({"lower": [], "upper": [], "customers": []})
    hi = float(np.quantile(v, 0.99)) or float(v.max()) or 1.0
    edges = np.linspace(min(0.0, float(v.min())), hi, int(bins) + 1)
    counts, _ = np.histogram(np.clip(v, edges[0], edges[-1]), bins=edges)
    return pd.DataFrame({"lower": edges[:-1], "upper": edges[1:], "customers": counts.astype("int64")})


def tab_notes(snapshot, name: str, lang: str, currency: str) -> list[tuple[str, str]]:
    """What a segmentation tab says above its parameters: ``(kind, text)`` with kind ``markdown``, ``info``,
    ``warning``, ``error`` or ``caption`` — stored parameters that could not be used first, then the
    framework's explanation and what the data allowed (thresholds in use, customers without a score,
    dimensions skipped)."""
    record = get(name)
    notes = []
    problem = snapshot.problems.get(record.settings)
    if problem is not None:
        notes.append(("error", t("segments.params_reset", lang, detail=problem.display_text(lang))))
    return notes + record.notes(snapshot.infos[name], snapshot.n_customers, lang, currency)


def tab_charts(snapshot, name: str, profile: pd.DataFrame, lang: str, currency: str) -> list:
    """The charts of one segmentation's tab, in display order (``profile`` in the order the table shows)."""
    record = get(name)
    if record.charts is None:
        return []
    return record.charts(snapshot.table, snapshot.summary, snapshot.infos[name], profile, lang, currency)


def tab_chart_notes(snapshot, name: str, lang: str) -> list[tuple[str, str]]:
    """What a tab says below its charts: what they leave out or bend (a sample, clipped values, empty scores)."""
    return get(name).chart_notes(snapshot.table, snapshot.summary, snapshot.infos[name], lang)


def clv_bands_note(values: pd.Series, lang: str, currency: str) -> str | None:
    """The CLV histogram's last band also counts the highest 1% (up to the maximum): say so, with the amount."""
    v = pd.to_numeric(values, errors="coerce").dropna()
    if len(v) == 0:
        return None
    cut, top = float(np.quantile(v.to_numpy(), 0.99)), float(v.max())
    if top <= cut:
        return None
    return t("segments.clv.top_band", lang, cut=md_escape(fmt_money(cut, lang, currency=currency)),
             top=md_escape(fmt_money(top, lang, currency=currency)), n=fmt_count(int((v > cut).sum())))


def profile_of(ws, name: str, lang: str) -> pd.DataFrame:
    """The profile a tab shows: the snapshot's profile of ``name`` with the mean CLV, in reading order.
    Depends on the segment and the CLV settings: cache it on both."""
    from workbench.clv import values
    from workbench.segments.provider import snapshot

    return ordered_profile(snapshot(ws).profile(name, lang, values(ws)["clv"]), name)


def kpi_figures(ws, picked: Any, start: Any, end: Any, channels: tuple[str, ...], cities: tuple[str, ...]):
    """KPIs and cohorts of a selection (a segment ``picked`` as ``(segmentation, segment)`` or None, a
    period, channels, cities). Depends on the segment settings when a segment is picked: cache on them."""
    from workbench.customers.summary import OrderFilter
    from workbench.segments.provider import snapshot

    ids = kpi_segment_ids(snapshot(ws).table, picked)
    flt = OrderFilter(start=start, end=end, channels=channels, cities=cities, customer_ids=ids)
    return kpis.kpis(ws, flt), kpis.cohort_retention(ws, flt)
