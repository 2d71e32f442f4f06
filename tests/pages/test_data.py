"""The Data page driven like a user: upload through the uploader, confirm the mapping, import, see the result."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from helpers import page_key, raw_keys_shown

from workbench import ingest
from workbench.core.errors import WorkbenchError
from workbench.i18n import t

CORPUS = Path(__file__).parents[1] / "ingest" / "corpus"
PAGE = "views/data.py"
# Headers no synonym knows: the user must map customer id, date and amount by hand.
ODD = "ref,who,when,how much\nO1,C1,2024-01-05,10\nO2,,2024-01-06,5\nO3,C3,2024-01-07,abc\n"


@pytest.fixture(autouse=True)
def _uploads_in_tmp(tmp_path, monkeypatch):
    """Keep the page's temporary upload copies inside the test's folder."""
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))


def _key(at, name: str) -> str:
    """The Data page's widget key ``name`` in the workspace the app test shows."""
    return page_key(name, at.session_state["workspace"])


def _upload(at, name: str, data: bytes, mime: str = "text/csv"):
    """Upload through the Data page's uploader (a new one after each import: the used upload is cleared)."""
    uploader = next(u for u in at.get("file_uploader") if u.key.startswith("data_upload"))
    uploader.set_value((name, data, mime)).run()
    assert not at.exception, at.exception
    return at


def _select(at, field: str, column: str, columns: list[str], kind: str = "orders"):
    key = f"data_map_{kind}_{ingest.header_signature(columns)}_{field}"
    at.selectbox(key=_key(at, key)).set_value(column).run()


def test_upload_confirm_mapping_and_see_result(app_test, manager):
    ws = manager.create("client")
    at = _upload(app_test(PAGE, lang="en"), "odd.csv", ODD.encode())
    columns = ["ref", "who", "when", "how much"]
    # The date column was recognised from its content; the rest is mapped by the user.
    key = f"data_map_orders_{ingest.header_signature(columns)}_order_ts"
    assert at.selectbox(key=_key(at, key)).value == "when"
    for field, column in [("order_id", "ref"), ("customer_id", "who"), ("amount", "how much")]:
        _select(at, field, column, columns)
    at.button(key=_key(at, "data_import")).click().run()
    assert not at.exception, at.exception
    # 3 rows read: O1 kept; O2 has no customer id; O3's amount is not a number.
    assert t("data.result", "en", import_id=1, read="3", kept="1", quarantined="2") in [s.value for s in at.success]
    summary = at.dataframe[0].value
    assert sorted(summary.values.tolist()) == [["Missing customer id", 1], ["Non-numeric amount", 1]]
    assert list(summary.columns) == ["Reason", "Rows"]
    assert ws.query("SELECT order_id, customer_id FROM orders").values.tolist() == [["O1", "C1"]]
    assert at.get("download_button")  # the quarantined rows can be downloaded
    assert raw_keys_shown(at) == []
    # The confirmed mapping is saved: the same headers next time come pre-mapped.
    assert dict(ingest.suggest_mapping("orders", columns, ws=ws)) == {
        "order_id": "ref", "customer_id": "who", "order_ts": "when", "amount": "how much"}


def test_reasons_in_chinese_and_duplicate_file_offers_skip(app_test, manager):
    ws = manager.create("客户甲")
    data = (CORPUS / "orders_gbk_zh.csv").read_bytes()
    at = _upload(app_test(PAGE, lang="zh"), "订单.csv", data)
    at.button(key=_key(at, "data_import")).click().run()
    assert not at.exception, at.exception
    assert t("data.result", "zh", import_id=1, read="10", kept="3", quarantined="7") in [s.value for s in at.success]
    reasons = at.dataframe[0].value.iloc[:, 0].tolist()
    assert set(reasons) == {"缺少客户ID", "无法识别的日期", "日期在未来", "金额不是数字", "订单号重复", "缺少金额",
                            "缺少日期"}
    _upload(at, "订单.csv", data)  # the same file again
    at.button(key=_key(at, "data_import")).click().run()
    assert any("已于" in w.value for w in at.warning)
    at.button(key=_key(at, "data_dup_skip")).click().run()
    assert t("data.skipped", "zh") in [i.value for i in at.info]
    assert ws.row_count("orders") == 3 and ws.row_count("imports") == 1


def test_excel_upload_sheet_choice_and_profile(app_test, manager):
    ws = manager.create("x")
    at = _upload(app_test(PAGE, lang="en"), "orders.xlsx", (CORPUS / "orders_title.xlsx").read_bytes(),
                 "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    assert any("header on line 3" in c.value for c in at.caption)
    # the workbook opens on its table sheet 订单; picking the notes sheet 说明 previews that one instead
    sheet = next(s for s in at.selectbox if s.key.startswith("data_sheet_"))
    assert sheet.value == "订单" and sheet.options == ["说明", "订单"]
    sheet.set_value("说明").run()
    assert not any("header on line 3" in c.value for c in at.caption)
    next(s for s in at.selectbox if s.key.startswith("data_sheet_")).set_value("订单").run()
    at.button(key=_key(at, "data_import")).click().run()
    assert not at.exception, at.exception
    assert ws.row_count("orders") == 3
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Rows"] == "3" and metrics["Customers"] == "3"
    assert (metrics["First order"], metrics["Last order"]) == ("2024-01-05", "2024-01-08")
    # 100.50 + 200 + 12 = 312.50: the card rounds to whole yuan, its help gives the exact amount
    assert metrics["Revenue (net of refunds)"] == "¥312"
    revenue = next(m for m in at.metric if m.label == "Revenue (net of refunds)")
    assert revenue.help == "Exactly ¥312.50, including refunds of ¥0.00"
    log = next(df.value for df in at.dataframe if "File" in df.value.columns)
    assert log["File"].tolist() == ["orders.xlsx"] and log["Quarantined"].tolist() == [1]


def test_negative_amount_setting_is_visible_and_saved(app_test, manager):
    ws = manager.create("neg")
    at = _upload(app_test(PAGE, lang="en"), "o.csv", (CORPUS / "orders_gbk_zh.csv").read_bytes())
    at.radio(key=_key(at, "data_negative")).set_value("quarantine").run()
    assert ws.get_setting("ingest.negative_amounts") == "quarantine"
    at.button(key=_key(at, "data_import")).click().run()
    assert ws.row_count("orders") == 2
    assert "Negative amount (quarantined by setting)" in at.dataframe[0].value.iloc[:, 0].tolist()


def test_delete_dataset_needs_confirmation(app_test, manager):
    ws = manager.create("del")
    ingest.import_path(ws, CORPUS / "survey.csv", "survey")
    at = app_test(PAGE, lang="en")
    assert ws.row_count("survey") == 2
    at.checkbox(key=_key(at, "data_del_ok_survey")).check().run()
    at.button(key=_key(at, "data_del_survey")).click().run()
    assert not at.exception, at.exception
    assert ws.row_count("survey") == 0
    assert t("data.deleted", "en", kind=t("ingest.kind.survey", "en"), rows="2") in [i.value for i in at.info]
    # the profile (cached per data version) shows the emptied workspace, not the cached survey
    assert t("data.profile.empty", "en") in [i.value for i in at.info]


def test_server_drop_folder_lists_only_its_files(app_test, manager, home):
    ws = manager.create("srv")
    folder = ingest.uploads.drop_folder(home)
    (folder / "big_export.csv").write_bytes((CORPUS / "orders_formulas.csv").read_bytes())
    (folder / "notes.docx").write_bytes(b"x")
    at = app_test(PAGE, lang="en")
    at.radio(key=_key(at, "data_source")).set_value("server").run()
    assert at.selectbox(key=_key(at, "data_server_file")).options == ["big_export.csv"]
    at.button(key=_key(at, "data_import")).click().run()
    assert not at.exception, at.exception
    assert ws.row_count("orders") == 2


def test_the_last_import_is_announced_only_in_its_own_workspace(app_test, manager):
    manager.create("a")
    b = manager.create("b")
    ingest.import_path(b, CORPUS / "survey.csv", "survey")  # b's import 1, a survey file
    at = app_test(lang="en")
    at.session_state["workspace"] = "a"
    at.run()
    at.switch_page(PAGE).run()
    _upload(at, "o.csv", (CORPUS / "orders_gbk_zh.csv").read_bytes())
    at.button(key=_key(at, "data_import")).click().run()
    done = t("data.result", "en", import_id=1, read="10", kept="3", quarantined="7")
    assert [s.value for s in at.success] == [done]
    at.session_state["workspace"] = "b"  # import ids start at 1 in every workspace: b's 1 is not "just done"
    at.run()
    assert not at.exception, at.exception
    assert [s.value for s in at.success] == []


def test_the_duplicate_file_warning_escapes_the_file_name(app_test, manager):
    manager.create("c")
    at = _upload(app_test(PAGE, lang="en"), "[click me](https://evil.example).csv",
                 (CORPUS / "orders_gbk_zh.csv").read_bytes())
    at.button(key=_key(at, "data_import")).click().run()
    _upload(at, "[click me](https://evil.example).csv", (CORPUS / "orders_gbk_zh.csv").read_bytes())  # again
    at.button(key=_key(at, "data_import")).click().run()
    warnings = [w.value for w in at.warning]
    assert len(warnings) == 1 and "click me" in warnings[0]
    assert "](https://evil.example)" not in warnings[0]  # markdown escaped: no live link


def test_an_upload_goes_to_a_private_copy_that_leaves_memory_and_is_removed_after_import(app_test, manager,
                                                                                       tmp_path, monkeypatch):
    import stat

    from streamlit.runtime.memory_uploaded_file_manager import MemoryUploadedFileManager

    held = {}  # what Streamlit's upload manager holds per file id, as the page leaves it
    real_add = MemoryUploadedFileManager.add_file
    monkeypatch.setattr(MemoryUploadedFileManager, "add_file",
                        lambda self, session_id, file: (held.__setitem__(file.file_id, len(file.data)),
                                                        real_add(self, session_id, file))[1])
    ws = manager.create("mem")
    data = (CORPUS / "orders_gbk_zh.csv").read_bytes()
    at = _upload(app_test(PAGE, lang="en"), "o.csv", data)
    copies = list(tmp_path.glob("workbench-upload-*/o.csv"))
    assert len(copies) == 1 and copies[0].read_bytes() == data
    assert stat.S_IMODE(copies[0].stat().st_mode) == 0o600 and stat.S_IMODE(copies[0].parent.stat().st_mode) == 0o700
    assert list(held.values())[-1] == 0  # the page emptied Streamlit's in-memory copy of the upload
    assert any("gb18030" in c.value for c in at.caption)  # and works from the copy on disk
    at.button(key=_key(at, "data_import")).click().run()
    assert not at.exception, at.exception
    assert ws.row_count("orders") == 3
    assert list(tmp_path.glob("workbench-upload-*")) == []  # the used copy is gone
    uploader = next(u for u in at.get("file_uploader") if u.key.startswith("data_upload"))
    assert uploader.value is None  # and the uploader is empty, ready for the next file


@pytest.mark.parametrize("name,data,shown", [
    ("bomb.csv.gz", __import__("gzip").compress(b"\0" * 2_000_000), "error"),
    ("archive.csv", b"PK\x03\x04" + bytes(300), "error"),
    ("mixed.csv", ("order_id,customer_id,order_ts,amount\nO1,张三,2024-01-05,10\n").encode()
     + "O2,李四,2024-01-06,20\n".encode("gbk"), "warning"),
    ("quote.csv", ('order_id,customer_id,order_ts,amount\nO1,"C1,2024-01-05,10\n'
                   + "".join(f"O{i},C{i},2024-01-05,10\n" for i in range(2, 500))).encode(), "success"),
], ids=["gzip-of-zeros", "zip-named-csv", "mixed-encodings", "unterminated-quote"])
def test_broken_files_get_a_message_never_a_traceback(app_test, manager, name, data, shown):
    ws = manager.create("broken")
    at = _upload(app_test(PAGE, lang="en"), name, data)
    if shown != "error":
        at.button(key=_key(at, "data_import")).click().run()
    assert not at.exception, at.exception
    if shown == "error":
        assert [e.value for e in at.error] == [WorkbenchError("ingest.error.not_text", file=name).display_text("en")]
        assert ws.row_count("imports") == 0
    elif shown == "warning":
        assert t("data.note.mixed_encodings", "en", rows="1", encoding="UTF-8") in [w.value for w in at.warning]
        assert "In another text encoding than the rest of the file (original bytes kept)" in \
            at.dataframe[0].value.iloc[:, 0].tolist()
    else:
        assert t("data.result", "en", import_id=1, read="499", kept="498", quarantined="1") in \
            [s.value for s in at.success]


def test_normalised_identifiers_are_reported(app_test, manager):
    manager.create("ids")
    data = "order_id,customer_id,order_ts,amount\nO1,C1,2024-01-05,10\nO2,\tC1,2024-01-06,20\nO3,Ｃ１,2024-01-07,5\n"
    at = _upload(app_test(PAGE, lang="en"), "ids.csv", data.encode())
    at.button(key=_key(at, "data_import")).click().run()
    assert t("data.note.normalised", "en", count="2", fields="Customer id") in [i.value for i in at.info]


def test_a_copy_of_an_uploaded_file_shares_its_bytes():
    # Streamlit returns every widget value as a deep copy; for a 2 GB upload that was a second 2 GB
    import copy

    from streamlit.runtime.uploaded_file_manager import UploadedFile, UploadedFileRec

    import ui.upload  # noqa: F401 -- importing the page's uploader module installs the sharing copy

    data = b"a,b\n" * 1000
    original = UploadedFile(UploadedFileRec("f1", "a.csv", "text/csv", data), None)
    twin = copy.deepcopy(original)
    assert twin is not original and twin.file_id == "f1" and twin.getvalue() is original.getvalue()
    twin.read(4)
    assert original.tell() == 0  # each keeps its own position


def test_the_server_removes_a_crashed_imports_copies_at_start(app_test, tmp_path, monkeypatch):
    """A copy left by an import process that died (here: a folder naming a process id that is not running)
    is removed when the server starts, before anyone imports anything (it used to wait for the next import)."""
    import tempfile

    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    dead = folder / "workbench-import-999999999.1-abc"  # no process has this id
    dead.mkdir()
    (dead / "working-1.csv").write_text("O1,张三,2024-01-05,10\n", encoding="utf-8")
    at = app_test("views/data.py", lang="en")
    assert not at.exception
    assert not dead.exists()
