"""Journey-map editor: pick or start a map, edit the stage × lane grid with the room, see the emotion curve,
persona and the linked segment's figures, turn pains and opportunities into initiatives, undo, import/export,
and present the map alone on the projector.

The workspace is the source of truth. The session keeps the map as it loaded it (``base``); each edit is
saved with :func:`journey.save_edit`, merged with whatever other participants saved meanwhile: different
cells both land, the same cell keeps their text and offers this participant's again. Undo reverts this
participant's own changes. Every key names the workspace (its identity) and the map id, never its name.
"""

from dataclasses import replace

import streamlit as st

import ui
from ui import journey as editors
from ui.presentation import presentation_toggle, presenting
from workbench import journey, roadmap, segments
from workbench.core.textsafe import md_escape
from workbench.journey import LIMITS
from workbench.journey import charts as charts_journey

ctx = ui.page_context("journey.title", "journey.intro")
if ctx.ws is None:
    st.stop()
ws, t, lang, me = ctx.ws, ctx.t, ctx.lang, ctx.participant


def _key(kind, *parts):
    return ctx.key("journey", kind, *parts)


def _open(map_id):
    st.session_state[_key("map")] = st.query_params["map"] = str(map_id)
    st.rerun()


def _try(action, *args, where=None, **kwargs):
    return ui.attempt(lang, action, *args, where=where, **kwargs)


maps = journey.list_maps(ws)
ids, names = [int(i) for i in maps["map_id"]], dict(zip(maps["map_id"].astype(int), maps["name"]))
if not presenting():
    bar = st.columns([4, 1.2, 1.2, 1, 1.1], vertical_alignment="bottom")
    made = editors.new_and_import(bar[1], bar[2], _key, t)
    if made and made[0] == "new":
        new_id = _try(journey.create_map, ws, made[1], lang, made[2] or None)
    elif made:
        new_id = _try(journey.import_map, ws, made[1])
    if made and new_id:
        _open(new_id)
if not ids:
    st.info(t("journey.empty"))
    st.stop()
wanted = st.session_state.get(_key("map")) or st.query_params.get("map")
current = int(wanted) if wanted and wanted.isdigit() and int(wanted) in ids else ids[0]
skey, notice_key = _key("base", current), _key("conflicts", current)
stored = journey.load_map(ws, current)
base = st.session_state.get(skey) or stored
editor_keys = [_key(kind, current, base.revision) for kind in ("grid", "stages", "opps")]
pending = any(any((st.session_state.get(k) or {}).get(p) for p in ("edited_rows", "added_rows", "deleted_rows"))
              for k in editor_keys)
if base.revision != stored.revision and not pending:
    base = stored  # another participant saved and nothing is waiting here: show theirs
st.session_state[skey] = base  # (with an edit waiting, it is folded into the old base and merged on save)


def _save(new):
    """Save an edit made on ``base``, merged with other participants' changes; what both changed is kept as
    they stored it and listed above the tabs, with this participant's text to re-apply."""
    result = _try(journey.save_edit, ws, base, new, me, where=notice)
    if result is not None:
        st.session_state[skey] = result.map
        st.session_state[notice_key] = result.conflicts
        st.rerun()


if presenting():
    presentation_toggle(lang, _key("present"))
else:
    picked = bar[0].selectbox(t("journey.map"), ids, index=ids.index(current), format_func=names.get,
                              key=_key("pick", current))
    if picked != current:
        _open(picked)
    if bar[3].button(t("journey.undo"), icon=":material/undo:", disabled=not journey.undo_depth(ws, current, me),
                     width="stretch", key=_key("undo")):
        if result := _try(journey.undo, ws, current, me):
            st.session_state[skey], st.session_state[notice_key] = result.map, result.conflicts
            st.rerun()
    with bar[4]:
        presentation_toggle(lang, _key("present"))
    st.caption(t("journey.status_line", revision=base.revision, stages=len(base.stages)))
notice = st.container()  # conflicts and bad values show here, above the tabs


def _dismiss():
    st.session_state.pop(notice_key, None)
    st.rerun()


if conflicts := st.session_state.get(notice_key):
    editors.conflict_notice(notice, base, conflicts, lang, t, lambda *p: _key("conflict", current, *p), _save,
                            _dismiss)
if not pending:  # with an edit waiting, this run saves it first
    editors.watch(ws, current, base.revision)
linked = journey.linked_item_ids(roadmap.list_initiatives(ws), current)
snap = segments.snapshot(ws)
link = (base.segmentation or "", base.segment or "")
labels = {(o[0], o[1]): o[2] for o in ui.cached(segments.Snapshot.options, snap, lang, link)}
fig = ui.cached(segments.Snapshot.figures, snap, base.segmentation, base.segment)
chart = charts_journey.emotion_chart(base, lang)


def _present():
    st.caption(journey.figures_line(fig, labels.get(link), lang))
    st.html(journey.render_html(base, lang, linked))  # HTML only: no Markdown reading of user text
    ui.chart(chart, width="stretch", height=360)
    st.html(journey.persona_html(base.persona, lang))


if presenting():
    _present()
    st.stop()


def _edit_tab():
    st.caption(t("journey.scale_note"))
    stage_df = editors.stage_editor(editor_keys[1], base, t)
    hidden = st.multiselect(t("journey.hidden_lanes"), journey.HIDEABLE_LANES, default=list(base.hidden_lanes),
                            format_func=lambda k: t(f"journey.lane.{k}"), key=_key("hidden", current, base.revision),
                            placeholder=t("journey.hidden_lanes.none"))
    fit = st.toggle(t("journey.fit_width"), key=_key("fit"), help=t("journey.fit_width.help"))
    st.caption(t("journey.grid_hint"))
    grid = editors.grid_editor(editor_keys[0], base, lang, t, fit)
    st.markdown(f"**{t('journey.opportunities')}**")
    opp_df = editors.opportunity_editor(editor_keys[2], base, lang, linked, t)
    edited = _try(lambda: journey.set_hidden_lanes(journey.apply_opportunities(
        journey.apply_grid(journey.apply_stages(base, stage_df), grid), opp_df), hidden), where=notice)
    if edited is not None and edited.content() != base.content():
        _save(edited)
    ui.chart(chart, width="stretch", height=360)


def _persona_tab():
    if values := editors.persona_form(_key("persona", current, base.revision), _key("persona_save"), base.persona, t):
        _save(replace(base, persona=journey.Persona(**values)))
    st.html(journey.persona_html(base.persona, lang))


def _act_tab():
    action = editors.act_tab(ws, base, labels, link, fig, linked, lang, t, lambda *p: _key(p[0], current, *p[1:]))
    if action and action[0] == "link":
        _save(replace(base, segmentation=action[1][0] or None, segment=action[1][1] or None))
    elif action:  # ("initiative", stage id, item)
        fields = _try(journey.initiative_fields, base, action[1], action[2].item_id, linked)
        if fields and _try(roadmap.create_initiative, ws, **fields):
            st.toast(t("journey.initiative.created", text=md_escape(action[2].text)))
            st.rerun()


def _manage_tab():
    action = editors.manage_tab(base, t, _key, journey.to_json(base))
    if action and action[0] == "rename":
        _save(replace(base, name=action[1]))
    elif action and action[0] == "duplicate":
        copy_name = t("journey.copy_of", name=base.name)[:LIMITS["map_name"]]
        if new_id := _try(journey.duplicate_map, ws, current, copy_name):
            _open(new_id)
    elif action and action[0] == "delete":
        journey.delete_map(ws, current)
        for gone in (skey, notice_key, _key("map")):
            st.session_state.pop(gone, None)
        st.query_params.pop("map", None)
        st.rerun()


# only the open tab runs (stateful tabs): the grid's three editors are not rebuilt while the room looks at the map
draw = {"edit": _edit_tab, "present": _present, "persona": _persona_tab, "act": _act_tab, "manage": _manage_tab}
for name, tab in zip(draw, st.tabs([t(f"journey.tab.{n}") for n in draw], key=_key("tab"), on_change="rerun")):
    if tab.open:
        with tab:
            draw[name]()
