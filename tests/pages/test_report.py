"""The Report page (AppTest): sections offered as their data allows, chosen by the user, the workbook built
with progress and offered for download; and the member list as .xlsx on the Segments page."""

from __future__ import annotations

import io

import pandas as pd
import pytest
from helpers import page_key, raw_keys_shown
from openpyxl import load_workbook

from workbench import journey, report, roadmap
from workbench.i18n import t

PAGE = "views/report.py"

ORDERS = pd.DataFrame({
    "order_id": [f"o{i}" for i in range(6)],
    "customer_id": ["A", "A", "B", "-2+3", "C", "C"],
    "order_ts": pd.to_datetime(["2024-01-05", "2024-03-01", "2024-02-01", "2024-04-01", "2024-05-01", "2024-06-01"]),
    "amount": [100.0, 50, 80, 20, 40, 40],
})


@pytest.fixture
def downloads(monkeypatch):
    """What the page put in the media store for download buttons, by file id (AppTest drops it after a run)."""
    from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage

    payloads = {}
    original = MemoryMediaFileStorage.load_and_get_id

    def recording(self, path_or_data, mimetype, kind, filename=None):
        file_id = original(self, path_or_data, mimetype, kind, filename)
        payloads[file_id] = (path_or_data, filename, mimetype)
        return file_id

    monkeypatch.setattr(MemoryMediaFileStorage, "load_and_get_id", recording)
    return lambda button: payloads[button.proto.url.rsplit("/", 1)[1].split(".")[0]]


@pytest.fixture
def shop(make_workspace):
    ws = make_workspace("t", orders=ORDERS)
    journey.create_map(ws, "Cafe", "en", "coffee")
    return ws


def _checkbox(at, name):
    return at.checkbox(key=page_key(f"section_{name}"))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_sections_are_offered_as_their_data_allows(app_test, shop, lang):
    at = app_test(PAGE, lang=lang)
    assert not at.exception, at.exception
    assert raw_keys_shown(at) == []
    for name in ("cover", "kpis", "segments", "journeys"):
        box = _checkbox(at, name)
        assert box.value and not box.disabled and box.label == t(f"report.section.{name}", lang)
    for name in ("value_gap", "roadmap", "traceability"):  # no survey, no initiative yet: shown, not choosable
        box = _checkbox(at, name)
        assert box.disabled and not box.value
        assert box.label == f"{t(f'report.section.{name}', lang)} · {t('report.page.no_data', lang)}"
    assert not at.get("download_button")  # nothing to download before it is built


def test_choose_build_and_download(app_test, shop, downloads, monkeypatch):
    from streamlit.delta_generator import DeltaGenerator

    shown = []  # every state of the progress bar while the workbook is built
    original = DeltaGenerator.progress
    monkeypatch.setattr(DeltaGenerator, "progress",
                        lambda self, value, text=None: shown.append((value, text)) or original(self, value, text))
    roadmap.create_initiative(shop, "=HYPERLINK(\"http://evil\",\"x\")")
    at = app_test(PAGE, lang="en")
    _checkbox(at, "journeys").uncheck().run()
    _checkbox(at, "segments").uncheck().run()
    at.text_input(key=page_key("client")).set_value("Northwind & Co").run()
    at.radio(key=page_key("lang")).set_value("zh").run()
    at.button(key=page_key("build")).click().run()
    assert not at.exception, at.exception
    # the initiative made the roadmap (its sheet and the Gantt) and the traceability sheet available
    assert [s.value for s in at.success] == [t("report.page.ready", "en", sections=4, sheets=6)]
    # progress while building, in the page's language (the report's is Chinese), then the bar is gone
    assert [text for _, text in shown] == [report.progress_text(step, "en") for step in (
        "checking", "cover", "kpis", "roadmap", "traceability", "saving", "done")]
    assert [v for v, _ in shown] == sorted(v for v, _ in shown) and shown[-1][0] == 1.0
    assert not at.get("progress")
    button = at.download_button[0]
    assert button.label == t("report.page.download", "en")
    data, filename, mime = downloads(button)
    assert filename.startswith("t_report_") and filename.endswith(".xlsx")
    assert mime == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    book = load_workbook(io.BytesIO(data))
    assert book.sheetnames == [t("report.cover.sheet", "zh"), t("report.kpis.sheet", "zh"),
                               t("report.roadmap.sheet", "zh"), t("roadmap.tab.capacity", "zh"),
                               t("report.roadmap.gantt_sheet", "zh"),
                               t("report.trace.sheet", "zh")]  # the sections chosen, in the language chosen
    assert book.worksheets[0]["A2"].value == "Northwind & Co"
    assert shop.get_setting("report.client_name") == "Northwind & Co"  # kept for the next report
    # a choice changed after building: the old file is not offered as if it were the new one
    _checkbox(at, "segments").check().run()
    assert not at.get("download_button")
    assert t("report.page.stale", "en") in [i.value for i in at.info]


def test_nothing_chosen_cannot_be_built(app_test, shop):
    at = app_test(PAGE, lang="en")
    for name in ("cover", "kpis", "segments", "journeys"):
        _checkbox(at, name).uncheck().run()
    assert at.button(key=page_key("build")).disabled
    assert t("report.page.pick_one", "en") in [i.value for i in at.info]


def test_segments_page_offers_the_member_list_as_xlsx(app_test, shop):
    at = app_test("views/segments.py", lang="en")
    at.session_state[page_key("segments_tab", at.session_state["workspace"])] = t("segments.tab.rfm", "en")
    at.run()  # the RFM tab, as a click opens it: only the open tab runs
    assert not at.exception, at.exception
    labels = [b.label for b in at.get("download_button")]
    assert t("report.members.xlsx", "en") in labels
    assert any(label.startswith(t("segments.download", "en", n="")[:8]) for label in labels)  # CSV still there
