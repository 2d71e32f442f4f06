"""``python -m workbench import``: JSON summary on stdout, English errors on stderr, non-zero exit."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from workbench.__main__ import main

APP_DIR = Path(__file__).resolve().parents[2]
CORPUS = Path(__file__).parents[1] / "ingest" / "corpus"


@pytest.fixture
def workspace(manager):
    manager.create("monthly")
    manager.close_all()  # the command opens the file itself, as it would in its own process
    return "monthly"


def test_import_prints_json_summary(workspace, capsys):
    code = main(["import", str(CORPUS / "orders_gbk_zh.csv"), "--workspace", workspace, "--kind", "orders"])
    out = json.loads(capsys.readouterr().out)
    assert code == 0
    assert (out["rows_read"], out["rows_kept"], out["rows_quarantined"]) == (10, 3, 7)
    assert out["quarantined_by_reason"]["duplicate_order_id"] == 1 and out["import_id"] == 1
    assert out["mapping"]["customer_id"] == "客户ID"


def test_same_file_twice_fails_unless_told(workspace, capsys):
    args = ["import", str(CORPUS / "orders_formulas.csv"), "--workspace", workspace, "--kind", "orders"]
    assert main(args) == 0
    capsys.readouterr()
    assert main(args) == 2
    err = capsys.readouterr().err
    assert "already imported" in err and "import 1" in err
    assert main(args + ["--on-duplicate", "skip"]) == 0
    assert json.loads(capsys.readouterr().out)["status"] == "skipped"
    assert main(args + ["--mode", "replace"]) == 0


def test_options_and_mapping_flags(workspace, capsys):
    args = ["import", str(CORPUS / "orders_ambiguous.csv"), "--workspace", workspace, "--kind", "orders"]
    assert main(args) == 2
    assert "day/month" in capsys.readouterr().err
    assert main(args + ["--date-order", "dmy", "--mapping",
                        '{"customer_id": "customer_id", "order_ts": "order_date", "amount": "amount"}']) == 0
    assert json.loads(capsys.readouterr().out)["rows_kept"] == 2
    assert main(["import", str(CORPUS / "orders_title.xlsx"), "--workspace", workspace, "--kind", "orders",
                 "--sheet", "说明"]) == 2
    assert "Required field(s) not mapped" in capsys.readouterr().err


def test_unknown_workspace_and_missing_file(workspace, capsys):
    assert main(["import", str(CORPUS / "survey.csv"), "--workspace", "nope", "--kind", "survey"]) == 2
    assert "nope" in capsys.readouterr().err
    assert main(["import", "/nonexistent/x.csv", "--workspace", workspace, "--kind", "survey"]) == 2
    assert "File not found" in capsys.readouterr().err


def test_workspace_held_by_another_process_is_reported(home, workspace):
    path = home / f"{workspace}.duckdb"
    holder = subprocess.Popen([sys.executable, "-c", "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); "
                               "print('ready', flush=True); time.sleep(30)", str(path)],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "ready"
        proc = subprocess.run(
            [sys.executable, "-m", "workbench", "import", str(CORPUS / "survey.csv"), "--workspace", workspace,
             "--kind", "survey"],
            cwd=APP_DIR, env=dict(os.environ, WORKBENCH_HOME=str(home)), capture_output=True, text=True,
            timeout=60,
        )
    finally:
        holder.kill()
        holder.wait()
    assert proc.returncode != 0 and proc.stdout == ""
    assert "in use by another process" in proc.stderr


def test_both_commands_name_a_workspace_another_process_holds(manager, home, tmp_path, capsys):
    # a second process (as the running app would) holds the workspace file open
    manager.create("held")
    manager.close_all()
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, time, duckdb; con = duckdb.connect(sys.argv[1]); "
         "print('open', flush=True); time.sleep(60)", str(home / "held.duckdb")], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "open"
        assert main(["import", str(CORPUS / "orders_gbk_zh.csv"), "--workspace", "held", "--kind", "orders"]) == 2
        assert "is in use by another process" in capsys.readouterr().err
        assert main(["segments", "--workspace", "held", "--out", str(tmp_path / "o.csv")]) == 2
        assert "Workspace “held” is in use by another process" in capsys.readouterr().err
    finally:
        holder.kill()
        holder.wait()


def test_not_found_says_where_it_looked_and_how_to_create_the_workspace(home, capsys):
    assert main(["import", str(CORPUS / "survey.csv"), "--workspace", "acme", "--kind", "survey"]) == 2
    assert capsys.readouterr().err == (
        f"error: Workspace “acme” was not found in {home}. Add --create to create it with this import, or create "
        "it first with `python -m workbench workspaces create acme`.\n")
    assert main(["import", str(CORPUS / "survey.csv"), "--workspace", "acme", "--kind", "survey", "--lang", "zh"]) == 2
    assert capsys.readouterr().err.startswith("错误：在 ")
    assert list(home.glob("*")) == []


def test_create_flag_makes_the_workspace_once(home, manager, capsys):
    base = ["--workspace", "Acme 2024", "--kind", "orders", "--create"]
    assert main(["import", str(CORPUS / "orders_formulas.csv"), *base]) == 0
    out = json.loads(capsys.readouterr().out)
    assert (out["workspace"], out["workspace_created"], out["status"]) == ("Acme 2024", True, "imported")
    assert main(["import", str(CORPUS / "orders_gbk_zh.csv"), *base, "--json"]) == 0  # it exists now: used as is
    out = json.loads(capsys.readouterr().out)
    assert (out["workspace_created"], out["import_id"], out["rows_kept"]) == (False, 2, 3)
    assert manager.names() == ["Acme 2024"]
    assert manager.open("Acme 2024").scalar("SELECT count(*) FROM imports") == 2


def test_create_flag_leaves_no_workspace_when_the_import_fails(home, capsys):
    assert main(["import", str(CORPUS / "orders_header_only.csv"), "--workspace", "acme", "--kind", "orders",
                 "--create"]) == 2
    assert "has a header but no data rows" in capsys.readouterr().err
    assert main(["import", "/nonexistent/x.csv", "--workspace", "acme", "--kind", "orders", "--create"]) == 2
    assert "File not found" in capsys.readouterr().err
    assert list(home.glob("*")) == []


def test_create_flag_refuses_an_invalid_name(home, tmp_path, capsys):
    assert main(["import", str(CORPUS / "survey.csv"), "--workspace", "../acme", "--kind", "survey", "--create"]) == 2
    assert "“../acme” cannot be used" in capsys.readouterr().err
    assert list(home.glob("*")) == [] and not (tmp_path / "acme.duckdb").exists()


def test_create_flag_does_not_remove_a_workspace_it_did_not_make(workspace, manager, capsys):
    assert main(["import", "/nonexistent/x.csv", "--workspace", workspace, "--kind", "orders", "--create"]) == 2
    assert manager.names() == [workspace]


def test_a_file_mixing_encodings_and_normalised_ids_are_said_in_the_message_language(workspace, tmp_path,
                                                                                      capsys):
    """The page's notes about the file, on standard error (the JSON summary stays machine-readable)."""
    header = "order_id,customer_id,order_ts,amount\n"
    data = (header + "O1,张三,2024-01-05,10\nO2,\tC2,2024-01-06,20\n").encode() + \
        "O3,李四,2024-01-07,30\n".encode("gbk")
    path = tmp_path / "mixed.csv"
    path.write_bytes(data)
    assert main(["import", str(path), "--workspace", workspace, "--kind", "orders", "--lang", "zh"]) == 0
    captured = capsys.readouterr()
    assert json.loads(captured.out)["rows_quarantined"] == 1
    assert captured.err.splitlines() == [
        "提示：该文件混用了多种文本编码：不是 UTF-8 编码的行共 1 行，已隔离并保留原始字节（见下载的隔离行）。",
        "提示：已规范化的标识（客户ID）：1 个。"
        "去掉了不可见字符和控制字符，全角字母数字改为半角，组合字符合并为一个字符。",
    ]
