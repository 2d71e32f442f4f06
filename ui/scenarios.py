"""The Scenarios page's widgets: the bar of scenarios (pick, new, duplicate, rename, delete), the scenario as
this browser's widgets show it (following what other participants save while nothing here was moved), lever
and setting fields drawn from ``workbench.scenarios.display`` specs, and rows of metric cards with deltas.
The page (``views/scenarios.py``) lays them out; what the fields mean is ``scenarios.display``'s."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import streamlit as st

from workbench import scenarios
from workbench.core.textsafe import md_escape
from workbench.scenarios import display as view

__all__ = ["scenario_bar", "follow", "fields", "metric_rows"]


def _open(ctx, scenario_id: int | None) -> None:
    st.session_state[ctx.key("open")] = scenario_id
    st.rerun()


def scenario_bar(ctx, saved: Mapping[int, Any], save: Callable[..., Any]) -> int | None:
    """Pick a saved scenario, make a new one, duplicate, rename or delete the open one; the id of the open
    scenario (None when there is none). ``save(action, *args)`` runs a write and says why one was refused."""
    T, K, ws, lang = ctx.t, ctx.key, ctx.ws, ctx.lang
    opened = st.session_state.get(K("open"))
    opened = opened if opened in saved else next(iter(saved), None)
    bar = st.columns([3, 1.6, 1.3, 1.3, 1.3], vertical_alignment="bottom")
    if saved and (pick := bar[0].selectbox(T("scenarios.pick"), list(saved), list(saved).index(opened),
                                           key=K("pick", opened), format_func=lambda i: saved[i].name)) != opened:
        _open(ctx, pick)
    with bar[1].popover(T("scenarios.new"), icon=":material/add:", width="stretch"), st.form(K("new"), border=False):
        name = st.text_input(T("scenarios.field.name"), max_chars=80, key=K("new_name"))
        choices = scenarios.segmentations()
        segmentation = st.selectbox(T("scenarios.field.segmentation"), choices, choices.index("tier"), key=K("new_seg"),
                                    format_func=lambda s: scenarios.segmentation_name(s, lang))
        acts = st.toggle(T("scenarios.field.roadmap"), key=K("new_roadmap"))
        if st.form_submit_button(T("scenarios.create"), type="primary") and (
                new := save(scenarios.create_scenario, ws, name, segmentation=segmentation, roadmap=acts)):
            _open(ctx, new)
    if opened is None:
        return None
    current = saved[opened]
    if bar[2].button(T("scenarios.duplicate"), icon=":material/content_copy:", key=K("dup"), width="stretch") and (
            new := save(scenarios.duplicate_scenario, ws, opened, view.copy_name(current.name, lang))):
        _open(ctx, new)
    with bar[3].popover(T("scenarios.rename"), icon=":material/edit:", width="stretch"), \
            st.form(K("ren", opened), border=False):
        renamed = st.text_input(T("scenarios.field.name"), current.name, max_chars=80, key=K("ren_name", opened))
        if st.form_submit_button(T("scenarios.rename"), type="primary") and save(
                scenarios.update_scenario, ws, opened, {"name": renamed}, current.revision):
            st.rerun()
    with bar[4].popover(T("scenarios.delete"), icon=":material/delete:", width="stretch"):
        sure = st.checkbox(T("scenarios.delete_confirm", name=md_escape(current.name)), key=K("del_ok", opened))
        if st.button(T("scenarios.delete"), type="primary", disabled=not sure, key=K("del", opened)) and save(
                scenarios.delete_scenario, ws, opened, current.revision):
            _open(ctx, None)
    return opened


def follow(ctx, current: Any) -> tuple[Any, dict[str, Any]]:
    """(the scenario as this browser's widgets show it, the widgets' values as last drawn). When another
    participant saved the scenario and nothing was moved here since, the widgets are reset to what they saved;
    when something was moved, the page keeps it and its save will be a conflict with a reload."""
    shown = st.session_state.get(ctx.key("shown", current.scenario_id), {})
    synced = st.session_state.get(ctx.key("synced", current.scenario_id))
    untouched = all(st.session_state.get(k, v) == v for k, v in shown.items())
    if synced is None or (synced.revision != current.revision and untouched):
        for key in shown:
            st.session_state.pop(key, None)
        synced, shown = current, {}
    st.session_state[ctx.key("synced", current.scenario_id)] = synced
    st.session_state[ctx.key("shown", current.scenario_id)] = shown
    return synced, shown


def fields(ctx, scenario_id: int, specs: Sequence[Mapping[str, Any]], shown: dict[str, Any]) -> dict[str, Any]:
    """Draw field specs (``scenarios.display``: slider, number, toggle, radio, select); their values by field
    key, noted in ``shown``. A value a widget holds outside its range now (the baseline moved) is brought in."""
    values = {}
    for f in specs:
        key = ctx.key("w", scenario_id, f["key"])
        kind, held = f["kind"], st.session_state.get(key)
        if kind in ("slider", "number") and held is not None and not f["lo"] <= held <= f["hi"]:
            st.session_state[key] = min(max(held, f["lo"]), f["hi"])
        st.session_state.setdefault(key, f["value"])
        common = {"key": key, "help": f.get("help")}
        if kind == "slider":
            values[f["key"]] = st.slider(f["label"], f["lo"], f["hi"], step=f["step"], format=f["format"], **common)
        elif kind == "number":
            values[f["key"]] = st.number_input(f["label"], f["lo"], f["hi"], step=f["step"], format=f["format"],
                                               **common)
        elif kind == "toggle":
            values[f["key"]] = st.toggle(f["label"], **common)
        elif kind == "radio":
            values[f["key"]] = st.radio(f["label"], f["options"], format_func=f["labels"].get, horizontal=True,
                                        **common)
        else:
            values[f["key"]] = st.selectbox(f["label"], f["options"], format_func=f["labels"].get, **common)
        shown[key] = values[f["key"]]
    return values


def metric_rows(cards: Sequence[tuple[str, str, str | None, str | None]], per_row: int = 4,
                delta_color: str = "normal") -> None:
    """``(label, value, delta, help)`` cards in rows of ``per_row``."""
    for start in range(0, len(cards), per_row):
        for col, (label, value, delta, help_text) in zip(st.columns(per_row), cards[start:start + per_row]):
            col.metric(label, value, delta, delta_color=delta_color, help=help_text, border=True,
                       delta_arrow="off" if delta_color == "off" else "auto")
