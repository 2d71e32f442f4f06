"""The real app in Chromium: it loads with the demo, every page opens from the navigation without an error
box, the language switch changes what is shown and survives a reload. A screenshot of each page is saved."""

from __future__ import annotations

import pytest
from browser_helpers import screenshot, wait_for_app

from workbench.i18n import t

PAGES = [
    ("data", "nav.data"), ("segments", "nav.segments"), ("journey", "nav.journey"),
    ("value_gap", "nav.value_gap"), ("roadmap", "nav.roadmap"), ("scenarios", "nav.scenarios"),
    ("report", "nav.report"),
]


def _assert_no_error(pg) -> None:
    assert pg.locator("[data-testid='stException']").count() == 0
    assert pg.locator("[data-testid='stAlertContentError']").count() == 0
    assert pg.console_errors == []


def _heading(pg) -> str:
    return pg.locator("[data-testid='stMainBlockContainer'] h1").first.inner_text().strip()


def test_app_opens_on_the_demo_workspace(page, server_url):
    page.goto(f"{server_url}/?lang=zh")  # other tests may have switched the remembered language
    wait_for_app(page)
    assert _heading(page) == t("data.title", "zh")
    picker = page.locator("[data-testid='stSidebar'] [data-testid='stSelectbox'] input")
    assert picker.input_value() == "demo"
    # a workspace with data opens on its profile, not on an empty upload form
    selected = page.locator("[role='tab'][aria-selected='true']").first.inner_text().strip()
    assert selected == t("data.tab.profile", "zh")
    _assert_no_error(page)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_page_opens_from_the_navigation(page, server_url, lang):
    page.goto(f"{server_url}/?lang={lang}")
    wait_for_app(page)
    nav = page.locator("[data-testid='stSidebarNav']")
    for slug, nav_key in PAGES:
        nav.get_by_text(t(nav_key, lang), exact=True).click()
        page.wait_for_function(
            "(title) => { const h = document.querySelector(\"[data-testid='stMainBlockContainer'] h1\");"
            " return h && h.innerText.trim() === title; }",
            arg=t(f"{slug}.title", lang),
        )
        wait_for_app(page)
        _assert_no_error(page)
        screenshot(page, f"page-{slug}-{lang}")


def test_language_switch_changes_text_and_survives_reload(page, server_url):
    page.goto(f"{server_url}/?lang=zh")
    wait_for_app(page)
    assert _heading(page) == t("data.title", "zh")
    page.locator("[data-testid='stSidebar']").get_by_text("English", exact=True).click()
    page.wait_for_function(
        "(title) => document.querySelector(\"[data-testid='stMainBlockContainer'] h1\").innerText.trim() === title",
        arg=t("data.title", "en"),
    )
    assert t("app.workspace", "en") in page.locator("[data-testid='stSidebar']").inner_text()
    page.reload()
    wait_for_app(page)
    assert _heading(page) == t("data.title", "en")
    _assert_no_error(page)


def test_language_and_workspace_stay_in_the_url_across_pages_and_reload(page, server_url):
    """Page navigation drops query parameters; the app puts them back so a refresh keeps the choice."""
    page.goto(f"{server_url}/?lang=en")
    wait_for_app(page)
    page.locator("[data-testid='stSidebarNav']").get_by_text(t("nav.roadmap", "en"), exact=True).click()
    page.wait_for_url("**/roadmap?*")
    wait_for_app(page)
    assert "lang=en" in page.url and "ws=demo" in page.url
    page.reload()
    wait_for_app(page)
    assert _heading(page) == t("roadmap.title", "en")


def test_a_bookmarked_page_opens_with_the_app_around_it_on_a_new_server(page, fresh_server_url):
    """The first request a new server gets is a deep link: it must run through app.py (navigation, sidebar),
    not the page alone, which is what Streamlit's legacy `pages/` folder mode did."""
    page.goto(f"{fresh_server_url}/segments?lang=en")
    wait_for_app(page)
    assert _heading(page) == t("segments.title", "en")
    nav = page.locator("[data-testid='stSidebarNav']")
    assert nav.get_by_text(t("nav.journey", "en"), exact=True).count() == 1
    assert page.locator("[data-testid='stSidebar'] [data-testid='stSelectbox'] input").input_value() == "demo"
    _assert_no_error(page)
