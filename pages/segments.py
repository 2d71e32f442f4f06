"""Segments view: one tab per segmentation, KPIs, CLV and model checking. Logic lives in workbench/."""

import datetime as dt
import json
import zlib

import pandas as pd
import streamlit as st

import ui
from workbench import charts_segments as charts
from workbench import clv, initiatives, kpis
from workbench import segments as seg
from workbench import summary as summ
from workbench.errors import WorkbenchError

ctx = ui.page_context("segments.title", "segments.intro")
if ctx.ws is None:
    st.stop()
ws, lang, T = ctx.ws, ctx.lang, ctx.t


# -- cached steps: keyed by workspace + data version (+ parameters); the segmentation step is the cheap one
@st.cache_data(show_spinner=False, max_entries=4)
def _summary(_ws, key):
    return summ.customer_summary(_ws)


@st.cache_data(show_spinner=False, max_entries=4)
def _fits(_ws, key):
    return seg.fit_models(_summary(_ws, key))


@st.cache_data(show_spinner=False, max_entries=16)
def _segments(_ws, key, params_json):
    stored = json.loads(params_json)
    return seg.segment_all(_summary(_ws, key), stored["params"], stored["patterns"])


@st.cache_data(show_spinner=False, max_entries=16)
def _value(_ws, key, clv_json):
    bg, gg, _ = _fits(_ws, key)
    return seg.customer_value(_summary(_ws, key), bg, gg, json.loads(clv_json))


@st.cache_data(show_spinner=False, max_entries=16)
def _kpis(_ws, key, start, end, channels, cities, ids):
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
    table, infos = _segments(ws, key, json.dumps({"params": params, "patterns": seg.load_rfm_patterns(ws)}))
except WorkbenchError as err:  # stored settings from elsewhere that do not fit together: say so, use defaults
    ui.show_error(err, lang)
    params = {name: seg.merge_params(name) for name in seg.DEFAULT_PARAMS}
    table, infos = _segments(ws, key, json.dumps({"params": params, "patterns": list(seg.RFM_SEGMENTS)}))
value = _value(ws, key, json.dumps(params["clv"]))
st.caption(T("segments.as_of", n=len(summary), date=summary["last_purchase"].max().date().isoformat()))


def _param_form(name: str) -> None:
    """The segmentation's parameters as a form; saving stores them in the workspace and reruns."""
    with st.expander(T("segments.parameters")), st.form(f"params_{name}"):
        values = {}
        for p in seg.PARAM_SPECS[name]:
            label, current = T(f"segments.param.{name}.{p.name}"), params[name][p.name]
            if p.kind == "choice":
                values[p.name] = st.selectbox(label, p.choices, index=p.choices.index(current),
                                              format_func=lambda c: T(f"segments.choice.{c}"))
            elif p.kind == "int":
                values[p.name] = st.number_input(label, int(p.lo), int(p.hi), int(current), int(p.step))
            else:
                values[p.name] = st.number_input(label, p.lo, p.hi, float(current), p.step, format="%.2f")
        if st.form_submit_button(T("segments.save")):
            try:
                seg.save_params(ws, name, values)  # validated first: nothing is stored when inconsistent
            except WorkbenchError as err:
                ui.show_error(err, lang)
            else:
                st.rerun()


def _profile_and_actions(name: str) -> None:
    """Profile table, member-list download and "turn into initiative" for one segmentation."""
    profile = seg.segment_profile(table, summary, name, lang, value["clv"])
    st.dataframe(profile.drop(columns="segment"), hide_index=True, width="stretch",
                 column_config={c: st.column_config.Column(T(f"segments.col.{c}")) for c in profile.columns})
    present = profile[profile["customers"] > 0]
    if present.empty:
        return
    left, mid, right = st.columns([2, 1, 1], vertical_alignment="bottom")
    choice = left.selectbox(T("segments.pick_segment"), list(present["segment"]), key=f"pick_{name}",
                            format_func=lambda s: seg.segment_label(name, s, lang))
    mask = seg.members_of(table, name, choice).to_numpy()
    members = lambda m=mask: seg.csv_bytes(seg.export_table(summary[m], table[m], value[m], lang=lang))  # noqa: E731
    mid.download_button(T("segments.download", n=int(mask.sum())), members,  # built only when clicked
                        file_name=f"{name}_{choice}.csv", mime="text/csv", key=f"dl_{name}")
    if right.button(T("segments.to_initiative"), key=f"init_{name}"):
        label = seg.segment_label(name, choice, lang)
        title = T("segments.initiative_title", segmentation=seg.segmentation_label(name, lang), segment=label)
        row = present.set_index("segment").loc[choice]
        description = T("segments.initiative_description", n=int(row["customers"]), share=row["customer_share"],
                        revenue=row["revenue_share"], repurchase=row["repurchase_rate"])
        new_id = initiatives.create_initiative(ws, title, source_kind="segment", target_segment=label,
                                               source_ref={"segmentation": name, "segment": choice},
                                               description=description)
        st.success(T("segments.initiative_done", title=title, id=new_id))


def _rfm_patterns() -> None:
    """The named-segment rules as an editable table; saved to the workspace, the editor rebuilt from it."""
    stored = seg.load_rfm_patterns(ws)
    with st.expander(T("segments.rfm.patterns")):
        st.caption(T("segments.rfm.patterns_help"))
        digest = zlib.crc32(json.dumps(stored, ensure_ascii=False).encode())  # new rules → a fresh editor
        edited = st.data_editor(
            pd.DataFrame(stored, columns=["segment", "pattern"]), num_rows="dynamic", hide_index=True,
            key=f"rfm_patterns_{digest}", width="stretch",
            column_config={"segment": st.column_config.TextColumn(T("segments.rfm.col_segment"), required=True),
                           "pattern": st.column_config.TextColumn(T("segments.rfm.col_pattern"), required=True)},
        )
        save, reset = st.columns(2)
        try:
            if save.button(T("segments.rfm.save_patterns"), key="rfm_patterns_save"):
                seg.save_rfm_patterns(ws, list(edited.itertuples(index=False, name=None)))
                st.rerun()
            if reset.button(T("segments.rfm.reset_patterns"), key="rfm_patterns_reset"):
                seg.save_rfm_patterns(ws, None)
                st.rerun()
        except WorkbenchError as err:
            ui.show_error(err, lang)


def _kpi_tab() -> None:
    opts = kpis.filter_options(ws)
    c1, c2, c3, c4 = st.columns(4)
    default_start = max(opts["min_date"], opts["max_date"] - dt.timedelta(days=364))
    period = c1.date_input(T("segments.kpi.period"), (default_start, opts["max_date"]),
                           opts["min_date"], opts["max_date"], key="kpi_period")
    channels = c2.multiselect(T("segments.kpi.channels"), opts["channels"], key="kpi_channels")
    cities = c3.multiselect(T("segments.kpi.cities"), opts["cities"], key="kpi_cities")
    options = [(s, v) for s in seg.SEGMENTATIONS for v in seg.SEGMENTS[s] if seg.members_of(table, s, v).any()]
    picked = c4.selectbox(T("segments.kpi.segment"), [None] + options, key="kpi_segment",
                          format_func=lambda o: T("segments.kpi.all") if o is None else
                          f"{seg.segmentation_label(o[0], lang)}: {seg.segment_label(o[0], o[1], lang)}")
    ids = None if picked is None else tuple(table.loc[seg.members_of(table, *picked), "customer_id"])
    start, end = (period + (period[0],))[:2] if len(period) else (None, None)
    figures, cohorts = _kpis(ws, key, start, end, tuple(channels), tuple(cities), ids)
    cols = st.columns(5)
    for i, k in enumerate(kpis.DISPLAY_KPIS):
        cols[i % 5].metric(T(f"segments.kpi.{k}"), kpis.format_kpi(k, figures.get(k)), border=True)
    st.caption(T("segments.kpi.definitions"))
    st.altair_chart(charts.cohort_heatmap(cohorts, lang), width="stretch")


def _clv_tab() -> None:
    bg, gg, warnings = _fits(ws, key)
    for warn_key, warn_params in warnings:
        st.warning(T(warn_key, **warn_params))
    _param_form("clv")
    p = params["clv"]
    st.markdown(T("segments.clv.simple", **seg.simple_clv_summary(summary, p)))
    if bg is None or not all(map(pd.notna, bg.params.values())):
        return
    c1, c2, c3 = st.columns(3)
    c1.metric(T("segments.clv.mean", months=p["horizon_months"]), f"{value['clv'].mean():,.0f}", border=True)
    c2.metric(T("segments.clv.total"), f"{value['clv'].sum():,.0f}", border=True)
    c3.metric(T("segments.clv.alive"), f"{value['p_alive'].mean():.0%}", border=True)
    st.caption(T("segments.clv.params", **{k: f"{v:.3g}" for k, v in (bg.params | gg.params).items()}))
    st.altair_chart(charts.clv_histogram(seg.clv_bands(value["clv"]), lang), width="stretch")
    st.altair_chart(charts.p_alive_heatmap(clv.p_alive_matrix(bg, 20, 52), lang), width="stretch")
    st.caption(T("segments.clv.p_alive_note", weeks=f"{bg.median_T:.0f}"))


def _check_tab() -> None:
    lo, hi = summary["first_purchase"].min().date(), summary["last_purchase"].max().date()
    c1, c2 = st.columns(2)
    cal_end = c1.date_input(T("segments.check.cal_end"), max(lo, hi - dt.timedelta(days=182)), lo, hi,
                            key="cal_end")
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
    err = check["errors"]
    c1, c2, c3 = st.columns(3)
    c1.metric(T("segments.check.customers"), f"{check['customers']:,}", border=True)
    c2.metric(T("segments.check.mae_model"), f"{err.loc['model', 'mae']:.2f}", border=True,
              delta=f"{err.loc['model', 'mae'] - err.loc['naive', 'mae']:+.2f}", delta_color="inverse")
    c3.metric(T("segments.check.total_error"), f"{err.loc['model', 'pct_error']:+.1f}%", border=True,
              help=T("segments.check.naive_total", pct=f"{err.loc['naive', 'pct_error']:+.1f}%"))
    st.markdown(T("segments.check.verdict", model=err.loc["model", "mae"], naive=err.loc["naive", "mae"]))
    st.altair_chart(charts.holdout_by_frequency(check["by_frequency"], lang), width="stretch")
    st.altair_chart(charts.holdout_cumulative(check["cumulative"], lang), width="stretch")


TABS = ["kpis", "rfm", "pyramid", "quadrant", "csr", "sat_loyalty", "churn", "tags", "clv", "check"]
tabs = dict(zip(TABS, st.tabs([T(f"segments.tab.{name}") for name in TABS])))
with tabs["kpis"]:
    _kpi_tab()
with tabs["rfm"]:
    st.markdown(T("segments.explain.rfm"))
    _param_form("rfm")
    _rfm_patterns()
    st.altair_chart(charts.rfm_heatmap(table, lang), width="stretch")
    _profile_and_actions("rfm")
    st.subheader(T("segments.segmentation.tier"))
    _profile_and_actions("tier")
with tabs["pyramid"]:
    info = infos["pyramid"]
    st.markdown(T("segments.explain.pyramid", key=info["params"]["key_share"], ordinary=info["params"]["ordinary_share"]))
    if info["basis_fallback"]:
        st.info(T("segments.pyramid.no_cost"))
    _param_form("pyramid")
    st.markdown(T("segments.pyramid.top", **{f"top{int(q * 100)}": v for q, v in info["top_shares"].items()}))
    st.altair_chart(charts.pyramid_chart(seg.segment_profile(table, summary, "pyramid", lang), lang), width="stretch")
    st.altair_chart(charts.lorenz_chart(info["lorenz"], info["gini"], lang), width="stretch")
    _profile_and_actions("pyramid")
with tabs["quadrant"]:
    info = infos["quadrant"]
    st.markdown(T("segments.explain.quadrant"))
    _param_form("quadrant")
    st.caption(T("segments.quadrant.used", value=info["value_threshold"], growth=info["growth_threshold"],
                 n=info["n_no_history"]))
    st.altair_chart(charts.quadrant_scatter(summary, table, info["value_threshold"], info["growth_threshold"], lang),
                    width="stretch")
    _profile_and_actions("quadrant")
with tabs["csr"]:
    st.markdown(T("segments.explain.csr", core=1 - infos["csr"]["params"]["core_q"]))
    _param_form("csr")
    st.altair_chart(charts.segment_bars(seg.segment_profile(table, summary, "csr", lang), lang), width="stretch")
    _profile_and_actions("csr")
with tabs["sat_loyalty"]:
    info = infos["sat_loyalty"]
    st.markdown(T("segments.explain.sat_loyalty"))
    if info["measure"] is None:
        st.warning(T("segments.sat.no_measure"))
    else:
        st.info(T("segments.sat.no_score", n=info["n_no_score"], total=len(summary),
                  measure=T(f"segments.choice.{info['measure']}")))
    _param_form("sat_loyalty")
    profile = seg.segment_profile(table, summary, "sat_loyalty", lang)
    st.altair_chart(charts.sat_loyalty_matrix(profile, lang), width="stretch")
    _profile_and_actions("sat_loyalty")
with tabs["churn"]:
    info = infos["churn"]
    st.markdown(T("segments.explain.churn"))
    if info["skipped"]:
        st.warning(T("segments.churn.skipped", dims=T("segments.list_sep").join(T(f"segments.churn_dim.{d}") for d in info["skipped"])))
    _param_form("churn")
    st.altair_chart(charts.segment_bars(seg.segment_profile(table, summary, "churn", lang), lang,
                                        "segments.chart.churn_risk"), width="stretch")
    st.altair_chart(charts.churn_dimension_bars(info["flag_counts"], info["available"], lang), width="stretch")
    _profile_and_actions("churn")
with tabs["tags"]:
    info = infos["tags"]
    st.markdown(T("segments.explain.tags"))
    if info["skipped"]:
        st.warning(T("segments.tags.skipped", tags=T("segments.list_sep").join(seg.segment_label("tags", s, lang) for s in info["skipped"])))
    for tag in seg.SEGMENTS["tags"]:
        st.markdown(T("segments.tags.line", tag=seg.segment_label("tags", tag, lang), n=info["counts"][tag],
                      treatment=T(seg.TAG_TREATMENTS[tag])))
    _param_form("tags")
    _profile_and_actions("tags")
with tabs["clv"]:
    _clv_tab()
with tabs["check"]:
    st.markdown(T("segments.check.explain"))
    _check_tab()
