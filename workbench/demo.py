"""The demo workspace, built from ``sample_data/`` on first start so every view has data to show."""

from __future__ import annotations

from pathlib import Path

from workbench.core import settings
from workbench.core.settings import APP_DIR
from workbench.core.store import DEMO_NAME, Workspace, WorkspaceManager
from workbench.i18n import normalise_lang

__all__ = ["SAMPLE_DIR", "SAMPLE_FILES", "ensure_demo", "build_demo", "load_sample_data"]

SAMPLE_DIR = APP_DIR / "sample_data"
SAMPLE_FILES = {"orders": "orders.csv.gz", "customers": "customers.csv", "survey": "survey.csv"}


def ensure_demo(manager: WorkspaceManager, lang: str | None = None) -> bool:
    """Create and fill the demo workspace (via :func:`build_demo`) when the folder has no workspace at all;
    True if built. Its journey map is written in ``lang``, by default the configured ``WORKBENCH_LANG``, the
    language a new browser starts in.
    """
    if manager.names():
        return False
    build_demo(manager, normalise_lang(lang or settings.get("WORKBENCH_LANG")))
    return True


def build_demo(manager: WorkspaceManager, lang: str = "zh") -> Workspace:
    """Build the demo workspace (data, a journey map from the coffee-chain template, the value-gap attributes
    and a roadmap); also used to restore the demo after someone deleted it. A failure part-way removes the
    file again."""
    from workbench import journey, roadmap, scenarios, value_gap  # imported late, like ingest

    ws = manager.create(DEMO_NAME)
    try:
        load_sample_data(ws, SAMPLE_DIR)
        journey.create_map(ws, "", lang=lang, template="coffee")
        value_gap.seed_demo(ws, lang)
        roadmap.seed_demo(ws, lang)
        scenarios.seed_demo(ws, lang)
    except BaseException:
        manager.delete(DEMO_NAME)
        raise
    return ws


def load_sample_data(ws: Workspace, folder: Path) -> None:
    """Load the sample files into the canonical tables through the ordinary import path.

    Each file is one atomic import (``mode="replace"``, so running it again never duplicates rows); if one
    fails, :func:`build_demo` removes the half-built demo workspace.
    """
    from workbench import ingest  # imported late: ingest is the heavier module

    for kind, file_name in SAMPLE_FILES.items():
        ingest.import_path(ws, Path(folder) / file_name, kind=kind, mode="replace")
