"""The plan every view reads: its frame, its warnings (each kind made to happen once), a gone segment that
leaves the rest of the plan shown, the library, and the demo's plan."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from workbench import roadmap, segments
from workbench.i18n import t
from workbench.roadmap import config, library
from workbench.roadmap.model import STRATEGY_CHOICES
from workbench.roadmap.plan import PLAN_COLUMNS, WARNING_COLUMNS, build_plan


def _kinds(plan):
    return sorted(plan.warnings["kind"])


def test_the_plan_frame_has_its_documented_columns_even_when_empty(ws):
    plan = build_plan(ws, "en")
    assert list(plan.frame.columns) == list(PLAN_COLUMNS) and plan.frame.empty
    assert list(plan.warnings.columns) == list(WARNING_COLUMNS) and plan.warnings.empty
    assert plan.phases["name"].tolist() == ["Short term", "Mid term", "Long term"]
    assert len(plan.load) == 36 and plan.by_phase["budget"].sum() == 0


def test_derived_columns_of_an_initiative(ws):
    a = roadmap.create_initiative(ws, "Tiers", strategy="loyalty", status="planned", start_month=6,
                                  duration_months=4, reach=450, impact=3, confidence=1.0, effort=2, owner="M",
                                  kpi="复购率")
    cfg = config.load_config(ws)
    config.save_plan(ws, dt.date(2026, 11, 1), [dict(p) for p in cfg.phases], cfg.revisions["plan"])
    row = build_plan(ws, "zh").frame.set_index("initiative_id").loc[a]
    assert (row["dimension"], row["phase"], row["phase_name"], row["end_month"]) == ("emotion", 1, "中期", 10)
    assert (row["start_label"], row["end_label"]) == ("2027-05", "2027-08")  # months 6-9 from 2026-11
    assert (row["rice"], row["rank"], row["on_plan"]) == (675, 1, True)
    assert row["source_label"] == t("roadmap.source.none", "zh") and row["warnings"] == []


def test_every_warning_kind_on_one_plan(ws):
    cfg = config.load_config(ws)
    phases = [dict(p) for p in cfg.phases]
    phases[0].update(budget=100, headcount=1)
    config.save_plan(ws, cfg.start, phases, cfg.revisions["plan"])
    base = {"owner": "O", "kpi": "K", "status": "planned"}
    a = roadmap.create_initiative(ws, "A", start_month=0, duration_months=2, budget=150, headcount=2, **base)
    b = roadmap.create_initiative(ws, "B", start_month=1, duration_months=1, depends_on=[a], **base)
    idea = roadmap.create_initiative(ws, "Idea", status="idea")  # no owner, no KPI: fine on the board
    c = roadmap.create_initiative(ws, "C", start_month=30, duration_months=12, depends_on=[idea], **base)
    d = roadmap.create_initiative(ws, "D", status="planned")  # no start, no owner, no KPI
    e = roadmap.create_initiative(ws, "E", start_month=20, duration_months=1, **base)
    f = roadmap.create_initiative(ws, "F", start_month=20, duration_months=1, depends_on=[e], **base)
    roadmap.update_initiative(ws, e, {"depends_on": [f]}, 1)
    plan = build_plan(ws, "en")
    w = plan.warnings
    assert w.iloc[0]["kind"] == "cycle" and w.iloc[0]["ids"] == (e, f)
    expected = {("starts_before_dependency_ends", (b, a)), ("dependency_not_on_plan", (c, idea)),
                ("over_budget", ()), ("over_headcount", ()), ("not_scheduled", (d,)), ("ends_after_plan", (c,)),
                ("no_owner", (d,)), ("no_kpi", (d,)), ("cycle", (e, f)), ("starts_before_dependency_ends", (e, f)),
                ("starts_before_dependency_ends", (f, e))}
    assert {(k, tuple(i)) for k, i in zip(w["kind"], w["ids"])} == expected
    over = w[w["kind"] == "over_budget"].iloc[0]
    assert over["phase"] == 0 and over["params"] == {"budget": 150.0, "capacity": 100.0}
    assert w[w["kind"] == "over_headcount"].iloc[0]["params"] == {"peak": 2.0, "capacity": 1.0}
    flagged = plan.frame.set_index("initiative_id")["warnings"]
    assert flagged[b] == ["starts_before_dependency_ends"] and flagged[a] == [] and flagged[idea] == []
    # the texts name the initiatives, the phase and the amounts
    from workbench.roadmap import display

    texts = display.warning_texts(plan, "en", "CNY")
    assert any(f"#{b} B starts in" in x and f"#{a} A" in x for x in texts)
    assert any(x.startswith("Short term is over budget: ¥150 planned against ¥100") for x in texts)


def test_moving_a_start_month_changes_the_warnings_and_the_capacity(ws):
    a = roadmap.create_initiative(ws, "A", status="planned", start_month=0, duration_months=3, budget=300,
                                  owner="O", kpi="K")
    b = roadmap.create_initiative(ws, "B", status="planned", start_month=3, duration_months=3, budget=600,
                                  depends_on=[a], owner="O", kpi="K")
    before = build_plan(ws, "en")
    assert before.warnings.empty and before.by_phase.loc[0, "budget"] == 900
    roadmap.update_initiative(ws, b, {"start_month": 6}, 1)
    after = build_plan(ws, "en")
    assert after.warnings.empty
    assert after.by_phase.loc[[0, 1], "budget"].tolist() == [300, 600]
    roadmap.update_initiative(ws, b, {"start_month": 2}, 2)
    assert _kinds(build_plan(ws, "en")) == ["starts_before_dependency_ends"]


def test_an_initiative_whose_segment_is_gone_is_flagged_and_the_plan_still_shown(data_ws):
    snap = segments.snapshot(data_ws)
    segment = snap.segments("rfm")[0]
    a = roadmap.create_initiative(data_ws, "For a segment", source_kind="segment",
                                  source_ref={"segmentation": "rfm", "segment": segment})
    b = roadmap.create_initiative(data_ws, "Other", status="planned", start_month=0, duration_months=1, owner="O",
                                  kpi="K")
    assert build_plan(data_ws, "en").warnings.empty
    # the room rewrites the RFM rules: that segment no longer exists
    segments.save_rfm_patterns(data_ws, [["everyone", ".*"]])
    plan = build_plan(data_ws, "zh")
    assert plan.warnings["kind"].tolist() == ["segment_gone"] and plan.warnings.iloc[0]["ids"] == (a,)
    assert set(plan.frame["initiative_id"]) == {a, b}  # nothing hidden, nothing deleted
    row = plan.frame.set_index("initiative_id").loc[a]
    assert row["segment_exists"] is False or not row["segment_exists"]
    from workbench.roadmap import display

    assert "已不存在" in display.warning_texts(plan, "zh", "CNY")[0]


def test_the_library_is_complete_in_both_languages():
    frame_zh, frame_en = library.library_frame("zh"), library.library_frame("en")
    assert len(frame_zh) == len(library.LIBRARY) >= 20
    assert set(frame_zh["group"]) == set(library.GROUPS)
    for f in (frame_zh, frame_en):
        assert not f["title"].str.startswith("roadmap.").any() and not f["description"].str.startswith("roadmap.").any()
    from workbench.customers.kpis import KPIS

    for s in library.LIBRARY.values():
        assert s.strategy in STRATEGY_CHOICES and s.kpi in KPIS
        assert s.impact in (3, 2, 1, 0.5, 0.25) and s.confidence in (1.0, 0.8, 0.5) and s.effort > 0
        if s.segment:
            assert s.segment[0] in segments.REGISTRY and s.segment[1] in segments.SEGMENTS[s.segment[0]]
    # the nine strategies and the four dimensions are all suggested
    assert set(frame_zh.loc[frame_zh["group"] == "strategy", "strategy"]) == set(roadmap.STRATEGIES)
    assert set(frame_zh.loc[frame_zh["group"] == "dimension", "strategy"]) == set(roadmap.DIMENSIONS)


def test_adding_a_suggestion_for_a_segment(data_ws):
    snap = segments.snapshot(data_ws)
    segment = snap.segments("tier")[0]
    new = roadmap.add_from_library(data_ws, "platinum_benefits", "en", ("tier", segment))
    row = roadmap.get_initiative(data_ws, new)
    assert row["title"] == t("roadmap.lib.platinum_benefits.title", "en")
    assert row["reach"] == int(snap.members("tier", segment).sum())  # the segment's size is the reach
    assert (row["segmentation"], row["segment"], row["status"]) == ("tier", segment, "idea")
    assert "assumptions" in row["description"] and "retention +2 pts" in row["description"]
    assert row["source_kind"] == "library" and row["source_ref"] == {"item": "platinum_benefits"}
    label = build_plan(data_ws, "zh").frame.set_index("initiative_id").at[new, "source_label"]
    assert label == t("roadmap.source.library", "zh", group=t("roadmap.lib_group.tier", "zh"))


def test_the_demo_plan(manager):
    from workbench.demo import build_demo

    ws = build_demo(manager, "en")
    plan = build_plan(ws, "en", today=dt.date(2026, 12, 1))
    frame = plan.frame
    assert len(frame) == 15 and frame["on_plan"].sum() == 12
    assert sorted(frame.loc[frame["on_plan"], "phase"].value_counts().to_dict().items()) == [(0, 5), (1, 4), (2, 3)]
    assert set(frame["source_kind"]) == {"segment", "journey_pain", "journey_opportunity", "library"}
    # the one deliberate problem: the short term is over budget (790,000 against 600,000)
    assert plan.warnings["kind"].tolist() == ["over_budget"]
    assert plan.warnings.iloc[0]["params"] == {"budget": 790_000.0, "capacity": 600_000.0}
    assert plan.today == pytest.approx(1.0)  # December is the plan's second month
    # the goal: repurchase rate +10%, its baseline from the sample data
    assert plan.config.goal["kpi"] == "repurchase_rate" and plan.config.goal["change"] == 0.10
    # the segments' and journey's own buttons now offer the existing initiative instead of a duplicate
    churn = frame[frame["source_kind"] == "segment"].iloc[0]
    assert roadmap.initiative_from(ws, "segment", churn["source_ref"]) == churn["initiative_id"]
    assert pd.notna(frame.loc[frame["on_plan"], "owner"]).all()
