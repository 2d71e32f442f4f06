"""The Excel report: read back with openpyxl, its figures equal the workbench's own (and the hand-worked
ones in ``conftest``), its charts are native, its text never a formula, in both languages."""

from __future__ import annotations

import datetime as dt
import io
import math

import pytest
from openpyxl import load_workbook

from workbench import journey, report
from workbench.core.currency import set_workspace_currency
from workbench.core.errors import WorkbenchError
from workbench.i18n import t
from workbench.report.files import display_width
from workbench.report.sections.journeys import emotion_fill
from workbench.segments import display, snapshot

DAY = dt.date(2025, 1, 15)


def _write(ws, tmp_path, lang="en", sections=None, **kwargs):
    path = tmp_path / f"report_{lang}.xlsx"
    result = report.write_report(path, ws, lang, sections, today=DAY, **kwargs)
    return path, result


def _rows(sheet):
    return [[c.value for c in row] for row in sheet.iter_rows()]


def _find(sheet, value):
    """(row, column) of the first cell holding ``value``."""
    for row in sheet.iter_rows():
        for cell in row:
            if cell.value == value:
                return cell.row, cell.column
    raise AssertionError(f"{value!r} not on sheet {sheet.title}")


def _right_of(sheet, label, offset=1):
    r, c = _find(sheet, label)
    return sheet.cell(r, c + offset)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_sheets_in_order_and_every_section_written(report_ws, tmp_path, lang):
    path, result = _write(report_ws, tmp_path, lang)
    book = load_workbook(path)
    assert result.sections == ("cover", "kpis", "segments", "journeys", "value_gap", "roadmap", "traceability")
    assert result.skipped == ("scenarios",)  # no scenario saved in this workspace
    assert book.sheetnames == list(result.sheets)
    labels = [t(f"segments.segmentation.{n}", lang).replace(" / ", " · ") for n in
              ("rfm", "tier", "pyramid", "quadrant", "csr", "sat_loyalty", "churn", "tags")]
    assert book.sheetnames == [t("report.cover.sheet", lang), t("report.kpis.sheet", lang), *labels,
                               t("segments.tab.clv", lang), "=cmd| · c calc!A0", t("report.value_gap.sheet", lang),
                               t("report.value_gap.kano_sheet", lang), t("report.roadmap.sheet", lang),
                               t("roadmap.tab.capacity", lang), t("report.roadmap.gantt_sheet", lang),
                               t("report.trace.sheet", lang)]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_cover_names_the_report_and_links_every_sheet(report_ws, tmp_path, lang):
    path, _ = _write(report_ws, tmp_path, lang, client="Northwind & Co")
    cover = load_workbook(path).worksheets[0]
    assert cover["A1"].value == t("report.cover.title", lang)
    assert _right_of(cover, t("report.cover.workspace", lang)).value == "shop"
    assert _right_of(cover, t("report.cover.client", lang)).value == "Northwind & Co"
    assert _right_of(cover, t("report.cover.date", lang)).value == "2025-01-15"
    assert _right_of(cover, t("report.cover.language", lang)).value == {"en": "English", "zh": "中文"}[lang]
    assert _right_of(cover, t("report.cover.period", lang)).value == t(
        "report.cover.period_value", lang, start="2024-01-10", end="2024-12-31")
    assert _right_of(cover, t("report.cover.customers", lang)).value == 5 == snapshot(report_ws).n_customers
    links = {c.value: c.hyperlink.location for row in cover.iter_rows() for c in row if c.hyperlink}
    assert len(links) == len(load_workbook(path).sheetnames) - 1  # every sheet but the cover itself
    assert all(target.endswith("!A1") for target in links.values())
    assert "&&" in cover.oddFooter.left.text  # "&" is a field code in a footer: the client's is doubled


def test_kpis_are_the_pages_figures_and_the_hand_worked_ones(report_ws, tmp_path):
    path, _ = _write(report_ws, tmp_path, "en", ["kpis"])
    sheet = load_workbook(path)[t("report.kpis.sheet", "en")]
    shown = {row[0]: row[1] for row in _rows(sheet) if row and row[0] and len(row) > 1}
    figures, _ = display.kpi_figures(report_ws, None, dt.date(2024, 1, 10), dt.date(2024, 12, 31), (), ())
    by_hand = {"customers": 5, "orders": 8, "revenue": 500.0, "aov": 62.5, "arpu": 100.0, "repurchase_rate": 0.4}
    for key, value in by_hand.items():
        cell = _right_of(sheet, t(f"segments.kpi.{key}", "en"))
        assert cell.value == pytest.approx(value) == pytest.approx(figures[key])
    assert _right_of(sheet, t("segments.kpi.revenue", "en")).number_format == '"¥"#,##0;-"¥"#,##0'
    assert _right_of(sheet, t("segments.kpi.aov", "en")).number_format == '"¥"#,##0.00;-"¥"#,##0.00'  # < ¥100
    assert _right_of(sheet, t("segments.kpi.repurchase_rate", "en")).number_format == "0.0%"
    assert _right_of(sheet, t("segments.kpi.orders", "en")).number_format == "#,##0"
    # no survey answers: the page shows "–", so does the report
    assert shown[t("segments.kpi.nps", "en")] == "–"


def test_amounts_are_in_the_workspace_currency(report_ws, tmp_path):
    set_workspace_currency(report_ws, "HKD")
    path, _ = _write(report_ws, tmp_path, "en", ["kpis", "segments"])
    book = load_workbook(path)
    assert _right_of(book[t("report.kpis.sheet", "en")], t("segments.kpi.revenue", "en")).number_format == \
        '"HK$"#,##0;-"HK$"#,##0'
    pyramid = book[t("segments.segmentation.pyramid", "en")]
    assert _right_of(pyramid, t("segments.seg.pyramid.key", "en"), 3).number_format == '"HK$"#,##0;-"HK$"#,##0'


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_segment_sizes_and_revenue_equal_the_pages_profile(rx, report_ws, tmp_path, lang):
    path, _ = _write(report_ws, tmp_path, lang, ["segments"])
    book = load_workbook(path)
    cached = load_workbook(path, data_only=True)
    name = t("segments.segmentation.pyramid", lang)
    sheet = book[name]
    header = [c.value for c in sheet[4]]
    assert header[:5] == [t(f"segments.col.{c}", lang) for c in
                          ("label", "customers", "customer_share", "revenue", "revenue_share")]
    profile = display.profile_of(report_ws, "pyramid", lang).set_index("segment")
    for segment, (n, revenue) in rx.PYRAMID.items():
        label = t(f"segments.seg.pyramid.{segment}", lang)
        assert _right_of(sheet, label).value == n == profile.loc[segment, "customers"]
        assert _right_of(sheet, label, 3).value == pytest.approx(revenue)
        assert revenue == pytest.approx(profile.loc[segment, "revenue"])
        assert _right_of(sheet, label, 4).value == pytest.approx(revenue / 500)
    # the totals are formulas written with their values, for viewers that do not recalculate
    total = _find(sheet, t("report.segments.total", lang))
    assert sheet.cell(total[0], 2).value == f"=SUM(B5:B{total[0] - 1})"
    assert cached[name].cell(total[0], 2).value == 5
    assert cached[name].cell(total[0], 4).value == pytest.approx(500)
    assert cached[name].cell(total[0], 5).value == pytest.approx(1.0)
    # the R x F grid holds every customer once
    rfm = book[t("segments.segmentation.rfm", lang)]
    r, c = _find(rfm, t("report.segments.f_by_r", lang))
    grid = [[rfm.cell(r + i, c + j).value for j in range(1, 6)] for i in range(1, 6)]
    assert sum(map(sum, grid)) == 5
    table = snapshot(report_ws).table
    assert grid[0][4] == int(((table["r_score"] == 5) & (table["f_score"] == 5)).sum())  # top right: R5, F5


def test_charts_are_native_and_where_the_page_draws_them(rx, report_ws, tmp_path):
    path, _ = _write(report_ws, tmp_path, "en")
    charts = rx.chart_types(path)
    assert charts[t("segments.segmentation.pyramid", "en")] == ["barChart", "scatterChart"]  # pyramid + Lorenz
    assert charts[t("segments.segmentation.tier", "en")] == ["barChart"]
    # risk levels, and the warning dimensions the data supports: activity (A bought in both half-years) and
    # frequency (D bought 2024-08-08, in the 90 days before the last 90); no scores, usage or community data
    assert snapshot(report_ws).infos["churn"]["available"] == ["activity", "frequency"]
    assert charts[t("segments.segmentation.churn", "en")] == ["barChart", "barChart"]
    assert charts["=cmd| · c calc!A0"] == ["lineChart"]  # as-is and to-be emotion curves
    assert charts[t("report.cover.sheet", "en")] == []
    with __import__("zipfile").ZipFile(path) as z:
        line = next(z.read(n).decode() for n in z.namelist() if n.startswith("xl/charts/") and
                    "<c:lineChart>" in z.read(n).decode())
    assert line.count("<c:ser>") == 2


def test_journey_sheet_is_the_grid_with_the_emotion_row_coloured(report_ws, tmp_path):
    path, _ = _write(report_ws, tmp_path, "en", ["journeys"])
    sheet = load_workbook(path)["=cmd| · c calc!A0"]
    m = journey.load_map(report_ws, 1)
    frame = journey.report_frame(m, "en")
    top = 4  # title, caption, blank row, then the grid's header
    assert [c.value for c in sheet[top]][1:6] == [s.name for s in m.stages]
    for i, values in enumerate(frame.itertuples(index=False, name=None)):
        row = [sheet.cell(top + 1 + i, j + 1).value for j in range(len(values))]
        expected = [None if (isinstance(v, float) and math.isnan(v)) or v == "" else v for v in values]
        assert row == expected
    as_is_row = top + 2
    for j, stage in enumerate(m.stages, start=2):
        cell = sheet.cell(as_is_row, j)
        assert cell.fill.fgColor.rgb[-6:] == emotion_fill(stage.emotion_as_is)[1:]
    assert sheet.cell(as_is_row, 2).fill.fgColor.rgb[-6:] == "FF8787"  # −2: the projected map's red
    assert sheet.cell(as_is_row, 5).number_format == "+0.0;-0.0;0.0"  # +1.5 keeps its decimal
    assert sheet.freeze_panes == "B5"  # the stage names and the lane names stay in view
    assert sheet.print_title_rows == "$1:$4"  # printed above every page of a long map


def test_hostile_text_is_written_as_text_never_a_formula(rx, report_ws, tmp_path):
    path, _ = _write(report_ws, tmp_path, "en")
    book = load_workbook(path)
    grid = book["=cmd| · c calc!A0"]
    cells = {c.value: c for row in grid.iter_rows() for c in row if isinstance(c.value, str)}
    for text in ("=1+1", f"• {rx.HYPERLINK}", f"• {rx.CMD}\n• {rx.AT_SUM}", "=1+2"):
        assert cells[text].data_type == "s", text
    trace = book[t("report.trace.sheet", "en")]
    texts = {c.value: c for row in trace.iter_rows() for c in row if isinstance(c.value, str)}
    for text in (rx.HYPERLINK, rx.TAB_LED.strip(), rx.CMD):  # (the roadmap stores its texts stripped: "=1+1")
        assert texts[text].data_type == "s", text
    assert all(not c.hyperlink for row in trace.iter_rows() for c in row)
    # the only formulas in the whole workbook are the report's own totals
    assert rx.formulas(path) and all(f.startswith("SUM(") for f in rx.formulas(path))


def test_traceability_names_the_insight_behind_each_initiative(rx, report_ws, tmp_path):
    path, _ = _write(report_ws, tmp_path, "en", ["traceability"])
    sheet = load_workbook(path)[t("report.trace.sheet", "en")]
    header = [c.value for c in sheet[4]]
    assert header[:4] == [t(f"report.trace.col.{c}", "en") for c in ("id", "title", "source", "insight")]
    rows = {r[0]: r for r in _rows(sheet)[4:] if r[0]}
    key = t("segments.seg.pyramid.key", "en")
    assert rows[1][2:6] == [t("report.trace.source.segment", "en"), f"Customer pyramid: {key}", 2, 0.8]
    assert rows[2][2] == t("report.trace.source.journey_pain", "en")
    stage = journey.load_map(report_ws, 1).stages[1].name
    assert rows[2][3] == f"=cmd|'/c calc'!A0 · {stage} · {t('journey.lane.pain_points', 'en')}: {rx.CMD}"
    assert rows[3][1:4] == [rx.HYPERLINK, t("report.trace.source.none", "en"), t("report.trace.by_hand", "en")]
    assert sheet.freeze_panes == "C5"


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_sheet_prints_landscape_one_page_wide_with_its_header_repeated(report_ws, tmp_path, lang):
    path, _ = _write(report_ws, tmp_path, lang)
    for sheet in load_workbook(path).worksheets:
        assert sheet.page_setup.orientation == "landscape", sheet.title
        assert sheet.sheet_properties.pageSetUpPr.fitToPage, sheet.title
        # one page wide (an absent fitToWidth is 1, the format's default), as many pages tall as needed
        assert (sheet.page_setup.fitToWidth or 1, sheet.page_setup.fitToHeight) == (1, 0), sheet.title
        # the title and caption; a journey map and the traceability sheet their header row too, the Gantt its
        # three header rows (phases, years, months) and the initiatives' columns
        assert sheet.print_title_rows in ("$1:$2", "$1:$4", "$1:$6"), sheet.title
        assert sheet.oddFooter.right.text == "&P / &N"


def test_header_rows_are_frozen(report_ws, tmp_path):
    path, _ = _write(report_ws, tmp_path, "en")
    book = load_workbook(path)
    assert book[t("report.kpis.sheet", "en")].freeze_panes == "A5"
    for name in ("rfm", "tier", "pyramid", "churn", "tags"):
        assert book[t(f"segments.segmentation.{name}", "en")].freeze_panes == "A5", name


def test_chinese_workbook_sets_a_cjk_font_on_every_cell_and_chart(report_ws, tmp_path):
    path, _ = _write(report_ws, tmp_path, "zh")
    book = load_workbook(path)
    fonts = {c.font.name for sheet in book.worksheets for row in sheet.iter_rows() for c in row}
    assert fonts == {"Microsoft YaHei"}
    with __import__("zipfile").ZipFile(path) as z:
        charts = [z.read(n).decode() for n in z.namelist() if n.startswith("xl/charts/chart")]
        theme = z.read("xl/theme/theme1.xml").decode()
    assert charts and all('typeface="Microsoft YaHei"' in xml for xml in charts)
    assert '<a:ea typeface="Microsoft YaHei"' in theme  # CJK text in charts is drawn with the theme's EA font
    en, _ = _write(report_ws, tmp_path, "en")
    assert {c.font.name for s in load_workbook(en).worksheets for r in s.iter_rows() for c in r} == {"Calibri"}


def test_columns_fit_their_text_a_cjk_character_counting_double(rx, report_ws, tmp_path):
    path, _ = _write(report_ws, tmp_path, "zh", ["segments"])
    sheet = load_workbook(path)[t("segments.segmentation.pyramid", "zh")]
    labels = [t(f"segments.seg.pyramid.{s}", "zh") for s in rx.PYRAMID]
    widest = max(display_width(x) for x in labels)  # 关键客户（VIP） = 15: 5 CJK characters, 5 others
    assert widest == 15
    assert sheet.column_dimensions["A"].width >= widest


def test_sections_can_be_chosen_and_missing_data_is_left_out(make_workspace, report_ws, tmp_path):
    path, result = _write(report_ws, tmp_path, "en", ["kpis", "traceability"])
    assert load_workbook(path).sheetnames == [t("report.kpis.sheet", "en"), t("report.trace.sheet", "en")]
    empty = make_workspace("empty")
    path, result = _write(empty, tmp_path, "en")
    assert result.sections == ("cover",)
    assert result.skipped == ("kpis", "segments", "journeys", "value_gap", "roadmap", "scenarios", "traceability")
    cover = load_workbook(path).worksheets[0]
    assert _right_of(cover, t("report.cover.period", "en")).value == t("report.cover.no_data", "en")
    texts = [c.value for row in cover.iter_rows() for c in row if isinstance(c.value, str)]
    assert any(x.startswith(t("report.cover.skipped", "en", sections="")) for x in texts)
    with pytest.raises(WorkbenchError) as err:
        _write(empty, tmp_path, "en", ["kpis"])
    assert err.value.key == "report.error.nothing_to_write"


def test_bad_section_names_language_and_targets_are_refused(report_ws, tmp_path):
    tmp_path = tmp_path / "out"  # (the workspaces folder is in the test's folder too)
    tmp_path.mkdir()
    for sections, key in ((["kpis", "gantt"], "report.error.unknown_section"), ([], "report.error.no_sections")):
        with pytest.raises(WorkbenchError) as err:
            report.write_report(tmp_path / "r.xlsx", report_ws, "en", sections)
        assert err.value.key == key
    assert "gantt" in err.value.params.get("name", "gantt")
    with pytest.raises(WorkbenchError) as err:
        report.write_report(tmp_path / "r.xlsx", report_ws, "fr")
    assert err.value.key == "report.error.bad_lang"
    (tmp_path / "folder.xlsx").mkdir()
    for target, key in ((tmp_path / "r.csv", "report.error.bad_extension"),
                        (tmp_path / "missing" / "r.xlsx", "report.error.unwritable"),
                        (tmp_path / "folder.xlsx", "report.error.unwritable")):
        with pytest.raises(WorkbenchError) as err:
            report.write_report(target, report_ws, "en")
        assert err.value.key == key
    assert sorted(p.name for p in tmp_path.iterdir()) == ["folder.xlsx"]  # nothing written


def test_a_failure_part_way_leaves_no_file(report_ws, tmp_path, monkeypatch):
    from workbench.report.sections import segments as segments_section

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(segments_section, "_clv_sheet", broken)
    tmp_path = tmp_path / "out"  # (the workspaces folder is in the test's folder too)
    tmp_path.mkdir()
    target = tmp_path / "r.xlsx"
    target.write_bytes(b"the previous report")
    with pytest.raises(RuntimeError):
        report.write_report(target, report_ws, "en")
    assert target.read_bytes() == b"the previous report"  # the old file is intact
    assert [p.name for p in tmp_path.iterdir()] == ["r.xlsx"]  # and no temporary file is left


def test_progress_is_reported_in_order_up_to_done(report_ws):
    steps = []
    report.write_report(io.BytesIO(), report_ws, "en", progress=lambda f, step: steps.append((f, step)))
    assert [s for _, s in steps] == ["checking", "cover", "kpis", "segments", "journeys", "value_gap", "roadmap",
                                     "traceability", "saving", "done"]
    fractions = [f for f, _ in steps]
    assert fractions == sorted(fractions) and fractions[0] == 0.0 and fractions[-1] == 1.0
    assert report.progress_text("segments", "en") == t("report.progress.section", "en",
                                                       section=t("report.section.segments", "en"))


def test_client_name_is_stored_for_the_cover(report_ws, tmp_path):
    assert report.save_client_name(report_ws, "  Northwind   Coffee \n") == "Northwind Coffee"
    assert report.load_client_name(report_ws) == "Northwind Coffee"
    path, _ = _write(report_ws, tmp_path, "en", ["cover"])
    cover = load_workbook(path).worksheets[0]
    assert cover["A2"].value == "Northwind Coffee"


def test_sheet_names_are_valid_and_unique():
    from workbench.report.book import sheet_title

    assert sheet_title("Core / strategic / radiant") == "Core · strategic · radiant"
    assert sheet_title("a[b]:c*d?e") == "a b c d e"
    assert sheet_title("'quoted'") == "quoted"
    assert sheet_title("x" * 40) == "x" * 31
    assert sheet_title("  ") == "Sheet"
    assert sheet_title("History") == "History_"
    from workbench.report.book import Book

    book = Book(io.BytesIO(), "en", "CNY")
    names = [book.add_sheet(n).name for n in ("Map", "map", "Map", "y" * 31, "y" * 31)]
    assert names == ["Map", "map (2)", "Map (3)", "y" * 31, "y" * 27 + " (2)"]
    book.close()


def test_member_lists_keep_hostile_ids_unchanged_in_xlsx_and_neutralised_in_csv(rx, report_ws):
    import pandas as pd

    from workbench import clv
    from workbench.report import files
    from workbench.segments import export

    snap = snapshot(report_ws)
    members = export.member_table(snap, clv.values(report_ws), "pyramid", "ordinary", "en")
    sheet = load_workbook(io.BytesIO(files.xlsx_bytes(members))).active
    ids = sorted(sheet.cell(r, 1).value for r in range(2, sheet.max_row + 1))
    assert ids == sorted([rx.HYPERLINK, "D"])  # the ordinary customers, ids exactly as imported
    assert all(sheet.cell(r, 1).data_type == "s" for r in range(2, sheet.max_row + 1))
    small = export.member_table(snap, clv.values(report_ws), "pyramid", "small", "en")
    assert load_workbook(io.BytesIO(files.xlsx_bytes(small))).active["A2"].value == "-2+3"  # issue #15
    csv = pd.read_csv(io.BytesIO(files.csv_bytes(members)), encoding="utf-8-sig", dtype=str)
    assert sorted(csv["customer_id"]) == sorted(["'" + rx.HYPERLINK, "D"])  # CSV: the apostrophe defence
