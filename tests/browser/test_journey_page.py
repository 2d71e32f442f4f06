"""Journey page in a real browser: create a map from a template, edit a grid cell in place, reload, and find
the edit still there; screenshots of the editor and of the projected map with its emotion curve."""

from __future__ import annotations

import re

from browser_helpers import screenshot, wait_for_app

from workbench.i18n import t

EDIT = "Touchpoint typed in the browser"


def _revision(pg) -> int:
    text = pg.get_by_text(re.compile(r"第 \d+ 版")).first.inner_text()
    return int(re.search(r"第 (\d+) 版", text).group(1))


def _heading_is(pg, title: str) -> None:
    pg.wait_for_function(
        "(title) => { const h = document.querySelector(\"[data-testid='stMainBlockContainer'] h1\");"
        " return h && h.innerText.trim() === title; }",
        arg=title,
    )


def test_edit_cell_survives_reload_and_map_is_presentable(server_url, page):
    pg = page
    pg.goto(f"{server_url}/?lang=zh")
    wait_for_app(pg)
    pg.locator("[data-testid='stSidebarNav']").get_by_text(t("nav.journey", "zh"), exact=True).click()
    _heading_is(pg, t("journey.title", "zh"))
    wait_for_app(pg)

    # a new map from the coffee template
    pg.get_by_role("button", name=re.compile(t("journey.new", "zh"))).click()
    popover = pg.locator("[data-testid='stPopoverBody']")
    popover.locator("[data-testid='stSelectbox']").click()
    pg.get_by_role("option", name=t("journey.template.coffee", "zh")).click()
    popover.get_by_role("button", name=t("journey.create", "zh")).click()
    wait_for_app(pg)
    pg.keyboard.press("Escape")
    pg.wait_for_function(
        "() => /第 1 版/.test(document.body.innerText)"
        " && document.querySelectorAll(\"[data-testid='stDataFrame']\").length >= 3"
    )
    wait_for_app(pg)
    pg.wait_for_timeout(1000)  # let the grid canvas finish its first layout
    assert _revision(pg) == 1

    # edit the first stage's touchpoints in the grid (the second data editor on the edit tab):
    # select the lane label of row 1 (header ~35 px, rows 72 px), step right, open the editor, replace, commit
    grid = pg.locator("[data-testid='stDataFrame']").nth(1)
    grid.scroll_into_view_if_needed()
    box = grid.bounding_box()
    editor = pg.locator("textarea.gdg-input")  # the grid's overlay cell editor
    for _ in range(5):  # under load a keystroke can land before the grid has moved its selection: retry
        pg.mouse.click(box["x"] + 30, box["y"] + 35 + 36)
        pg.wait_for_timeout(300)
        pg.keyboard.press("ArrowRight")
        pg.wait_for_timeout(300)
        pg.keyboard.press("Enter")
        editor.wait_for(state="visible")
        if editor.is_enabled():  # the lane-label column is read-only: its editor opens disabled
            break
        pg.keyboard.press("Escape")
        wait_for_app(pg)
    assert editor.is_enabled()
    editor.fill(EDIT)
    pg.wait_for_timeout(200)
    editor.press("Enter")
    pg.wait_for_function("() => /第 2 版/.test(document.body.innerText)", timeout=30_000)
    wait_for_app(pg)
    screenshot(pg, "journey-editor")

    # reload the browser: the session is gone, the workspace keeps the edit
    pg.reload()
    wait_for_app(pg)
    assert _revision(pg) == 2
    pg.get_by_role("tab", name=t("journey.tab.present", "zh")).click()
    table = pg.locator("table").filter(has_text=EDIT).first
    table.wait_for()
    first_cell = table.locator("tbody tr").first.locator("td").first.inner_text()
    assert EDIT in first_cell and "小红书探店笔记" not in first_cell  # replaced, not appended
    assert "写字楼门店招牌" not in first_cell
    # a projector-sized, tall view so the map, the emotion curve and the persona are in one picture
    pg.set_viewport_size({"width": 1440, "height": 2300})
    pg.locator("[data-testid='stVegaLiteChart']:visible svg, [data-testid='stVegaLiteChart']:visible canvas")\
        .first.wait_for()
    pg.wait_for_timeout(1500)
    shot = screenshot(pg, "journey-present")
    assert shot.stat().st_size > 50_000
    assert pg.locator("[data-testid='stException']").count() == 0
    assert not pg.console_errors, pg.console_errors


def _open_journey(pg, url: str) -> None:
    pg.goto(url)
    wait_for_app(pg)
    _heading_is(pg, t("journey.title", "zh"))
    wait_for_app(pg)


def test_another_participant_s_change_appears_without_a_reload(server_url, browser):
    """Two participants on one map: A renames the persona; B, looking at the projected map, sees the new name
    within a few seconds (the page polls the stored revision) — no reload, B's page is the same document."""
    contexts = [browser.new_context(viewport={"width": 1440, "height": 1000}, locale="zh-CN") for _ in range(2)]
    try:
        a, b = (c.new_page() for c in contexts)
        for pg in (a, b):
            pg.set_default_timeout(30_000)
            pg.console_errors = []
            pg.on("pageerror", lambda exc, pg=pg: pg.console_errors.append(str(exc)))
        a.goto(f"{server_url}/?lang=zh")
        wait_for_app(a)
        a.locator("[data-testid='stSidebarNav']").get_by_text(t("nav.journey", "zh"), exact=True).click()
        _heading_is(a, t("journey.title", "zh"))
        wait_for_app(a)
        a.get_by_role("button", name=re.compile(t("journey.new", "zh"))).click()
        popover = a.locator("[data-testid='stPopoverBody']")
        popover.locator("[data-testid='stSelectbox']").click()
        a.get_by_role("option", name=t("journey.template.insurance", "zh")).click()
        popover.get_by_role("button", name=t("journey.create", "zh")).click()
        wait_for_app(a)
        a.keyboard.press("Escape")
        a.wait_for_function("() => /[?&]map=\\d+/.test(location.search)")
        # B opens the same map by its link, as a participant of its own (no ?p=: a new one is made)
        link = re.sub(r"([?&])p=[^&]*&?", r"\1", a.url).rstrip("?&")
        _open_journey(b, link)
        b.get_by_role("tab", name=t("journey.tab.present", "zh")).click()
        wait_for_app(b)
        b.locator("table").first.wait_for()
        b.evaluate("() => { window.__sameDocument = true; }")

        name = "Live persona 7391"
        a.get_by_role("tab", name=t("journey.tab.persona", "zh")).click()
        wait_for_app(a)
        field = a.get_by_label(t("journey.persona.name", "zh"), exact=True)
        field.fill(name)
        a.locator("[data-testid='stForm']").get_by_role("button", name=t("journey.save", "zh")).click()
        # saved: A's persona card shows it (a loaded machine may take a moment to start the run)
        a.wait_for_function("(name) => document.querySelector(\"[data-testid='stMain']\").innerText.includes(name)",
                            arg=name, timeout=30_000)

        b.wait_for_function("(name) => document.body.innerText.includes(name)", arg=name, timeout=20_000)
        assert b.evaluate("() => window.__sameDocument === true")  # shown by the page itself, not a reload
        wait_for_app(b)
        b.set_viewport_size({"width": 1440, "height": 2300})
        b.wait_for_timeout(1500)
        screenshot(b, "journey-live-update")
        for pg in (a, b):
            assert pg.locator("[data-testid='stException']").count() == 0
            assert not pg.console_errors, pg.console_errors
    finally:
        for c in contexts:
            c.close()
