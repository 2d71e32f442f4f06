"""Benchmark: how long editing an importance takes to re-rank the value gaps on the demo workspace.

Two figures, median of several runs on a fresh demo workspace (built outside the repository):

* ``save + analyse``: ``value_gap.save_edits`` of one typed row's new importance, then ``value_gap.analyse``
  (every view of the page: gaps, IPA input, Kano, derived importance, competitors, perceived value, layers,
  per-segment differences) — what the page computes after the edit;
* ``page rerun``: the whole value-gap page in Streamlit's AppTest after the typed editor's importance cell
  changes: the edit is stored, the page runs again and shows the new order (the script time the browser
  waits for, without the browser's drawing).

Wall time and CPU time (all threads of the process) are printed: on a shared machine the wall time waits for
other processes, the CPU time is what the work costs. Run: ``python bench/bench_value_gap.py [--runs 5]``.
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
    mgr.close_all()
    print(f"save + analyse: median {statistics.median(lib):.3f} s wall, {statistics.median(lib_cpu):.3f} s CPU  "
          f"({', '.join(f'{x:.3f}' for x in lib)})")

    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.run()
    at.switch_page("views/value_gap.py")
    at.run()
    page, cpu = [], []
    for i in range(args.runs):
        key = next(d.key for d in at.data_editor if d.key and d.key.startswith("vg_ed_t"))
        value = 7.0 if i % 2 == 0 else 2.0
        at.session_state[key] = {"edited_rows": {0: {"importance": value}}, "added_rows": [], "deleted_rows": []}
        t0, c0 = time.perf_counter(), time.process_time()
        at.run()
        page.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)  # every thread of this process: the script runs in its own
        assert not at.exception
        first = at.dataframe[0].value.iloc[:, 1].tolist()
        assert (first[0] == "到店自提柜") == (value == 7.0), first[:3]
    print(f"page rerun after the edit: median {statistics.median(page):.3f} s wall, "
          f"{statistics.median(cpu):.3f} s CPU  ({', '.join(f'{x:.3f}' for x in page)})")
    print(f"load average {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
