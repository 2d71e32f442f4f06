"""Dependency checks: cycles of several lengths, self-dependency, early starts, fine chains, odd frames."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from workbench.roadmap import dependency_problems
from workbench.roadmap.dependencies import cycles


def _plan(*rows):
    """rows: (id, start, duration, depends_on)."""
    return pd.DataFrame(rows, columns=["initiative_id", "start_month", "duration_months", "depends_on"])


def test_a_fine_chain_has_no_problem():
    # 1 runs months 0-2 and ends at 3; 2 starts at 3 for 2 months (ends 5); 3 starts at 5; 4 starts later
    plan = _plan((1, 0, 3, []), (2, 3, 2, [1]), (3, 5, 1, [2]), (4, 9, 1, [1, 3]))
    assert dependency_problems(plan) == []


def test_starting_a_month_before_the_dependency_ends_is_reported():
    plan = _plan((1, 0, 3, []), (2, 2, 2, [1]), (3, 5, 1, [2]))
    assert dependency_problems(plan) == [("starts_before_dependency_ends", (2, 1))]
    # the same start as the dependency, and a dependency of one month starting later
    plan = _plan((1, 4, 1, []), (2, 4, 6, [1]), (3, 0, 2, [1]))
    assert dependency_problems(plan) == [("starts_before_dependency_ends", (2, 1)),
                                         ("starts_before_dependency_ends", (3, 1))]


def test_a_missing_duration_counts_as_zero_months():
    plan = _plan((1, 4, None, []), (2, 4, 2, [1]))
    assert dependency_problems(plan) == []


def test_unscheduled_initiatives_never_start_early():
    plan = _plan((1, 0, 6, []), (2, None, 2, [1]), (3, 2, 2, [4]), (4, None, None, []))
    assert dependency_problems(plan) == []


def test_self_dependency_is_a_circle_of_one():
    assert dependency_problems(_plan((7, 0, 1, [7]))) == [("cycle", (7,))]


@pytest.mark.parametrize("length", [2, 3, 4, 7])
def test_cycles_of_several_lengths_come_in_their_order_from_the_smallest_id(length):
    # ids 10, 20, ... each depending on the next, the last on the first: 10 → 20 → … → 10
    ids = [10 * (i + 1) for i in range(length)]
    rows = [(i, 12 * k, 1, [ids[(k + 1) % length]]) for k, i in enumerate(ids)]
    rows = rows[1:] + rows[:1]  # the frame's order does not matter
    problems = dependency_problems(_plan(*rows))
    assert problems[0] == ("cycle", tuple(ids))
    assert [k for k, _ in problems].count("cycle") == 1


def test_two_separate_cycles_and_a_tangle():
    # 1 ↔ 2 and 5 → 6 → 7 → 5 are separate circles; 3 depends on 1 (outside any circle)
    plan = _plan((1, 0, 1, [2]), (2, 0, 1, [1]), (3, 6, 1, [1]), (5, 0, 1, [6]), (6, 0, 1, [7]), (7, 0, 1, [5]))
    found = [p for p in dependency_problems(plan) if p[0] == "cycle"]
    assert found == [("cycle", (1, 2)), ("cycle", (5, 6, 7))]
    # 1 ↔ 2 and 2 ↔ 3 share 2: one tangle, its ids sorted
    assert cycles({1: [2], 2: [1, 3], 3: [2]}) == [(1, 2, 3)]


def test_an_unknown_dependency_is_named():
    plan = _plan((1, 0, 1, []), (2, 3, 1, [1, 99]))
    assert dependency_problems(plan) == [("unknown_dependency", (2, 99))]


def test_missing_columns_are_named():
    with pytest.raises(ValueError, match="depends_on"):
        dependency_problems(pd.DataFrame({"initiative_id": [1], "start_month": [0], "duration_months": [1]}))


def test_a_long_chain_does_not_hit_the_recursion_limit():
    n = 5000
    rows = [(i, i, 1, [i - 1] if i else []) for i in range(n)]
    assert dependency_problems(_plan(*rows)) == []
    rows[0] = (0, 0, 1, [n - 1])  # close the chain into one circle of 5,000
    problems = dependency_problems(_plan(*rows))
    assert problems[0][0] == "cycle" and len(problems[0][1]) == n


@given(st.lists(st.tuples(st.integers(0, 14), st.integers(0, 14)), max_size=40), st.integers(0, 14),
       st.integers(0, 14))
def test_dependencies_on_earlier_ids_never_form_a_cycle_and_one_back_edge_does(edges, a, b):
    """Property: a graph where each initiative depends only on smaller ids is acyclic; adding a dependency
    from the smaller to the larger of two connected ids closes a circle containing both."""
    graph: dict[int, list[int]] = {i: [] for i in range(15)}
    for x, y in edges:
        if x > y:
            graph[x].append(y)
    assert cycles(graph) == []
    if a > b:
        graph[a].append(b)
        graph[b].append(a)
        found = cycles(graph)
        assert any(a in c and b in c for c in found)
