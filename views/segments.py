"""Segments view: one tab per segmentation, KPIs, CLV and model checking. Only widgets and drawing live here:
what to show is built by workbench.segments_view and the charts by workbench.charts_segments."""

import json
import zlib

import streamlit as st

import ui
from workbench import charts_segments as charts
from workbench import clv, initiatives, kpis
from workbench import segments as seg
from workbench import segments_view as view
from workbench import summary as summ
from workbench.errors import WorkbenchError
from workbench.formatting import fmt_count

ctx = ui.page_context("segments.title", "segments.intro")
if ctx.ws is None:
    st.stop()
ws, lang, T = ctx.ws, ctx.lang, ctx.t


# -- cached steps: keyed by workspace + data version (+ parameters); the segmentation step is the cheap one.
# Keys are small (JSON text, codes): a key holding per-customer data would be hashed again on every rerun.
@st.cache_data(show_spinner=False, max_entries=4)
def _summary(_ws, key):
    return summ.customer_summary(_ws)


@st.cache_data(show_spinner=False, max_entries=4)
def _filter_options(_ws, key):
    return kpis.filter_options(_ws)


@st.cache_data(show_spinner=False, max_entries=4)
def _fits(_ws, key):
    return seg.fit_models(_summary(_ws, key))


@st.cache_data(show_spinner=False, max_entries=16)
def _segments(_ws, key, seg_json):
    stored = json.loads(seg_json)
    return seg.segment_all(_summary(_ws, key), stored["params"], stored["patterns"])


def _seg_json(params, patterns) -> str:
    """The key of :func:`_segments`: what ``segment_all`` reads. The CLV settings are left out, so that
    changing one does not recompute every segmentation."""
    return json.dumps({"params": {k: v for k, v in params.items() if k != "clv"}, "patterns": patterns})


@st.cache_data(show_spinner=False, max_entries=16)
def _value(_ws, key, clv_json):
    bg, gg, _ = _fits(_ws, key)
    return seg.customer_value(_summary(_ws, key), bg, gg, json.loads(clv_json))


@st.cache_data(show_spinner=False, max_entries=64)
def _profile(_ws, key, seg_json, clv_json, name, lang):
    table, _ = _segments(_ws, key, seg_json)
    clv_values = _value(_ws, key, clv_json)["clv"]
    return view.ordered_profile(seg.segment_profile(table, _summary(_ws, key), name, lang, clv_values), name)


@st.cache_data(show_spinner=False, max_entries=16)
def _kpis(_ws, key, seg_json, picked, start, end, channels, cities):
    """KPIs and cohorts of a selection; the picked segment's members are looked up here, on a miss only."""
    ids = view.kpi_segment_ids(_segments(_ws, key, seg_json)[0], picked)
    flt = summ.OrderFilter(start=start, end=end, channels=channels, cities=cities, customer_ids=ids)
    return kpis.kpis(_ws, flt), kpis.cohort_retention(_ws, flt)


@st.cache_data(show_spinner=False, max_entries=8)
def _check(_ws, key, cal_end, obs_end):
    return seg.model_check(_ws, cal_end, obs_end)


key = ctx.cache_key
summary = _summary(ws, key)
if summary.empty:
    st.info(T("segments.error.no_orders"))
    st.stop()
params = seg.load_params(ws)
try:
    seg_json = _seg_json(params, seg.load_rfm_patterns(ws))
    table, infos = _segments(ws, key, seg_json)
except WorkbenchError as err:  # stored settings from elsewhere that do not fit together: say so, use defaults
    ui.show_error(err, lang)
    params = {name: seg.merge_params(name) for name in seg.DEFAULT_PARAMS}
    seg_json = _seg_json(params, list(seg.RFM_SEGMENTS))
    table, infos = _segments(ws, key, seg_json)
clv_json = json.dumps(params["clv"])
value = _value(ws, key, clv_json)
st.caption(T("segments.as_of", n=fmt_count(len(summary)), date=summary["last_purchase"].max().date().isoformat()))


def _param_form(name: str) -> None:
    """The segmentation's parameters as a form; saving stores them in the workspace and reruns."""
    with st.expander(T("segments.parameters")), st.form(f"params_{name}"):
        values = {}
        for f in view.param_fields(name, params[name], lang):
            if f["kind"] == "choice":
                values[f["name"]] = st.selectbox(f["label"], f["choices"], index=f["choices"].index(f["value"]),
                                                 format_func=f["choice_labels"].get)
            else:
                values[f["name"]] = st.number_input(f["label"], f["lo"], f["hi"], f["value"], f["step"],
                                                    format=f["format"])
        if st.form_submit_button(T("segments.save")):
            try:  # validated first: nothing is stored when inconsistent
                seg.save_params(ws, name, view.params_from_form(name, values, lang))
            except WorkbenchError as err:
                ui.show_error(err, lang)
            else:
                st.rerun()


def _segmentation(name: str, charts_too: bool = True) -> None:
    """Charts, profile table, member-list download and "turn into initiative" for one segmentation."""
    profile = _profile(ws, key, seg_json, clv_json, name, lang)
    for chart in charts.tab_charts(name, table, summary, infos, profile, lang) if charts_too else []:
        st.altair_chart(chart, width="stretch")
    st.table(view.profile_table(profile, lang), hide_index=True)
    choices = view.segment_choices(profile)
    if not choices:
        return
    left, mid, right = st.columns([2, 1, 1], vertical_alignment="bottom")
    choice = left.selectbox(T("segments.pick_segment"), choices, key=f"pick_{name}",
                            format_func=lambda s: seg.segment_label(name, s, lang))
    n = int(profile.set_index("segment").loc[choice, "customers"])
    members = lambda: view.member_csv(summary, table, value, name, choice, lang)  # noqa: E731 built on click
    mid.download_button(T("segments.download", n=fmt_count(n)), members, mime="text/csv", key=f"dl_{name}",
                        file_name=view.member_file_name(name, choice), width="stretch")
    if right.button(T("segments.to_initiative"), key=f"init_{name}", width="stretch"):
        fields = view.initiative_fields(profile, name, choice, lang)
        new_id = initiatives.create_initiative(ws, **fields)
        st.success(T("segments.initiative_done", title=fields["title"], id=new_id))


def _rfm_patterns() -> None:
    """The named-segment rules as an editable table; saved to the workspace, the editor rebuilt from it."""
    stored = seg.load_rfm_patterns(ws)
    with st.expander(T("segments.rfm.patterns")):
        st.caption(T("segments.rfm.patterns_help"))
        digest = zlib.crc32(json.dumps([lang, stored], ensure_ascii=False).encode())  # new rules → a fresh editor
        edited = st.data_editor(
            view.rfm_rules_frame(stored, lang), num_rows="dynamic", hide_index=True,
            key=f"rfm_patterns_{digest}", width="stretch",
            column_config={"segment": st.column_config.TextColumn(T("segments.rfm.col_segment"), required=True),
                           "pattern": st.column_config.TextColumn(T("segments.rfm.col_pattern"), required=True)},
        )
        save, reset = st.columns(2)
        try:
            if save.button(T("segments.rfm.save_patterns"), key="rfm_patterns_save"):
                seg.save_rfm_patterns(ws, view.rfm_rules_from_editor(edited.itertuples(index=False, name=None), lang))
                st.rerun()
            if reset.button(T("segments.rfm.reset_patterns"), key="rfm_patterns_reset"):
                seg.save_rfm_patterns(ws, None)
                st.rerun()
        except WorkbenchError as err:
            ui.show_error(err, lang)


def _kpi_tab() -> None:
    opts = _filter_options(ws, key)
    c1, c2, c3, c4 = st.columns(4)
    period = c1.date_input(T("segments.kpi.period"), view.default_period(opts["min_date"], opts["max_date"]),
                           opts["min_date"], opts["max_date"], key="kpi_period")
    channels = c2.multiselect(T("segments.kpi.channels"), opts["channels"], key="kpi_channels",
                              placeholder=T("segments.kpi.all_channels"))
    cities = c3.multiselect(T("segments.kpi.cities"), opts["cities"], key="kpi_cities",
                            placeholder=T("segments.kpi.all_cities"))
    options = view.kpi_segment_options(table, lang)
    picked = c4.selectbox(T("segments.kpi.segment"), list(options), key="kpi_segment", format_func=options.get)
    figures, cohorts = _kpis(ws, key, seg_json, picked, *view.period_bounds(period), tuple(channels), tuple(cities))
    cards = view.kpi_cards(figures, lang)
    for row in range(0, len(cards), 5):  # one st.columns per row, so the rows stay level
        for col, (label, text, exact) in zip(st.columns(5), cards[row:row + 5]):
            col.metric(label, text, help=exact, border=True)
    st.caption(T("segments.kpi.definitions"))
    if cohorts.empty:  # nobody bought in this selection: say so rather than draw an empty grid
        st.info(T("segments.kpi.no_orders_selected"))
    else:
        st.altair_chart(charts.cohort_heatmap(cohorts, lang), width="stretch")


def _clv_tab() -> None:
    bg, gg, warnings = _fits(ws, key)
    for warn_key, warn_params in warnings:
        st.warning(T(warn_key, **warn_params))
    _param_form("clv")
    st.markdown(T("segments.clv.simple", **seg.simple_clv_summary(summary, params["clv"])))
    if not seg.model_usable(bg):
        return
    for col, (label, text) in zip(st.columns(3), view.clv_metrics(value, params["clv"]["horizon_months"], lang)):
        col.metric(label, text, border=True)
    st.caption(view.clv_params_text(bg, gg, lang))
    st.altair_chart(charts.clv_histogram(seg.clv_bands(value["clv"]), lang), width="stretch")
    st.altair_chart(charts.p_alive_heatmap(clv.p_alive_matrix(bg, 20, 52), lang), width="stretch")
    st.caption(T("segments.clv.p_alive_note", weeks=f"{bg.median_T:.0f}"))


def _check_tab() -> None:
    st.markdown(T("segments.check.explain"))
    lo, hi, cal_default = view.check_default_dates(summary)
    c1, c2 = st.columns(2)
    cal_end = c1.date_input(T("segments.check.cal_end"), cal_default, lo, hi, key="cal_end")
    obs_end = c2.date_input(T("segments.check.obs_end"), hi, lo, hi, key="obs_end")
    try:
        check = _check(ws, key, cal_end, obs_end)
    except WorkbenchError as err:
        ui.show_error(err, lang)
        return
    for warn_key, warn_params in check["warnings"]:
        st.warning(T(warn_key, **warn_params))
    if check["errors"].empty:
        return
    for col, m in zip(st.columns(3), view.check_metrics(check, lang)):
        col.metric(m["label"], m["value"], delta=m["delta"], delta_color="inverse", help=m["help"], border=True)
    err = check["errors"]
    st.markdown(T("segments.check.verdict", model=err.loc["model", "mae"], naive=err.loc["naive", "mae"]))
    st.altair_chart(charts.holdout_by_frequency(check["by_frequency"], lang), width="stretch")
    st.altair_chart(charts.holdout_cumulative(check["cumulative"], lang), width="stretch")


tabs = dict(zip(view.TABS, st.tabs([T(f"segments.tab.{name}") for name in view.TABS])))
with tabs["kpis"]:
    _kpi_tab()
for name in view.SEGMENTATION_TABS:
    with tabs[name]:
        for kind, text in view.tab_notes(name, infos, len(summary), lang):
            getattr(st, kind)(text)
        _param_form(name)
        if name == "rfm":
            _rfm_patterns()
            st.caption(T("segments.rfm.order_note"))
        _segmentation(name)
        if name == "rfm":
            st.subheader(T("segments.segmentation.tier"))
            _segmentation("tier")
with tabs["clv"]:
    _clv_tab()
with tabs["check"]:
    _check_tab()
