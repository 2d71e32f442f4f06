"""Data page: choose a file, confirm the column mapping, import, then see what the workspace holds."""

from pathlib import Path

import streamlit as st

import ui
from ui.upload import done, upload_to_disk
from ui.widgets import metric_cards, notes
from workbench import ingest
from workbench.core.currency import CURRENCIES, set_workspace_currency
from workbench.core.errors import WorkbenchError
from workbench.core.formatting import currency_symbol, fmt_count
from workbench.core.settings import workbench_home
from workbench.ingest import charts, display, profile, quarantine, readers, uploads
from workbench.report import files

ctx = ui.page_context("data.title", "data.intro")
if ctx.ws is None:
    st.stop()
ws, t = ctx.ws, ctx.t


def pick_file() -> tuple[Path, str] | None:
    """(path on disk, name to log): an upload's private copy, or a file of the drop folder."""
    source = st.radio(t("data.source"), ["upload", "server"], format_func=lambda s: t(f"data.source.{s}"),
                      horizontal=True, key=ctx.key("data_source"))
    if source == "upload":
        return upload_to_disk(ctx, "data_upload", t("data.upload"), [s.lstrip(".") for s in readers.FORMATS])
    st.caption(t("data.server.help", folder=str(uploads.drop_folder(workbench_home()))))
    if names := [p.name for p in uploads.server_files(workbench_home())]:
        name = st.selectbox(t("data.server.pick"), names, key=ctx.key("data_server_file"))
        return uploads.resolve_server_file(workbench_home(), name), name
    st.info(t("data.server.none"))


def choose_options(path: Path) -> dict:
    c1, c2, c3 = st.columns(3)
    options = {"date_order": c1.selectbox(t("data.date_order"), ingest.DATE_ORDER_CHOICES,
                                          key=ctx.key("data_date_order"),
                                          format_func=lambda o: t(f"data.date_order.{o}"))}
    if (fmt := readers.file_format(path)) == "excel":
        sheets, default = ui.cached(display.workbook_sheets, ws, str(path), path.stat().st_mtime)
        options["sheet"] = c2.selectbox(t("data.sheet"), sheets, index=sheets.index(default),
                                        key=ctx.key("data_sheet", path))
    elif fmt == "csv":
        options["encoding"] = c2.selectbox(t("data.encoding"), readers.ENCODING_CHOICES, key=ctx.key("data_encoding"),
                                           format_func=lambda e: e or t("data.encoding.auto")) or None
    stored = ingest.default_options(ws)["negative_amounts"]
    options["negative_amounts"] = c3.radio(t("data.negative"), ingest.NEGATIVE_AMOUNTS, key=ctx.key("data_negative"),
                                           index=ingest.NEGATIVE_AMOUNTS.index(stored),
                                           format_func=lambda o: t(f"data.negative.{o}"))
    if options["negative_amounts"] != stored:  # a visible workspace setting, remembered for the next import
        ingest.set_negative_amounts(ws, options["negative_amounts"])
    return options


def choose_mapping(kind: str, src, frame) -> dict:
    st.subheader(t("data.mapping"))
    st.caption(t("data.mapping.help"))
    rows, saved = display.mapping_choices(ws, kind, src.columns, frame)
    if saved:
        st.caption(t("data.mapping.saved"))
    picked = {r["field"]: col.selectbox(t(f"ingest.field.{r['field']}") + (" *" if r["required"] else ""),
                                        r["choices"], index=r["index"], key=ctx.key("data_map", *r["key"]),
                                        format_func=lambda c: c or t("data.mapping.none"))
              for col, r in zip(st.columns(4) * len(rows), rows)}
    return {f: c for f, c in picked.items() if c}


def run_import(chosen, kind: str, mode: str, mapping: dict, options: dict, on_duplicate: str):
    (path, name), bar = chosen, st.progress(0.0, text=t("ingest.stage.hash"))
    progress = lambda stage, done_: bar.progress(ingest.overall_progress(stage, done_), text=t(f"ingest.stage.{stage}"))
    try:
        result = ingest.import_path(ws, path, kind, mode=mode, mapping=mapping, options={**options, "file_name": name},
                                    on_duplicate_file=on_duplicate, progress=progress)
    except WorkbenchError as err:
        bar.empty()
        if err.key != "ingest.error.duplicate_file":
            return ui.show_error(err, ctx.lang)
        st.session_state[ctx.key("data_duplicate")] = (str(path), err)  # offer replace / skip on the rerun
        st.rerun()
    st.session_state.pop(ctx.key("data_duplicate"), None)
    done(ctx, "data_upload")  # an uploaded file is used: its copy goes and the uploader empties
    # remembered with its workspace (the key names it): import ids start at 1 in every workspace
    st.session_state[ctx.key("data_last_import")] = result.import_id if result.status == "imported" else None
    if result.status == "skipped":
        st.session_state[ctx.key("data_flash")] = t("data.skipped")
    st.rerun()


def show_quarantine(import_id: int, count: int, key: str) -> None:
    if count:
        st.markdown(f"**{t('data.quarantine.by_reason')}**")
        st.dataframe(quarantine.quarantine_summary(ws, import_id, ctx.lang), hide_index=True)
        st.download_button(t("data.quarantine.download"),
                           lambda: files.csv_bytes(quarantine.quarantine_rows(ws, import_id, ctx.lang)),
                           file_name=f"quarantine_{import_id}.csv", mime="text/csv", key=ctx.key("data_dl", key))


def import_tab() -> None:
    kind = st.radio(t("data.kind"), ingest.KINDS, format_func=lambda k: t(f"ingest.kind.{k}"), horizontal=True,
                    key=ctx.key("data_kind"))
    last = st.session_state.get(ctx.key("data_last_import"))
    if last and (row := profile.import_row(ws, last)):
        notes(display.result_notes(row, last, ctx.lang))
        show_quarantine(last, row["rows_quarantined"], "last")
    if not (chosen := pick_file()):
        return
    options = choose_options(path := chosen[0])
    src, frame = ui.cached(display.file_preview, ws, str(path), path.stat().st_mtime, tuple(sorted(options.items())))
    st.caption(display.detected_text(src, ctx.lang))
    st.dataframe(frame.head(10), hide_index=True)
    mapping = choose_mapping(kind, src, frame)
    mode = st.radio(t("data.mode"), ingest.MODES, format_func=lambda m: t(f"data.mode.{m}"), horizontal=True,
                    key=ctx.key("data_mode"))
    duplicate = st.session_state.get(ctx.key("data_duplicate"))
    if duplicate and duplicate[0] == str(path):
        st.warning(duplicate[1].display_text(ctx.lang))  # file names come from the browser: escaped
        for column, choice in zip(st.columns(2), ("replace", "skip")):
            if column.button(t(f"data.duplicate.{choice}"), key=ctx.key("data_dup", choice)):
                run_import(chosen, kind, mode, mapping, options, choice)
    elif st.button(t("data.import"), type="primary", key=ctx.key("data_import")):
        run_import(chosen, kind, mode, mapping, options, "ask")


def profile_tab() -> None:
    codes = list(CURRENCIES)  # the workspace's currency: every amount on every page and export is written in it
    picked = st.selectbox(t("data.currency"), codes, index=codes.index(ctx.currency), key=ctx.key("data_currency"),
                          format_func=lambda c: f"{c} · {currency_symbol(c).strip()}", help=t("data.currency.help"))
    if picked != ctx.currency and ui.attempt(ctx.lang, set_workspace_currency, ws, picked):
        st.rerun()
    overview = ui.cached(profile.dataset_overview, ws)
    if overview["rows"].sum() == 0:
        st.info(t("data.profile.empty"))
    for kind, rows in zip(overview["kind"], overview["rows"]):
        if not rows:
            continue
        st.subheader(label := t(f"ingest.kind.{kind}"))
        if kind == "orders":
            metric_cards(display.orders_cards(ui.cached(profile.orders_profile, ws), ctx.lang, ctx.currency), per_row=3)
            ui.chart(charts.orders_over_time_chart(ui.cached(profile.orders_by_month, ws), ctx.lang))
        else:
            st.metric(t("data.profile.rows"), fmt_count(rows))
        with st.expander(t("data.profile.missing")):
            ui.chart(charts.missing_chart(ui.cached(profile.missing_by_column, ws, kind), ctx.lang))
        if st.checkbox(t("data.delete.confirm", kind=label, rows=fmt_count(rows)), key=ctx.key("data_del_ok", kind)) \
                and st.button(t("data.delete"), key=ctx.key("data_del", kind)):
            removed = profile.delete_dataset(ws, kind)
            st.session_state[ctx.key("data_flash")] = t("data.deleted", kind=label, rows=fmt_count(removed))
            st.rerun()


def log_tab() -> None:
    log = profile.import_log(ws)
    if log.empty:
        return st.info(t("data.log.empty"))
    st.dataframe(profile.import_log_view(ws, ctx.lang), hide_index=True)
    if len(bad := log[log["rows_quarantined"] > 0].set_index("import_id")):
        picked = st.selectbox(t("data.log.pick"), bad.index.tolist(), key=ctx.key("data_log_pick"),
                              format_func=lambda i: f"{i} · {bad.loc[i, 'file_name']}")
        show_quarantine(picked, int(bad.loc[picked, "rows_quarantined"]), "log")


if flash := st.session_state.pop(ctx.key("data_flash"), None):
    st.info(flash)
labels = [t("data.tab.import"), t("data.tab.profile"), t("data.tab.log")]
# A workspace that already holds data opens on its profile (what a client sees first); an empty one on import.
has_orders = ui.cached(profile.dataset_overview, ws).set_index("kind").loc["orders", "rows"] > 0
tabs = st.tabs(labels, default=labels[1] if has_orders else labels[0])
for tab, draw in zip(tabs, (import_tab, profile_tab, log_tab)):
    with tab:
        ui.attempt(ctx.lang, draw)
