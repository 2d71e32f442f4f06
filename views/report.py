"""Report view: choose the sections, build the Excel workbook with its progress shown, download it when it
is ready. The workbook is ``workbench.report.write_report``, the same the ``report`` command writes; a
section whose data does not exist yet is shown but cannot be chosen. Member lists are separate exports
(the Segments page)."""

import io

import streamlit as st

import ui
from workbench import report
from workbench.i18n import LANG_LABELS, LANGS

ctx = ui.page_context("report.title", "report.intro")
if ctx.ws is None:
    st.stop()
ws, T = ctx.ws, ctx.t

st.subheader(T("report.page.sections"))
status = report.section_status(ws, ctx.lang)
chosen = []
columns = st.columns(2)
for i, (name, title, available) in enumerate(status):
    label = title if available else f"{title} · {T('report.page.no_data')}"
    if columns[i % 2].checkbox(label, value=available, disabled=not available, key=ctx.key("section", name)):
        chosen.append(name)

left, right = st.columns(2)
client = left.text_input(T("report.page.client"), value=report.load_client_name(ws), max_chars=120,
                         placeholder=T("report.page.client_hint"), key=ctx.key("client"))
lang = right.radio(T("report.page.lang"), LANGS, index=LANGS.index(ctx.lang), format_func=LANG_LABELS.get,
                   horizontal=True, key=ctx.key("lang"))
choice = (tuple(chosen), " ".join(client.split()), lang)
built_key = ctx.key("built")

if st.button(T("report.page.build"), type="primary", disabled=not chosen, key=ctx.key("build")):
    ui.attempt(ctx.lang, report.save_client_name, ws, client)
    bar = st.progress(0.0, text=report.progress_text("checking", ctx.lang))
    buffer = io.BytesIO()
    show = lambda fraction, step: bar.progress(min(1.0, fraction), text=report.progress_text(step, ctx.lang))
    result = ui.attempt(ctx.lang, report.write_report, buffer, ws, lang, chosen, show)
    bar.empty()  # done: the message below says what was built
    if result is not None:
        st.session_state[built_key] = {"choice": choice, "data": buffer.getvalue(), "result": result,
                                       "file": report.report_file_name(ws.name)}
if not chosen:
    st.info(T("report.page.pick_one"))

built = st.session_state.get(built_key)
if built and built["choice"] != choice:
    st.info(T("report.page.stale"))
elif built:
    result = built["result"]
    st.success(T("report.page.ready", sections=len(result.sections), sheets=len(result.sheets)))
    if result.skipped:
        titles = dict((name, title) for name, title, _ in status)
        st.caption(T("report.page.skipped", sections=T("report.list_sep").join(titles[s] for s in result.skipped)))
    st.download_button(T("report.page.download"), built["data"], file_name=built["file"], mime=report.XLSX_MIME,
                       type="primary", icon=":material/download:", key=ctx.key("download"))
st.caption(T("report.page.member_lists"))
