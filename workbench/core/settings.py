"""Server-wide settings, declared once with their help text.

Settings are read from environment variables so that a deployment, the CLI and the tests configure the
workbench the same way. The README's settings table is checked against ``SETTINGS`` by a test.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Setting", "SETTINGS", "get", "workbench_home", "APP_DIR"]

APP_DIR = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Setting:
    """One configuration option: the environment variable, its default and what it does."""

    name: str
    default: str
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "WORKBENCH_HOME",
        "workspaces",
        "Folder holding one DuckDB file per workspace. Relative paths are resolved against the app folder.",
    ),
    Setting(
        "WORKBENCH_DEMO",
        "1",
        "Build the demo workspace from sample_data/ on first start when no workspace exists (1 = yes, 0 = no).",
    ),
    Setting(
        "WORKBENCH_LANG",
        "zh",
        "Language shown to a browser that has not chosen one yet: zh or en.",
    ),
    Setting(
        "WORKBENCH_SHARE",
        "0",
        "1 = `scripts/run.sh` shares with the room (listens on the network, behind the access code), as "
        "`--share` does; 0 = this machine only (127.0.0.1).",
    ),
    Setting(
        "WORKBENCH_ACCESS_CODE",
        "",
        "Access code asked for before anything of a workspace is shown (at least 6 letters or digits; case, "
        "spaces and dashes ignored). Empty: sharing generates one at start and prints it. Set: asked for in "
        "both modes.",
    ),
    Setting(
        "WORKBENCH_DATE_FLOOR",
        "1990-01-01",
        "Earliest plausible date in imported files (YYYY-MM-DD); rows with an earlier date (placeholders like "
        "0001-01-01 or 1900-01-01) are quarantined.",
    ),
)

_BY_NAME = {s.name: s for s in SETTINGS}


def get(name: str) -> str:
    """Return a setting's value from the environment, or its declared default."""
    return os.environ.get(name, _BY_NAME[name].default)


def workbench_home() -> Path:
    """The workspaces folder, created if missing."""
    home = Path(get("WORKBENCH_HOME"))
    if not home.is_absolute():
        home = APP_DIR / home
    home.mkdir(parents=True, exist_ok=True)
    return home.resolve()
