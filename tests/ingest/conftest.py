"""Fixtures of the ingest tests."""

from __future__ import annotations

import pytest

from workbench.core.store import WorkspaceManager


@pytest.fixture
def ws(tmp_path):
    """An empty workspace ``t`` in a folder of its own."""
    mgr = WorkspaceManager(tmp_path / "home")
    yield mgr.create("t")
    mgr.close_all()
