"""Every page runs in both languages without exception or raw keys; the sidebar manages workspaces."""

from __future__ import annotations

import pytest
from helpers import raw_keys_shown, visible_texts

from views import PAGES as REGISTERED
from workbench.core.errors import WorkbenchError
from workbench.i18n import LANGS, t

PAGES = [p.name for p in REGISTERED]


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("page", PAGES)
def test_every_page_runs_in_both_languages(app_test, manager, page, lang):
    manager.create("empty one")
    at = app_test(f"views/{page}.py", lang=lang)
    assert not at.exception, at.exception
    assert at.title[0].value == t(f"{page}.title", lang)
    assert raw_keys_shown(at) == []


@pytest.mark.parametrize("page", PAGES)
def test_every_page_copes_with_no_workspace(app_test, page):
    at = app_test(f"views/{page}.py", lang="en")
    assert not at.exception, at.exception
    assert t("app.no_workspace", "en") in [i.value for i in at.info]


def test_language_switch_changes_visible_text(app_test, manager):
    manager.create("w")
    at = app_test(lang="zh")
    assert at.title[0].value == t("data.title", "zh")
    at.sidebar.button_group[0].set_value("en").run()
    assert at.title[0].value == t("data.title", "en")
    assert t("app.workspace", "en") in visible_texts(at)
    assert at.session_state["lang"] == "en"


def test_language_choice_is_remembered_for_a_new_session(app_test, manager):
    manager.create("w")
    at = app_test(lang="zh")
    at.sidebar.button_group[0].set_value("en").run()
    from streamlit.testing.v1 import AppTest

    fresh = AppTest.from_file(str(at._script_path), default_timeout=60)
    fresh.run()  # no language given: comes from the remembered preference
    assert fresh.title[0].value == t("data.title", "en")


def _manage(at, action: str):
    at.sidebar.radio[0].set_value(action).run()
    return at


def test_create_switch_rename_duplicate_delete_from_the_sidebar(app_test, manager):
    manager.create("first")
    at = app_test(lang="en")
    assert at.sidebar.selectbox[0].value == "first"

    _manage(at, "create")
    at.sidebar.text_input[0].input("客户 B")
    at.sidebar.button[0].click().run()
    assert manager.names() == ["first", "客户 B"]
    assert at.sidebar.selectbox[0].value == "客户 B"
    assert "Workspace “客户 B” created." in [s.value for s in at.sidebar.success]

    at.sidebar.selectbox[0].select("first").run()
    assert at.session_state["workspace"] == "first"

    _manage(at, "rename")
    at.sidebar.text_input[0].input("renamed")
    at.sidebar.button[0].click().run()
    assert manager.names() == ["renamed", "客户 B"]
    assert at.sidebar.selectbox[0].value == "renamed"

    _manage(at, "duplicate")
    at.sidebar.text_input[0].input("copy")
    at.sidebar.button[0].click().run()
    assert manager.names() == ["copy", "renamed", "客户 B"]

    _manage(at, "delete")
    delete_button = at.sidebar.button[0]
    assert delete_button.disabled  # nothing typed yet: no deletion possible
    at.sidebar.text_input[0].input("copy").run()
    at.sidebar.button[0].click().run()
    assert manager.names() == ["renamed", "客户 B"]
    assert not at.exception


def test_bad_workspace_name_shows_the_reason(app_test, manager):
    manager.create("first")
    at = app_test(lang="zh")
    _manage(at, "create")
    at.sidebar.text_input[0].input("../escape")
    at.sidebar.button[0].click().run()
    assert manager.names() == ["first"]
    shown = WorkbenchError("store.error.name_invalid", name="../escape").display_text("zh")
    assert [e.value for e in at.sidebar.error] == [shown]
    assert r"\.\./escape" in shown  # escaped, as the markdown source of what the user reads as ../escape


def test_delete_needs_the_exact_name(app_test, manager):
    manager.create("keep me")
    at = app_test(lang="en")
    _manage(at, "delete")
    at.sidebar.text_input[0].input("keep").run()
    assert at.sidebar.button[0].disabled
    assert manager.names() == ["keep me"]


def test_deleted_demo_can_be_restored_with_its_data(app_test, manager):
    manager.create("client")
    at = app_test(lang="en")
    assert "demo" not in manager.names()
    restore = [b for b in at.sidebar.button if b.label == t("app.workspace.restore_demo", "en")]
    restore[0].click().run()
    assert not at.exception
    assert manager.names() == ["demo", "client"]
    assert at.sidebar.selectbox[0].value == "demo"
    demo = manager.open("demo")
    assert demo.row_count("orders") > 100_000 and demo.row_count("customers") == 8000
    assert [b for b in at.sidebar.button if b.label == t("app.workspace.restore_demo", "en")] == []


def _chart_specs(at) -> list[dict]:
    import json

    found = []

    def walk(node) -> None:
        if getattr(node, "type", None) == "vega_lite_chart":
            found.append(json.loads(node.proto.spec))
        for child in (getattr(node, "children", None) or {}).values():
            walk(child)

    walk(at._tree)
    return found


#: The widget key of each page's stateful tabs (only the open tab runs, so each is opened in turn).
_TAB_KEYS = {"segments": "segments_tab", "journey": "journey_tab", "roadmap": "tab_en", "value_gap": "vg_tab"}


@pytest.mark.parametrize("page", ["data", "segments", "journey", "value_gap", "roadmap"])
def test_every_chart_is_readable_from_the_back_of_the_room(app_test, home, monkeypatch, page):
    """Axis labels, titles and legends at 14 px or more in a dark colour, on every chart a page sends, in
    every tab (the demo, so every chart of the page is drawn)."""
    from helpers import page_key

    from workbench.core.chartstyle import MIN_FONT_PX, TEXT_COLOUR
    from workbench.core.store import WorkspaceManager
    from workbench.demo import build_demo

    mgr = WorkspaceManager(home)
    build_demo(mgr, "en")
    mgr.close_all()
    at = app_test(f"views/{page}.py", lang="en", timeout=180)
    assert not at.exception, at.exception
    specs = _chart_specs(at)
    if page in _TAB_KEYS:
        for label in [tab.label for tab in at.tabs]:
            at.session_state[page_key(_TAB_KEYS[page], "demo")] = label
            at.run()
            assert not at.exception, (label, at.exception)
            specs += _chart_specs(at)
    assert specs, "the page drew no chart"
    for spec in specs:
        config = spec.get("config", {})
        for part in ("axis", "legend"):
            assert config.get(part, {}).get("labelFontSize", 0) >= MIN_FONT_PX, (page, part, spec.get("title"))
            assert config[part]["labelColor"] == TEXT_COLOUR
