"""Benchmark: changing a start month on the demo's roadmap, until the bar has moved and the warnings and the
capacity are recomputed.

1. logic: ``update_initiative`` (one transaction) + ``build_plan`` (initiatives, settings, segment check,
   capacity per month / phase / quarter, warnings) + the Plan tab's charts serialised as Streamlit does
   (``to_dict``) + the warning texts and the summary cards;
2. page (AppTest, the server side of a browser's round trip): the start month changed in the detail form
   under the Gantt and saved, the rerun that follows included; and the same edit made in the board table.

Each measurement alternates the demo's points-reminder initiative (#6) between months 6 and 9 (9 starts it
after the member tiers end, 6 exactly when they end: no warning either way). Medians of ``--repeat`` runs.

Run: ``python bench/bench_roadmap.py [--repeat N]``.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from workbench import roadmap  # noqa: E402 (after the sys.path line)
from workbench.core.store import WorkspaceManager  # noqa: E402 (after the sys.path line)
from workbench.roadmap import charts, display  # noqa: E402 (after the sys.path line)

TARGET = 6


def _logic(ws, repeat: int) -> list[float]:
    times = []
    for i in range(repeat):
        revision = roadmap.get_initiative(ws, TARGET)["revision"]
        start = time.perf_counter()
        roadmap.update_initiative(ws, TARGET, {"start_month": 9 if i % 2 == 0 else 6}, revision)
        plan = roadmap.build_plan(ws, "zh")
        charts.gantt_chart(plan, "zh", "CNY").to_dict()  # Altair's own data transformer: data inlined as JSON
        charts.impact_effort_chart(plan, "zh").to_dict()
        display.warning_texts(plan, "zh", "CNY")
        display.summary_cards(plan, "zh", "CNY")
        times.append(time.perf_counter() - start)
    return times


def _page(home: Path, repeat: int) -> dict[str, list[float]]:
    from streamlit.testing.v1 import AppTest

    from workbench.i18n import t

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=300)
    at.run()
    at.switch_page("views/roadmap.py")
    at.run()
    ws = WorkspaceManager(home).open("demo")  # a second reader of the same file, for the keys and revisions
    scope = ws.identity()
    key = lambda name: f"{name}@{scope}"  # noqa: E731 (the page's ctx.key for this workspace)
    at.session_state[key("tab_zh")] = t("roadmap.tab.plan", "zh")
    at.session_state[key("roadmap_open")] = (TARGET, "plan")
    at.run()
    form, board = [], []
    for i in range(repeat):
        revision = roadmap.get_initiative(ws, TARGET)["revision"]
        field = at.number_input(key=key(f"detail_{TARGET}_{revision}") + ":start_month")
        field.set_value(9 if i % 2 == 0 else 6)
        start = time.perf_counter()
        at.button(key=key("save_detail")).click().run()
        form.append(time.perf_counter() - start)
        assert not at.exception, at.exception
        assert roadmap.get_initiative(ws, TARGET)["start_month"] == (9 if i % 2 == 0 else 6)  # saved, bar moved
    at.session_state[key("tab_zh")] = t("roadmap.tab.board", "zh")
    at.run()
    for i in range(repeat):
        version = roadmap.load_config(ws).version
        editor = next(d for d in at.data_editor if d.key == key(f"board_{version}"))
        row = editor.value["initiative_id"].tolist().index(TARGET)
        at.session_state[key(f"board_{version}")] = {
            "edited_rows": {row: {"start_month": 9 if i % 2 == 0 else 6}}, "added_rows": [], "deleted_rows": []}
        start = time.perf_counter()
        at.run()
        board.append(time.perf_counter() - start)
        assert not at.exception, at.exception
        assert roadmap.get_initiative(ws, TARGET)["start_month"] == (9 if i % 2 == 0 else 6)
    return {"detail form under the Gantt": form, "board table": board}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    home = Path(tempfile.mkdtemp(prefix="bench_roadmap_"))
    os.environ.update(WORKBENCH_HOME=str(home), WORKBENCH_DEMO="0", WORKBENCH_LANG="zh")
    from workbench.demo import build_demo

    mgr = WorkspaceManager(home)
    ws = build_demo(mgr, "zh")
    print(f"load average {os.getloadavg()[0]:.1f}")
    logic = _logic(ws, args.repeat)
    print(f"logic: median {statistics.median(logic):.3f} s  ({', '.join(f'{x:.3f}' for x in logic)})")
    mgr.close_all()
    for name, times in _page(home, args.repeat).items():
        print(f"page, {name}: median {statistics.median(times):.3f} s  ({', '.join(f'{x:.3f}' for x in times)})")


if __name__ == "__main__":
    main()
