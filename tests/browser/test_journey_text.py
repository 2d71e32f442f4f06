"""Journey text is shown as text in a real browser: a persona field or a cell holding a blank line followed by
Markdown (an image from another server, a link) must not make the browser fetch anything.

The "other server" is a local HTTP server that records every request; it must receive none. Before the fix
the blank line ended the HTML block the map was rendered in, the rest was read as Markdown, and the image
was fetched: a beacon that could carry data out.
"""

from __future__ import annotations

import http.server
import threading
from dataclasses import replace

import pytest
from browser_helpers import screenshot, wait_for_app

from workbench import journey
from workbench.core.store import WorkspaceManager
from workbench.i18n import t


@pytest.fixture
def beacon():
    """A local HTTP server; yields (base URL, list of the paths it was asked for)."""
    hits: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (the http.server API)
            hits.append(self.path)
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", hits
    server.shutdown()
    server.server_close()


def _hostile(base: str, where: str) -> str:
    return (f"First line of the {where}\n\n![beacon]({base}/{where}.png) and [a link]({base}/{where}-link)\n\n"
            f"<img src=\"{base}/{where}-tag.png\"> last line")


def _workspace_with_hostile_map(home, base: str) -> None:
    mgr = WorkspaceManager(home)
    try:
        if mgr.exists("beacon"):
            mgr.delete("beacon")
        ws = mgr.create("beacon")
        map_id = journey.create_map(ws, "Hostile map", "en", "coffee")
        m = journey.load_map(ws, map_id)
        first = m.stages[0]
        # a cell item as a JSON import brings it in (the grid editor splits lines; an import does not)
        items = (journey.Item(text=_hostile(base, "cell"), item_id="x1"),) + first.items("pain_points")
        stage = replace(first, lanes={**first.lanes, "pain_points": items})
        persona = replace(m.persona, goals=_hostile(base, "persona"), name="Ms Wu")
        journey.save_map(ws, replace(m, stages=(stage, *m.stages[1:]), persona=persona))
    finally:
        mgr.close_all()


def test_markdown_in_journey_text_fetches_nothing(server_url, server_home, page, beacon):
    base, hits = beacon
    _workspace_with_hostile_map(server_home, base)
    page.goto(f"{server_url}/journey?ws=beacon&map=1&lang=en")
    wait_for_app(page)
    for tab in ("journey.tab.persona", "journey.tab.present"):
        page.get_by_role("tab", name=t(tab, "en")).click()
        wait_for_app(page)
        page.locator(":text('First line of the persona'):visible").first.wait_for()
    page.locator(":text('First line of the cell'):visible").first.wait_for()
    page.wait_for_load_state("networkidle")
    screenshot(page, "journey-hostile-text")

    assert hits == []
    main = page.locator("[data-testid='stMain']")
    assert main.locator(f"img[src^='{base}']").count() == 0
    assert main.locator(f"a[href^='{base}']").count() == 0
    # shown as the text it is: the Markdown and the tag stay visible characters
    shown = main.inner_text()
    assert f"![beacon]({base}/cell.png)" in shown and f"![beacon]({base}/persona.png)" in shown
    assert f"<img src=\"{base}/persona-tag.png\">" in shown
