"""Temporary copies of client files (issue #15): readable by the user only, removed after use, and removed on
the next start after a crash. Every test works in its own temporary folder (``tempfile.tempdir``)."""

from __future__ import annotations

import io
import os
import stat
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from workbench import ingest
from workbench.core.store import WorkspaceManager
from workbench.ingest import tempfiles, uploads
from workbench.ingest.readers import open_source

APP_DIR = Path(__file__).resolve().parents[2]
GBK = ("订单号,客户ID,下单时间,实付金额\n" + "A1,张三,2024-01-05,10\n").encode("gbk")


@pytest.fixture
def tmp(tmp_path, monkeypatch):
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    old = os.umask(0)  # the most permissive umask: the modes must not depend on it
    yield folder
    os.umask(old)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _ours(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(tempfiles.PREFIX))


def test_an_upload_copy_is_private(tmp):
    path = uploads.save_upload(io.BytesIO(b"a,b\n1,2\n"), "orders.csv")
    assert (_mode(path), _mode(path.parent)) == (0o600, 0o700)
    uploads.discard_upload(path)
    assert _ours(tmp) == []


@pytest.mark.parametrize("kind", ["transcoded", "sheet"])
def test_working_copies_are_private_and_removed_after_use(tmp, tmp_path, kind):
    if kind == "transcoded":
        original = tmp_path / "gbk.csv"
        original.write_bytes(GBK)
    else:
        import openpyxl

        wb = openpyxl.Workbook()
        wb.active.append(["customer_id", "order_ts", "amount"])
        wb.active.append(["C1", "2024-01-05", 5])
        original = tmp_path / "book.xlsx"
        wb.save(original)
    with open_source(original) as src:
        assert src.path != original and src.path.is_relative_to(tmp)
        assert (_mode(src.path), _mode(src.path.parent)) == (0o600, 0o700)
    assert _ours(tmp) == []


def test_an_import_leaves_no_copy_behind(tmp, tmp_path):
    mgr = WorkspaceManager(tmp_path / "home")
    ws = mgr.create("t")
    (tmp_path / "gbk.csv").write_bytes(GBK)
    ingest.import_path(ws, tmp_path / "gbk.csv", "orders")
    (tmp_path / "bad.csv").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(100))
    with pytest.raises(ingest.engine.WorkbenchError):
        ingest.import_path(ws, tmp_path / "bad.csv", "orders")  # a failed import neither
    mgr.close_all()
    assert _ours(tmp) == []


def test_a_crashed_import_leaves_a_copy_that_the_next_start_removes(tmp, tmp_path):
    # A child process opens a GBK file for import (a private transcoded copy) and dies without cleaning up,
    # as under kill -9; the next process's sweep removes the copy, and keeps the folders of running ones.
    (tmp_path / "gbk.csv").write_bytes(GBK)
    mine = tempfiles.private_dir("upload")  # a folder of this (running) process: kept
    code = ("import os, sys\n"
            "from workbench.ingest.readers import open_source\n"
            "with open_source(sys.argv[1]) as src:\n"
            "    print(src.path, flush=True)\n"
            "    os._exit(9)\n")
    child = subprocess.run([sys.executable, "-c", code, str(tmp_path / "gbk.csv")], cwd=APP_DIR,
                           env=dict(os.environ, TMPDIR=str(tmp), PYTHONPATH=str(APP_DIR)),
                           capture_output=True, text=True)
    left = Path(child.stdout.strip())
    assert child.returncode == 9 and left.is_file() and left.read_bytes().decode() == GBK.decode("gbk")
    removed = tempfiles.sweep()
    assert removed == [left.parent] and not left.exists() and mine.exists()


def test_a_reused_process_id_does_not_keep_a_dead_process_folder(tmp):
    # The folder names this process's id with another start time: the process that made it is gone, even if
    # its id is in use again (a restarted container often gives the server the same id).
    live = tempfiles.private_dir("import")
    stale = tmp / f"{tempfiles.PREFIX}import-{os.getpid()}.1-abc"
    stale.mkdir()
    assert tempfiles.sweep() == [stale] and live.exists()


def test_uploads_of_a_running_server_are_kept_for_a_day(tmp):
    import time

    path = uploads.save_upload(io.BytesIO(b"x"), "a.csv")
    assert tempfiles.sweep() == []
    assert tempfiles.sweep(now=time.time() + 25 * 3600) == [path.parent]
