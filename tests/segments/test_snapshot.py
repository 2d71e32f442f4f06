"""The one owner of segment data: the snapshot is computed once per data version and segment-settings
version however many callers ask, recomputed after an import or a parameter change, and its figures are
the ones every area shows (hand-worked on tiny workspaces)."""

from __future__ import annotations

import threading

import pandas as pd
import pytest
from helpers import insert_rows

from workbench import clv, journey, segments
from workbench.customers import summary as summary_mod
from workbench.segments import provider as snapshot_mod


@pytest.fixture
def data_ws(make_workspace):
    # A: two orders (100, 50); B: one order (50); C: one order (200). Total revenue 400.
    orders = pd.DataFrame({
        "order_id": ["o1", "o2", "o3", "o4"],
        "customer_id": ["A", "A", "B", "C"],
        "order_ts": pd.to_datetime(["2024-01-01", "2024-02-01", "2024-01-05", "2024-03-01"]),
        "amount": [100.0, 50.0, 50.0, 200.0],
    })
    # csat A=4, B=2, C missing; nps A=10 (promoter), B=5 (detractor), C=8 (passive)
    customers = pd.DataFrame({"customer_id": ["A", "B", "C"], "csat": [4.0, 2.0, None], "nps": [10.0, 5.0, 8.0]})
    return make_workspace("fig", orders=orders, customers=customers)


@pytest.fixture
def counted(monkeypatch):
    """Counts of the expensive steps: the summary SQL and the segment rules."""
    calls = {"summary": 0, "segment_all": 0}
    real_summary, real_segment_all = summary_mod.customer_summary, snapshot_mod.segment_all

    def summary(*args, **kwargs):
        calls["summary"] += 1
        return real_summary(*args, **kwargs)

    def segment_all(*args, **kwargs):
        calls["segment_all"] += 1
        return real_segment_all(*args, **kwargs)

    monkeypatch.setattr(summary_mod, "customer_summary", summary)
    monkeypatch.setattr(snapshot_mod, "segment_all", segment_all)
    return calls


def test_the_snapshot_is_computed_once_however_many_ask(data_ws, counted):
    first = segments.snapshot(data_ws)
    for _ in range(5):  # pages, figures, options, a command and the report asking again
        snap = segments.snapshot(data_ws)
        snap.figures("rfm", "champions"), snap.options("en"), snap.profile("tier", "en")
    journey.figure_rows(segments.snapshot(data_ws).figures(None, None), "en")
    clv.values(data_ws)  # the valuation reads the same summary
    assert counted == {"summary": 1, "segment_all": 1}
    assert segments.snapshot(data_ws) is first


def test_sessions_asking_at_the_same_time_share_one_computation(data_ws, counted):
    results = []
    threads = [threading.Thread(target=lambda: results.append(segments.snapshot(data_ws))) for _ in range(6)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert counted == {"summary": 1, "segment_all": 1}
    assert all(r is results[0] for r in results)


def test_an_import_or_a_parameter_change_recomputes_it(data_ws, counted):
    before = segments.snapshot(data_ws)
    segments.save_params(data_ws, "rfm", {"silver_min": 5, "gold_min": 9, "platinum_min": 12})
    after_params = segments.snapshot(data_ws)
    assert counted == {"summary": 1, "segment_all": 2}  # the summary did not change: only the rules re-ran
    assert after_params.params["rfm"]["silver_min"] == 5 and after_params.key != before.key
    insert_rows(data_ws, "orders", pd.DataFrame({"order_id": ["o5"], "customer_id": ["D"],
                                                 "order_ts": pd.to_datetime(["2024-03-02"]), "amount": [10.0]}))
    after_import = segments.snapshot(data_ws)
    assert counted == {"summary": 2, "segment_all": 3}
    assert after_import.n_customers == 4 and before.n_customers == 3


@pytest.fixture
def rule_runs():
    """How often each segmentation's rule ran (the records are frozen: the rule is swapped in place and
    put back afterwards)."""
    from workbench.segments.registry import REGISTRY

    runs: dict[str, int] = {}
    originals = {name: r.rule for name, r in REGISTRY.items() if r.rule is not None}

    def counting(name, real):
        def rule(summary, params):
            runs[name] = runs.get(name, 0) + 1
            return real(summary, params)
        return rule

    for name, real in originals.items():
        object.__setattr__(REGISTRY[name], "rule", counting(name, real))
    try:
        yield runs
    finally:
        for name, real in originals.items():
            object.__setattr__(REGISTRY[name], "rule", real)


def test_a_parameter_saved_for_one_segmentation_reruns_that_rule_only(data_ws, rule_runs):
    segments.snapshot(data_ws)
    every_rule = dict(rule_runs)
    assert set(every_rule) >= {"rfm", "pyramid", "churn"} and set(every_rule.values()) == {1}
    segments.save_params(data_ws, "pyramid", {"key_share": 0.7})
    after = segments.snapshot(data_ws)
    assert after.params["pyramid"]["key_share"] == 0.7
    assert rule_runs == {**every_rule, "pyramid": 2}  # the other rules' results were reused
    assert after.infos["pyramid"] is not None and list(after.table["customer_id"]) == ["A", "B", "C"]
    insert_rows(data_ws, "orders", pd.DataFrame({"order_id": ["o5"], "customer_id": ["D"],
                                                 "order_ts": pd.to_datetime(["2024-03-02"]), "amount": [10.0]}))
    assert segments.snapshot(data_ws).n_customers == 4
    assert rule_runs == {name: n + 1 for name, n in {**every_rule, "pyramid": 2}.items()}  # new data: all again


def test_tier_cut_offs_saved_under_tier_are_the_ones_used(data_ws):
    """The tiers come from the RFM scores, so their cut-offs live with RFM's parameters; saving them under
    "tier" (as an analyst would) used to be validated, answered as saved, and never read."""
    saved = segments.save_params(data_ws, "tier", {"silver_min": 4, "gold_min": 6, "platinum_min": 8})
    assert (saved["silver_min"], saved["gold_min"], saved["platinum_min"]) == (4, 6, 8)
    snap = segments.snapshot(data_ws)
    assert (snap.params["rfm"]["silver_min"], snap.params["rfm"]["platinum_min"]) == (4, 8)
    # every customer's tier follows the new cut-offs on the total R+F+M score: 8 platinum, 6 gold, 4 silver
    scores = snap.table["r_score"] + snap.table["f_score"] + snap.table["m_score"]
    expected = ["platinum" if s >= 8 else "gold" if s >= 6 else "silver" if s >= 4 else "bronze" for s in scores]
    assert list(snap.table["tier"]) == expected


def test_a_clv_setting_change_leaves_the_snapshot_alone(data_ws, counted):
    before = segments.snapshot(data_ws)
    clv.save_settings(data_ws, {"horizon_months": 6})
    assert segments.snapshot(data_ws) is before and counted["segment_all"] == 1
    assert clv.values(data_ws) is not None


def test_a_caller_changing_its_frames_never_changes_what_others_see(data_ws):
    snap = segments.snapshot(data_ws)
    mine = snap.summary
    mine["revenue"] = 0.0
    mine["extra"] = 1
    table = snap.table
    table.loc[:, "rfm"] = "other"
    again = segments.snapshot(data_ws)
    assert again.summary["revenue"].sum() == 400.0 and "extra" not in again.summary.columns
    assert (again.table["rfm"] != "other").any()


# -- figures (moved from the journey tests: the journey page shows these) -----------------------------------
def test_figures_for_all_customers(data_ws):
    fig = segments.snapshot(data_ws).figures(None, None)
    # 3 buyers, all revenue, 1 of 3 bought again, csat mean (4+2)/2 = 3, NPS = 1/3 − 1/3 = 0
    assert fig["scope"] == "all" and fig["customers"] == 3 and fig["revenue_share"] == 1.0
    assert fig["repeat_share"] == pytest.approx(1 / 3) and fig["csat"] == 3.0 and fig["nps"] == pytest.approx(0.0)
    rows = dict(journey.figure_rows(fig, "en"))
    assert rows["Bought again (share)"] == "33.3%" and rows["Satisfaction (CSAT)"] == "3.00 / 5"


def test_figures_for_a_linked_segment(data_ws):
    snap = segments.snapshot(data_ws)
    found = next((s, g) for s, g, _ in snap.options("en") if set(snap.member_ids(s, g)) == {"A", "B"})
    fig = snap.figures(*found)
    # A+B: revenue 200/400 = 0.5; A bought again → 1/2; csat (4+2)/2 = 3; NPS 50% − 50% = 0
    assert fig["scope"] == "segment" and fig["customers"] == 2
    assert fig["revenue_share"] == pytest.approx(0.5) and fig["repeat_share"] == pytest.approx(0.5)
    assert fig["csat"] == pytest.approx(3.0) and fig["nps"] == pytest.approx(0.0)
    empty = snap.figures("rfm", "nobody")
    assert empty["customers"] == 0 and empty["revenue_share"] == 0.0 and pd.isna(empty["repeat_share"])
    gone = snap.figures("no_such_segmentation", "x")  # a link to a framework that no longer exists
    assert gone["customers"] == 0


def test_two_orders_on_one_day_are_one_purchase(make_workspace):
    # A orders twice on 2024-03-01 (one purchase day), B once, C once: nobody bought on two days, so the
    # repeat share is 0 — for all customers and for any segment — as the summary counts purchase days
    orders = pd.DataFrame({
        "order_id": ["o1", "o2", "o3", "o4"], "customer_id": ["A", "A", "B", "C"],
        "order_ts": pd.to_datetime(["2024-03-01 09:00", "2024-03-01 17:00", "2024-02-01 10:00",
                                    "2024-03-02 10:00"]),
        "amount": [10.0] * 4})
    snap = segments.snapshot(make_workspace("days", orders=orders))
    assert snap.figures(None, None)["repeat_share"] == 0.0
    s, g = next((s, g) for s, g, _ in snap.options("en") if "A" in snap.member_ids(s, g))
    assert snap.figures(s, g)["repeat_share"] == 0.0
    profile = snap.profile(s, "en").set_index("segment")
    assert profile.loc[g, "repeat_share"] == 0.0  # the profile and the figures: one definition


def test_options_keep_the_current_link_with_zero_customers(manager):
    ws = manager.create("empty")
    snap = segments.snapshot(ws)
    assert snap.options("en") == []
    assert snap.options("en", ("rfm", "at_risk")) == [("rfm", "at_risk", "RFM segments: At risk (0 customers)")]


def test_figures_without_orders(manager):
    fig = segments.snapshot(manager.create("none")).figures(None, None)
    assert fig["customers"] == 0 and pd.isna(fig["repeat_share"])
    assert dict(journey.figure_rows(fig, "zh"))["曾复购客户占比"] == "–"
