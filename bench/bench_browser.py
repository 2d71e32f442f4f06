"""Benchmark: what a workshop feels in a real browser — page switches, a parameter save, a journey cell save,
a browser reload, a scenario lever moved and a roadmap start month saved — timed with Playwright driving
Debian's Chromium against ``streamlit run``.

Workspaces:

- ``cdnow``: the public CDNOW order history (23,570 customers, 69,659 orders over 18 months, two thirds
  of them silent in its last year: the shape the workshop issue measured), imported through the ordinary
  import path from lifetimes' copy of the file (a dev dependency), in USD, with a journey map;
- ``million`` (``--million``): a million customers / ~10M orders generated as in bench_segments.py, loaded
  straight into the workspace, with a journey map.

Each action is timed from the click (or the reload) to the moment the page shows its result and Streamlit
reports no run in progress; every action is repeated ``--repeat`` times and the medians are reported, with
the Data page's own switch time beside the Segments page's (the target: Segments within twice Data's).
Figures go to stdout as JSON; bench/RESULTS.md records them with the machine and its load.

Run: ``python bench/bench_browser.py [--repeat 5] [--million] [--workdir DIR --reuse]``.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from workbench.core.store import WorkspaceManager  # noqa: E402 (after the sys.path line)

CHROMIUM = "/usr/bin/chromium"
TITLES = {"data": "Data import and profile", "segments": "Segments and customer lifetime value",
          "journey": "Customer journey maps", "scenarios": "What-if scenarios"}
SCENARIO = "Bench: tiers"


def build_cdnow(home: Path) -> None:
    """The CDNOW master file as an order export, imported like a client's file; a journey map to edit."""
    import importlib.util

    import pandas as pd

    from workbench import ingest, journey
    from workbench.core.currency import set_workspace_currency

    spec = importlib.util.find_spec("lifetimes")
    raw = Path(spec.submodule_search_locations[0]) / "datasets" / "CDNOW_master.txt"
    frame = pd.read_csv(raw, sep=r"\s+", header=0, names=["customer_id", "date", "cds", "amount"],
                        dtype={"customer_id": str})
    export = home / "cdnow_orders.csv"
    frame.assign(order_date=pd.to_datetime(frame["date"].astype(str)).dt.strftime("%Y-%m-%d"))[
        ["customer_id", "order_date", "amount"]].to_csv(export, index=False)
    manager = WorkspaceManager(home)
    ws = manager.create("cdnow")
    ingest.import_path(ws, export, "orders", mapping={"customer_id": "customer_id", "order_ts": "order_date",
                                                      "amount": "amount"})
    set_workspace_currency(ws, "USD")
    journey.create_map(ws, "", "en", "ecommerce")
    manager.close_all()


def build_million(home: Path, customers: int) -> None:
    sys.path.insert(0, str(ROOT / "bench"))
    import bench_segments

    from workbench import journey

    csv = home / "million.csv"
    bench_segments.generate(csv, customers)
    manager = WorkspaceManager(home)
    ws = manager.create("million")
    with ws.transaction() as cur:
        cur.execute("INSERT INTO orders (order_id, customer_id, order_ts, amount, channel, city, import_id) "
                    "SELECT CAST(order_id AS VARCHAR), customer_id, order_ts, amount, channel, city, 1 "
                    "FROM read_csv(?)", [str(csv)])
        ws.bump_data_version(cur)
    journey.create_map(ws, "", "en", "ecommerce")
    ws.checkpoint()
    manager.close_all()
    csv.unlink()


class Server:
    """``streamlit run app.py`` on loopback with ``home`` as the workspaces folder."""

    def __init__(self, home: Path) -> None:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        env = dict(os.environ, WORKBENCH_HOME=str(home), WORKBENCH_DEMO="0", WORKBENCH_LANG="en")
        self.log = open(home / "server.log", "w")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(self.port),
             "--server.address", "127.0.0.1", "--server.headless", "true"],
            cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT)
        self.url = f"http://127.0.0.1:{self.port}"
        for _ in range(240):
            try:
                urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2)
                return
            except OSError:
                time.sleep(0.25)
        raise RuntimeError("streamlit did not start")

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=20)
        self.log.close()


_IDLE = "() => !document.querySelector(\"[data-testid='stStatusWidget']\")"


def _settled(pg, condition: str, arg=None, timeout: float = 120_000) -> None:
    """Wait until ``condition`` (a JS predicate) holds and no script run is in progress."""
    pg.wait_for_function(f"(arg) => ({condition})(arg) && ({_IDLE})()", arg=arg, timeout=timeout, polling=50)


def _title_is() -> str:
    """A JS predicate: the page's title is the argument."""
    return ("(t) => { const h = document.querySelector(\"[data-testid='stMainBlockContainer'] h1\");"
            " return h && h.innerText.trim() === t; }")


def _timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def _nav(pg, page: str) -> float:
    """Click a page in the sidebar; until its title shows, its first table or card is there, and it is idle."""
    link = pg.locator("[data-testid='stSidebarNav']").get_by_text(page.capitalize(), exact=True)
    ready = {"data": "[data-testid='stMetric']", "segments": "[data-testid='stMetric']",
             "journey": "[data-testid='stDataFrame']", "scenarios": "[data-testid='stVegaLiteChart']"}[page]

    def go():
        link.click()
        _settled(pg, f"(t) => ({_title_is()})(t) && document.querySelector(\"{ready}\")", TITLES[page])

    return _timed(go)


def _param_save(pg, value: int) -> float:
    """Segments, pyramid tab: key customers up to ``value``% saved; until the key count shown changes."""
    label = "Key customers up to cumulative share (%)"
    field = pg.get_by_label(label, exact=True).filter(visible=True)
    if not field.count():
        pg.locator("[data-testid='stExpander']:visible").filter(has_text="Parameters (editable").first \
            .locator("summary").click()
    field = field.first
    field.wait_for(state="visible")
    before = pg.locator("[data-testid='stTable']:visible").first.inner_text()
    field.fill(str(value))

    def save():
        pg.get_by_role("button", name="Save and recompute").filter(visible=True).first.click()
        _settled(pg, "(b) => { const t = document.querySelector(\"[data-testid='stTable']\"); "
                     "return t && t.innerText !== b; }", before)

    return _timed(save)


def _revision(pg) -> int:
    import re

    text = pg.get_by_text(re.compile(r"Revision \d+")).first.inner_text()
    return int(re.search(r"Revision (\d+)", text).group(1))


def _cell_save(pg, text: str) -> float:
    """Journey grid: replace the first stage's touchpoints; until the caption shows the next revision."""
    grid = pg.locator("[data-testid='stDataFrame']").nth(1)
    grid.scroll_into_view_if_needed()
    box = grid.bounding_box()
    editor = pg.locator("textarea.gdg-input")
    for _ in range(6):
        pg.mouse.click(box["x"] + 30, box["y"] + 35 + 36)
        pg.wait_for_timeout(200)
        pg.keyboard.press("ArrowRight")
        pg.wait_for_timeout(200)
        pg.keyboard.press("Enter")
        editor.wait_for(state="visible")
        if editor.is_enabled():
            break
        pg.keyboard.press("Escape")
    revision = _revision(pg)
    editor.fill(text)

    def commit():
        editor.press("Enter")
        _settled(pg, "(r) => document.body.innerText.includes('Revision ' + r + ' ')", revision + 1)

    return _timed(commit)


def ensure_scenario(home: Path, workspace: str) -> None:
    """A saved scenario split by member tiers (the page's default), so the Scenarios page has one to open."""
    from workbench import scenarios

    manager = WorkspaceManager(home)
    try:
        ws = manager.open(workspace)
        if not any(s.name == SCENARIO for s in scenarios.list_scenarios(ws)):
            scenarios.create_scenario(ws, SCENARIO, segmentation="tier")
    finally:
        manager.close_all()


def _lever_move(pg, key: str) -> float:
    """Scenarios, levers tab: the first segment's retention slider one step with ``key``; until the 36-month
    profit card shows a new figure and no run is in progress (the lever saved, projected, cards and charts
    redrawn)."""
    card = "[...document.querySelectorAll(\"[data-testid='stMetric']\")].find(m => m.innerText.includes(" \
           "'Profit, 36 months'))"
    _settled(pg, f"() => {card}")  # the cards are drawn last, above the tabs
    before = pg.evaluate(f"() => {card}.innerText")
    slider = pg.locator("[data-testid='stSlider']").filter(has_text="Annual retention (points)").get_by_role("slider")

    def move():
        slider.press(key)
        _settled(pg, f"(b) => {{ const c = {card}; return c && c.innerText !== b; }}", before)

    return _timed(move)


def measure_roadmap(url: str, repeat: int) -> dict:
    """The demo's Roadmap page, Plan tab: the points-reminder initiative (#6) opened from its Gantt bar, its
    start month changed in the detail form and saved, until the bar's new start is in the chart (months 6 and
    9 in turn). The issue's target: under 1 s on the demo."""
    from playwright.sync_api import sync_playwright

    bar = "[data-testid='stVegaLiteChart'] path[aria-roledescription='bar'][aria-label*='row: #6 ']"
    starts = {6: "May 01, 2027", 9: "Aug 01, 2027"}  # a plan starting 2026-11
    times = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        pg = browser.new_context(viewport={"width": 1440, "height": 1700}).new_page()
        pg.goto(f"{url}/roadmap?ws=demo&lang=en")
        _settled(pg, _title_is(), "Strategy roadmap", timeout=300_000)
        pg.get_by_role("tab", name="Plan (Gantt)", exact=True).click()
        _settled(pg, f"() => document.querySelector(\"{bar}\")")
        pg.locator(bar).first.click()
        _settled(pg, "() => document.querySelector(\"[data-testid='stForm']\")")
        for i in range(repeat):
            month = 9 if i % 2 == 0 else 6
            form = pg.locator("[data-testid='stForm']:visible").first
            field = form.get_by_role("spinbutton", name="Start (month)")
            field.fill(str(month))
            field.press("Tab")

            def save(form=form, start=starts[month]):
                form.get_by_role("button", name="Save", exact=True).click()
                _settled(pg, f"(s) => [...document.querySelectorAll(\"{bar}\")].some("
                             "b => b.getAttribute('aria-label').includes('start: ' + s))", start)

            times.append(_timed(save))
        browser.close()
    return {"median": statistics.median(times), "runs": times}


def _reload(pg) -> float:
    def go():
        pg.reload()
        _settled(pg, "() => document.querySelectorAll(\"[data-testid='stDataFrame']\").length >= 3 && "
                     "/Revision \\d+/.test(document.body.innerText)")

    return _timed(go)


def measure(url: str, workspace: str, repeat: int) -> dict:
    from playwright.sync_api import sync_playwright

    times: dict[str, list[float]] = {k: [] for k in ("data", "segments", "param_save", "journey", "cell_save",
                                                      "journey_reload", "scenarios", "lever_move")}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"])
        pg = browser.new_context(viewport={"width": 1440, "height": 900}).new_page()
        pg.goto(f"{url}/?ws={workspace}&lang=en")
        _settled(pg, _title_is(), TITLES["data"], timeout=300_000)
        _nav(pg, "segments")  # warm: the snapshot, the fits and every cache are built once, not timed
        _nav(pg, "data")
        for _ in range(repeat):
            times["segments"].append(_nav(pg, "segments"))
            times["data"].append(_nav(pg, "data"))
        _nav(pg, "segments")
        pg.get_by_role("tab", name="Pyramid", exact=True).click()
        _settled(pg, "() => document.querySelector(\"[data-testid='stTable']\")")
        for i in range(repeat):
            times["param_save"].append(_param_save(pg, 70 if i % 2 == 0 else 80))
        if repeat % 2:
            _param_save(pg, 80)  # leave the default
        for _ in range(repeat):
            times["journey"].append(_nav(pg, "journey"))
            _nav(pg, "data")
        _nav(pg, "journey")
        pg.wait_for_timeout(800)
        for i in range(repeat):
            times["cell_save"].append(_cell_save(pg, f"touchpoint {i} {time.time():.0f}"))
            times["journey_reload"].append(_reload(pg))
        _nav(pg, "scenarios")  # warm: the baseline (the summary now and a year ago) once per data version
        _nav(pg, "data")
        for i in range(repeat):
            times["scenarios"].append(_nav(pg, "scenarios"))
            times["lever_move"].append(_lever_move(pg, "ArrowRight" if i % 2 == 0 else "ArrowLeft"))
            _nav(pg, "data")
        browser.close()
    medians = {k: statistics.median(v) for k, v in times.items() if v}
    return {"medians": medians, "runs": times,
            "segments_over_data": medians["segments"] / medians["data"]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--million", action="store_true")
    parser.add_argument("--customers", type=int, default=1_000_000)
    parser.add_argument("--workdir", default=None)
    parser.add_argument("--reuse", action="store_true")
    parser.add_argument("--roadmap-only", action="store_true", help="only the Roadmap page's start-month save")
    args = parser.parse_args()
    home = Path(args.workdir or tempfile.mkdtemp(prefix="bench_browser_"))
    home.mkdir(parents=True, exist_ok=True)
    result = {"load_average_start": os.getloadavg(), "repeat": args.repeat}
    if not (args.reuse and (home / "cdnow.duckdb").exists()):
        result["build_cdnow"] = _timed(lambda: build_cdnow(home))
    if args.million and not (args.reuse and (home / "million.duckdb").exists()):
        result["build_million"] = _timed(lambda: build_million(home, args.customers))
    for workspace in ("cdnow", "million") if args.million else ("cdnow",):
        ensure_scenario(home, workspace)
    if not (home / "demo.duckdb").exists():  # the roadmap's target is on the demo
        from workbench.demo import build_demo

        manager = WorkspaceManager(home)
        build_demo(manager, "en")
        manager.close_all()
    server = Server(home)
    try:
        result["roadmap_demo"] = measure_roadmap(server.url, args.repeat)
        print(json.dumps({"roadmap_demo": result["roadmap_demo"]}), flush=True)
        if args.roadmap_only:
            return
        result["cdnow"] = measure(server.url, "cdnow", args.repeat)
        print(json.dumps({"cdnow": result["cdnow"]["medians"]}), flush=True)
        if args.million:
            result["million"] = measure(server.url, "million", args.repeat)
    finally:
        server.stop()
    result["load_average_end"] = os.getloadavg()
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
