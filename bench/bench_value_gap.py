"""Benchmark: how long editing an importance takes to re-rank the value gaps on the demo workspace.

Two figures, median of several runs on a fresh demo workspace (built outside the repository):

* ``save + analyse``: ``value_gap.save_edits`` of one typed row's new importance, then ``value_gap.analyse``
  (every view of the page: gaps, IPA input, Kano, derived importance, competitors, perceived value, layers,
  per-segment differences) — what the page computes after the edit;
* ``page``: the value-gap page in Streamlit's AppTest: the typed editor's importance cell changes on the
  attributes tab (the edit is stored, that tab redrawn), then the gaps tab is opened and shows the new order
  (only the open tab runs, so these are two script runs; the script time the browser waits for, without the
  browser's drawing).

For save + analyse, wall time and CPU time (all threads of the process) are printed: on a shared machine the
wall time waits for other processes, the CPU time is what the work costs. Run: ``python
bench/bench_value_gap.py [--runs 5]``.
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


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    home = tempfile.mkdtemp(prefix="bench-vg-")
    os.environ.update(WORKBENCH_HOME=home, WORKBENCH_DEMO="1", WORKBENCH_LANG="zh")
    from workbench import value_gap as vg
    from workbench.core.store import WorkspaceManager
    from workbench.demo import build_demo

    mgr = WorkspaceManager(Path(home))
    ws = build_demo(mgr, "zh")
    print(f"load average {os.getloadavg()[0]:.1f}")
    lib, lib_cpu = [], []
    for i in range(args.runs):
        meta = vg.read_attributes(ws)
        row = meta[meta["origin"] == "typed"].iloc[0].to_dict()
        t0, c0 = time.perf_counter(), time.process_time()
        vg.save_edits(ws, [{**row, "importance": 2.0 + (i % 2) * 5.0}])
        view = vg.analyse(ws)
        lib.append(time.perf_counter() - t0)
        lib_cpu.append(time.process_time() - c0)
        assert len(view.gaps)
    identity = ws.identity()
    mgr.close_all()
    print(f"save + analyse: median {statistics.median(lib):.3f} s wall, {statistics.median(lib_cpu):.3f} s CPU  "
          f"({', '.join(f'{x:.3f}' for x in lib)})")

    from streamlit.testing.v1 import AppTest

    from workbench.i18n import t

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.run()
    at.switch_page("views/value_gap.py")
    at.run()
    tab_key = f"vg_tab@{identity}"  # only the open tab runs: open one as a click does

    def open_tab(name: str) -> float:
        at.session_state[tab_key] = t(f"value_gap.tab.{name}", "zh")
        t0 = time.perf_counter()
        at.run()
        assert not at.exception
        return time.perf_counter() - t0

    open_tab("attributes")
    edit, show = [], []
    for i in range(args.runs):
        key = next(d.key for d in at.data_editor if d.key and d.key.startswith("vg_ed_t"))
        value = 7.0 if i % 2 == 0 else 2.0
        at.session_state[key] = {"edited_rows": {0: {"importance": value}}, "added_rows": [], "deleted_rows": []}
        t0 = time.perf_counter()
        at.run()  # the edit stored, the attributes tab redrawn
        edit.append(time.perf_counter() - t0)
        assert not at.exception
        show.append(open_tab("gaps"))  # the room looks at the new order
        first = at.dataframe[0].value.iloc[:, 1].tolist()
        assert (first[0] == "到店自提柜") == (value == 7.0), first[:3]
        open_tab("attributes")
    both = [a + b for a, b in zip(edit, show)]
    for name, times in (("page rerun after the edit (attributes tab)", edit), ("then the gaps tab opened", show),
                        ("edit to new order shown, both runs", both)):
        print(f"{name}: median {statistics.median(times):.3f} s  ({', '.join(f'{x:.3f}' for x in times)})")
    print(f"load average {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
