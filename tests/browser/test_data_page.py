"""The Data page in a real browser: a GBK file with Chinese headers goes through the real uploader, is mapped
automatically, imported, and its quarantined rows download as a CSV."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from browser_helpers import screenshot, wait_for_app

from workbench.core.store import WorkspaceManager
from workbench.i18n import t

CORPUS = Path(__file__).resolve().parents[1] / "ingest" / "corpus"


def test_upload_map_import_and_download_quarantine(page, server_url, server_home):
    # A workspace of its own, so the shared demo stays as other browser tests expect it; closed at once,
    # because the server must be able to open the file.
    mgr = WorkspaceManager(server_home)
    mgr.create("browser-import")
    mgr.close_all()

    page.goto(f"{server_url}/?lang=en&ws=browser-import")
    wait_for_app(page)
    assert "browser-import" in page.locator("[data-testid='stSidebar'] [data-testid='stSelectbox']").first.inner_html()
    page.locator("[data-testid='stFileUploader'] input[type='file']").set_input_files(
        str(CORPUS / "orders_gbk_zh.csv"))
    page.get_by_text(t("data.mapping", "en"), exact=True).wait_for()
    wait_for_app(page)
    assert "gb18030" in page.locator("[data-testid='stCaptionContainer']").all_inner_texts().__str__()
    page.get_by_role("button", name=t("data.import", "en"), exact=True).click()
    done = t("data.result", "en", import_id=1, read="10", kept="3", quarantined="7")
    page.get_by_text(done).wait_for(timeout=60_000)
    wait_for_app(page)
    screenshot(page, "data-import-result-en")

    with page.expect_download() as info:
        page.get_by_role("button", name=t("data.quarantine.download", "en")).first.click()
    data = Path(info.value.path()).read_bytes().decode("utf-8")
    assert data.startswith("\ufeff")
    assert next(csv.reader(io.StringIO(data[1:])))[:5] == ["Row", "Reason", "Detail", "订单号", "客户ID"]
    assert "Duplicate order id" in data and "Missing customer id" in data

    page.get_by_role("tab", name=t("data.tab.profile", "en")).click()
    metrics = page.locator("[data-testid='stMetric']")
    metrics.first.wait_for()
    assert metrics.first.inner_text().split() == ["Rows", "3"]  # A001, A002 and the refund A007
    page.locator("[data-testid='stVegaLiteChart']").first.wait_for()
    wait_for_app(page)
    screenshot(page, "data-profile-en")
    assert page.locator("[data-testid='stException']").count() == 0
    assert page.console_errors == []


def test_a_file_mixing_encodings_is_imported_with_a_note_and_no_traceback(page, server_url, server_home, tmp_path):
    mgr = WorkspaceManager(server_home)
    mgr.create("browser-mixed")
    mgr.close_all()
    mixed = tmp_path / "mixed.csv"  # two UTF-8 rows, then a GBK row: the GBK row is quarantined with its bytes
    mixed.write_bytes("客户ID,下单时间,实付金额\n张三,2024-01-05,10\n赵六,2024-01-06,20\n".encode()
                      + "李四,2024-01-07,30\n".encode("gbk"))
    page.goto(f"{server_url}/?lang=en&ws=browser-mixed")
    wait_for_app(page)
    page.locator("[data-testid='stFileUploader'] input[type='file']").set_input_files(str(mixed))
    page.get_by_text(t("data.mapping", "en"), exact=True).wait_for()
    wait_for_app(page)
    page.get_by_role("button", name=t("data.import", "en"), exact=True).click()
    page.get_by_text(t("data.result", "en", import_id=1, read="3", kept="2", quarantined="1")).wait_for(timeout=60_000)
    page.get_by_text(t("data.note.mixed_encodings", "en", rows="1", encoding="UTF-8")).wait_for()
    wait_for_app(page)
    screenshot(page, "data-import-mixed-encodings-en")
    assert page.locator("[data-testid='stException']").count() == 0
    assert page.console_errors == []
