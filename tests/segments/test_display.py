"""What the Segments page shows, on hand-made inputs whose display was worked out by hand."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pandas as pd
import pytest
from helpers import insert_rows

from workbench import clv
from workbench import segments as seg
from workbench.customers import summary as summ
from workbench.i18n import t
from workbench.report import files
from workbench.segments import display as view
from workbench.segments import export

NAN = float("nan")


# -- profile tables -----------------------------------------------------------------------------------


def _profile(rows: list[dict]) -> pd.DataFrame:
    base = {"label": "", "customers": 0, "customer_share": 0.0, "revenue": 0.0, "revenue_share": 0.0, "aov": NAN,
            "purchases_per_customer": NAN, "repeat_share": NAN, "clv": NAN, "csat": NAN, "nps": NAN}
    return pd.DataFrame([{**base, **r} for r in rows])


def test_rfm_segments_are_ranked_by_revenue_with_other_last():
    profile = _profile([
        {"segment": "champions", "revenue": 100.0, "customers": 1},
        {"segment": "loyal", "revenue": 300.0, "customers": 3},
        {"segment": "other", "revenue": 500.0, "customers": 2},
        {"segment": "at_risk", "revenue": 300.0, "customers": 5},
    ])
    # by revenue: at_risk and loyal tie at 300 → more customers first (at_risk 5 > loyal 3), then champions;
    # "other" last although it has the most revenue
    assert list(view.ordered_profile(profile, "rfm")["segment"]) == ["at_risk", "loyal", "champions", "other"]
    empty_other = profile.assign(customers=[1, 3, 0, 5])
    assert list(view.ordered_profile(empty_other, "rfm")["segment"]) == ["at_risk", "loyal", "champions"]
    # other frameworks keep their own order (tiers platinum → bronze, whatever the revenue)
    tiers = _profile([{"segment": s, "revenue": r} for s, r in
                      (("platinum", 1.0), ("gold", 9.0), ("silver", 5.0), ("bronze", 7.0))])
    assert list(view.ordered_profile(tiers, "tier")["segment"]) == ["platinum", "gold", "silver", "bronze"]


def test_profile_table_formats_every_figure_and_translates_headers():
    profile = _profile([
        {"segment": "key", "label": "关键客户（VIP）", "customers": 1929, "customer_share": 0.24113,
         "revenue": 4954767.45, "revenue_share": 0.80007, "aov": 43.6505, "purchases_per_customer": 58.844,
         "repeat_share": 1.0, "clv": 1087.4077, "csat": 3.7022, "nps": NAN},
        {"segment": "negative", "label": "负价值客户", "customers": 0},
    ])
    styler = view.profile_table(profile, "zh", "CNY")
    header, *rows = [line.split("\t") for line in styler.to_string(delimiter="\t").splitlines()]
    assert header == [t(f"segments.col.{c}", "zh") for c in (
        "label", "customers", "customer_share", "revenue", "revenue_share", "aov", "purchases_per_customer",
        "repeat_share", "clv", "csat")]  # no NPS column: nobody has an NPS answer
    assert rows[0] == ["关键客户（VIP）", "1,929", "24.1%", "¥4,954,767", "80.0%", "¥43.65", "58.8",
                       "100.0%", "¥1,087", "3.70"]
    # an empty level: counts and shares are zero, per-customer figures unknown
    assert rows[1] == ["负价值客户", "0", "0.0%", "¥0", "0.0%", "–", "–", "–", "–", "–"]
    # the figures underneath stay numbers, so the page right-aligns them
    assert styler.data[t("segments.col.revenue", "zh")].tolist() == [4954767.45, 0.0]
    assert view.segment_choices(profile) == ["key"]


def test_initiative_fields_name_the_segment_and_carry_its_figures():
    profile = _profile([{"segment": "key", "label": "Key", "customers": 2, "customer_share": 0.5,
                         "revenue_share": 0.8, "repeat_share": 1.0}])
    fields = view.initiative_fields(profile, "pyramid", "key", "en")
    assert fields == {
        "title": "Customer pyramid: Key customers (VIP)", "source_kind": "segment",
        "target_segment": "Key customers (VIP)", "source_ref": {"segmentation": "pyramid", "segment": "key"},
        "description": "Target segment: 2 customers (50.0% of all), 80.0% of revenue, 100.0% bought again.",
    }



def test_initiative_description_writes_counts_with_separators():
    # 12,345 of 49,380 customers = 25.0%
    profile = _profile([{"segment": "key", "label": "Key", "customers": 12345, "customer_share": 0.25,
                         "revenue_share": 0.8, "repeat_share": 0.5}])
    fields = view.initiative_fields(profile, "pyramid", "key", "en")
    assert fields["description"] == ("Target segment: 12,345 customers (25.0% of all), 80.0% of revenue, "
                                      "50.0% bought again.")
    # an empty segment (no revenue at all): unknown shares read "–", never "nan%"
    empty = _profile([{"segment": "key", "label": "Key", "customers": 0, "customer_share": 0.0,
                       "revenue_share": float("nan"), "repeat_share": float("nan")}])
    assert view.initiative_fields(empty, "pyramid", "key", "zh")["description"] == (
        "目标客群：0 位客户（占 0.0%），贡献 – 的收入，曾复购客户占比 –。")


# -- parameter widgets ----------------------------------------------------------------------------------


def _fields(name: str, lang: str) -> list[dict]:
    """The widget specs of a segmentation's parameters at their defaults."""
    return view.param_fields(seg.PARAM_SPECS[name], f"segments.param.{name}", seg.merge_params(name), lang)


def test_shares_are_edited_in_percent_and_stored_as_fractions():
    fields = {f["name"]: f for f in _fields("pyramid", "en")}
    key = fields["key_share"]
    assert (key["value"], key["lo"], key["hi"], key["step"]) == (80.0, 5.0, 100.0, 5.0)
    assert key["label"] == "Key customers up to cumulative share (%)"
    basis = fields["basis"]
    assert basis["kind"] == "choice" and basis["value"] == "revenue"
    assert basis["choice_labels"]["profit"] == t("segments.choice.profit", "en")
    stored = view.params_from_form(seg.PARAM_SPECS["pyramid"],
                                   {"basis": "profit", "key_share": 50.0, "ordinary_share": 95.0})
    assert stored == {"basis": "profit", "key_share": 0.5, "ordinary_share": 0.95}
    # growth thresholds are fractions too (0.30 = 30%), integers stay integers
    growth = {f["name"]: f for f in _fields("quadrant", "zh")}["growth_abs"]
    assert growth["value"] == 30.0 and growth["lo"] == -100.0 and growth["hi"] is None
    tier = {f["name"]: f for f in _fields("rfm", "en")}["platinum_min"]
    assert (tier["kind"], tier["value"], tier["lo"], tier["hi"]) == ("int", 13, 3, 15)
    assert view.params_from_form(seg.PARAM_SPECS["rfm"], {"platinum_min": 14}) == {"platinum_min": 14}


# -- tab texts ------------------------------------------------------------------------------------------


def test_tab_notes_explain_and_name_what_the_data_lacks():
    infos = {
        "churn": {"skipped": ["usage", "community"], "n_lapsed": 15_678, "typical_rhythm_days": 41.4,
                  "params": seg.merge_params("churn")},
        "sat_loyalty": {"measure": None},
        "quadrant": {"value_threshold": 101.2, "growth_threshold": -0.26, "n_no_history": 3661, "n_inactive": 0,
                     "flags": []},
        "pyramid": {"params": {"key_share": 0.8, "ordinary_share": 0.95}, "basis_fallback": True, "n_inactive": 0,
                    "top_shares": {0.01: 0.12, 0.05: 0.37, 0.1: 0.55, 0.2: 0.75}},
    }
    churn = seg.REGISTRY["churn"].notes(infos["churn"], 23_570, "en", "CNY")
    assert churn[0] == ("markdown", t("segments.explain.churn", "en"))
    assert churn[1][0] == "caption" and churn[1][1].startswith("15,678 of 23,570 customers have already lapsed")
    assert "typical gap of 41 days" in churn[1][1]
    dims = t("segments.churn_dim.usage", "en") + ", " + t("segments.churn_dim.community", "en")
    assert churn[2] == ("warning", t("segments.churn.skipped", "en", dims=dims))
    no_measure = seg.REGISTRY["sat_loyalty"].notes(infos["sat_loyalty"], 10, "zh", "CNY")[1]
    assert no_measure == ("warning", t("segments.sat.no_measure", "zh"))
    quadrant = seg.REGISTRY["quadrant"].notes(infos["quadrant"], 10, "en", "CNY")[1]
    assert quadrant == ("caption", t("segments.quadrant.used", "en", value="¥101", growth="\\-26%", n="3,661",
                                     inactive="0"))
    pyramid = seg.REGISTRY["pyramid"].notes(infos["pyramid"], 10, "en", "CNY")
    assert [kind for kind, _ in pyramid] == ["markdown", "info", "markdown"]
    assert pyramid[2][1] == ("The top 1% of customers bring 12%, the top 5% 37%, the top 10% 55% and the top "
                             "20% 75%.")



def test_pyramid_note_left_out_when_no_customer_has_value():
    # every customer's value is 0: the top shares are 0 / 0 (NaN), and "the top 1% bring nan%" says nothing
    infos = {"pyramid": {"params": {"key_share": 0.8, "ordinary_share": 0.95}, "basis_fallback": False,
                         "n_inactive": 0, "top_shares": {0.01: NAN, 0.05: NAN, 0.1: NAN, 0.2: NAN}}}
    for lang in ("zh", "en"):
        notes = seg.REGISTRY["pyramid"].notes(infos["pyramid"], 3, lang, "CNY")
        assert notes == [("markdown", t("segments.explain.pyramid", lang, key=0.8, ordinary=0.95))]


def test_sat_loyalty_note_counts_with_separators():
    infos = {"sat_loyalty": {"measure": "csat", "n_no_score": 1234}}
    assert seg.REGISTRY["sat_loyalty"].notes(infos["sat_loyalty"], 56789, "en", "CNY")[1] == (
        "info", "Satisfaction measure: CSAT. 1,234 of 56,789 customers have no score and are shown as “No score”.")


# -- KPI, CLV and model-check cards ----------------------------------------------------------------------


def test_kpi_cards_show_money_in_yuan_and_unknowns_as_dash():
    figures = {"customers": 5819, "orders": 76804, "revenue": 3241159.0, "aov": 42.2017, "arpu": 557.0,
               "repurchase_rate": 0.824, "nps": None}
    triples = view.kpi_cards(figures, "en", "CNY")
    cards = {label: text for label, text, _ in triples}
    helps = {label: exact for label, _, exact in triples}
    assert len(cards) == 15
    assert helps["Revenue"] == "¥3,241,159"  # the exact amount behind "¥3.2M"
    assert helps["Orders"] is None
    assert cards["Active customers"] == "5,819"
    assert cards["Revenue"] == "¥3.2M"
    assert cards["Average order value"] == "¥42.20"
    assert cards["ARPU"] == "¥557"
    assert cards["Repurchase rate"] == "82.4%"
    assert cards["NPS"] == "–"


def test_periods_and_model_check_dates():
    first, last = dt.date(2025, 3, 1), dt.date(2026, 10, 31)
    # 364 days before 31 Oct 2026 is 1 Nov 2025: a full year ending on the last day of data
    assert view.default_period(first, last) == (dt.date(2025, 11, 1), last)
    assert view.default_period(dt.date(2026, 6, 1), last) == (dt.date(2026, 6, 1), last)  # less than a year
    assert view.period_bounds((first, last)) == (first, last)
    assert view.period_bounds((first,)) == (first, first)  # the user is still picking the end
    assert view.period_bounds(()) == (None, None)
    summary = pd.DataFrame({"first_purchase": pd.to_datetime(["2024-01-05", "2024-03-01"]),
                            "last_purchase": pd.to_datetime(["2024-12-31", "2024-06-01"])})
    # 182 days before 31 Dec 2024 is 2 Jul 2024
    assert view.check_default_dates(summary) == (dt.date(2024, 1, 5), dt.date(2024, 12, 31), dt.date(2024, 7, 2))


def test_model_usable_and_parameter_line():
    class Model:
        kind = "bgnbd"

        def __init__(self, **params):
            self.params = params

    assert clv.model_usable(Model(r=0.24, alpha=4.41))
    assert not clv.model_usable(Model(r=NAN, alpha=4.41))
    assert not clv.model_usable(None)
    text = view.clv_params_text(Model(r=0.2425, alpha=4.414, a=0.793, b=2.426), Model(p=6.25, q=3.74, v=15.44), "en")
    assert text == ("BG/NBD parameters (time unit: weeks): r = 0.242, α = 4.41, a = 0.793, b = 2.43; "
                    "Gamma-Gamma: p = 6.25, q = 3.74, γ = 15.4.")


def test_clv_and_check_metrics():
    value = pd.DataFrame({"clv": [100.0, 300.0, NAN], "p_alive": [0.5, 1.0, NAN]})
    # mean over the two known values 200, total 400, mean P(alive) 75%
    assert [v for _, v in view.clv_metrics(value, 12, "en", "CNY")] == ["¥200", "¥400", "75%"]
    errors = pd.DataFrame({"mae": [2.33, 2.51, 3.10], "pct_error": [1.7, 9.3, -5.0],
                           "log_likelihood": [-9582.13, -9582.43, NAN]}, index=["mbgnbd", "bgnbd", "naive"])
    check = {"errors": errors, "customers": 6326, "best": "mbgnbd"}
    cards = view.check_metrics(check, "en")
    assert [c["value"] for c in cards] == ["6,326", "2.33", "2.51"]
    assert cards[1]["label"] == "MBG/NBD: error per customer"
    assert cards[1]["delta"] == "-0.77 vs naive baseline"  # 2.33 - 3.10: the model is better
    assert cards[2]["delta"] == "-0.59 vs naive baseline"  # 2.51 - 3.10
    assert cards[1]["help"].endswith("Error on the total +1.7% (naive baseline -5.0%); calibration "
                                     "log-likelihood -9,582.1.")
    verdict = view.check_verdict(check, "en")
    assert "MBG/NBD **2.33**, BG/NBD **2.51**, naive baseline **3.10**" in verdict
    assert "**MBG/NBD** predicts better" in verdict
    assert "error on total holdout purchases: MBG/NBD +1.7%, BG/NBD +9.3%, naive baseline -5.0%" in verdict


# -- on a small workspace: member lists and the KPI segment filter ---------------------------------------

# Revenue A 300, B 100, D 80, C 20 (total 500): customers ranked by revenue, cumulative share before each
# A 0, B .6, D .8, C .96 → with the 80% default the key customers are A and B
ORDERS = pd.DataFrame({
    "order_id": [str(i) for i in range(9)],
    "customer_id": ["A", "A", "A", "B", "B", "C", "D", "D", "A"],
    "order_ts": pd.to_datetime(["2024-01-05", "2024-06-01", "2024-12-20", "2024-11-01", "2024-12-30",
                                "2024-02-01", "2024-12-31", "2024-03-03", "2023-12-01"]),
    "amount": [100.0, 100, 50, 50, 50, 20, 40, 40, 50],
    "channel": ["门店"] * 9, "city": ["上海"] * 9,
})


@pytest.fixture
def segmented(make_workspace):
    ws = make_workspace("small", orders=ORDERS)
    insert_rows(ws, "customers", pd.DataFrame({"customer_id": ["A", "B"], "csat": [5.0, 2.0]}))
    summary = summ.customer_summary(ws)
    table, infos = seg.segment_all(summary)
    bg, gg, _ = clv.fit_models(summary)
    return summary, table, clv.customer_value(summary, bg, gg)


def test_member_list_is_a_bom_csv_of_the_segments_members(segmented):
    summary, table, value = segmented
    mask = seg.members_of(table, "pyramid", "key").to_numpy()
    data = files.csv_bytes(export.export_table(summary[mask], table[mask], value[mask], lang="zh"))
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data[3:].decode("utf-8"))))
    header, body = rows[0], rows[1:]
    assert header[:5] == ["customer_id", "frequency", "recency", "T", "monetary_value"]
    assert sorted(r[0] for r in body) == ["A", "B"]
    assert {r[header.index("pyramid")] for r in body} == {t("segments.seg.pyramid.key", "zh")}
    # A bought on 4 days (3 repeats), B on 2 (1 repeat)
    assert {r[0]: int(float(r[1])) for r in body} == {"A": 3, "B": 1}
    assert export.member_file_name("rfm", "全部 1/2") == "rfm_全部_1_2.csv"
    assert export.member_file_name("tier", "gold") == "tier_gold.csv"


def test_kpi_segment_options_list_non_empty_segments_with_sizes(segmented):
    summary, table, _ = segmented
    snap = seg.Snapshot(key=(), params={}, problems={}, infos={}, _summary=summary, _table=table)
    options = view.kpi_segment_options(snap.options("en"), "en")
    assert next(iter(options)) is None and options[None] == "All customers"
    assert options[("pyramid", "key")] == "Customer pyramid: Key customers (VIP) (2 customers)"
    assert ("pyramid", "negative") not in options  # nobody there: not offered
    assert sum(1 for k in options if k and k[0] == "pyramid") == 3  # key, ordinary, small


def test_rfm_rules_are_edited_by_name_and_stored_by_code():
    rules = [("champions", "5[4-5]"), ("大客户", "[4-5]."), ("other_name", "..")]
    frame = view.rfm_rules_frame(rules, "zh")
    assert list(frame["segment"]) == ["冠军客户", "大客户", "other_name"]
    assert list(frame["pattern"]) == ["5[4-5]", "[4-5].", ".."]
    # names of built-in segments in either language go back to their codes; the rest are kept as typed
    rows = [("冠军客户", "5[4-5]"), (" Loyal customers ", "4."), ("大客户", "3."), (None, None), (NAN, "..")]
    assert view.rfm_rules_from_editor(rows, "zh") == [("champions", "5[4-5]"), ("loyal", "4."), ("大客户", "3."),
                                                      ("", ""), ("", "..")]


def test_public_names_are_this_modules_own():
    # number formats are imported from workbench.core.formatting where they live, not re-exported from here
    own = [n for n in view.__all__ if callable(getattr(view, n))]
    assert own and all(getattr(view, n).__module__ == view.__name__ for n in own), own
