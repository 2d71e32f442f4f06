"""The charts' data and encodings, and what the page shows: the board table and its edits, the detail form's
edits, text that stays text."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from workbench import roadmap
from workbench.roadmap import charts, config, display
from workbench.roadmap.plan import build_plan


@pytest.fixture
def plan_ws(ws):
    cfg = config.load_config(ws)
    phases = [dict(p) for p in cfg.phases]
    phases[0]["budget"] = 1000
    config.save_plan(ws, dt.date(2026, 11, 1), phases, cfg.revisions["plan"])
    base = {"status": "planned", "owner": "O", "kpi": "K"}
    a = roadmap.create_initiative(ws, "Alpha", start_month=0, duration_months=3, budget=900, strategy="loyalty",
                                  reach=100, impact=2, confidence=0.8, effort=2, **base)
    roadmap.create_initiative(ws, "Beta", start_month=2, duration_months=2, budget=300, depends_on=[a],
                              strategy="pricing", reach=50, impact=0.5, confidence=0.5, effort=4, **base)
    roadmap.create_initiative(ws, "Gamma idea", reach=10, impact=1, confidence=1.0, effort=1)
    return ws


def test_gantt_bars_links_bands_and_today(plan_ws):
    plan = build_plan(plan_ws, "en", today=dt.date(2026, 12, 16))
    bars = charts.gantt_frame(plan, "en", "CNY")
    assert bars["row"].tolist() == ["#1 Alpha", "#2 Beta"]  # the idea is on the board, not on the plan
    assert bars[["start_month", "end_month"]].values.tolist() == [[0, 3], [2, 4]]
    assert bars["start"].tolist()[1] == pd.Timestamp("2027-01-01") and bars["end"].tolist()[1] == pd.Timestamp(
        "2027-03-01")
    assert bars["dimension"].tolist() == ["emotion", "product"] and bars["budget_text"].tolist()[0] == "¥900"
    # Beta starts before Alpha ends; the short term's overrun (1,200 against 1,000) is the phase's, not a bar's
    assert bars["warning"].tolist() == [False, True]
    links = charts.links_frame(plan, bars)
    assert links[["from_id", "to_id", "point", "early"]].values.tolist() == [[1, 2, 0, True], [1, 2, 1, True]]
    assert links["x"].tolist() == [pd.Timestamp("2027-02-01"), pd.Timestamp("2027-01-01")]
    spec = charts.gantt_chart(plan, "en", "CNY").to_dict()
    assert any(p.get("name") == charts.GANTT_SELECTION for p in spec.get("params", []) +
               [q for layer in spec["layer"] for q in layer.get("params", [])])
    marks = [layer["mark"]["type"] if isinstance(layer["mark"], dict) else layer["mark"] for layer in spec["layer"]]
    assert marks == ["rect", "text", "bar", "line", "point", "rule", "text"]  # bands, names, bars, links, today
    assert plan.today == pytest.approx(1 + 15 / 31)


def test_a_bar_without_a_strategy_is_grey_and_named_no_dimension(plan_ws):
    """An initiative on the plan without a strategy (the store gives NaN, not None, for it beside others that
    have one) is drawn in the "no dimension" colour and named so, never as the raw "roadmap.dimension.nan"."""
    from workbench.i18n import t

    roadmap.create_initiative(plan_ws, "No strategy", status="planned", start_month=1, duration_months=1)
    bars = charts.gantt_frame(build_plan(plan_ws, "en"), "en", "CNY").set_index("title")
    assert bars.at["No strategy", "dimension"] == ""
    assert bars.at["No strategy", "dimension_label"] == t("roadmap.dimension.none", "en")
    assert bars.at["Alpha", "dimension_label"] == t("roadmap.dimension.emotion", "en")


def test_an_idea_never_reaches_the_gantt_and_nothing_breaks_on_an_empty_plan(ws):
    plan = build_plan(ws, "en")
    assert charts.gantt_frame(plan, "en", "CNY").empty
    charts.gantt_chart(plan, "en", "CNY").to_dict()
    charts.budget_chart(plan, "en", "CNY").to_dict()
    charts.impact_effort_chart(plan, "zh").to_dict()


def test_capacity_and_matrix_frames(plan_ws):
    plan = build_plan(plan_ws, "zh")
    q = charts.capacity_frame(plan, "zh")
    # Alpha 300 a month for months 0-2, Beta 150 a month for months 2-3: Q1 900 + 150 = 1050, Q2 150
    assert q["budget"].tolist()[:2] == [1050, 150]
    # the short term's 1,000 over 6 months: 500 a quarter
    assert q["budget_capacity"].tolist()[:2] == [500, 500] and q["budget_over"].tolist()[:2] == [True, False]
    assert q["label"].tolist()[0] == "第1季 · 2026-11"
    # the short term as a whole (1,200 against 1,000) is over: its over quarter is red, not amber
    assert q["phase_budget_over"].tolist()[:2] == [True, True] and not q["phase_budget_over"].tolist()[2]
    spec = charts.budget_chart(plan, "zh", "CNY").to_dict()
    bars = next(layer for layer in spec["layer"] if layer["mark"]["type"] == "bar")
    assert bars["encoding"]["color"] == {"field": "colour", "type": "nominal", "scale": None, "legend": None}
    colours = spec["datasets"][bars["data"]["name"]]
    assert [row["colour"] for row in colours[:3]] == [charts.WARN_COLOUR, "#1f6fb2", "#1f6fb2"]
    m = charts.matrix_frame(plan, "en").set_index("initiative_id")
    # median effort 2: Alpha (impact 2, effort 2) a quick win, Beta (0.5, 4) a money pit, Gamma (1, 1) quick win
    assert m["quadrant"].to_dict() == {1: "quick_win", 2: "money_pit", 3: "quick_win"}


def test_goal_frame_steps_from_the_baseline():
    targets = pd.DataFrame({"name": ["P", "S"], "month": [3, 6], "target": [0.32, 0.34],
                            "projected": [float("nan"), 0.335]})
    df = charts.goal_frame(targets, 0.30, "en")
    assert df[["month", "value", "series"]].values.tolist() == [[0, 0.30, "target"], [3, 0.32, "target"],
                                                               [6, 0.34, "target"], [6, 0.335, "projected"]]


def test_board_edits_become_updates_creates_and_deletes(plan_ws):
    plan = build_plan(plan_ws, "en")
    base = display.board_frame(plan)
    assert base["title"].tolist()[0] == "Alpha"  # ranked: Alpha's RICE 100·2·0.8/2 = 80 beats Gamma's 10
    edited = base.copy()
    edited.loc[edited["title"] == "Beta", "start_month"] = 3
    edited = edited[edited["title"] != "Gamma idea"]
    edited = pd.concat([edited, pd.DataFrame([{"title": "Delta", "budget": 5.0}])], ignore_index=True)
    changes = display.board_changes(base, edited, plan)
    assert changes["updates"] == [(2, 1, {"start_month": 3})]
    assert changes["deletes"] == [(3, 1)] and changes["creates"] == [{"title": "Delta", "budget": 5.0}]
    roadmap.apply_changes(plan_ws, **changes)
    after = build_plan(plan_ws, "en").frame.set_index("title")
    assert after.at["Beta", "start_month"] == 3 and "Gamma idea" not in after.index and "Delta" in after.index
    # nothing edited: nothing to save
    assert display.board_changes(base, base.copy(), plan) == {"updates": [], "creates": [], "deletes": [],
                                                             "titles": changes["titles"]}


def test_weighted_scores_are_edited_as_one_column_per_criterion(plan_ws):
    cfg = config.load_config(plan_ws)
    config.save_priority(plan_ws, "weighted", cfg.criteria, "en", cfg.revisions["priority"])
    plan = build_plan(plan_ws, "en")
    base = display.board_frame(plan)
    assert "crit_customer_value" in base.columns and "reach" not in base.columns
    edited = base.copy()
    edited.loc[edited["title"] == "Alpha", "crit_customer_value"] = 5
    edited.loc[edited["title"] == "Alpha", "crit_cost"] = 1
    changes = display.board_changes(base, edited, plan)
    assert changes["updates"] == [(1, 1, {"scores": {"customer_value": 5, "cost": 1}})]
    roadmap.apply_changes(plan_ws, **changes)
    # (3·5 + 2·(6−1)) / 5 = 5
    assert build_plan(plan_ws, "en").frame.set_index("title").at["Alpha", "weighted"] == pytest.approx(5.0)


def test_detail_changes_convert_percentages_and_the_segment(plan_ws):
    plan = build_plan(plan_ws, "en")
    fields = {f["name"]: f["value"] for f in display.detail_fields(plan, 1, "en", "CNY", [])}
    assert fields["title"] == "Alpha" and fields["depends_on"] == [] and fields["segment"] == ("", "")
    values = dict(fields, effect_frequency=5.0, budget=1200.0, depends_on=[3])
    changes = display.detail_changes(plan, 1, values, "en")
    assert changes == {"effect_frequency": 0.05, "budget": 1200.0, "depends_on": [3]}


def test_user_text_stays_text_in_warnings(ws):
    a = roadmap.create_initiative(ws, "[click](http://evil.example) **bold**", status="planned")
    plan = build_plan(ws, "en")
    texts = display.initiative_warnings(plan, a, "en", "CNY")
    assert texts and all("[click](http" not in x and "**bold**" not in x for x in texts)
    assert display.choices(plan, "en")[a].startswith(f"#{a} [click]")  # a label for a picker: plain text


def test_a_quarter_over_its_share_of_a_phase_within_capacity_is_amber(plan_ws):
    cfg = config.load_config(plan_ws)
    phases = [dict(p) for p in cfg.phases]
    phases[0]["budget"] = 1200  # Alpha 900 + Beta 300: the short term exactly at capacity
    config.save_plan(plan_ws, cfg.start, phases, cfg.revisions["plan"])
    plan = build_plan(plan_ws, "en")
    q = charts.capacity_frame(plan, "en")
    # Q1: 900 + 150 = 1,050 against 3 × 200 = 600 → over its share; the phase as a whole is not over
    assert q["budget_over"].tolist()[0] and not q["phase_budget_over"].tolist()[0]
    assert "over_budget" not in set(plan.warnings["kind"])  # (Beta's early start is still warned about)
    spec = charts.budget_chart(plan, "en", "CNY").to_dict()
    bars = next(layer for layer in spec["layer"] if layer["mark"]["type"] == "bar")
    assert spec["datasets"][bars["data"]["name"]][0]["colour"] == charts.AMBER
