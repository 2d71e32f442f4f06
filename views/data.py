"""Data page: choose a file, confirm the column mapping, import, then see what the workspace holds."""

from pathlib import Path

import streamlit as st

import ui
from ui.widgets import metric_cards
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


@st.cache_data(show_spinner=False, max_entries=8)
def workbook_sheets(path: str, mtime: float) -> tuple[list[str], str]:
    """Sheets and the default sheet of a workbook (opening a large .xlsx takes a moment: cached per file)."""
    return ingest.sheet_names(Path(path)), ingest.default_sheet(Path(path))


@st.cache_data(show_spinner=False, max_entries=8)
def file_preview(path: str, mtime: float, options: tuple):
    """What was detected about the file and its first rows; cached per file version and options."""
    return ingest.preview(Path(path), dict(options))


def pick_file() -> tuple[Path, str] | None:
    """(path on disk, name to log): an upload saved to a temporary file, or a file of the drop folder."""
    source = st.radio(t("data.source"), ["upload", "server"], format_func=lambda s: t(f"data.source.{s}"),
                      horizontal=True, key=ctx.key("data_source"))
    if source == "upload":
        up = st.file_uploader(t("data.upload"), type=[s.lstrip(".") for s in readers.FORMATS],
                              key=ctx.key("data_upload"))
        saved = st.session_state.get(ctx.key("data_saved_upload"))
        if up is not None and (not saved or saved[0] != up.file_id):
            if saved:
                uploads.discard_upload(Path(saved[1]))
            saved = st.session_state[ctx.key("data_saved_upload")] = (up.file_id, str(uploads.save_upload(up, up.name)))
        return None if up is None else (Path(saved[1]), up.name)
    st.caption(t("data.server.help", folder=str(uploads.drop_folder(workbench_home()))))
    names = [p.name for p in uploads.server_files(workbench_home())]
    if not names:
        st.info(t("data.server.none"))
        return None
    name = st.selectbox(t("data.server.pick"), names, key=ctx.key("data_server_file"))
    return uploads.resolve_server_file(workbench_home(), name), name


def choose_options(path: Path) -> dict:
    c1, c2, c3 = st.columns(3)
    options = {"date_order": c1.selectbox(t("data.date_order"), ingest.DATE_ORDER_CHOICES,
                                          key=ctx.key("data_date_order"),
                                          format_func=lambda o: t(f"data.date_order.{o}"))}
    fmt = readers.file_format(path)
    if fmt == "excel":
        sheets, default = workbook_sheets(str(path), path.stat().st_mtime)
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
    suggestion = ingest.suggest_mapping(kind, src.columns, frame, ws=ws)
    if suggestion and set(suggestion.how.values()) == {"saved"}:
        st.caption(t("data.mapping.saved"))
    signature, choices, cols = ingest.header_signature(src.columns), [""] + list(src.columns), st.columns(4)
    mapping = {}
    for i, fld in enumerate(ingest.fields_for(kind)):
        mapping[fld.name] = cols[i % 4].selectbox(
            t(f"ingest.field.{fld.name}") + (" *" if fld.required else ""), choices,
            index=choices.index(suggestion.get(fld.name, "")), key=ctx.key("data_map", kind, signature, fld.name),
            format_func=lambda c: c or t("data.mapping.none"))
    return {f: c for f, c in mapping.items() if c}


def run_import(path: Path, name: str, kind: str, mode: str, mapping: dict, options: dict, on_duplicate: str):
    bar = st.progress(0.0, text=t("ingest.stage.hash"))

    def progress(stage: str, fraction: float) -> None:
        bar.progress(ingest.overall_progress(stage, fraction), text=t(f"ingest.stage.{stage}"))

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
        st.success(display.result_text(row, last, ctx.lang))
        show_quarantine(last, row["rows_quarantined"], "last")
    chosen = pick_file()
    if not chosen:
        return
    path, name = chosen
    options = choose_options(path)
    src, frame = file_preview(str(path), path.stat().st_mtime, tuple(sorted(options.items())))
    st.caption(display.detected_text(src, ctx.lang))
    st.dataframe(frame.head(10), hide_index=True)
    mapping = choose_mapping(kind, src, frame)
    mode = st.radio(t("data.mode"), ingest.MODES, format_func=lambda m: t(f"data.mode.{m}"), horizontal=True,
                    key=ctx.key("data_mode"))
    duplicate = st.session_state.get(ctx.key("data_duplicate"))
    if duplicate and duplicate[0] == str(path):
        st.warning(duplicate[1].display_text(ctx.lang))  # file names come from the browser: escaped
        b1, b2 = st.columns(2)
        for column, choice in ((b1, "replace"), (b2, "skip")):
            if column.button(t(f"data.duplicate.{choice}"), key=ctx.key("data_dup", choice)):
                run_import(path, name, kind, mode, mapping, options, choice)
    elif st.button(t("data.import"), type="primary", key=ctx.key("data_import")):
        run_import(path, name, kind, mode, mapping, options, "ask")


def currency_setting() -> None:
    """The workspace's currency: every amount on every page, command and export is written in it."""
    codes = list(CURRENCIES)
    picked = st.selectbox(t("data.currency"), codes, index=codes.index(ctx.currency), key=ctx.key("data_currency"),
                          format_func=lambda c: f"{c} · {currency_symbol(c).strip()}", help=t("data.currency.help"))
    if picked != ctx.currency and ui.attempt(ctx.lang, set_workspace_currency, ws, picked):
        st.rerun()


def profile_tab() -> None:
    currency_setting()
    overview = ui.cached(profile.dataset_overview, ws)
    if overview["rows"].sum() == 0:
        st.info(t("data.profile.empty"))
    for kind, rows in zip(overview["kind"], overview["rows"]):
        if not rows:
            continue
        label = t(f"ingest.kind.{kind}")
        st.subheader(label)
        if kind == "orders":
            metric_cards(display.orders_cards(ui.cached(profile.orders_profile, ws), ctx.lang, ctx.currency))
            st.altair_chart(charts.orders_over_time_chart(ui.cached(profile.orders_by_month, ws), ctx.lang))
        else:
            st.metric(t("data.profile.rows"), fmt_count(rows))
        with st.expander(t("data.profile.missing")):
            st.altair_chart(charts.missing_chart(ui.cached(profile.missing_by_column, ws, kind), ctx.lang))
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
    bad = log[log["rows_quarantined"] > 0].set_index("import_id")
    if len(bad):
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
        try:
            draw()
        except WorkbenchError as err:
            ui.show_error(err, ctx.lang)
