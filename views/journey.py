"""Journey-map editor: pick or start a map, edit the stage × lane grid in place, see the emotion curve,
persona, linked segment figures, turn pains/opportunities into initiatives, undo, import/export.

The workspace is the source of truth. The session keeps the map as it loaded it (``base``); editors are
built from ``base`` with keys that include its revision, their edits are folded in once and saved with
``base.revision`` as the expected revision, so a save made meanwhile by another session is a conflict.
Map ids start at 1 in every workspace, so every session-state and widget key names the workspace and the
map (:func:`_key`): nothing typed for one map is ever shown for, or saved into, another.
"""

from dataclasses import replace

import streamlit as st

import ui
from workbench import journey, roadmap, segments
from workbench.core.errors import WorkbenchError
from workbench.core.textsafe import md_escape
from workbench.journey import EMOTION_MAX, EMOTION_MIN, LIMITS, TEMPLATE_KEYS
from workbench.journey import charts as charts_journey

ctx = ui.page_context("journey.title", "journey.intro")
if ctx.ws is None:
    st.stop()
ws, t, lang = ctx.ws, ctx.t, ctx.lang


def _key(kind, *parts):
    """A session-state / widget key of this workspace (its identity) and map: ``journey_<kind>[_<part>…]@…``."""
    return ctx.key("journey", kind, *parts)


def _open(map_id):
    st.session_state[_key("map")] = st.query_params["map"] = str(map_id)
    st.rerun()


def _try(action, *args, where=None, **kwargs):
    return ui.attempt(lang, action, *args, where=where, **kwargs)


maps = journey.list_maps(ws)
ids = [int(i) for i in maps["map_id"]]
bar = st.columns([4, 1.2, 1.2, 1], vertical_alignment="bottom")
with bar[1].popover(t("journey.new"), icon=":material/add:", width="stretch"):
    with st.form(_key("new"), border=False):
        tpl = st.selectbox(t("journey.template"), [""] + list(TEMPLATE_KEYS), key=_key("tpl"),
                           format_func=lambda k: t(f"journey.template.{k}") if k else t("journey.template.blank"))
        name = st.text_input(t("journey.name"), key=_key("new_name"), placeholder=t("journey.name_hint"))
        if st.form_submit_button(t("journey.create"), type="primary", key=_key("create")):
            new_id = _try(journey.create_map, ws, name, lang, tpl or None)
            if new_id:
                _open(new_id)
with bar[2].popover(t("journey.import"), icon=":material/upload:", width="stretch"):
    upload = st.file_uploader(t("journey.import_file"), type=["json"], key=_key("upload"))
    if upload is not None and st.button(t("journey.import_do"), key=_key("import_do")):
        new_id = _try(journey.import_map, ws, upload.getvalue())
        if new_id:
            _open(new_id)
if not ids:
    st.info(t("journey.empty"))
    st.stop()
wanted = st.session_state.get(_key("map")) or st.query_params.get("map")
current = int(wanted) if wanted and wanted.isdigit() and int(wanted) in ids else ids[0]
names = dict(zip(ids, maps["name"]))
picked = bar[0].selectbox(t("journey.map"), ids, index=ids.index(current), format_func=names.get,
                          key=_key("pick", current))
if picked != current:
    _open(picked)

skey = _key("base", current)
stored = journey.load_map(ws, current)
base = st.session_state.get(skey) or stored
editor_keys = [_key(kind, current, base.revision) for kind in ("grid", "stages", "opps")]
pending = any(any((st.session_state.get(k) or {}).get(p) for p in ("edited_rows", "added_rows", "deleted_rows"))
              for k in editor_keys)
if base != stored and not pending:
    base = stored  # someone else saved and this session has nothing unsaved: just show theirs
st.session_state[skey] = base
notice = st.container()  # conflicts and bad values show here, above the tabs


def _save(new):
    """Save an edit based on ``base``; a conflict or bad value is shown above the tabs, where the room sees
    it, and nothing is lost (the editor keeps the unsaved edit) or overwritten."""
    try:
        st.session_state[skey] = journey.save_map(ws, new, base.revision)
    except journey.JourneyConflict as err:
        ui.show_error(err, lang, notice)
        if notice.button(t("journey.reload"), key=_key("reload"), type="primary"):
            st.session_state[skey] = journey.load_map(ws, current)
            st.rerun()
        return
    except WorkbenchError as err:
        ui.show_error(err, lang, notice)
        return
    st.rerun()


if bar[3].button(t("journey.undo"), icon=":material/undo:", disabled=not journey.undo_depth(ws, current),
                 width="stretch", key=_key("undo")):
    result = _try(journey.undo, ws, current, base.revision, where=notice)
    if result:
        st.session_state[skey] = result
        st.rerun()
st.caption(t("journey.status_line", revision=base.revision, stages=len(base.stages)))
linked = journey.linked_item_ids(roadmap.list_initiatives(ws), current)
snap = segments.snapshot(ws)
link = (base.segmentation or "", base.segment or "")
found = ui.cached(segments.Snapshot.options, snap, lang, link)  # the map's own link is always offered
labels = {(o[0], o[1]): o[2] for o in found}
fig = ui.cached(segments.Snapshot.figures, snap, base.segmentation, base.segment)

tab_edit, tab_show, tab_persona, tab_act, tab_manage = st.tabs(
    [t("journey.tab.edit"), t("journey.tab.present"), t("journey.tab.persona"), t("journey.tab.act"),
     t("journey.tab.manage")])
with tab_edit:
    st.caption(t("journey.scale_note"))
    stage_df = st.data_editor(
        journey.stage_frame(base), key=editor_keys[1], num_rows="dynamic", hide_index=True,
        column_config={
            "stage_id": None,
            "order": st.column_config.NumberColumn(t("journey.col.order"), min_value=1, step=1, width="small"),
            "name": st.column_config.TextColumn(t("journey.col.stage"), required=True,
                                                max_chars=LIMITS["stage_name"]),
            "evidence": st.column_config.SelectboxColumn(
                t("journey.col.evidence"), options=journey.EVIDENCE_LEVELS, default="assumed", required=True,
                format_func=lambda e: t(f"journey.evidence.{e}")),
            **{f"emotion_{c}": st.column_config.NumberColumn(t(f"journey.col.{c}"), min_value=EMOTION_MIN,
                                                             max_value=EMOTION_MAX, step=1)
               for c in ("as_is", "to_be")},
        })
    hidden = st.multiselect(t("journey.hidden_lanes"), journey.HIDEABLE_LANES, default=list(base.hidden_lanes),
                            format_func=lambda k: t(f"journey.lane.{k}"),
                            key=_key("hidden", current, base.revision),
                            placeholder=t("journey.hidden_lanes.none"))
    st.caption(t("journey.grid_hint"))
    grid = st.data_editor(
        journey.grid_frame(base, lang), key=editor_keys[0], hide_index=True, row_height=72,
        disabled=["lane"],
        column_config={"lane": st.column_config.TextColumn(t("journey.col.lane"), pinned=True, width="small"),
                       **{s.stage_id: st.column_config.TextColumn(s.name, max_chars=4000) for s in base.stages}})
    opps = journey.opportunity_frame(base, lang, linked)
    st.markdown(f"**{t('journey.opportunities')}**")
    opp_df = st.data_editor(
        opps, key=editor_keys[2], hide_index=True, disabled=["stage", "text", "initiative"],
        column_config={
            "stage_id": None, "item_id": None, "stage": t("journey.col.stage"),
            "text": t("journey.lane.opportunities"),
            "owner": st.column_config.TextColumn(t("journey.col.owner"), max_chars=LIMITS["owner"]),
            "status": st.column_config.SelectboxColumn(
                t("journey.col.status"), options=journey.OPPORTUNITY_STATUSES, required=True,
                format_func=lambda s: t(f"journey.status.{s}")),
            "initiative": st.column_config.CheckboxColumn(t("journey.col.initiative"))})
    edited = _try(lambda: journey.set_hidden_lanes(journey.apply_opportunities(
        journey.apply_grid(journey.apply_stages(base, stage_df), grid), opp_df), hidden), where=notice)
    if edited is not None and edited.content() != base.content():
        _save(edited)
    chart = charts_journey.emotion_chart(base, lang)
    st.altair_chart(chart, width="stretch", height=360)
with tab_show:
    st.caption(journey.figures_line(fig, labels.get(link), lang))
    st.html(journey.render_html(base, lang, linked))  # HTML only: no Markdown reading of user text
    st.altair_chart(chart, width="stretch", height=360)
    st.html(journey.persona_html(base.persona, lang))
with tab_persona:
    with st.form(_key("persona", current, base.revision)):
        p = base.persona
        values = {k: (st.text_area if k in ("goals", "needs") else st.text_input)(
            t(f"journey.persona.{k}"), getattr(p, k), max_chars=LIMITS["persona_field"])
            for k in journey.PERSONA_FIELDS if k != "disc"}
        values["disc"] = st.selectbox(t("journey.persona.disc"), journey.DISC_TYPES,
                                      index=journey.DISC_TYPES.index(p.disc),
                                      format_func=lambda d: t(f"journey.disc.{(d or 'none').lower()}"))
        if st.form_submit_button(t("journey.save"), type="primary", key=_key("persona_save")):
            _save(replace(base, persona=journey.Persona(**values)))
    st.html(journey.persona_html(base.persona, lang))
with tab_act:
    options = [("", "")] + list(labels)
    changed = _key("seg_changed", current)
    seg = st.selectbox(t("journey.segment"), options, index=options.index(link) if link in options else 0,
                       format_func=lambda o: labels.get(o, t("journey.segment.none")),
                       key=_key("seg", current, base.revision),
                       on_change=lambda: st.session_state.__setitem__(changed, True))
    # save only what the user picked: a picker that merely shows the link must never rewrite it
    if st.session_state.pop(changed, False) and seg != link:
        _save(replace(base, segmentation=seg[0] or None, segment=seg[1] or None))
    cols = st.columns(5)
    for col, (label, value) in zip(cols, journey.figure_rows(fig, lang)):
        col.metric(label, value)
    st.caption(t(f"journey.figures.scope.{fig['scope']}"))
    items = journey.actionable_items(base)
    if items:
        choice = st.selectbox(t("journey.initiative.pick"), range(len(items)), key=_key("act", current, base.revision),
                              format_func=lambda i: journey.item_label(base, *items[i], lang, linked))
        sid, lane, item = items[choice]
        done = item.item_id in linked
        if st.button(t("journey.initiative.create"), disabled=done, type="primary", key=_key("make_init")):
            fields = _try(journey.initiative_fields, base, sid, item.item_id, linked)
            if fields and _try(roadmap.create_initiative, ws, **fields):
                st.toast(t("journey.initiative.created", text=md_escape(item.text)))
                st.rerun()
        if done:
            st.caption(t("journey.initiative.exists"))
with tab_manage:
    new_name = st.text_input(t("journey.name"), base.name, max_chars=LIMITS["map_name"],
                             key=_key("rename", current, base.revision))
    c1, c2 = st.columns(2)
    if c1.button(t("journey.rename"), key=_key("rename_do")) and new_name.strip() != base.name:
        _save(replace(base, name=new_name.strip()))
    if c2.button(t("journey.duplicate"), key=_key("dup")):
        new_id = _try(journey.duplicate_map, ws, current, t("journey.copy_of", name=base.name)[:LIMITS["map_name"]])
        if new_id:
            _open(new_id)
    st.download_button(t("journey.export"), journey.to_json(base), file_name=f"journey-{current}.json",
                       mime="application/json", icon=":material/download:")
    st.divider()
    sure = st.checkbox(t("journey.delete_confirm", name=md_escape(base.name)),
                       key=_key("del_ok", current))
    if st.button(t("journey.delete"), type="primary", disabled=not sure, key=_key("delete")):
        journey.delete_map(ws, current)
        st.session_state.pop(skey, None)
        st.session_state.pop(_key("map"), None)
        st.query_params.pop("map", None)
        st.rerun()
