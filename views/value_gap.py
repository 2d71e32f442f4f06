"""Value-gap analysis: gaps and priority, importance–performance, stated vs derived importance, competitors,
Kano, perceived value and layers — for all respondents or one segment — and the room's attribute editors
(their state: ``ui.value_gap``).
"""

import streamlit as st

import ui
import ui.value_gap as ui_vg
from ui.initiatives import existing_initiative_link
from ui.widgets import column_config, notes
from workbench import roadmap, segments
from workbench import value_gap as vg
from workbench.value_gap import charts, display

ctx = ui.page_context("value_gap.title", "value_gap.intro")
if ctx.ws is None:
    st.stop()
ws, t, lang = ctx.ws, ctx.t, ctx.lang
cfg, scale = vg.load_settings(ws), vg.survey_scale(vg.read_survey(ws))
ed = ui_vg.editors(ctx, ws, cfg["competitors"], scale)  # pending edits stored first: every view shows them
snap = segments.snapshot(ws)
seg_opts = ui.cached(segments.Snapshot.options, snap, lang)
bar = st.columns(2)
by = bar[0].selectbox(t("value_gap.by"), [None, vg.SURVEY_SEGMENT, *dict.fromkeys(o[0] for o in seg_opts)],
                      key=ctx.key("vg", "by"), format_func=lambda b: display.by_label(b, segments, lang))
mapping = None if by in (None, vg.SURVEY_SEGMENT) else snap.table[["customer_id", by]].rename(columns={by: "segment"})
seg_labels = {o[1]: segments.segment_label(o[0], o[1], lang) for o in seg_opts if o[0] == by}
present = vg.segment_values(vg.read_survey(ws), mapping) if by else []
segment = bar[1].selectbox(t("value_gap.segment"), [None, *present], key=ctx.key("vg", "seg", by),
                           format_func=lambda s: t("value_gap.segment.all") if s is None else seg_labels.get(s, s))
view = vg.analyse(ws, segment, mapping, cfg, mapping_key=(snap.key, by))  # cached until something changes
st.caption(t("value_gap.respondents", n=view.respondents, low=f"{scale[0]:g}", high=f"{scale[1]:g}"))


def _chart(name, chart, table=None, columns=None):
    """A chart with how to read it and its source above, and its table below (``columns``: its specs)."""
    st.caption(display.explain(name, lang))
    if chart is not None:
        ui.chart(chart)
    if table is not None and len(table):
        st.dataframe(table, hide_index=True, width="stretch", height=35 * len(table) + 40,
                     column_config=column_config(columns or {}))


def _keep(**changes):
    """Store changed choices, then run again so every view follows them."""
    if any(cfg[k] != v for k, v in changes.items()):
        vg.save_settings(ws, **changes)
        st.rerun()


def _columns(which):
    return column_config(display.editor_columns(which, lang, scale, cfg["competitors"], cfg["layer_model"]))


def _gaps_tab():
    notes(display.notes(view, "gaps", lang))
    linked = display.linked_attributes(roadmap.list_initiatives(ws), by, segment)
    _chart("gaps", charts.gap_chart(view.gaps, lang), display.gap_rows(view.gaps, lang, linked),
           display.gap_columns(lang))
    gaps = view.gaps[view.gaps["priority"] > 0].reset_index(drop=True)
    if len(gaps):
        row = gaps.iloc[st.selectbox(t("value_gap.initiative.pick"), range(len(gaps)), key=ctx.key("vg", "act", by),
                                     format_func=lambda i: f"{gaps['rank'][i]}. {gaps['label'][i]}")].to_dict()
        fields = display.initiative_fields(row, seg_labels, by, segment, lang)  # one per gap: else a link to it
        if existing_initiative_link(ws, "value_gap", fields["source_ref"], t) is None and st.button(
                t("value_gap.initiative.create"), type="primary", key=ctx.key("vg", "make")):
            if ui.attempt(lang, roadmap.create_initiative, ws, fields.pop("title"), **fields):
                st.rerun()  # the button becomes the link to the new initiative
    if len(view.differences):
        st.markdown(f"**{t('value_gap.differences')}**")
        _chart("differences", None, display.difference_rows(view.differences, seg_labels, lang))


def _ipa_tab():
    how = st.radio(t("value_gap.crosshair"), vg.CROSSHAIRS, index=vg.CROSSHAIRS.index(cfg["crosshair"]),
                   horizontal=True, key=ctx.key("vg", "how"), format_func=lambda h: t(f"value_gap.crosshair.{h}"))
    value = (st.number_input(t("value_gap.crosshair_value"), *scale, float(cfg["crosshair_value"] or sum(
        scale) / 2), 0.1, key=ctx.key("vg", "how_value")) if how == "value" else cfg["crosshair_value"])
    _keep(crosshair=how, crosshair_value=value)
    perf0, imp0 = vg.crosshairs(view.gaps, how, scale, value)
    st.caption(t("value_gap.crosshair_line", perf=f"{perf0:.2f}", imp=f"{imp0:.2f}"))
    _chart("ipa", charts.ipa_chart(vg.ipa_table(view.gaps, perf0, imp0), perf0, imp0, scale, lang))


def _derived_tab():
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


def _competitors_tab():
    notes(display.notes(view, "competitors", lang))
    who = {"__survey__": t("value_gap.competitor.survey")}
    if len(view.competitors):
        long = view.competitors.assign(who=view.competitors["who"].map(lambda w: who.get(w, w)))
        _chart("competitors", charts.competitor_chart(long, t("value_gap.us"), lang),
               display.benchmark_rows(view.benchmark, who, lang))
        for line in display.lead_trail(view.benchmark, lang):
            st.caption(line)


def _kano_tab():
    _keep(kano_band=st.slider(t("value_gap.band"), 0, 20, int(round(cfg["kano_band"] * 100)),
                              key=ctx.key("vg", "band")) / 100)
    notes(display.notes(view, "kano", lang))
    if len(view.kano):
        _chart("kano", charts.kano_chart(view.kano, lang), display.kano_rows(view.kano, lang))


def _value_tab():
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


def _attributes_tab():
    with st.form(ctx.key("vg", "names"), border=False):
        c1, c2 = st.columns(2)
        own = c1.text_input(t("value_gap.edit.survey_competitor"), cfg["survey_competitor"], max_chars=80)
        others = c2.text_input(t("value_gap.edit.competitors"), ", ".join(cfg["competitors"]), max_chars=400)
        if st.form_submit_button(t("value_gap.edit.save_names")):
            ui.attempt(lang, vg.save_settings, ws, survey_competitor=own,
                       competitors=others.replace("，", ",").split(","))
            st.rerun()
    if ed.problem is not None:
        ui.show_error(ed.problem, lang)
        if isinstance(ed.problem, vg.ValueGapConflict) and st.button(t("value_gap.reload"), type="primary",
                                                                      key=ctx.key("vg", "reload")):
            ed.forget()
            st.rerun()
    names, before_s, before_t = vg.editor_frames(ws, ed.base, cfg["competitors"])
    st.markdown(f"**{t('value_gap.edit.survey')}**")
    st.caption(t("value_gap.edit.survey_hint"))
    st.data_editor(before_s, key=ed.keys[0], hide_index=True, disabled=["attribute"], column_config=_columns("survey"),
                   height=35 * len(before_s) + 40)
    st.markdown(f"**{t('value_gap.edit.typed')}**")
    st.caption(t("value_gap.edit.typed_hint"))
    st.data_editor(before_t, key=ed.keys[1], hide_index=True, num_rows="dynamic", column_config=_columns("typed"))


# only the open tab runs (stateful tabs): an edit in the room's editors redraws one tab, not seven
DRAW = {"gaps": _gaps_tab, "ipa": _ipa_tab, "derived": _derived_tab, "competitors": _competitors_tab,
        "kano": _kano_tab, "value": _value_tab, "attributes": _attributes_tab}
for name, tab in zip(display.TABS, st.tabs([t(f"value_gap.tab.{k}") for k in display.TABS], key=ctx.key("vg", "tab"),
                                           on_change="rerun")):
    if tab.open:
        with tab:
            DRAW[name]()
