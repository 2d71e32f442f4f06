"""Scenarios: what if retention, frequency, order value or acquisition moved in a segment — and does the
roadmap pay back? The levers and the chart they move, the baseline from the data (with overrides and the
models beside it), scenarios side by side, the sensitivity tornado and the ranges. The figures come from
``workbench.scenarios``, what to show from ``scenarios.display``, the charts from ``scenarios.charts``, the
widgets from ``ui.scenarios``.

The workspace is the source of truth: every move of a lever is saved as it is made, naming the revision the
page showed (``synced``); a save made meanwhile by another participant is a conflict with a reload, never
overwritten, and a page whose widgets nobody moved follows what others saved. Only the open tab runs.
"""

import streamlit as st

import ui
from ui.scenarios import fields, follow, metric_rows, scenario_bar
from ui.widgets import column_config, notes
from workbench import scenarios, segments
from workbench.core.errors import WorkbenchError
from workbench.scenarios import charts
from workbench.scenarios import display as view
from workbench.scenarios.sensitivity import retention_lift

ctx = ui.page_context("scenarios.title", "scenarios.intro")
if ctx.ws is None:
    st.stop()
ws, lang, T, cur, K = ctx.ws, ctx.lang, ctx.t, ctx.currency, ctx.key
if segments.snapshot(ws).n_customers == 0:
    st.info(T("scenarios.no_orders"))
    st.stop()
saved = {s.scenario_id: s for s in scenarios.list_scenarios(ws)}
rate = scenarios.workspace_discount_rate(ws)
notice = st.container()


def _save(action, *args, **kwargs):
    """A write's result (True when it returns nothing), or None after saying above the page why it was refused;
    a conflict offers to load the latest version."""
    try:
        done = action(*args, **kwargs)
    except WorkbenchError as err:
        ui.show_error(err, lang, notice)
        if isinstance(err, (scenarios.ScenarioConflict, scenarios.BaselineConflict)) and notice.button(
                T("scenarios.reload"), key=K("reload")):
            st.session_state.pop(K("synced", opened), None)
            st.rerun()
        return None
    return True if done is None else done


opened = scenario_bar(ctx, saved, _save)
if opened is None:
    st.info(T("scenarios.none_yet"))
    st.stop()
synced, shown = follow(ctx, saved[opened])
status, cards, said = st.empty(), st.container(), st.container()
runs = {}


def _chart(figure):
    """A chart at its own plot height, its title, axes and legend around it (Streamlit fits all into the height)."""
    ui.chart(figure, height=int(figure.height) + 150)


def _commit(values):
    """Save what the widgets changed, based on the revision they show."""
    global synced
    if (changes := view.changes(synced, values, rate)) and (new := _save(
            scenarios.update_scenario, ws, opened, changes, synced.revision)):
        synced = st.session_state[K("synced", opened)] = new


def _result(scenario=None):
    """The run of a scenario (the open one as shown by default), once per page run."""
    scenario = scenario or synced
    if (scenario.scenario_id, scenario.revision) not in runs:
        runs[scenario.scenario_id, scenario.revision] = ui.attempt(lang, scenarios.run, ws, scenario, lang)
    return runs[scenario.scenario_id, scenario.revision]


def _levers():
    left, right = st.columns([1, 2], gap="large")
    with left:
        with st.expander(T("scenarios.settings"), icon=":material/tune:"):
            values = fields(ctx, opened, view.setting_fields(synced, rate, lang), shown)
        base = ui.attempt(lang, scenarios.load_baseline, ws, values["segmentation"])
        rows = {r["segment"]: r for r in (base.frame.to_dict("records") if base else []) if r["customers"] > 0}
        if rows:
            first = next(iter(rows))
            picked = st.segmented_control(T("scenarios.segment"), list(rows), default=first, key=K("seg", opened),
                                          format_func=lambda s: scenarios.segment_name(base.segmentation, s, lang),
                                          wrap=True)
            values |= fields(ctx, opened, view.lever_fields(synced, rows.get(picked, rows[first]), lang, cur), shown)
    _commit(values)
    if (result := _result()) is None:
        return
    with right:
        measures = {m: T(f"scenarios.measure.{m}") for m in charts.MEASURES}
        measure = st.segmented_control(T("scenarios.measure"), list(measures), default=charts.MEASURES[0],
                                       format_func=measures.get, key=K("measure")) or charts.MEASURES[0]
        _chart(charts.projection_chart(result, measure, lang, cur))
        if result.cost.sum() > 0:
            _chart(charts.net_chart(result, lang, cur))
    st.table(view.segment_table(result, lang, cur), hide_index=True)
    if result.spec["roadmap"]:
        st.markdown(f"**{T('scenarios.roadmap_in')}**")
        st.table(view.initiatives_table(result, lang, cur), hide_index=True)
    with st.expander(T("scenarios.anchors"), icon=":material/anchor:"):
        st.markdown(view.anchors(result, retention_lift(result), lang))


def _baseline():
    if (base := ui.attempt(lang, scenarios.load_baseline, ws, synced.spec["segmentation"])) is None:
        return
    st.table(view.baseline_table(base, lang, cur), hide_index=True)
    notes(view.baseline_notes(base, lang))
    with st.expander(T("scenarios.overrides"), icon=":material/edit:"):
        st.caption(T("scenarios.overrides_help"))
        edited = st.data_editor(view.overrides_frame(base, lang), hide_index=True, key=K("ovr", base.segmentation,
                                base.revision), column_config=column_config(view.overrides_columns(lang, cur)))
        if st.button(T("scenarios.save_overrides"), type="primary", key=K("ovr_save")) and _save(
                scenarios.save_overrides, ws, base.segmentation, view.overrides_from(edited), base.revision):
            st.rerun()
    if (result := _result()) is not None:
        st.markdown(f"**{T('scenarios.models.title')}**")
        comparison = scenarios.model_comparison(ws, result.baseline, result.simple_values(), result.months, result.rate)
        notes(view.model_notes(comparison, base.segmentation, result.months, lang))
        st.table(view.model_table(comparison, base.segmentation, lang, cur), hide_index=True)


def _compare():
    picked = st.multiselect(T("scenarios.compare.pick"), list(saved), default=list(saved), key=K("cmp"),
                            format_func=lambda i: saved[i].name)
    results = [r for r in (_result(synced if i == opened else saved[i]) for i in picked) if r is not None]
    if not results:
        st.info(T("scenarios.compare.none"))
        return
    frame = scenarios.compare(results)
    st.table(view.compare_table(frame, lang, cur), hide_index=True)
    _chart(charts.compare_chart(results, lang, cur))
    if frame[["segmentation", "months", "discount_rate"]].drop_duplicates().shape[0] > 1:
        st.caption(T("scenarios.compare.different_baselines"))


def _sensitivity():
    if (result := _result()) is not None:
        segmentation = result.baseline.segmentation
        _chart(charts.tornado_chart(scenarios.tornado(result), segmentation, result.months, lang, cur))
        st.caption(T("scenarios.tornado_help", months=result.months))


def _ranges():
    if (result := _result()) is None:
        return
    if (result.effects.groups["kind"] == "lever").any():  # the confidence sets the typed levers' ranges
        _commit(fields(ctx, opened, [view.confidence_field(synced, lang)], shown))
        result = _result() or result
    spread = scenarios.ranges(result)
    metric_rows(view.ranges_cards(spread, result.months, lang, cur), per_row=3, delta_color="off")
    _chart(charts.ranges_chart(spread, lang, cur))
    if not (frame := view.ranges_frame(result, lang)).empty:
        st.caption(T("scenarios.ranges_help"))
        edited = st.data_editor(frame, hide_index=True, key=K("rng", opened, synced.revision),
                                column_config=column_config(view.ranges_columns(lang)))
        if st.button(T("scenarios.save_ranges"), key=K("rng_save")) and _save(
                scenarios.update_scenario, ws, opened, {"ranges": view.ranges_from(edited)}, synced.revision):
            st.rerun()
    if result.spec["roadmap"]:
        st.table(view.initiatives_table(result, lang, cur), hide_index=True)


# only the open tab runs: a lever move redraws the levers tab, not the comparison or the draws
tabs = st.tabs([T(f"scenarios.tab.{name}") for name in view.TABS], key=K("tab", lang), on_change="rerun")
for draw, tab in zip((_levers, _baseline, _compare, _sensitivity, _ranges), tabs):
    if tab.open:
        with tab:
            draw()
if (result := _result()) is not None:
    status.caption(view.status_line(result, lang))
    with cards:
        metric_rows(view.summary_cards(result, lang, cur))
    with said:
        notes(view.note_texts(result, lang, cur))
