"""Dependency checks: initiatives that depend on each other in a circle, and initiatives scheduled to start
before what they depend on ends.

``A depends on B`` means A cannot start before B ends: B runs months ``start … start+duration-1`` and ends
at ``start + duration``, so A may start at that month or later.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np
import pandas as pd

__all__ = ["PROBLEM_KINDS", "REQUIRED_COLUMNS", "dependency_problems", "cycles"]

#: What :func:`dependency_problems` reports. ``unknown_dependency``: an id that is not in the frame (the
#: store never keeps one; a hand-made frame may).
PROBLEM_KINDS: tuple[str, ...] = ("cycle", "starts_before_dependency_ends", "unknown_dependency")
REQUIRED_COLUMNS: tuple[str, ...] = ("initiative_id", "start_month", "duration_months", "depends_on")


def _deps(value: Any) -> list[int]:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return []
    if isinstance(value, (int, np.integer)):
        return [int(value)]
    return [int(v) for v in value]


def cycles(graph: Mapping[int, Iterable[int]]) -> list[tuple[int, ...]]:
    """Every group of initiatives that depend on each other in a circle (the strongly connected components
    with more than one member, or one that depends on itself), found with Tarjan's algorithm (iterative, so
    long chains never hit the recursion limit). A group that is a simple circle comes in its order, from its
    smallest id along the dependencies (``(1, 2, 3)``: 1 depends on 2, 2 on 3, 3 on 1); a tangle of several
    circles as its sorted ids. Groups are sorted by their first id."""
    nodes = sorted(set(graph) | {d for deps in graph.values() for d in deps})
    succ = {n: sorted(set(graph.get(n, ()))) for n in nodes}
    index: dict[int, int] = {}
    low: dict[int, int] = {}
    on_stack: set[int] = set()
    stack: list[int] = []
    found: list[tuple[int, ...]] = []
    counter = 0
    for root in nodes:
        if root in index:
            continue
        work = [(root, 0)]
        while work:
            node, i = work.pop()
            if i == 0:
                index[node] = low[node] = counter
                counter += 1
                stack.append(node)
                on_stack.add(node)
            recurse = False
            for j in range(i, len(succ[node])):
                nxt = succ[node][j]
                if nxt not in index:
                    work.append((node, j + 1))
                    work.append((nxt, 0))
                    recurse = True
                    break
                if nxt in on_stack:
                    low[node] = min(low[node], index[nxt])
            if recurse:
                continue
            if work and low[node] < low[work[-1][0]]:
                low[work[-1][0]] = low[node]
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1 or node in succ[node]:
                    found.append(_cycle_order(sorted(component), succ))
    return sorted(found, key=lambda c: (min(c), c))


def _cycle_order(members: list[int], succ: Mapping[int, list[int]]) -> tuple[int, ...]:
    """A component in circle order when each member depends on exactly one other member, else sorted."""
    inside = set(members)
    nxt = {m: [s for s in succ[m] if s in inside] for m in members}
    if len(members) == 1 or any(len(v) != 1 for v in nxt.values()):
        return tuple(members)
    order = [members[0]]
    while len(order) < len(members):
        order.append(nxt[order[-1]][0])
    return tuple(order)


def dependency_problems(initiatives: pd.DataFrame) -> list[tuple[str, tuple[int, ...]]]:
    """Problems of a plan's dependencies, as ``(kind, ids)``:

    * ``("cycle", ids)`` — these initiatives depend on each other in a circle (see :func:`cycles`; an
      initiative depending on itself is a circle of one);
    * ``("starts_before_dependency_ends", (a, b))`` — ``a`` depends on ``b`` but starts before ``b`` ends
      (``start_a < start_b + duration_b``; a missing duration counts as 0);
    * ``("unknown_dependency", (a, b))`` — ``a`` depends on ``b``, which is not in the frame.

    ``initiatives`` has the columns ``initiative_id, start_month, duration_months, depends_on`` (a list of
    ids per row). Initiatives without a start month are not scheduled: they can be in a circle but never
    start early. Cycles come first, then early starts and unknown ids in the order of the frame.
    """
    missing = [c for c in REQUIRED_COLUMNS if c not in initiatives.columns]
    if missing:
        raise ValueError(f"dependency_problems needs the columns {missing}")
    ids = [int(i) for i in initiatives["initiative_id"]]
    deps = [_deps(v) for v in initiatives["depends_on"]]
    start = pd.to_numeric(initiatives["start_month"], errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    duration = pd.to_numeric(initiatives["duration_months"], errors="coerce").fillna(0).to_numpy(dtype=float)
    known = set(ids)
    graph = {i: [d for d in ds if d in known] for i, ds in zip(ids, deps)}
    problems: list[tuple[str, tuple[int, ...]]] = [("cycle", c) for c in cycles(graph)]
    end = {i: s + d for i, s, d in zip(ids, start, duration)}
    begin = dict(zip(ids, start))
    for i, ds in zip(ids, deps):
        for d in ds:
            if d not in known:
                problems.append(("unknown_dependency", (i, d)))
            elif d != i and np.isfinite(begin[i]) and np.isfinite(end[d]) and begin[i] < end[d]:
                problems.append(("starts_before_dependency_ends", (i, d)))
    return problems
