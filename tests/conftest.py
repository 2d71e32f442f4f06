"""Shared fixtures: an isolated workspaces folder, small workspaces, and AppTest runners."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest
from helpers import insert_rows
from hypothesis import settings

from workbench.core.store import Workspace, WorkspaceManager

APP_DIR = Path(__file__).resolve().parent.parent


def pytest_configure(config):
    """In-process app runs (streamlit.testing) listen nowhere: tell the access gate so, as
    .streamlit/config.toml tells a real server, also when pytest runs from another folder (Streamlit reads
    config.toml from the working folder)."""
    os.environ.setdefault("STREAMLIT_SERVER_ADDRESS", "127.0.0.1")


def pytest_collection_modifyitems(config, items):
    """Under pytest-xdist (scripts/test.sh runs two workers with ``--dist loadgroup``) every browser test goes
    to one worker, in order, sharing one ``streamlit run`` server; the other tests spread over both."""
    for item in items:
        if "browser" in Path(str(item.fspath)).parts:
            item.add_marker(pytest.mark.xdist_group("browser"))


# Property tests explore new random examples on every local run; CI (CI set, as .ci/run does) runs a fixed
# set derived from each test's code, so that whether main lands does not depend on a random draw.
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")


@pytest.fixture
def home(tmp_path, monkeypatch) -> Path:
    """A fresh WORKBENCH_HOME with no demo, so a test sees only what it creates."""
    folder = tmp_path / "workspaces"
    monkeypatch.setenv("WORKBENCH_HOME", str(folder))
    monkeypatch.setenv("WORKBENCH_DEMO", "0")
    monkeypatch.setenv("WORKBENCH_LANG", "zh")
    return folder


@pytest.fixture
def manager(home) -> WorkspaceManager:
    mgr = WorkspaceManager(home)
    yield mgr
    mgr.close_all()


@pytest.fixture
def make_workspace(manager) -> Callable[..., Workspace]:
    """``make_workspace(name, orders=df, customers=df, survey=df)`` → a workspace holding those rows."""

    def _make(name: str = "t", **tables: pd.DataFrame) -> Workspace:
        ws = manager.create(name)
        for table, df in tables.items():
            insert_rows(ws, table, df)
        return ws

    return _make


@pytest.fixture
def app_test(home, monkeypatch):
    """``app_test(page=None, lang="zh")`` → an AppTest of app.py that has run (and switched to ``page``)."""
    from streamlit.testing.v1 import AppTest

    def _run(page: str | None = None, lang: str = "zh", timeout: float = 60):
        monkeypatch.setenv("WORKBENCH_LANG", lang)  # the language a new browser starts in
        at = AppTest.from_file(str(APP_DIR / "app.py"), default_timeout=timeout)
        at.run()
        if page:
            at.switch_page(page)
            at.run()
        return at

    return _run
