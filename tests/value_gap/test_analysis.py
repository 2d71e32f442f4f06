"""The whole analysis on small hand-made workspaces: bad input gets a clear note and the rest still shows;
segments through the survey column or a customer_id → segment frame; the overall measure from the customers'
CSAT; stored edits with revisions and conflicts; competitors, perceived value and layers by hand."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from workbench import value_gap as vg
from workbench.value_gap import store
from workbench.value_gap.competitors import benchmark
from workbench.value_gap.value import layer_gaps, perceived_value

ATTRS = ("speed", "taste", "price")


def _survey(n=20, kano=True, seed=0, flat=None, overall=True):
    """n respondents rating three attributes (and overall satisfaction) on 1–7; half linked to customers."""
    rng = np.random.default_rng(seed)
    rows = []
    for i in range(n):
        rid, cid = f"R{i:03d}", (f"C{i:03d}" if i % 2 == 0 else None)
        seg = "students" if i % 3 == 0 else "office"
        perf = {}
        for a in ATTRS:
            perf[a] = 5.0 if a == flat else float(rng.integers(2, 8))
            rows.append((rid, cid, seg, a, "附加价值", float(rng.integers(4, 8)), float(rng.integers(4, 8)), perf[a],
                         float(rng.integers(3, 7)), 1 if kano else None, 5 if kano else None))
        if overall:
            score = float(np.clip(round(0.5 * perf["speed"] + 0.3 * perf["taste"] + rng.normal(0, 0.5) + 1), 1, 7))
            rows.append((rid, cid, seg, "总体满意度", None, None, None, score, None, None, None))
    return pd.DataFrame(rows, columns=list(store.SURVEY_COLUMNS))


def test_a_survey_without_kano_pairs_says_so_and_the_rest_shows(make_workspace):
    ws = make_workspace("t", survey=_survey(kano=False))
    view = vg.analyse(ws)
    assert ("info", "value_gap.note.no_kano", {}) in view.notes["kano"]
    assert view.kano.empty
    assert list(view.gaps["attribute"]) and set(view.gaps["attribute"]) == set(ATTRS)  # the overall is not a driver


def test_too_few_respondents_for_derived_importance_names_the_number(make_workspace):
    ws = make_workspace("t", survey=_survey(n=20))
    view = vg.analyse(ws)
    assert ("warning", "value_gap.error.too_few_respondents", {"n": 20, "needed": 74, "k": 3}) in view.notes["derived"]
    assert view.derived["table"].empty and len(view.gaps) == 3 and len(view.kano) == 3


def test_an_attribute_with_no_variation_is_left_out_of_derived_importance(make_workspace):
    ws = make_workspace("t", survey=_survey(n=120, flat="price"))
    view = vg.analyse(ws)
    kinds = {key: params for _, key, params in view.notes["derived"]}
    assert kinds == {"value_gap.note.no_variation": {"attributes": "price"}}
    assert set(view.derived["table"]["attribute"]) == {"speed", "taste"}
    assert view.derived["source"] == "attribute" and view.derived["n_used"] == 120
    price = view.gaps.set_index("attribute").loc["price"]
    assert price["performance"] == 5.0 and not np.isnan(price["gap"])  # the gap still shows


def test_overall_measure_from_the_customers_csat(make_workspace):
    survey = _survey(n=200, overall=False)
    ids = survey["customer_id"].dropna().unique()
    customers = pd.DataFrame({"customer_id": ids, "csat": np.resize([1.0, 2, 3, 4, 5], len(ids))})
    ws = make_workspace("t", survey=survey, customers=customers)
    view = vg.analyse(ws)
    assert view.derived["source"] == "csat"
    # only linked respondents have a CSAT: the 100 without a customer id are dropped, and counted
    assert view.derived["n_used"] == 100 and view.derived["n_dropped"] == 100
    nps = vg.analyse(ws, settings={**vg.DEFAULTS, "overall": "nps"})  # no NPS in these customers
    assert nps.notes["derived"][0][1] == "value_gap.note.no_overall"


def test_segments_from_the_survey_and_from_a_customer_frame(make_workspace):
    ws = make_workspace("t", survey=_survey(n=30))
    students = vg.analyse(ws, "students")
    assert students.respondents == 10 and vg.analyse(ws).respondents == 30
    mapping = pd.DataFrame({"customer_id": ["C000", "C002", "C004", "C999"], "segment": ["vip", "vip", "new", "vip"]})
    view = vg.analyse(ws, "vip", mapping)
    assert view.respondents == 2 and view.segments == ("new", "vip")
    assert ("caption", "value_gap.note.unplaced", {"n": 27}) in view.notes["gaps"]
    assert vg.segment_values(vg.read_survey(ws), mapping) == ["new", "vip"]
    assert set(view.per_segment["segment"]) == {vg.ALL, "new", "vip"}


def test_a_competitor_with_no_ratings_is_named_and_the_others_show(make_workspace):
    ws = make_workspace("t", survey=_survey())
    vg.save_settings(ws, survey_competitor="Corner", competitors=["Cloud"])
    view = vg.analyse(ws)
    assert ("warning", "value_gap.note.competitor_unrated", {"name": "Cloud"}) in view.notes["competitors"]
    assert set(view.competitors["who"]) == {"__us__", "Corner"} and len(view.benchmark) == 3


def test_no_survey_at_all_still_shows_typed_rows(make_workspace):
    ws = make_workspace("t")
    store.save_rows(ws, [{"attribute": "lockers", "origin": "typed", "revision": 0, "importance": 5.0,
                          "expectation": 6.0, "performance": 4.0, "dimension": "time_cost", "layer": "value_added"}])
    view = vg.analyse(ws)
    assert ("info", "value_gap.note.no_survey", {}) in view.notes["gaps"]
    assert view.gaps["priority"].tolist() == [10.0] and view.gaps["origin"].tolist() == ["typed"]
    assert view.layers["layer"].tolist() == ["value_added"]


def test_edits_carry_revisions_and_two_participants_conflict(manager, make_workspace):
    ws = make_workspace("t", survey=_survey())
    store.save_rows(ws, [{"attribute": "speed", "origin": "survey", "revision": 0, "dimension": "time_cost"}])
    first = store.read_attributes(ws).set_index("attribute")
    assert first.loc["speed", "revision"] == 1
    # participant A saves on revision 1; participant B, still on revision 1, is refused and nothing is written
    store.save_rows(ws, [{"attribute": "speed", "origin": "survey", "revision": 1, "dimension": "functional"}])
    with pytest.raises(vg.ValueGapConflict) as err:
        store.save_rows(ws, [{"attribute": "taste", "origin": "survey", "revision": 0, "dimension": "functional"},
                             {"attribute": "speed", "origin": "survey", "revision": 1, "dimension": "social"}])
    assert err.value.params == {"attribute": "speed"}
    after = store.read_attributes(ws).set_index("attribute")
    assert list(after.index) == ["speed"] and after.loc["speed", "dimension"] == "functional"
    assert after.loc["speed", "revision"] == 2
    with pytest.raises(vg.ValueGapConflict):  # a row someone else created meanwhile
        store.save_rows(ws, [{"attribute": "speed", "origin": "survey", "revision": 0}])


def test_typed_rows_validate_with_row_numbers_and_rename():
    meta = pd.DataFrame([{"attribute": "lockers", "origin": "typed", "display_name": None, "dimension": "time_cost",
                          "layer": "value_added", "importance": 5.0, "expectation": 6.0, "performance": 4.0,
                          "competitors": {"Cloud": 5.0}, "kano_category": None, "is_overall": False, "position": 1,
                          "revision": 3}])
    before = vg.typed_frame(meta, ["Cloud"])
    after = before.copy()
    after.loc[0, "importance"] = 6.5
    rows, gone = vg.typed_changes(before, after, meta, ["speed"], ["Cloud"], (1, 7))
    assert gone == [] and rows[0]["revision"] == 3 and rows[0]["importance"] == 6.5
    assert rows[0]["competitors"] == {"Cloud": 5.0}
    renamed = before.assign(attribute="pickup lockers")
    rows, gone = vg.typed_changes(before, renamed, meta, ["speed"], ["Cloud"], (1, 7))
    assert gone == [("lockers", 3)] and rows[0]["attribute"] == "pickup lockers" and rows[0]["revision"] == 0
    for column, value, key in (("importance", 9.0, "value_gap.error.bad_rating"),
                               ("performance", "high", "value_gap.error.bad_rating"),
                               ("attribute", "speed", "value_gap.error.name_taken"),
                               ("attribute", "", "value_gap.error.name_empty"),
                               ("dimension", "fun", "value_gap.error.bad_choice")):
        bad = before.copy().astype({column: object})
        bad.loc[0, column] = value
        with pytest.raises(vg.ValueGapConflict.__mro__[1]) as err:
            vg.typed_changes(before, bad, meta, ["speed"], ["Cloud"], (1, 7))
        assert err.value.key == key and err.value.params["row"] == 1


def test_marking_a_new_overall_attribute_unmarks_the_old_one_only_when_asked():
    meta = pd.DataFrame(columns=["attribute", "origin", "display_name", "dimension", "layer", "importance",
                                 "expectation", "performance", "competitors", "kano_category", "is_overall",
                                 "position", "revision"])
    before = vg.survey_frame(["speed", "总体满意度"], meta, [], {}, "总体满意度")
    assert before["is_overall"].tolist() == [False, True]
    both = before.assign(is_overall=[True, True])
    with pytest.raises(Exception) as err:
        vg.survey_changes(before, both, meta, [], (1, 7))
    assert err.value.key == "value_gap.error.two_overall"
    moved = before.assign(is_overall=[True, False])
    rows = vg.survey_changes(before, moved, meta, [], (1, 7))
    assert {r["attribute"]: r["is_overall"] for r in rows} == {"speed": True, "总体满意度": False}


def test_benchmark_perceived_value_and_layers_by_hand():
    gaps = pd.DataFrame({"attribute": ["a", "b", "c"], "label": ["a", "b", "c"], "performance": [5.0, 4.0, 3.0]})
    ratings = {"X": {"a": 4.0, "b": 4.02}, "Y": {"a": 4.5, "b": 5.0}}
    b = benchmark(gaps, ratings).set_index("attribute")
    assert b.loc["a", ["best_competitor", "gap_to_best", "position"]].tolist() == ["Y", 0.5, "lead"]
    assert b.loc["b", ["best_competitor", "gap_to_best", "position"]].tolist() == ["Y", -1.0, "trail"]
    assert "c" not in b.index
    assert vg.unrated({"X": {}, "Y": {"a": 1.0}}, ["X", "Y", "Z"]) == ["X", "Z"]
    # benefits: functional 6 (importance 2) and emotional 4 (importance 1) -> (12 + 4) / 3 = 5.333;
    # money cost rated 5 on 1–7 -> burden 1 + 7 − 5 = 3; perceived value 2.333
    per = pd.DataFrame({"segment": ["s"] * 3, "dimension": ["functional", "emotional", "money_cost"],
                        "importance": [2.0, 1.0, 5.0], "performance": [6.0, 4.0, 5.0]})
    v = perceived_value(per, (1, 7)).iloc[0]
    assert v["benefits"] == pytest.approx(16 / 3) and v["costs"] == pytest.approx(3.0)
    assert v["money_cost"] == pytest.approx(3.0) and v["perceived_value"] == pytest.approx(16 / 3 - 3)
    layers = layer_gaps(pd.DataFrame({"layer": ["basic", "differentiation", "basic", None],
                                      "importance": [6.0, 3.0, 4.0, 5.0], "gap": [-1.0, 1.0, -0.5, -2.0],
                                      "priority": [6.0, -3.0, 2.0, 10.0],
                                      "status": ["shortfall", "surplus", "on_par", "shortfall"]}),
                        ("basic", "value_added", "differentiation"))
    assert layers["layer"].tolist() == ["basic", "differentiation"]
    assert layers.iloc[0][["attributes", "importance", "gap", "priority", "shortfalls"]].tolist() == [2, 5.0, -0.75,
                                                                                                      8.0, 1]


def test_the_analysis_is_computed_once_until_something_it_reads_changes(make_workspace, monkeypatch):
    """The page asks on every run (a slider, a tab): a counter, not a timer, shows it is computed once, and
    again after an attribute edit, a setting, a survey import and a change of segment."""
    from helpers import insert_rows

    from workbench.value_gap import analysis

    ws = make_workspace("t", survey=_survey())
    runs = []
    real = analysis._analyse
    monkeypatch.setattr(analysis, "_analyse", lambda *a, **k: runs.append(1) or real(*a, **k))
    first = vg.analyse(ws)
    assert vg.analyse(ws) is first and vg.analyse(ws, None, None, vg.load_settings(ws)) is first
    assert len(runs) == 1
    store.save_rows(ws, [{"attribute": "speed", "origin": "survey", "revision": 0, "dimension": "time_cost"}])
    edited = vg.analyse(ws)
    assert len(runs) == 2 and edited is not first
    vg.save_settings(ws, kano_band=0.1)
    vg.analyse(ws)
    assert len(runs) == 3
    vg.analyse(ws, "students")
    assert len(runs) == 4
    insert_rows(ws, "survey", _survey(n=3, seed=9).assign(respondent_id=lambda d: "N" + d["respondent_id"]))
    assert vg.analyse(ws).respondents == first.respondents + 3  # recomputed on the new data
    assert len(runs) == 5
    # a customer → segment frame without its identity is computed each time (nothing to key it by)
    mapping = pd.DataFrame({"customer_id": ["C000", "C002"], "segment": ["a", "b"]})
    vg.analyse(ws, None, mapping)
    vg.analyse(ws, None, mapping)
    assert len(runs) == 7
    vg.analyse(ws, None, mapping, mapping_key=("snapshot-1", "tier"))
    vg.analyse(ws, None, mapping, mapping_key=("snapshot-1", "tier"))
    assert len(runs) == 8
