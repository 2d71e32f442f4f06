"""Phase assignment at the boundaries, the plan's calendar, phase validation, and capacity sums worked by hand."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from workbench.core.errors import WorkbenchError
from workbench.roadmap import capacity, phases
from workbench.roadmap.phases import DEFAULT_PHASES, phase_of, validate_phases


def test_the_sources_phases_and_their_boundaries():
    # short term 0-6 months, mid 6-18, long 18-36: a phase holds the months up to, not including, its end
    starts = [0, 5, 6, 17, 18, 35, 36, 40, None]
    assert phase_of(starts, DEFAULT_PHASES).tolist() == [0, 0, 1, 1, 2, 2, pd.NA, pd.NA, pd.NA]
    frame = phases.phases_frame(DEFAULT_PHASES, "zh")
    assert frame["name"].tolist() == ["短期", "中期", "长期"]
    assert frame[["start_month", "end_month", "months"]].values.tolist() == [[0, 6, 6], [6, 18, 12], [18, 36, 18]]
    assert phases.phases_frame(DEFAULT_PHASES, "en")["name"].tolist() == ["Short term", "Mid term", "Long term"]


def test_edited_boundaries_move_the_phase_an_initiative_is_in():
    edited = validate_phases([{"name": "Now", "end": 3}, {"name": "Next", "end": 12}])
    assert phase_of([2, 3, 11, 12], edited).tolist() == [0, 1, 1, pd.NA]
    assert phases.horizon(edited) == 12


def test_phase_rows_are_checked_with_the_row_named():
    cases = [
        ([{"name": "A", "end": 6}, {"name": "B", "end": 6}], "roadmap.error.phase_order", {"row": 2}),
        ([{"name": " ", "end": 6}], "roadmap.error.phase_name", {"row": 1}),
        ([{"name": "A", "end": 121}], "roadmap.error.phase_end", {"row": 1}),
        ([{"name": "A", "end": 2.5}], "roadmap.error.phase_end", {"row": 1}),
        ([{"name": "A", "end": 6, "budget": -1}], "roadmap.error.capacity", {"row": 1}),
        ([{"name": "A", "end": 6}, {"name": "B", "end": 9, "headcount": "many"}], "roadmap.error.capacity",
         {"row": 2}),
        ([{"name": "", "end": None}], "roadmap.error.no_phases", {}),
    ]
    for rows, key, params in cases:
        with pytest.raises(WorkbenchError) as e:
            validate_phases(rows)
        assert e.value.key == key
        assert all(e.value.params[k] == v for k, v in params.items())
    # a default phase keeps its key (its name translates); blank capacity is no limit
    kept = validate_phases([{"key": "short", "name": "", "end": 6, "budget": None, "headcount": float("nan")}])
    assert kept == [{"key": "short", "name": "", "end": 6, "budget": None, "headcount": None}]


def test_the_plans_calendar():
    start = dt.date(2026, 11, 1)
    assert phases.month_label(start, 0) == "2026-11"
    assert phases.month_label(start, 2) == "2027-01"
    assert phases.month_label(start, 14) == "2028-01"
    assert phases.month_offset(start, dt.date(2026, 11, 1)) == 0
    assert phases.month_offset(start, dt.date(2026, 12, 16)) == pytest.approx(1 + 15 / 31)
    assert phases.month_offset(start, dt.date(2026, 10, 31)) == pytest.approx(-1 + 30 / 31)
    assert phases.parse_month("2027-3") == dt.date(2027, 3, 1)
    with pytest.raises(WorkbenchError) as e:
        phases.parse_month("March")
    assert e.value.key == "roadmap.error.bad_month"


# capacity: short term 0-5 with 600 and 3 people, mid term 6-17 with 1,200 and 2 people, long term unlimited
PHASES = ({"key": "short", "name": "", "end": 6, "budget": 600.0, "headcount": 3.0},
          {"key": "mid", "name": "", "end": 18, "budget": 1200.0, "headcount": 2.0},
          {"key": "long", "name": "", "end": 36, "budget": None, "headcount": None})


def _load():
    # A: months 0-2, 300 (100 a month), 2 people. B: months 2-7, 600 (100 a month), 1 person.
    # C: 0 months at month 6, 50 all in month 6, 1 person that month. D: not scheduled (left out).
    plan = pd.DataFrame({"start_month": [0, 2, 6, None], "duration_months": [3, 6, 0, 2],
                         "budget": [300.0, 600.0, 50.0, 999.0], "headcount": [2.0, 1.0, 1.0, 5.0]})
    return capacity.monthly_load(plan, PHASES)


def test_monthly_budget_and_headcount_by_hand():
    load = _load()
    assert len(load) == 36
    assert load["budget"][:9].tolist() == [100, 100, 200, 100, 100, 100, 150, 100, 0]
    assert load["headcount"][:9].tolist() == [2, 2, 3, 1, 1, 1, 2, 1, 0]
    assert load["initiatives"][:9].tolist() == [1, 1, 2, 1, 1, 1, 2, 1, 0]
    # a month's share of its phase's budget: 600 / 6 = 100 in the short term, 1,200 / 12 = 100 in the mid
    assert load["budget_capacity"][:7].tolist() == [100] * 7
    assert np.isnan(load["budget_capacity"][18])


def test_capacity_sums_per_phase():
    per_phase = capacity.by_phase(_load()).set_index("period")
    # short term: 100 + 100 + 200 + 100 + 100 + 100 = 700 against 600 → over; peak 3 people against 3 → fine
    assert per_phase.loc[0, "budget"] == 700 and per_phase.loc[0, "budget_capacity"] == 600
    assert per_phase.loc[0, "budget_over"] and not per_phase.loc[0, "headcount_over"]
    assert per_phase.loc[0, "headcount_peak"] == 3
    # mid term: 150 + 100 = 250 against 1,200; peak 2 (month 6) against 2 → fine
    assert per_phase.loc[1, "budget"] == 250 and not per_phase.loc[1, "budget_over"]
    assert per_phase.loc[1, "headcount_peak"] == 2 and not per_phase.loc[1, "headcount_over"]
    # long term: nothing planned, no limit
    assert per_phase.loc[2, "budget"] == 0 and np.isnan(per_phase.loc[2, "budget_capacity"])
    assert per_phase["budget"].sum() == 950  # every planned amount lands in exactly one month


def test_capacity_sums_per_quarter():
    quarters = capacity.by_quarter(_load()).set_index("period")
    # Q1 (months 0-2): 400 against 3 × 100 → over; Q2 (3-5): 300 against 300 → exactly at capacity
    assert quarters.loc[0, ["budget", "budget_capacity"]].tolist() == [400, 300]
    assert quarters.loc[0, "budget_over"] and not quarters.loc[1, "budget_over"]
    # Q3 (6-8): 250 against 300; its people: peak 2, capacity 2
    assert quarters.loc[2, ["budget", "budget_capacity", "headcount_peak", "headcount_capacity"]].tolist() == [
        250, 300, 2, 2]


def test_one_more_person_in_a_month_is_over_capacity():
    plan = pd.DataFrame({"start_month": [0, 1], "duration_months": [2, 1], "budget": [0.0, 0.0],
                         "headcount": [2.0, 1.5]})
    per_phase = capacity.by_phase(capacity.monthly_load(plan, PHASES))
    assert per_phase.loc[0, "headcount_peak"] == 3.5 and per_phase.loc[0, "headcount_over"]


def test_months_beyond_the_last_phase_are_counted_but_in_no_phase():
    plan = pd.DataFrame({"start_month": [34], "duration_months": [4], "budget": [400.0], "headcount": [1.0]})
    load = capacity.monthly_load(plan, PHASES)
    assert len(load) == 38 and load["phase"][36:].isna().all()
    assert capacity.by_phase(load).loc[2, "budget"] == 200  # months 34 and 35 are in the long term
    assert capacity.by_quarter(load)["budget"].sum() == 400
