"""Fixtures of the command tests: a second process holding a workspace file, as the running app would."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest


@contextmanager
def _holding(path: Path) -> Iterator[None]:
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, time, duckdb; con = duckdb.connect(sys.argv[1]); "
         "print('open', flush=True); time.sleep(60)", str(path)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "open"
        yield
    finally:
        holder.kill()
        holder.wait()
        holder.stdout.close()


@pytest.fixture
def held(home):
    """``with held("name"):`` another process has ``<home>/name.duckdb`` open (DuckDB allows one writer)."""
    return lambda name: _holding(home / f"{name}.duckdb")
