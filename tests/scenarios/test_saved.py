"""Scenarios saved in the workspace: names, duplicates, renames, deletes, revisions between two participants,
definitions checked on every write, and scenarios that no longer fit the data still loading."""

from __future__ import annotations

import pytest

from workbench import scenarios
from workbench.core.errors import WorkbenchError
from workbench.core.store import WorkspaceManager
from workbench.scenarios import store


def test_create_list_and_find_them_again_after_a_restart(shop, home):
    first = scenarios.create_scenario(shop, "  VIP   retention +5 ", segmentation="pyramid",
                                      levers={"key": {"retention_pp": 5, "frequency_pct": 0}})
    second = scenarios.create_scenario(shop, "路线图", segmentation="tier", roadmap=True, timing="ramp")
    # another process opening the same folder (a restarted server) finds both, as saved
    other = WorkspaceManager(home)
    try:
        found = scenarios.list_scenarios(other.open("shop"))
    finally:
        other.close_all()
    assert [(s.scenario_id, s.name, s.revision) for s in found] == [(first, "VIP retention +5", 1),
                                                                     (second, "路线图", 1)]
    vip = found[0]
    assert vip.spec["levers"] == {"key": {"retention_pp": 5.0}}  # a lever at 0 is not kept
    assert vip.spec["months"] == 36 and vip.spec["discount_rate"] is None and not vip.spec["roadmap"]
    assert vip.levers("key") == {"retention_pp": 5.0, "frequency_pct": 0.0, "aov_pct": 0.0, "acquisition_pct": 0.0,
                                 "cost_once": 0.0, "cost_monthly": 0.0}
    assert found[1].spec["timing"] == "ramp"


def test_names_are_required_unique_ignoring_case_and_one_line(shop):
    scenarios.create_scenario(shop, "Base case", segmentation="all")
    for name, key in (("base CASE", "scenarios.error.name_taken"), ("   ", "scenarios.error.name_empty"),
                      ("x" * 81, "scenarios.error.name_long")):
        with pytest.raises(WorkbenchError) as err:
            scenarios.create_scenario(shop, name, segmentation="all")
        assert err.value.key == key
    assert len(scenarios.list_scenarios(shop)) == 1
    sid = scenarios.create_scenario(shop, "two\nlines", segmentation="all")
    assert scenarios.get_scenario(shop, sid).name == "two lines"


def test_duplicate_rename_and_delete(shop):
    sid = scenarios.create_scenario(shop, "Plan", segmentation="all", levers={"all": {"aov_pct": 0.1}})
    copy = scenarios.duplicate_scenario(shop, sid)
    again = scenarios.duplicate_scenario(shop, sid)
    assert [s.name for s in scenarios.list_scenarios(shop)] == ["Plan", "Plan (2)", "Plan (3)"]
    assert scenarios.get_scenario(shop, copy).spec == scenarios.get_scenario(shop, sid).spec
    named = scenarios.duplicate_scenario(shop, sid, "Plan, cautious")
    renamed = scenarios.update_scenario(shop, copy, {"name": "Plan, bold"}, 1)
    assert renamed.name == "Plan, bold" and renamed.revision == 2
    with pytest.raises(WorkbenchError) as err:
        scenarios.update_scenario(shop, again, {"name": "plan, BOLD"}, 1)
    assert err.value.key == "scenarios.error.name_taken"
    scenarios.delete_scenario(shop, named, 1)
    assert [s.name for s in scenarios.list_scenarios(shop)] == ["Plan", "Plan, bold", "Plan (3)"]


def test_two_participants_never_overwrite_each_other(shop):
    sid = scenarios.create_scenario(shop, "Shared", segmentation="all")
    loaded_by_a = loaded_by_b = scenarios.get_scenario(shop, sid)
    saved_by_a = scenarios.update_scenario(shop, sid, {"levers": {"all": {"retention_pp": 3}}}, loaded_by_a.revision)
    assert saved_by_a.revision == 2
    with pytest.raises(scenarios.ScenarioConflict) as err:  # B still shows revision 1
        scenarios.update_scenario(shop, sid, {"levers": {"all": {"retention_pp": -4}}}, loaded_by_b.revision)
    assert err.value.key == "scenarios.error.conflict" and (err.value.loaded, err.value.stored) == (1, 2)
    assert "Shared" in err.value.text("en")
    assert scenarios.get_scenario(shop, sid).spec["levers"] == {"all": {"retention_pp": 3.0}}  # A's change stands
    with pytest.raises(scenarios.ScenarioConflict):  # nor can B delete what A changed since
        scenarios.delete_scenario(shop, sid, 1)
    scenarios.delete_scenario(shop, sid, 2)
    with pytest.raises(scenarios.ScenarioConflict) as err:  # and a save to a scenario deleted meanwhile says so
        scenarios.update_scenario(shop, sid, {"months": 12}, 2)
    assert err.value.key == "scenarios.error.gone"


@pytest.mark.parametrize("spec, key", [
    ({"months": 40}, "scenarios.error.months"),
    ({"months": 0}, "scenarios.error.months"),
    ({"discount_rate": 1.2}, "scenarios.error.discount"),
    ({"levers": {"all": {"retention_pp": 150}}}, "scenarios.error.lever_value"),
    ({"levers": {"all": {"cost_monthly": -5}}}, "scenarios.error.lever_value"),
    ({"levers": {"all": {"loyalty": 1}}}, "scenarios.error.lever_name"),
    ({"ranges": {"all": {"aov_pct": [0.2, 0.1]}}}, "scenarios.error.range"),
    ({"confidence": 1.5}, "scenarios.error.confidence"),
    ({"ramp_months": 2.5}, "scenarios.error.ramp"),
    ({"timing": "soon"}, "scenarios.error.timing"),
    ({"roadmap": "yes"}, "scenarios.error.flag"),
    ({"colour": "blue"}, "scenarios.error.spec_field"),
    ({"segmentation": "loyalty_ladder"}, "scenarios.error.segmentation"),
    ({"segmentation": "tags"}, "scenarios.error.segmentation"),
])
def test_a_bad_definition_is_refused_and_nothing_is_saved(shop, spec, key):
    with pytest.raises(WorkbenchError) as err:
        scenarios.create_scenario(shop, "Bad", **spec)
    assert err.value.key == key
    assert scenarios.list_scenarios(shop) == []


def test_a_bad_edit_leaves_the_saved_scenario_as_it_was(shop):
    sid = scenarios.create_scenario(shop, "Keep", segmentation="all", levers={"all": {"aov_pct": 0.05}})
    with pytest.raises(WorkbenchError):
        scenarios.update_scenario(shop, sid, {"months": 48}, 1)
    kept = scenarios.get_scenario(shop, sid)
    assert kept.revision == 1 and kept.spec["months"] == 36 and kept.spec["levers"] == {"all": {"aov_pct": 0.05}}


def test_a_scenario_whose_segmentation_was_changed_stays_saved_and_says_why_it_cannot_run(shop):
    sid = scenarios.create_scenario(shop, "Old split", segmentation="churn", levers={"low": {"retention_pp": 2},
                                                                                   "diamond": {"aov_pct": 0.2}})
    # a segment of it no longer exists: the scenario runs, that lever is kept but does not act; the churn
    # warning's lapsed customers (B C D E, and I, silent three times longer than its rhythm) have no retention
    # cohort: they are left out with a note
    result = scenarios.run(shop, scenarios.get_scenario(shop, sid))
    assert ("scenarios.note.lever_segment_gone", {"segments": "diamond"}) in result.notes
    assert ("scenarios.note.no_history", {"segments": ["lapsed"]}) in result.notes
    assert "lapsed" not in result.segments and "low" in result.segments
    assert scenarios.get_scenario(shop, sid).spec["levers"]["diamond"] == {"aov_pct": 0.2}
    # its segmentation is gone altogether (stored by an older release): it loads, and running it is an error
    with shop.transaction() as cur:
        store.update_scenario(cur, sid, "Old split", {**scenarios.get_scenario(shop, sid).spec,
                                                      "segmentation": "loyalty_ladder"}, 2)
    stale = scenarios.get_scenario(shop, sid)
    assert stale.spec["segmentation"] == "loyalty_ladder"
    with pytest.raises(WorkbenchError) as err:
        scenarios.run(shop, stale)
    assert err.value.key == "scenarios.error.segmentation"
    # choosing another segmentation brings it back
    fixed = scenarios.update_scenario(shop, sid, {"segmentation": "all"}, stale.revision)
    assert scenarios.run(shop, fixed).totals().iloc[-1]["revenue"] > 0


def test_a_missing_scenario_is_a_clear_error(shop):
    with pytest.raises(WorkbenchError) as err:
        scenarios.get_scenario(shop, 42)
    assert err.value.key == "scenarios.error.not_found"
