"""The value-gap and roadmap sections of the report, read back with openpyxl: their figures equal the Value
gap page's ``analyse`` and the Roadmap page's ``build_plan`` and the hand-worked ones in ``conftest``; the
conditional formats, charts (with per-point labels) and the Gantt's fills are where they should be; user
text stays text; both languages; and each section is left out when its data does not exist."""

from __future__ import annotations

import datetime as dt
import html
import io
import re
import warnings

import pytest
from openpyxl import load_workbook

from workbench import report, roadmap
from workbench import value_gap as vg
from workbench.i18n import t
from workbench.report.book import Book
from workbench.report.section import plain_text
from workbench.report.sections._common import label_positions
from workbench.report.sections.roadmap import GANTT_FIRST_MONTH_COL
from workbench.roadmap import display as roadmap_display
from workbench.roadmap.charts import DIMENSION_COLOURS, WARN_COLOUR
from workbench.value_gap.charts import short

DAY = dt.date(2025, 1, 15)  # the plan starts 2024-12: today is in its month 1 (2025-01)


def _write(ws, tmp_path, lang="en", sections=None):
    path = tmp_path / f"report_{lang}.xlsx"
    result = report.write_report(path, ws, lang, sections, today=DAY)
    return path, result


def _find(sheet, value):
    for row in sheet.iter_rows():
        for cell in row:
            if cell.value == value:
                return cell.row, cell.column
    raise AssertionError(f"{value!r} not on sheet {sheet.title}")


def _table(sheet, first_header, n_cols, *more):
    """The rows under the header row that starts (in column A) with ``first_header`` and ``more``, up to the
    first blank row."""
    headers = [first_header, *more]
    r = next(row[0].row for row in sheet.iter_rows() if [c.value for c in row[:len(headers)]] == headers)
    c = 1
    rows = []
    while sheet.cell(r + 1 + len(rows), c).value is not None:
        rows.append([sheet.cell(r + 1 + len(rows), c + j) for j in range(n_cols)])
    return r, rows


def _rgb(cell) -> str:
    return (cell.fill.fgColor.rgb or "")[-6:].upper()


# -- value gaps ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_gap_table_is_the_pages_analysis_and_the_hand_worked_one(rx, report_ws, tmp_path, lang):
    path, _ = _write(report_ws, tmp_path, lang, ["value_gap"])
    sheet = load_workbook(path)[t("report.value_gap.sheet", lang)]
    header, rows = _table(sheet, t("value_gap.col.attribute", lang), 13)
    assert [c.value for c in sheet[header]][:13] == [
        t(k, lang) for k in ("value_gap.col.attribute", "value_gap.col.rank", "value_gap.col.origin",
                             "value_gap.col.importance", "value_gap.col.expectation", "value_gap.col.performance",
                             "value_gap.col.gap", "report.value_gap.col.ci_low", "report.value_gap.col.ci_high",
                             "value_gap.col.n", "value_gap.col.priority", "value_gap.col.status",
                             "value_gap.col.initiative")]
    page = vg.analyse(report_ws, None, None, vg.load_settings(report_ws)).gaps  # what the page shows
    assert [r[0].value for r in rows] == list(page["label"]) == ["Speed", rx.HYPERLINK, "Taste"]
    for cells, (_, expected) in zip(rows, page.iterrows()):
        name = cells[0].value
        rank, imp, exp, perf, gap, low, high, n, priority, status = rx.GAPS[name]
        assert [c.value for c in [cells[1], *cells[3:11]]] == pytest.approx(
            [rank, imp, exp, perf, gap, low, high, n, priority], abs=1e-6)
        assert [c.value for c in cells[3:11]] == pytest.approx(
            [expected[k] for k in ("importance", "expectation", "performance", "gap", "gap_low", "gap_high",
                                   "gap_n", "priority")])
        assert cells[2].value == t("value_gap.origin.survey", lang)
        assert cells[11].value == t(f"value_gap.status.{status}", lang)
        assert cells[6].number_format == "#,##0.00"
    # the Speed gap was turned into initiative #4: ticked, as on the page
    assert [r[12].value for r in rows] == ["✓", None, None]
    assert rows[1][0].data_type == "s"  # a hostile attribute name is text
    assert sheet.freeze_panes == f"B{header + 1}"


def test_gap_and_priority_columns_carry_conditional_formats(report_ws, tmp_path):
    path, _ = _write(report_ws, tmp_path, "en", ["value_gap"])
    sheet = load_workbook(path)[t("report.value_gap.sheet", "en")]
    header, rows = _table(sheet, t("value_gap.col.attribute", "en"), 13)
    first, last = header + 1, header + len(rows)
    found = {str(cf.sqref): [rule.type for rule in cf.rules] for cf in sheet.conditional_formatting}
    assert found[f"G{first}:G{last}"] == ["colorScale"]  # the gaps: red below zero, white at it, blue above
    assert found[f"K{first}:K{last}"] == ["dataBar"]  # the priorities
    scale = next(cf.rules[0].colorScale for cf in sheet.conditional_formatting if str(cf.sqref).startswith("G"))
    # symmetric around zero: the largest gap (2.00 for Speed) sets both ends, so zero is the white middle
    assert [(v.type, float(v.val)) for v in scale.cfvo] == [("num", -2.0), ("num", 0.0), ("num", 2.0)]


def test_workbook_opens_in_openpyxl_without_warnings(report_ws, tmp_path):
    path, _ = _write(report_ws, tmp_path, "zh")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # e.g. "Conditional Formatting extension is not supported"
        load_workbook(path)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_ipa_scatter_names_each_point_and_draws_the_pages_cross_hairs(rx, report_ws, tmp_path, lang):
    path, _ = _write(report_ws, tmp_path, lang, ["value_gap"])
    book = load_workbook(path)
    sheet = book[t("report.value_gap.sheet", lang)]
    assert rx.chart_types(path)[sheet.title] == ["scatterChart"]  # derived importance has no input: no chart
    _, rows = _table(sheet, t("value_gap.col.attribute", lang), 4, t("value_gap.col.quadrant", lang))
    ipa = {r[0].value: (r[1].value, r[2].value, r[3].value) for r in rows}
    assert ipa == {name: (t(f"value_gap.quadrant.{q}", lang), rx.GAPS[name][3], rx.GAPS[name][1])
                   for name, q in rx.QUADRANTS.items()}
    # the cross-hairs at the mean of the attributes' ratings (the stored setting's default), as on the page
    perf0, imp0 = vg.crosshairs(vg.analyse(report_ws).gaps, "mean", (1, 7))
    assert (perf0, imp0) == pytest.approx((14 / 3, 14.5 / 3))
    line = _find(sheet, t("report.value_gap.line.crosshair_perf", lang))
    assert [sheet.cell(line[0], 2).value, sheet.cell(line[0] + 1, 2).value] == pytest.approx([perf0, perf0])
    assert [sheet.cell(line[0], 3).value, sheet.cell(line[0] + 1, 3).value] == pytest.approx([2.5, 7.0])
    (xml,) = [x for x in rx.chart_xml(path) if "<c:scatterChart>" in x]
    assert xml.count("<c:ser>") == 3 + 4  # a series per quadrant with points, two cross-hairs, the diagonal, names
    labels = [html.unescape(x) for x in re.findall(r"<c:dLbl>.*?<a:t>([^<]*)</a:t>", xml)]
    assert {"Speed", "Taste", short(rx.HYPERLINK)} <= set(labels)  # each point named, the page's short name
    assert {t(f"value_gap.quadrant.{q}", lang) for q in vg.QUADRANTS} <= set(labels)  # the corners' names
    assert "<c:strRef>" not in xml.split("<c:dLbls>", 1)[1]  # labels are text, not references to cells
    bounds = [(k, float(v)) for k, v in re.findall(r"<c:(min|max) val=\"([^\"]+)\"/>", xml)]
    assert bounds == [("max", 7.0), ("min", 2.5)] * 2  # both axes zoomed as on the page


def test_ipa_follows_the_stored_cross_hair_setting(rx, report_ws, tmp_path):
    # cross-hairs at the median: performance median(4, 4, 6) = 4, importance median(6.5, 3, 5) = 5; a point on a
    # line counts as high, so Speed (4, 6.5) and Taste (6, 5) keep up the good work, HYPERLINK (4, 3) is overkill
    vg.save_settings(report_ws, crosshair="median")
    path, _ = _write(report_ws, tmp_path, "en", ["value_gap"])
    sheet = load_workbook(path)[t("report.value_gap.sheet", "en")]
    line = _find(sheet, t("report.value_gap.line.crosshair_perf", "en"))
    assert sheet.cell(line[0], 2).value == pytest.approx(4.0)
    assert sheet.cell(line[0] + 2, 3).value == pytest.approx(5.0)
    texts = [c.value for row in sheet.iter_rows() for c in row if isinstance(c.value, str)]
    assert t("report.value_gap.crosshair_at", "en", how=t("value_gap.crosshair.median", "en"), line=t(
        "value_gap.crosshair_line", "en", perf="4.00", imp="5.00")) in texts
    ipa_rows = {sheet.cell(r, 1).value: sheet.cell(r, 2).value for r in range(1, sheet.max_row + 1)
                if sheet.cell(r, 2).value in {t(f"value_gap.quadrant.{q}", "en") for q in vg.QUADRANTS}
                and sheet.cell(r, 3).data_type == "n"}
    assert ipa_rows["Speed"] == ipa_rows["Taste"] == t("value_gap.quadrant.keep_up", "en")
    assert ipa_rows[rx.HYPERLINK] == t("value_gap.quadrant.overkill", "en")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_kano_table_and_chart(rx, report_ws, tmp_path, lang):
    path, _ = _write(report_ws, tmp_path, lang, ["value_gap"])
    sheet = load_workbook(path)[t("report.value_gap.kano_sheet", lang)]
    header, rows = _table(sheet, t("value_gap.col.attribute", lang), 16)
    headers = [c.value for c in sheet[header]][:16]
    got = {r[0].value: (r[headers.index("CS+")].value, r[headers.index("CS−")].value,
                        r[headers.index(t("value_gap.col.category", lang))].value) for r in rows}
    page = vg.analyse(report_ws).kano.set_index("attribute")
    for name, (better, worse, category) in rx.KANO.items():
        assert got[name][:2] == pytest.approx((better, worse))
        assert got[name][:2] == pytest.approx((page.at[name, "better"], page.at[name, "worse"]))
        assert got[name][2] == t(f"value_gap.kano.{category.lower()}", lang)
    assert [r[1].value for r in rows] == [1, 3]  # A answers: Speed one, Taste three
    assert rx.chart_types(path)[sheet.title] == ["barChart"]
    (xml,) = [x for x in rx.chart_xml(path) if "<c:barChart>" in x and "CS+" in x]
    assert xml.count("<c:ser>") == 2 and '<c:barDir val="bar"/>' in xml


def test_a_view_without_input_gets_the_pages_note(report_ws, tmp_path):
    """No overall measure in this survey: the stated vs derived block says so, in the page's words."""
    path, _ = _write(report_ws, tmp_path, "en", ["value_gap"])
    sheet = load_workbook(path)[t("report.value_gap.sheet", "en")]
    texts = [c.value for row in sheet.iter_rows() for c in row if isinstance(c.value, str)]
    assert t("value_gap.tab.derived", "en") in texts
    assert t("value_gap.note.no_overall", "en") in texts


def test_a_survey_without_kano_pairs_notes_it_on_the_kano_sheet(make_workspace, rx, tmp_path):
    ws = make_workspace("nokano", survey=rx.SURVEY.assign(kano_functional=None, kano_dysfunctional=None))
    path, result = _write(ws, tmp_path, "en", ["value_gap"])
    sheet = load_workbook(path)[t("report.value_gap.kano_sheet", "en")]
    texts = [c.value for row in sheet.iter_rows() for c in row if isinstance(c.value, str)]
    assert plain_text(t("value_gap.note.no_kano", "en")) in texts
    assert rx.chart_types(path)[sheet.title] == []


def test_point_labels_are_literal_text_even_when_shaped_like_a_reference():
    """XlsxWriter reads a custom label such as "Sheet!A1" as a cell reference: a word joiner keeps it text."""
    book = Book(io.BytesIO(), "en", "CNY")
    labels = book.point_labels(["=cmd|'/c calc'!A0", "Speed", ""], ["right", None, None])
    assert labels["custom"][0]["value"] == "=cmd|'/c calc'!\u2060A0" and labels["custom"][0]["position"] == "right"
    assert labels["custom"][1] == {"value": "Speed", "font": labels["font"]}
    assert labels["custom"][2] == {"delete": True}
    sheet = book.add_sheet("S")
    for i, v in enumerate((1.0, 2.0, 3.0)):
        sheet.number(i, 0, v, "number2")
    chart = book.chart("scatter", "t")
    chart.add_series({"categories": ["S", 0, 0, 2, 0], "values": ["S", 0, 0, 2, 0], "data_labels": labels})
    sheet.chart(chart)
    book.close()
    with __import__("zipfile").ZipFile(book.workbook.filename) as z:
        xml = z.read("xl/charts/chart1.xml").decode()
    assert "<c:f>" not in xml.split("<c:dLbls>", 1)[1].split("</c:dLbls>")[0]
    assert "=cmd|'/c calc'!\u2060A0" in html.unescape(xml)


def test_labels_move_away_from_each_other_and_the_plot_edge():
    # two points 0.05 apart on a 0–10 axis (4 px on a 800 px plot): their labels go to opposite sides, neither
    # over the other point; a point at the right edge is labelled on its left, inside the plot
    pos = label_positions([5.0, 5.05, 9.95], [5.0, 5.0, 2.0], ["Speed", "Taste", "Price"], (0, 10), (0, 10),
                          (800, 400))
    assert pos == ["left", "right", "left"]
    # a label is not put across a cross-hair: a point just left of the vertical line is labelled on its left
    assert label_positions([4.9], [5.0], ["Speed"], (0, 10), (0, 10), (800, 400), lines=([5.0], [])) == ["left"]
    # two points 10 px apart, one above the other: the first placed keeps the right, the other goes left
    xs, ys = [5.0, 5.0], [5.0, 5.25]
    assert label_positions(xs, ys, ["Speed", "Taste"], (0, 10), (0, 10), (800, 400)) == ["right", "left"]
    assert label_positions(xs, ys, ["Speed", "Taste"], (0, 10), (0, 10), (800, 400), order=[1, 0]) == [
        "left", "right"]


# -- roadmap ------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_roadmap_sheet_is_the_plan_the_page_shows(rx, report_ws, tmp_path, lang):
    path, _ = _write(report_ws, tmp_path, lang, ["roadmap"])
    book = load_workbook(path)
    cached = load_workbook(path, data_only=True)
    sheet = book[t("report.roadmap.sheet", lang)]
    plan = roadmap.build_plan(report_ws, lang, today=DAY)
    cards = [label for label, _, _ in roadmap_display.summary_cards(plan, lang, "CNY")]
    figures = {sheet.cell(r, 1).value: sheet.cell(r, 2).value for r in range(4, 9)}
    assert figures == dict(zip(cards, [4, 2, 140_000, 0, 3]))  # 4 on the plan, 2 ideas, 60k + 50k + 30k, 3 warnings
    assert sheet.cell(6, 2).number_format == '"¥"#,##0;-"¥"#,##0'
    # the initiatives, ranked as on the board: scores by hand, the three without RICE inputs last
    header, rows = _table(sheet, t("roadmap.field.title", lang), 12, t("report.roadmap.col.id", lang))
    assert [r[1].value for r in rows] == [4, 6, 5, 1, 2, 3] == list(
        plan.frame.sort_values(["rank", "initiative_id"], na_position="last", kind="stable")["initiative_id"])
    by_id = {r[1].value: r for r in rows}
    for iid, (score, rank) in rx.RICE.items():
        assert (by_id[iid][2].value, by_id[iid][3].value) == pytest.approx((rank, score))
    assert [c.value for c in by_id[4][4:12]] == [
        t("roadmap.status.planned", lang), t("roadmap.phase.short", lang), "2024-12 → 2025-02", 60_000, "Ops",
        plan.frame.set_index("initiative_id").at[4, "target_label"], _kpi(plan, 4), "6.00"]
    assert by_id[6][4].value == t("roadmap.status.in_progress", lang) and by_id[6][6].value == "2025-06 → 2025-11"
    assert by_id[1][2].value == "–" and by_id[1][5].value is None  # an idea: no score, no phase
    assert by_id[4][7].number_format == '"¥"#,##0;-"¥"#,##0'
    assert sheet.freeze_panes == f"B{header + 1}"  # the header row and the titles stay in view
    # hostile title, owner and target segment are text
    for cell, text in ((by_id[3][0], rx.HYPERLINK), (by_id[3][8], rx.TAB_LED.strip()), (by_id[3][9], rx.CMD)):
        assert cell.value == text and cell.data_type == "s"
    # budget per phase against capacity (the page's Budget & people tab), by hand, with a total that is a
    # formula written with its value
    name = t("roadmap.tab.capacity", lang)
    sheet = book[name]
    header, rows = _table(sheet, t("roadmap.col.phase", lang), 7, t("roadmap.col.months", lang))
    phases = [(r[2].value, r[3].value, r[6].value) for r in rows[:3]]
    assert phases == [(b, c if c is not None else t("roadmap.no_limit", lang),
                       t("roadmap.state.over" if over else "roadmap.state.ok", lang))
                      for b, c, over in rx.PHASE_BUDGETS]
    assert rows[0][2].font.color.rgb[-6:] == WARN_COLOUR[1:].upper()  # the short term over budget, in red
    total = rows[3]
    assert total[0].value == t("report.segments.total", lang)
    assert total[2].value == f"=SUM(C{header + 1}:C{header + 3})"
    assert cached[name].cell(total[2].row, 3).value == pytest.approx(140_000)
    charts = rx.chart_types(path)
    assert charts[t("report.roadmap.sheet", lang)] == [] and charts[name] == ["barChart"]
    (xml,) = [x for x in rx.chart_xml(path) if '<c:barDir val="col"/>' in x]  # columns: budget, capacity
    assert xml.count("<c:ser>") == 2


def _kpi(plan, initiative_id):
    return plan.frame.set_index("initiative_id").at[initiative_id, "kpi"]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_dependency_problems_and_capacity_warnings_in_words(rx, report_ws, tmp_path, lang):
    path, _ = _write(report_ws, tmp_path, lang, ["roadmap"])
    sheet = load_workbook(path)[t("report.roadmap.sheet", lang)]
    plan = roadmap.build_plan(report_ws, lang, today=DAY)
    assert list(plan.warnings["kind"]) == ["starts_before_dependency_ends", "over_budget", "no_kpi"]
    _, rows = _table(sheet, t("report.roadmap.col.warning_kind", lang), 2)
    page = [plain_text(x) for x in roadmap_display.warning_texts(plan, lang, "CNY")]
    assert [(r[0].value, r[1].value) for r in rows] == [
        (t("report.roadmap.warn_group.dependency", lang), page[0]),
        (t("report.roadmap.warn_group.capacity", lang), page[1]),
        (t("report.roadmap.warn_group.plan", lang), page[2])]
    if lang == "en":
        assert rows[0][1].value == ("#5 Loyalty app starts in 2025-02, but #4 Close the gap: Speed, which it "
                                    "depends on, ends only in 2025-03.")
        assert rows[1][1].value == "Short term is over budget: ¥110,000 planned against ¥100,000."
        assert rows[2][1].value == f"#3 {rx.HYPERLINK} has no KPI." and rows[2][1].data_type == "s"


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_gantt_fills_the_months_each_initiative_runs(rx, report_ws, tmp_path, lang):
    path, _ = _write(report_ws, tmp_path, lang, ["roadmap"])
    sheet = load_workbook(path)[t("report.roadmap.gantt_sheet", lang)]
    first = GANTT_FIRST_MONTH_COL + 1  # openpyxl counts columns from 1
    body = 7  # title, caption, a blank row, then phases, years and months
    assert [sheet.cell(body - 1, first + m).value for m in range(4)] == ["12", "1", "2", "3"]  # from 2024-12
    assert sheet.cell(body - 3, first).value == t("roadmap.phase.short", lang)  # the phase bands
    assert sheet.cell(body - 3, first + 6).value == t("roadmap.phase.mid", lang)
    assert sheet.freeze_panes == f"D{body}" and sheet.print_title_rows == f"$1:${body - 1}"
    # ordered by start then id, as on the page: #4 (month 0), #3 (1), #5 (2), #6 (6)
    labels = [sheet.cell(body + i, 1).value for i in range(4)]
    assert [int(x.split()[0][1:]) for x in labels] == [4, 3, 5, 6]
    assert labels[1].startswith(f"#3 {rx.HYPERLINK[:20]}") and sheet.cell(body + 1, 1).data_type == "s"
    none_colour = DIMENSION_COLOURS[""][1:].upper()
    for i, iid in enumerate([4, 3, 5, 6]):
        start, end, dimension = rx.BARS[iid]
        colour = DIMENSION_COLOURS[dimension][1:].upper() if dimension else none_colour
        filled = [m for m in range(36) if _rgb(sheet.cell(body + i, first + m)) == colour]
        assert filled == list(range(start, end)), iid
    # outside the bars, the phase bands: months 0–5 one shade, 6–17 the other
    assert _rgb(sheet.cell(body, first + 4)) == "EEF2F7" and _rgb(sheet.cell(body, first + 12)) == "F8F9FB"
    # today's month (2025-01, month 1) is marked: its month cell in red, its column framed
    assert _rgb(sheet.cell(body - 1, first + 1)) == WARN_COLOUR[1:].upper()
    assert sheet.cell(body + 3, first + 1).border.left.color.rgb[-6:] == WARN_COLOUR[1:].upper()
    # dependencies named; #5's in red (it starts before #4 ends); names with a warning in red (#3, #5)
    assert sheet.cell(body + 2, 3).value == "#4" and sheet.cell(body + 3, 3).value == "#5"
    assert sheet.cell(body + 2, 3).font.color.rgb[-6:] == WARN_COLOUR[1:].upper()
    assert [sheet.cell(body + i, 1).font.b for i in range(4)] == [False, True, True, False]
    legend = [c.value for row in sheet.iter_rows(min_row=body + 4) for c in row if isinstance(c.value, str)]
    assert t("roadmap.dimension.none", lang) in legend and not any("roadmap." in x for x in legend)


def test_traceability_describes_initiatives_from_a_gap_and_from_the_library(report_ws, tmp_path):
    key = next(iter(roadmap.library.LIBRARY))
    roadmap.add_from_library(report_ws, key, "en")
    path, _ = _write(report_ws, tmp_path, "en", ["traceability"])
    sheet = load_workbook(path)[t("report.trace.sheet", "en")]
    rows = {r[0].value: [c.value for c in r] for r in sheet.iter_rows(min_row=5) if r[0].value}
    assert rows[4][2:4] == [t("report.trace.source.value_gap", "en"),
                            "Speed · All respondents: gap -2.00, priority 13.00"]  # the gap as it is now
    item = roadmap.library.LIBRARY[key]
    assert rows[7][2:4] == [t("report.trace.source.library", "en"), t(
        "report.roadmap.library_insight", "en", group=t(f"roadmap.lib_group.{item.group}", "en"),
        title=t(f"roadmap.lib.{key}.title", "en"))]


def test_a_gap_gone_from_the_survey_is_said_so_on_the_traceability_sheet(report_ws, tmp_path):
    roadmap.create_initiative(report_ws, "Old gap", source_kind="value_gap",
                              source_ref={"attribute": "Queue", "segment": None, "segmentation": None})
    path, _ = _write(report_ws, tmp_path, "en", ["traceability"])
    sheet = load_workbook(path)[t("report.trace.sheet", "en")]
    insight = next(r[3].value for r in sheet.iter_rows(min_row=5) if r[1].value == "Old gap")
    assert insight == t("report.value_gap.insight_gone", "en", attribute="Queue",
                        segment=t("value_gap.segment.all", "en"))


# -- left out when there is no data -------------------------------------------------------------------------
def test_each_section_is_left_out_without_its_data_and_named_on_the_cover(make_workspace, rx, tmp_path):
    def skipped_on_cover(path, lang="en"):
        texts = [c.value for c in load_workbook(path).worksheets[0]["A"] if isinstance(c.value, str)]
        return next(x for x in texts if x.startswith(t("report.cover.skipped", lang, sections="")))

    orders_only = make_workspace("orders", orders=rx.ORDERS)  # no survey, no initiative
    path, result = _write(orders_only, tmp_path, "en")
    assert "value_gap" not in result.sections and "roadmap" not in result.sections
    assert result.skipped == ("journeys", "value_gap", "roadmap", "scenarios", "traceability")
    assert skipped_on_cover(path) == t("report.cover.skipped", "en", sections=", ".join(
        t(f"report.section.{s}", "en") for s in result.skipped))
    assert not {t("report.value_gap.sheet", "en"), t("report.roadmap.gantt_sheet", "en")} & set(result.sheets)
    with_survey = make_workspace("survey", orders=rx.ORDERS, survey=rx.SURVEY)  # a survey, no initiative
    path, result = _write(with_survey, tmp_path / "..", "zh")
    assert "value_gap" in result.sections and result.skipped == ("journeys", "roadmap", "scenarios", "traceability")
    assert t("report.section.roadmap", "zh") in skipped_on_cover(path, "zh")
    planned = make_workspace("planned")  # an initiative, nothing else
    roadmap.create_initiative(planned, "Only idea")
    path, result = _write(planned, tmp_path, "en")
    assert result.sections == ("cover", "roadmap", "traceability")
    assert result.skipped == ("kpis", "segments", "journeys", "value_gap", "scenarios")
    gantt = load_workbook(path)[t("report.roadmap.gantt_sheet", "en")]
    assert gantt["A4"].value == t("report.roadmap.gantt_empty", "en")  # nothing scheduled: said, not drawn
    statuses = report.section_status(planned, "en")  # the page's choices: greyed "no data yet"
    assert [(n, ok) for n, _, ok in statuses if n in ("value_gap", "roadmap")] == [("value_gap", False),
                                                                                  ("roadmap", True)]


def test_a_workshop_attribute_alone_makes_a_value_gap_sheet(make_workspace, tmp_path):
    """No survey, but the room typed an attribute: its gap is shown (performance 4 − expectation 6 = −2,
    priority 6 × 2 = 12; no respondents, so no interval and n "–", as on the page)."""
    ws = make_workspace("typed")
    vg.save_edits(ws, [{"attribute": "Queue", "origin": "typed", "revision": 0, "importance": 6.0,
                        "expectation": 6.0, "performance": 4.0}])
    path, result = _write(ws, tmp_path, "en", ["value_gap"])
    sheet = load_workbook(path)[t("report.value_gap.sheet", "en")]
    _, rows = _table(sheet, t("value_gap.col.attribute", "en"), 13)
    assert [c.value for c in rows[0]][:11] == ["Queue", 1, t("value_gap.origin.typed", "en"), 6, 6, 4, -2, "–",
                                               "–", "–", 12]
    texts = [c.value for row in sheet.iter_rows() for c in row if isinstance(c.value, str)]
    assert plain_text(t("value_gap.note.no_survey", "en")) in texts  # the page's note, above the table
