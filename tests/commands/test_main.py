"""The entry point: help that shows every option's default, ``--version``, and exit statuses 0 / 2 / 1 with
no traceback on the terminal unless ``--debug`` asks for it."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from helpers import insert_rows

import workbench
from workbench.__main__ import build_parser, iter_parsers, main
from workbench.commands import workspaces_cmd

APP_DIR = Path(__file__).resolve().parents[2]


def _option_entries(help_text: str) -> dict[str, str]:
    """``{"--mode": "its invocation and help text", ...}`` from an argparse help screen."""
    entries: dict[str, str] = {}
    current = None
    for line in help_text.splitlines():
        if re.match(r"^  -", line):
            current = line.strip()
            entries[current] = current
        elif current is not None and line.startswith("   "):
            entries[current] += " " + line.strip()
        else:
            current = None
    return {re.split(r"[ ,]", key)[0]: text for key, text in entries.items()}


def test_every_option_of_every_command_says_its_default(monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")
    parsers = list(iter_parsers(build_parser()))
    names = {p.prog for p in parsers}
    assert {"python -m workbench import", "python -m workbench segments", "python -m workbench workspaces",
            "python -m workbench workspaces create", "python -m workbench workspaces delete"} <= names
    missing = []
    for parser in parsers:
        entries = _option_entries(parser.format_help())
        for action in parser._actions:
            if not action.option_strings or action.dest in ("help", "version"):
                continue
            text = entries[action.option_strings[0]]  # every option is listed ...
            if "default" not in text and "(required)" not in text:  # ... with its default, or as required
                missing.append(f"{parser.prog} {action.option_strings[0]}: {text}")
    assert missing == []


def test_help_shows_computed_defaults_and_every_command(monkeypatch, capsys):
    monkeypatch.setenv("COLUMNS", "200")
    with pytest.raises(SystemExit) as exit_:
        main(["--help"])
    out = capsys.readouterr().out
    assert exit_.value.code == 0
    assert all(name in out for name in ("import", "segments", "workspaces", "--version", "--debug"))
    with pytest.raises(SystemExit):
        main(["segments", "--help"])
    entries = _option_entries(capsys.readouterr().out)
    assert "(default 52)" in entries["--horizon-weeks"] and "(required)" in entries["--workspace"]
    assert "(default: off)" in entries["--json"]
    with pytest.raises(SystemExit):
        main(["workspaces", "create", "--help"])
    assert "(default: CNY)" in _option_entries(capsys.readouterr().out)["--currency"]


def test_version_prints_the_package_version(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["--version"])
    assert exit_.value.code == 0 and capsys.readouterr().out == f"{workbench.__version__}\n"


def test_a_usage_error_exits_2():
    with pytest.raises(SystemExit) as exit_:
        main(["workspaces", "frobnicate"])
    assert exit_.value.code == 2


def _broken(args):
    return {}["no such key"]  # a KeyError: the kind of bug a command could have


def test_a_bug_is_one_line_on_the_terminal_and_a_traceback_in_the_log(home, monkeypatch, capsys):
    monkeypatch.setattr(workspaces_cmd, "run", _broken)
    assert main(["workspaces", "list"]) == 1
    captured = capsys.readouterr()
    log = home / "logs" / "cli-errors.log"
    assert captured.out == ""
    assert captured.err == (f"error: This is a bug in the workbench, not something you did (KeyError: 'no such "
                            f"key'). The details are in {log}; run again with --debug to see them here.\n")
    text = log.read_text(encoding="utf-8")
    assert "argv: ['workspaces', 'list']" in text and "Traceback (most recent call last)" in text
    assert "in _broken" in text and f"workbench {workbench.__version__}" in text
    assert main(["workspaces", "create", "x", "--lang", "zh"]) == 1
    assert capsys.readouterr().err.startswith("错误：这是工作台的程序错误")
    assert log.read_text(encoding="utf-8").count("Traceback") == 2  # appended, not overwritten
    assert sorted(p.name for p in home.iterdir()) == ["logs"]  # the log is no workspace
    assert main(["workspaces"]) == 1 and capsys.readouterr().err.count("\n") == 1


@pytest.mark.parametrize("argv", [["--debug", "workspaces"], ["workspaces", "--debug"],
                                  ["workspaces", "list", "--debug"]])
def test_debug_shows_the_traceback_wherever_it_is_given(home, monkeypatch, capsys, argv):
    monkeypatch.setattr(workspaces_cmd, "run", _broken)
    assert main(argv) == 1
    err = capsys.readouterr().err
    assert err.startswith("Traceback (most recent call last)") and "KeyError: 'no such key'" in err
    assert not (home / "logs").exists()


def test_a_bug_in_a_real_process_prints_no_traceback(home):
    # the whole interpreter, as a terminal sees it: the command's run raises
    code = ("import sys; from workbench.commands import workspaces_cmd; "
            "workspaces_cmd.run = lambda args: 1 / 0; "
            "from workbench.__main__ import main; sys.exit(main(['workspaces']))")
    proc = subprocess.run([sys.executable, "-c", code], cwd=APP_DIR, env=dict(os.environ, WORKBENCH_HOME=str(home)),
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 1 and proc.stdout == ""
    assert "Traceback" not in proc.stderr and len(proc.stderr.splitlines()) == 1
    assert "ZeroDivisionError: division by zero" in proc.stderr and str(home / "logs" / "cli-errors.log") in proc.stderr


def test_a_file_that_cannot_be_written_is_a_user_error(home, tmp_path, capsys):
    missing = tmp_path / "no such folder"
    assert main(["segments", "--workspace", "any", "--out", str(missing / "out.csv")]) == 2
    err = capsys.readouterr().err
    assert err == f"error: Cannot read or write “{missing}”: No such file or directory\n"


def test_segments_json_summary(make_workspace, tmp_path, capsys):
    # six customers: three bought twice, three once (most real customers buy once)
    orders = pd.DataFrame({
        "order_id": [f"o{i}" for i in range(9)],
        "customer_id": ["a", "a", "b", "b", "c", "c", "d", "e", "f"],
        "order_ts": pd.to_datetime(["2024-01-02", "2024-03-01", "2024-01-10", "2024-02-10", "2024-02-01",
                                    "2024-04-01", "2024-01-15", "2024-03-15", "2024-04-20"]),
        "amount": [10, 20, 30, 40, 50, 60, 70, 80, 90]})
    ws = make_workspace("crm")
    insert_rows(ws, "orders", orders)
    out = tmp_path / "crm.csv"
    assert main(["segments", "--workspace", "crm", "--out", str(out), "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert (summary["workspace"], summary["out"], summary["customers"]) == ("crm", str(out), 6)
    assert isinstance(summary["warnings"], list) and summary["seconds"] >= 0
    assert len(pd.read_csv(out, encoding="utf-8-sig")) == 6
    assert main(["segments", "--workspace", "crm", "--out", str(out), "--lang", "zh"]) == 0
    assert re.fullmatch(rf"已将 6 位客户写入 {re.escape(str(out))}，用时 [\d.]+ 秒\n", capsys.readouterr().out)
