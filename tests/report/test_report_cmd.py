"""``python -m workbench report``: the page's workbook from the command line, and clear errors with exit
status 2 (nothing written) for a missing workspace, a bad section name and a path that cannot be written."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

from openpyxl import load_workbook

from workbench import report
from workbench.__main__ import main
from workbench.i18n import t

ROOT = Path(__file__).resolve().parents[2]


def _parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {n: z.read(n) for n in z.namelist()}


def test_command_writes_the_same_workbook_as_the_page(report_ws, manager, tmp_path, monkeypatch, capsys):
    out = tmp_path / "out" / "shop.xlsx"
    out.parent.mkdir()
    manager.close_all()  # the command opens the workspace itself
    assert main(["report", "--workspace", "shop", "--out", str(out), "--lang", "en",
                 "--sections", "cover,kpis,segments"]) == 0
    printed = capsys.readouterr().out
    assert "Report written to" in printed and "(cover, kpis, segments)" in printed
    assert main(["report", "--workspace", "shop", "--out", str(out), "--sections", "cover", "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)  # no --lang: the report in Chinese, the summary keys fixed
    assert (summary["workspace"], summary["sections"], summary["sheets"]) == ("shop", ["cover"],
                                                                           [t("report.cover.sheet", "zh")])
    assert main(["report", "--workspace", "shop", "--out", str(out), "--lang", "en",
                 "--sections", "cover,kpis,segments", "--quiet"]) == 0
    book = load_workbook(out)
    assert book.sheetnames[:2] == [t("report.cover.sheet", "en"), t("report.kpis.sheet", "en")]
    ws = manager.open("shop")
    page = io.BytesIO()
    report.write_report(page, ws, "en", ["cover", "kpis", "segments"])
    cli, app = _parts(out.read_bytes()), _parts(page.getvalue())
    assert cli == app  # every part of the file is the same (both made today: the date is in the file)
    assert dt.date.today().isoformat().encode() in cli["docProps/core.xml"]


def test_command_errors_exit_2_and_write_nothing(report_ws, manager, tmp_path, capsys):
    manager.close_all()
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    (out_dir / "folder.xlsx").mkdir()
    cases = [
        (["--workspace", "nope", "--out", str(out_dir / "r.xlsx")], "Workspace “nope” was not found in"),
        (["--workspace", "shop", "--out", str(out_dir / "r.xlsx"), "--sections", "kpis,gantt"],
         "Unknown report section: gantt. Choose from cover, kpis, segments, journeys, value_gap, roadmap, "
         "scenarios, traceability."),
        (["--workspace", "shop", "--out", str(out_dir / "missing" / "r.xlsx")],
         f"The report cannot be written to {out_dir / 'missing' / 'r.xlsx'}: its folder does not exist"),
        (["--workspace", "shop", "--out", str(out_dir / "folder.xlsx")], "it is a folder"),
        (["--workspace", "shop", "--out", str(out_dir / "r.pdf")], "must end in .xlsx"),
    ]
    for args, message in cases:
        assert main(["report", *args]) == 2, args
        err = capsys.readouterr().err
        assert err.startswith("error: ") and message in err, err
        assert "Traceback" not in err
    assert sorted(p.name for p in out_dir.iterdir()) == ["folder.xlsx"]


def test_command_names_what_it_left_out(make_workspace, manager, tmp_path, capsys):
    make_workspace("empty")
    manager.close_all()
    out = tmp_path / "empty.xlsx"
    assert main(["report", "--workspace", "empty", "--out", str(out), "--lang", "zh", "--quiet"]) == 0
    captured = capsys.readouterr()
    assert captured.out == ""
    # --lang zh: the report and the command's messages in Chinese
    assert captured.err == ("提示：未包含（尚无数据）：kpis, segments, journeys, value_gap, roadmap, scenarios, "
                            "traceability\n")
    assert load_workbook(out).sheetnames == [t("report.cover.sheet", "zh")]


def test_command_refuses_a_folder_it_may_not_write(report_ws, manager, tmp_path, capsys, monkeypatch):
    # (the tests may run as root, who may write anywhere: the permission answer is what is stood in for)
    manager.close_all()
    monkeypatch.setattr(os, "access", lambda path, mode: False)
    assert main(["report", "--workspace", "shop", "--out", str(tmp_path / "r.xlsx")]) == 2
    assert "no permission to write there" in capsys.readouterr().err
    assert not (tmp_path / "r.xlsx").exists()


def test_command_runs_as_a_module_with_exit_status_2(home, tmp_path):
    """The real entry point in a fresh interpreter: an unknown workspace is a message and status 2."""
    env = dict(os.environ, WORKBENCH_HOME=str(home), WORKBENCH_DEMO="0")
    proc = subprocess.run([sys.executable, "-m", "workbench", "report", "--workspace", "ghost", "--out",
                           str(tmp_path / "r.xlsx")], cwd=ROOT, env=env, capture_output=True, text=True)
    assert proc.returncode == 2
    assert proc.stderr.startswith(f"error: Workspace “ghost” was not found in {home}")
    assert "Traceback" not in proc.stderr


def test_the_help_lists_every_section_of_the_registry():
    """The command's description (its ``--help``) names the sections by hand, to keep ``--help`` from importing
    every section's libraries; it must follow the registry (it once promised scenarios "once written")."""
    from workbench.commands import report_cmd
    from workbench.report.registry import SECTION_NAMES

    listed = " ".join(report_cmd.__doc__.split("takes names from:", 1)[1].split(";", 1)[0].split())
    assert listed == ", ".join(SECTION_NAMES)
