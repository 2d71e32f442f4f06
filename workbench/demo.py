"""The demo workspace, built from ``sample_data/`` on first start so every view has data to show."""

from __future__ import annotations

from pathlib import Path

from workbench.settings import APP_DIR
from workbench.store import DEMO_NAME, Workspace, WorkspaceManager

__all__ = ["SAMPLE_DIR", "SAMPLE_FILES", "ensure_demo", "load_sample_data"]

SAMPLE_DIR = APP_DIR / "sample_data"
SAMPLE_FILES = {"orders": "orders.csv.gz", "customers": "customers.csv", "survey": "survey.csv"}


def ensure_demo(manager: WorkspaceManager) -> bool:
    """Create and fill the demo workspace when the folder has no workspace at all; True if built.

    A failure part-way removes the demo file again, so a half-built workspace is never left behind.
    """
    if manager.names():
        return False
    ws = manager.create(DEMO_NAME)
    try:
        load_sample_data(ws, SAMPLE_DIR)
    except BaseException:
        manager.delete(DEMO_NAME)
        raise
    return True


def load_sample_data(ws: Workspace, folder: Path) -> None:
    """Load the sample files into the canonical tables through the ordinary import path.

    Each file is one atomic import (``mode="replace"``, so running it again never duplicates rows); if one
    fails, :func:`ensure_demo` removes the half-built demo workspace.
    """
    from workbench import ingest  # imported late: ingest is the heavier module

    for kind, file_name in SAMPLE_FILES.items():
        ingest.import_path(ws, Path(folder) / file_name, kind=kind, mode="replace")
