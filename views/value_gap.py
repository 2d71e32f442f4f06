"""Value-gap analysis: gaps and priority, importance–performance, stated vs derived importance, competitors,
Kano, perceived value and layers — for all respondents or one segment — and the room's attribute editors.

The workspace is the source of truth: the editors are built from the attribute rows as this session loaded
them (``base``, kept while an edit is unsaved), and edits are stored at once with the revision each row was
loaded at, so a row saved meanwhile by another participant is a conflict, never overwritten.
"""

import streamlit as st

import ui
from ui.widgets import notes
from workbench import roadmap, segments
from workbench import value_gap as vg
from workbench.core.errors import WorkbenchError
from workbench.core.textsafe import md_escape
from workbench.value_gap import charts, display

ctx = ui.page_context("value_gap.title", "value_gap.intro")
if ctx.ws is None:
    st.stop()
ws, t, lang = ctx.ws, ctx.t, ctx.lang
cfg = vg.load_settings(ws)
snap = segments.snapshot(ws)
seg_opts = ui.cached(segments.Snapshot.options, snap, lang)
bar = st.columns(2)
by = bar[0].selectbox(t("value_gap.by"), [None, vg.SURVEY_SEGMENT, *dict.fromkeys(o[0] for o in seg_opts)],
                      key=ctx.key("vg", "by"),
                      format_func=lambda b: display.by_label(b, segments.segmentation_label, lang))
mapping = None if by in (None, vg.SURVEY_SEGMENT) else snap.table[["customer_id", by]].rename(columns={by: "segment"})
seg_labels = {o[1]: segments.segment_label(o[0], o[1], lang) for o in seg_opts if o[0] == by}
present = vg.segment_values(vg.read_survey(ws), mapping) if by else []
segment = bar[1].selectbox(t("value_gap.segment"), [None, *present], key=ctx.key("vg", "seg", by),
                           format_func=lambda s: t("value_gap.segment.all") if s is None else seg_labels.get(s, s))
view = vg.analyse(ws, segment, mapping, cfg)
labels = view.labels()
st.caption(t("value_gap.respondents", n=view.respondents, low=f"{view.scale[0]:g}", high=f"{view.scale[1]:g}"))
tabs = dict(zip(display.TABS, st.tabs([t(f"value_gap.tab.{k}") for k in display.TABS])))
_KINDS = {"number": st.column_config.NumberColumn, "select": st.column_config.SelectboxColumn,
          "text": st.column_config.TextColumn, "check": st.column_config.CheckboxColumn}


def _chart(name, chart, table=None):
    """A chart with how to read it and its source above, and its table below."""
    st.caption(display.explain(name, lang))
    st.altair_chart(chart, width="stretch")
    if table is not None and len(table):
        st.dataframe(table, hide_index=True, width="stretch", height=35 * len(table) + 40)


def _keep(**changes):
    """Store changed choices, then run again so every view follows them."""
    if any(cfg[k] != v for k, v in changes.items()):
        vg.save_settings(ws, **changes)
        st.rerun()


def _columns(which):
    spec = display.editor_columns(which, lang, view.scale, cfg["competitors"], cfg["layer_model"])
    return {c: None if s is None else _KINDS[s[0]](s[1], **s[2]) for c, s in spec.items()}


with tabs["gaps"]:
    notes(display.notes(view, "gaps", lang))
    linked = display.linked_attributes(roadmap.list_initiatives(ws), by, segment)
    _chart("gaps", charts.gap_chart(view.gaps, lang), display.gap_rows(view.gaps, lang, linked))
    gaps = view.gaps[view.gaps["priority"] > 0].reset_index(drop=True)
    if len(gaps):
        row = gaps.iloc[st.selectbox(t("value_gap.initiative.pick"), range(len(gaps)), key=ctx.key("vg", "act", by),
                                     format_func=lambda i: f"{gaps['rank'][i]}. {gaps['label'][i]}")].to_dict()
        done = row["attribute"] in linked
        if st.button(t("value_gap.initiative.create"), type="primary", disabled=done, key=ctx.key("vg", "make")):
            fields = display.initiative_fields(row, display.segment_label_of(segment or vg.ALL, seg_labels, lang),
                                               by, segment, lang)
            if ui.attempt(lang, roadmap.create_initiative, ws, fields.pop("title"), **fields):
                st.toast(t("value_gap.initiative.created", attribute=md_escape(row["label"])))
                st.rerun()
        if done:
            st.caption(t("value_gap.initiative.exists"))
    if len(view.differences):
        st.markdown(f"**{t('value_gap.differences')}**")
        st.caption(display.explain("differences", lang))
        st.dataframe(display.difference_rows(view.differences, seg_labels, lang), hide_index=True)
with tabs["ipa"]:
    how = st.radio(t("value_gap.crosshair"), vg.CROSSHAIRS, index=vg.CROSSHAIRS.index(cfg["crosshair"]),
                   horizontal=True, key=ctx.key("vg", "how"), format_func=lambda h: t(f"value_gap.crosshair.{h}"))
    value = (st.number_input(t("value_gap.crosshair_value"), *view.scale, float(cfg["crosshair_value"] or sum(
        view.scale) / 2), 0.1, key=ctx.key("vg", "how_value")) if how == "value" else cfg["crosshair_value"])
    _keep(crosshair=how, crosshair_value=value)
    perf0, imp0 = vg.crosshairs(view.gaps, how, view.scale, value)
    st.caption(t("value_gap.crosshair_line", perf=f"{perf0:.2f}", imp=f"{imp0:.2f}"))
    _chart("ipa", charts.ipa_chart(vg.ipa_table(view.gaps, perf0, imp0), perf0, imp0, view.scale, lang))
with tabs["derived"]:
    c1, c2 = st.columns(2)
    _keep(method=c1.radio(t("value_gap.method"), vg.METHODS, index=vg.METHODS.index(cfg["method"]), horizontal=True,
                          key=ctx.key("vg", "method"), format_func=lambda m: t(f"value_gap.method.{m}")),
          overall=c2.selectbox(t("value_gap.overall"), vg.OVERALL_SOURCES, key=ctx.key("vg", "overall"),
                               index=vg.OVERALL_SOURCES.index(cfg["overall"]),
                               format_func=lambda o: t(f"value_gap.overall.{o}")))
    notes(display.notes(view, "derived", lang))
    st.caption(display.derived_line(view, lang))
    if len(view.compare):
        _chart("derived", charts.importance_chart(view.compare, lang), display.compare_rows(view.compare, lang))
        odd = view.compare.loc[view.compare["disagree"], "label"]
        if len(odd):
            st.info(t("value_gap.disagreements", names=display.join_names(odd)))
with tabs["competitors"]:
    notes(display.notes(view, "competitors", lang))
    who = {"__survey__": t("value_gap.competitor.survey")}
    if len(view.competitors):
        long = view.competitors.assign(who=view.competitors["who"].map(lambda w: who.get(w, w)))
        _chart("competitors", charts.competitor_chart(long, t("value_gap.us"), lang),
               display.benchmark_rows(view.benchmark, who, lang))
        for pos in ("lead", "trail"):
            found = view.benchmark.loc[view.benchmark["position"] == pos, "label"]
            if len(found):
                st.caption(t(f"value_gap.{pos}s", names=display.join_names(found)))
with tabs["kano"]:
    _keep(kano_band=st.slider(t("value_gap.band"), 0, 20, int(round(cfg["kano_band"] * 100)),
                              key=ctx.key("vg", "band")) / 100)
    notes(display.notes(view, "kano", lang))
    if len(view.kano):
        kano = view.kano.assign(label=view.kano["attribute"].map(lambda a: labels.get(a, a)))
        _chart("kano", charts.kano_chart(kano, lang), display.kano_rows(view.kano, labels, lang))
with tabs["value"]:
    notes(display.notes(view, "value", lang))
    if len(view.value):
        _chart("value", charts.value_chart(display.value_rows(view.value, seg_labels, lang), lang),
               display.value_table(view.value, seg_labels, lang))
    models = tuple(vg.LAYER_MODELS)
    _keep(layer_model=st.radio(t("value_gap.layer_model"), models, index=models.index(cfg["layer_model"]),
                               horizontal=True, key=ctx.key("vg", "layers"),
                               format_func=lambda m: t(f"value_gap.layer_model.{m}")))
    if len(view.layers):
        _chart("layers", charts.layer_chart(view.layers, lang), display.layer_rows(view.layers, lang))
with tabs["attributes"]:
    with st.form(ctx.key("vg", "names"), border=False):
        c1, c2 = st.columns(2)
        own = c1.text_input(t("value_gap.edit.survey_competitor"), cfg["survey_competitor"], max_chars=80)
        others = c2.text_input(t("value_gap.edit.competitors"), ", ".join(cfg["competitors"]), max_chars=400)
        if st.form_submit_button(t("value_gap.edit.save_names")):
            ui.attempt(lang, vg.save_settings, ws, survey_competitor=own,
                       competitors=others.replace("，", ",").split(","))
            st.rerun()
    stored, bkey = vg.read_attributes(ws), ctx.key("vg", "base")
    base = st.session_state.get(bkey)
    keys = [ctx.key("vg", kind, vg.edit_version(stored if base is None else base)) for kind in ("ed_s", "ed_t")]
    pending = any((st.session_state.get(k) or {}).get(p) for k in keys
                  for p in ("edited_rows", "added_rows", "deleted_rows"))
    if base is None or not pending:  # nothing unsaved here: show what is stored, other participants' edits too
        base, keys = stored, [ctx.key("vg", kind, vg.edit_version(stored)) for kind in ("ed_s", "ed_t")]
    st.session_state[bkey] = base
    notice = st.container()
    names, before_s, before_t = vg.editor_frames(ws, base, cfg["competitors"],
                                                 dict(zip(view.attributes["attribute"], view.attributes["layer"])))
    st.markdown(f"**{t('value_gap.edit.survey')}**")
    st.caption(t("value_gap.edit.survey_hint"))
    after_s = st.data_editor(before_s, key=keys[0], hide_index=True, disabled=["attribute"],
                             column_config=_columns("survey"), height=35 * len(before_s) + 40)
    st.markdown(f"**{t('value_gap.edit.typed')}**")
    st.caption(t("value_gap.edit.typed_hint"))
    after_t = st.data_editor(before_t, key=keys[1], hide_index=True, num_rows="dynamic",
                             column_config=_columns("typed"))
    try:
        if pending and vg.apply_edits(ws, [(before_s, after_s), (before_t, after_t)], base, names, cfg["competitors"],
                                      view.scale):
            st.session_state[bkey] = None
            st.rerun()
    except vg.ValueGapConflict as err:
        ui.show_error(err, lang, notice)
        if notice.button(t("value_gap.reload"), type="primary", key=ctx.key("vg", "reload")):
            for k in (bkey, *keys):
                st.session_state.pop(k, None)
            st.rerun()
    except WorkbenchError as err:
        ui.show_error(err, lang, notice)
