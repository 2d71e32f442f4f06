"""The demo workspace: built on first start only, complete, and never left half-built."""

from __future__ import annotations

import pytest

from workbench import demo, journey


def test_first_start_builds_a_complete_demo(manager):
    assert demo.ensure_demo(manager) is True
    ws = manager.open("demo")
    # the committed sample files: 8,000 customers, 600 respondents x (12 attributes + overall), ~150k orders
    assert ws.row_count("customers") == 8000
    assert ws.row_count("survey") == 7800
    assert 140_000 < ws.row_count("orders") < 160_000
    assert ws.scalar("SELECT count(*) FROM quarantine") == 0
    assert list(journey.list_maps(ws)["name"]) == ["咖啡/零售连锁"]


def test_demo_is_not_rebuilt_when_any_workspace_exists(manager):
    manager.create("client")
    assert demo.ensure_demo(manager) is False
    assert manager.names() == ["client"]


def test_a_failed_build_leaves_no_workspace(manager, monkeypatch):
    def broken(ws, folder):
        raise OSError("sample file unreadable")

    monkeypatch.setattr(demo, "load_sample_data", broken)
    with pytest.raises(OSError):
        demo.ensure_demo(manager)
    assert manager.names() == []
    assert sorted(p.name for p in manager.home.glob("demo*")) == []  # no database file, no WAL


@pytest.mark.parametrize("lang, name", [("en", "Coffee / retail chain"), ("zh", "咖啡/零售连锁")])
def test_the_demo_map_is_in_the_configured_language(manager, monkeypatch, lang, name):
    # the sample data is not the point here: skip loading it, keep the journey map
    monkeypatch.setattr(demo, "load_sample_data", lambda ws, folder: None)
    monkeypatch.setenv("WORKBENCH_LANG", lang)
    assert demo.ensure_demo(manager) is True
    assert list(journey.list_maps(manager.open("demo"))["name"]) == [name]
