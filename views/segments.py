"""Segments view: KPIs, one tab per segmentation of the registry, CLV and model checking. Only widgets and
drawing live here: the data comes from the segment snapshot and ``clv``, what to show from
``segments.display`` and the charts from ``segments.charts``."""

import json
import zlib

import streamlit as st

import ui
from ui.initiatives import existing_initiative_link
from ui.widgets import metric_cards, notes, param_form
from workbench import clv, roadmap, segments
from workbench.core.formatting import fmt_count
from workbench.customers import kpis
from workbench.report import files
from workbench.segments import charts, export
from workbench.segments import display as view

ctx = ui.page_context("segments.title", "segments.intro")
if ctx.ws is None:
    st.stop()
ws, lang, T, cur = ctx.ws, ctx.lang, ctx.t, ctx.currency

snap = segments.snapshot(ws)
if snap.n_customers == 0:
    st.info(T("segments.error.no_orders"))
    st.stop()
value = clv.values(ws)
summary = snap.summary
st.caption(T("segments.as_of", n=fmt_count(snap.n_customers), date=summary["last_purchase"].max().date().isoformat()))


def _saved(action, *args) -> None:
    """Store parameters (validated first: nothing is stored when inconsistent) and rerun to show them."""
    if ui.attempt(lang, action, *args) is not None:
        st.rerun()


def _param_form(name: str) -> None:
    specs = segments.PARAM_SPECS[name]
    fields = view.param_fields(specs, f"segments.param.{name}", snap.params[name], lang)
    param_form(ctx.key("params", name), T("segments.parameters"), fields, T("segments.save"),
               lambda values: _saved(segments.save_params, ws, name, view.params_from_form(specs, values)))


def _segmentation(name: str) -> None:
    """Charts, profile table, member-list download and "turn into initiative" for one segmentation."""
    profile = ui.cached(view.profile_of, ws, name, lang, versions=("segments", "clv"))
    for chart in view.tab_charts(snap, name, profile, lang, cur):
        ui.chart(chart)
    notes(view.tab_chart_notes(snap, name, lang))
    st.table(view.profile_table(profile, lang, cur), hide_index=True)
    choices = view.segment_choices(profile)
    if not choices:
        return
    left, mid, xlsx, right = st.columns([1.5, 1.5, 0.8, 1], vertical_alignment="bottom")
    choice = left.selectbox(T("segments.pick_segment"), choices, key=ctx.key("pick", name),
                            format_func=lambda s: segments.segment_label(name, s, lang))
    n = int(profile.set_index("segment").loc[choice, "customers"])
    members = lambda: files.csv_bytes(export.member_table(snap, value, name, choice, lang))  # built on click
    mid.download_button(T("segments.download", n=fmt_count(n)), members, mime="text/csv", key=ctx.key("dl", name),
                        file_name=export.member_file_name(name, choice), width="stretch")
    members_xlsx = lambda: files.xlsx_bytes(export.member_table(snap, value, name, choice, lang))
    xlsx.download_button(T("report.members.xlsx"), members_xlsx, mime=files.XLSX_MIME, key=ctx.key("dlx", name),
                         file_name=export.member_file_name(name, choice, ".xlsx"), width="stretch",
                         help=T("report.members.xlsx_help"))
    if files.xlsx_sheets_needed(n) > 1:  # more rows than one Excel sheet holds: say how the file splits them
        st.caption(T("report.members.split", n=fmt_count(n), limit=fmt_count(files.EXCEL_MAX_ROWS - 1),
                     sheets=files.xlsx_sheets_needed(n)))
    fields = view.initiative_fields(profile, name, choice, lang)  # one initiative per segment: else a link to it
    if existing_initiative_link(ws, "segment", fields["source_ref"], T, right) is None and right.button(
            T("segments.to_initiative"), key=ctx.key("init", name), width="stretch"):
        if ui.attempt(lang, roadmap.create_initiative, ws, **fields) is not None:
            st.rerun()  # the button becomes the link to the new initiative


def _rfm_patterns() -> None:
    """The named-segment rules as an editable table; saved to the workspace, the editor rebuilt from it."""
    stored = segments.load_rfm_patterns(ws)
    with st.expander(T("segments.rfm.patterns")):
        st.caption(T("segments.rfm.patterns_help"))
        digest = zlib.crc32(json.dumps([lang, stored], ensure_ascii=False).encode())  # new rules → a fresh editor
        edited = st.data_editor(
            view.rfm_rules_frame(stored, lang), num_rows="dynamic", hide_index=True,
            key=ctx.key("rfm_patterns", digest), width="stretch",
            column_config={"segment": st.column_config.TextColumn(T("segments.rfm.col_segment"), required=True),
                           "pattern": st.column_config.TextColumn(T("segments.rfm.col_pattern"), required=True)},
        )
        save, reset = st.columns(2)
        if save.button(T("segments.rfm.save_patterns"), key=ctx.key("rfm_patterns_save")):
            rows = view.rfm_rules_from_editor(edited.itertuples(index=False, name=None), lang)
            _saved(segments.save_rfm_patterns, ws, rows)
        if reset.button(T("segments.rfm.reset_patterns"), key=ctx.key("rfm_patterns_reset")):
            _saved(segments.save_rfm_patterns, ws, None)


def _kpi_tab() -> None:
    opts = ui.cached(kpis.filter_options, ws)
    c1, c2, c3, c4 = st.columns([1, 1, 1, 2])  # the segment picker's labels are long: never cut off
    period = c1.date_input(T("segments.kpi.period"), view.default_period(opts["min_date"], opts["max_date"]),
                           opts["min_date"], opts["max_date"], key=ctx.key("kpi_period"))
    channels = c2.multiselect(T("segments.kpi.channels"), opts["channels"], key=ctx.key("kpi_channels"),
                              placeholder=T("segments.kpi.all_channels"))
    cities = c3.multiselect(T("segments.kpi.cities"), opts["cities"], key=ctx.key("kpi_cities"),
                            placeholder=T("segments.kpi.all_cities"))
    options = view.kpi_segment_options(ui.cached(segments.Snapshot.options, snap, lang), lang)
    picked = c4.selectbox(T("segments.kpi.segment"), list(options), key=ctx.key("kpi_segment"),
                          format_func=options.get)
    figures, cohorts = ui.cached(view.kpi_figures, ws, picked, *view.period_bounds(period), tuple(channels),
                                 tuple(cities), versions=("segments",))
    metric_cards(view.kpi_cards(figures, lang, cur))
    st.caption(T("segments.kpi.definitions"))
    if not figures["customers"] or cohorts.empty:  # nobody bought in this selection: say so, draw no empty grid
        st.info(T("segments.kpi.no_orders_selected"))
    else:
        ui.chart(charts.cohort_heatmap(cohorts, lang))


def _clv_tab() -> None:
    bg, gg, warnings = clv.models(ws)
    for warn_key, warn_params in warnings:
        st.warning(T(warn_key, **warn_params))
    settings = clv.load_settings(ws)
    fields = view.param_fields(clv.SETTING_SPECS, "segments.param.clv", settings, lang)
    param_form(ctx.key("params", "clv"), T("segments.parameters"), fields, T("segments.save"),
               lambda values: _saved(clv.save_settings, ws, view.params_from_form(clv.SETTING_SPECS, values)))
    st.markdown(view.simple_clv_text(summary, settings, lang, cur))
    if not clv.model_usable(bg):
        return
    for col, (label, text) in zip(st.columns(3), view.clv_metrics(value, settings["horizon_months"], lang, cur)):
        col.metric(label, text, border=True)
    st.caption(view.clv_params_text(bg, gg, lang))
    ui.chart(charts.clv_histogram(view.clv_bands(value["clv"]), lang, cur))
    if band_note := view.clv_bands_note(value["clv"], lang, cur):
        st.caption(band_note)
    ui.chart(charts.p_alive_heatmap(clv.p_alive_matrix(bg, 20, 52), lang))
    st.caption(view.p_alive_note(bg, lang))


def _check_tab() -> None:
    st.markdown(T("segments.check.explain"))
    lo, hi, cal_default = view.check_default_dates(summary)
    c1, c2 = st.columns(2)
    cal_end = c1.date_input(T("segments.check.cal_end"), cal_default, lo, hi, key=ctx.key("cal_end"))
    obs_end = c2.date_input(T("segments.check.obs_end"), hi, lo, hi, key=ctx.key("obs_end"))
    check = ui.attempt(lang, ui.cached, clv.model_check, ws, cal_end, obs_end)
    if check is None:
        return
    for warn_key, warn_params in check["warnings"]:
        st.warning(T(warn_key, **warn_params))
    if check["errors"].empty:
        return
    cards = view.check_metrics(check, lang)
    for col, m in zip(st.columns(len(cards)), cards):
        col.metric(m["label"], m["value"], delta=m["delta"], delta_color="inverse", help=m["help"], border=True)
    st.markdown(view.check_verdict(check, lang))
    ui.chart(charts.holdout_by_frequency(check["by_frequency"], lang))
    ui.chart(charts.holdout_cumulative(check["cumulative"], lang))


def _segmentation_tab(name: str) -> None:
    notes(view.tab_notes(snap, name, lang, cur))
    _param_form(name)
    if name == "rfm":
        _rfm_patterns()
        st.caption(T("segments.rfm.order_note"))
    _segmentation(name)
    if name == "rfm":
        st.subheader(T("segments.segmentation.tier"))
        _segmentation("tier")


# only the open tab runs (stateful tabs): a click never computes or sends the nine tabs nobody looks at
draw = {"kpis": _kpi_tab, "clv": _clv_tab, "check": _check_tab}
tabs = st.tabs([T(f"segments.tab.{name}") for name in view.TABS], key=ctx.key("segments_tab"), on_change="rerun")
for name, tab in zip(view.TABS, tabs):
    if tab.open:
        with tab:
            draw.get(name, lambda n=name: _segmentation_tab(n))()
