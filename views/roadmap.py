"""Roadmap: the priority board, the plan (Gantt by phase), capacity, the goal, the library and the settings;
an initiative's detail opens from the board or a Gantt bar. What to show comes from ``roadmap.display``, the
charts from ``roadmap.charts``, the session's plan and saving from ``ui.roadmap``. Undo reverts this
participant's own changes only.
"""

import uuid

import streamlit as st

import ui
import ui.roadmap as ui_roadmap
from ui.initiatives import requested_initiative
from ui.widgets import column_config, metric_cards, notes, spec_form, spec_values
from workbench import roadmap, scenarios, segments
from workbench.roadmap import charts, config
from workbench.roadmap import display as view
from workbench.roadmap import goal as goals

ctx = ui.page_context("roadmap.title", "roadmap.intro")
if ctx.ws is None:
    st.stop()
ws, lang, T, cur, K = ctx.ws, ctx.lang, ctx.t, ctx.currency, ctx.key
me = st.session_state.setdefault(K("roadmap_actor"), uuid.uuid4().hex)  # this participant (undo is theirs)
SAVES = {name: K("save", name) for name in ("detail", "plan", "priority", "goal")}
base = ui_roadmap.session_plan(ctx, SAVES.values())
options = ui.cached(segments.Snapshot.options, segments.snapshot(ws), lang)
notice = st.container()


def _open(initiative_id, where):
    st.session_state[K("roadmap_open")] = (int(initiative_id), where)


_save = ui_roadmap.Saver(ctx, notice)
if (asked := requested_initiative()) in set(base.frame["initiative_id"]):  # a link from the insight behind it
    _open(asked, "board")
    st.session_state[K("tab", lang)] = T("roadmap.tab.board")
opened = (st.session_state.get(K("roadmap_open")) or (None, None))[0]
if st.session_state.get(SAVES["detail"]) and opened in set(base.frame["initiative_id"]):  # saved before drawing
    rev = view.revision_of(base, opened)
    values = spec_values(K("detail", opened, rev), view.detail_fields(base, opened, lang, cur, options))
    if _save(roadmap.update_initiative, ws, opened, view.detail_changes(base, opened, values, lang), rev, actor=me,
             rerun=False):  # saved before anything is drawn: this run draws the new plan (no second run)
        base = _save.fresh()
# the bar after the detail's save: its undo knows of the change this run made
bar = st.columns([5, 1.3, 1], vertical_alignment="bottom")
bar[0].caption(T("roadmap.status_line", start=base.config.start.strftime("%Y-%m")))
with bar[1].popover(T("roadmap.new"), icon=":material/add:", width="stretch"), st.form(K("new"), border=False):
    title = st.text_input(T("roadmap.field.title"), max_chars=200, key=K("new_title"))
    if st.form_submit_button(T("roadmap.add"), type="primary"):
        _save(lambda: _open(roadmap.create_initiative(ws, title, actor=me), "board"))
if bar[2].button(T("roadmap.undo"), icon=":material/undo:", disabled=not roadmap.undo_depth(ws, me), key=K("undo")):
    _save(roadmap.undo, ws, me)
metric_cards(view.summary_cards(base, lang, cur))
with st.expander(T("roadmap.warnings", n=len(base.warnings)), expanded=True, icon=":material/warning:"):
    notes(view.warning_notes(base, lang, cur))


def _detail(where):
    """The detail of the initiative opened here: every field, its warnings, the insight behind it, delete."""
    iid, opened_in = st.session_state.get(K("roadmap_open")) or (None, None)
    if opened_in != where or iid not in set(base.frame["initiative_id"]):
        return
    st.subheader(view.choices(base, lang)[iid], divider="gray")
    st.caption(view.detail_caption(base, iid, lang))
    for text in view.initiative_warnings(base, iid, lang, cur):
        st.warning(text)
    spec_form(K("detail", iid, view.revision_of(base, iid)), view.detail_fields(base, iid, lang, cur, options),
              T("roadmap.save"), SAVES["detail"])  # a submitted form was saved at the top of the page
    left, mid, right = st.columns([2, 1, 1])
    if link := view.link_of(base, iid):
        left.page_link(link[0], label=T("roadmap.open_source"), icon=":material/open_in_new:", query_params=link[1])
    if mid.button(T("roadmap.delete"), key=K("delete", iid), icon=":material/delete:"):
        _save(roadmap.delete_initiative, ws, iid, view.revision_of(base, iid), actor=me)
    if right.button(T("roadmap.close"), key=K("close", where)):
        st.session_state.pop(K("roadmap_open"), None)
        st.rerun()


def _board():
    methods = view.labels("method", lang)
    method = st.segmented_control(T("roadmap.method"), list(methods), default=base.config.method,
                                  format_func=methods.get, key=K("method", base.version),
                                  help=T(f"roadmap.method_help.{base.config.method}"))
    if method and method != base.config.method:
        _save(config.save_priority, ws, method, base.config.criteria, lang, base.config.revisions["priority"], actor=me)
    for col, frame, name in zip(st.columns(2), view.ranked_lists(base, lang), ("plan", "board")):
        col.markdown(f"**{T(f'roadmap.group.{name}')}**")
        event = col.dataframe(frame.set_index("initiative_id"), hide_index=True, on_select="rerun",
                              selection_mode="single-row", key=K("ranked", name, base.version, opened))
        if event.selection.rows:
            _open(frame["initiative_id"].iloc[event.selection.rows[0]], "board")
    names = view.pick_options(base, lang)
    pick = st.selectbox(T("roadmap.open"), list(names), list(names).index(opened) if opened in names else 0,
                        format_func=names.get, key=K("pick", opened))
    if pick not in (None, opened):
        _open(pick, "board")
    _detail("board")
    st.markdown(f"**{T('roadmap.table')}**")
    table = view.board_frame(base)
    edited = st.data_editor(table, num_rows="dynamic", hide_index=True, key=K("board", base.version),
                            column_config=column_config(view.board_columns(base, lang, cur)))
    changes = view.board_changes(table, edited, base)
    if changes["updates"] or changes["creates"] or changes["deletes"]:
        _save(roadmap.apply_changes, ws, actor=me, **changes)


def _plan():
    event = ui.chart(charts.gantt_chart(base, lang, cur), on_select="rerun", selection_mode=charts.GANTT_SELECTION,
                  key=K("gantt", opened))  # a new key once opened or closed: closing never reopens it
    for picked in (event.selection.get(charts.GANTT_SELECTION) or [])[:1]:
        _open(picked["initiative_id"], "plan")
    _detail("plan")
    ui.chart(charts.impact_effort_chart(base, lang))


def _capacity():
    st.caption(T("roadmap.capacity_help"))
    st.table(view.capacity_table(base, lang, cur), hide_index=True)
    ui.chart(charts.budget_chart(base, lang, cur))
    ui.chart(charts.headcount_chart(base, lang))


def _goal():
    goal = base.config.goal
    value = ui.cached(goals.baseline, ws, goal["kpi"])
    projection, followed = scenarios.goal_projection(ws, base, goal["kpi"], value, lang)  # the plan's uplift
    targets = goals.goal_targets(goal, value, base.on_plan, lang, projection=projection)
    st.markdown(view.goal_line(goal, value, goals.headline_target(value, goal), lang, cur))
    ui.chart(charts.goal_chart(targets, value, lang, goal["kpi"]))
    st.table(view.targets_table(targets, base, goal["kpi"], lang, cur), hide_index=True)
    st.caption(scenarios.goal_note(followed, goal["kpi"], lang))
    with st.expander(T("roadmap.goal.edit")):
        got, ok = spec_form(K("goal", base.config.revisions["goal"]), view.goal_fields(goal, lang, base.config.horizon),
                            T("roadmap.save"), SAVES["goal"])
    if ok:
        _save(config.save_goal, ws, got["kpi"], got["mode"], got["change"], view.milestones_from(got["milestones"]),
              lang, base.config.revisions["goal"], actor=me)


def _library():
    groups = view.labels("library_group", lang)
    group = st.segmented_control(T("roadmap.lib.group"), list(groups), default="", format_func=groups.get,
                                 key=K("lib_group"))
    items = view.library_options(lang, group or "")
    key = st.selectbox(T("roadmap.lib.pick"), list(items), format_func=items.get, key=K("lib_item", group))
    st.markdown(view.library_preview(key, lang))
    targets = view.segment_choices(options, lang)
    segment = st.selectbox(T("roadmap.lib.segment"), list(targets), format_func=targets.get, key=K("lib_seg"))
    if st.button(T("roadmap.lib.add"), type="primary", key=K("lib_add")):
        _save(lambda: _open(roadmap.add_from_library(ws, key, lang, segment, actor=me), "board"))


def _settings():
    got, ok = spec_form(K("plan_form", base.config.revisions["plan"]), view.plan_fields(base, lang, cur),
                        T("roadmap.save"), SAVES["plan"])
    if ok:
        _save(config.save_plan, ws, got["start"], got["phases"], base.config.revisions["plan"], actor=me)
    crit, ok = spec_form(K("criteria_form", base.config.revisions["priority"]), view.criteria_fields(base, lang),
                         T("roadmap.save"), SAVES["priority"])
    if ok:
        _save(config.save_priority, ws, base.config.method, crit["criteria"], lang, base.config.revisions["priority"],
              actor=me)


# only the open tab runs: an edit redraws one tab's charts, not all of them
for draw, tab in zip((_board, _plan, _capacity, _goal, _library, _settings),
                     st.tabs([T(f"roadmap.tab.{name}") for name in view.TABS], key=K("tab", lang), on_change="rerun")):
    if tab.open:
        with tab:
            draw()
