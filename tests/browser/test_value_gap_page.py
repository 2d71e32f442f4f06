"""Value-gap page in a real browser on the demo: every tab opens without an error and is screenshotted (the
gap chart with its intervals, the importance–performance quadrants, stated vs derived, competitors, Kano,
perceived value and layers, the attribute editors); switching the segment changes the respondents shown;
switching the cross-hairs to the scale midpoint moves them."""

from __future__ import annotations

import re

from browser_helpers import screenshot, wait_for_app

from workbench.i18n import t

LANG = "zh"
TABS = ["gaps", "ipa", "derived", "competitors", "kano", "value", "attributes"]


def _no_error(pg) -> None:
    assert pg.locator("[data-testid='stException']").count() == 0
    assert pg.locator("[data-testid='stAlertContentError']").count() == 0
    assert not pg.console_errors, pg.console_errors


def _open(pg, server_url: str) -> None:
    pg.goto(f"{server_url}/?lang={LANG}")
    wait_for_app(pg)
    pg.locator("[data-testid='stSidebarNav']").get_by_text(t("nav.value_gap", LANG), exact=True).click()
    pg.wait_for_function(
        "(title) => { const h = document.querySelector(\"[data-testid='stMainBlockContainer'] h1\");"
        " return h && h.innerText.trim() === title; }",
        arg=t("value_gap.title", LANG),
    )
    wait_for_app(pg)
    pg.get_by_role("tab", name=t("value_gap.tab.gaps", LANG), exact=True).wait_for()


def _tab(pg, name: str) -> None:
    pg.get_by_role("tab", name=t(f"value_gap.tab.{name}", LANG), exact=True).click()
    pg.wait_for_timeout(500)
    wait_for_app(pg)


def _shot(pg, name: str):
    height = pg.evaluate("() => document.querySelector(\"[data-testid='stMain']\").scrollHeight")
    pg.set_viewport_size({"width": 1440, "height": max(900, min(int(height) + 100, 6000))})
    pg.wait_for_timeout(1500)  # charts re-layout to the new size
    path = screenshot(pg, f"value-gap-{name}")
    pg.set_viewport_size({"width": 1440, "height": 900})
    return path


def _selectbox(pg, label: str, option: str) -> None:
    box = pg.locator("[data-testid='stSelectbox']").filter(has_text=label).first
    box.click()
    pg.get_by_role("option", name=option, exact=True).click()
    wait_for_app(pg)


def test_every_tab_shows_and_the_segment_and_crosshairs_switch(server_url, page):
    pg = page
    _open(pg, server_url)
    for name in TABS:
        _tab(pg, name)
        if name != "attributes":
            pg.locator("[data-testid='stVegaLiteChart']:visible").first.wait_for()
        _no_error(pg)
        assert _shot(pg, name).stat().st_size > 30_000
    _tab(pg, "gaps")
    assert "600 位受访者" in pg.locator("[data-testid='stMain']").inner_text()

    # segment: the survey's own 学生 segment has fewer respondents
    _selectbox(pg, t("value_gap.by", LANG), t("value_gap.by.survey", LANG))
    _selectbox(pg, t("value_gap.segment", LANG), "学生")
    text = pg.locator("[data-testid='stMain']").inner_text()
    n = int(re.search(r"(\d+) 位受访者", text).group(1))
    assert 0 < n < 600
    _no_error(pg)
    _shot(pg, "gaps-students")

    # cross-hairs at the scale midpoint (4 on the 1–7 scale)
    _tab(pg, "ipa")
    pg.get_by_text(t("value_gap.crosshair.midpoint", LANG), exact=True).click()
    wait_for_app(pg)
    pg.get_by_text(re.compile(r"十字线：表现 4\.00，重要性 4\.00")).wait_for()
    _no_error(pg)
    _shot(pg, "ipa-midpoint")
