"""Benchmark: the Excel report (``python -m workbench report``) on the demo workspace and on a
million-customer workspace.

What is measured, each run in a fresh process (interpreter start, imports, the per-customer summary, the
segmentations, both CLV fits and the workbook, everything a cold ``report`` command does):

* wall time and CPU time of the command;
* peak memory: the process's own high-water mark (``VmHWM`` in ``/proc/self/status``, read by the process
  as it ends), not ``ru_maxrss``, which on Linux carries over the forking parent's peak into the child;
* for the demo, also the in-process time of ``write_report`` once the workspace's caches are warm (what the
  Report page costs after the Segments page was visited) and the page itself: AppTest, click "build".

The million-customer workspace is generated as ``bench/bench_segments.py`` does (seeded, 1M customers,
about 10M orders, outside the repository), with a journey map and a few initiatives added so that every
section is written. Member lists are not part of the report (they are separate exports).

Run: ``python bench/bench_report.py [--customers 1000000] [--repeat 3] [--workdir DIR --reuse] [--skip-large]``.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

_CHILD = r"""
import json, resource, sys, time
start = time.perf_counter()
from workbench.__main__ import main
code = main(sys.argv[2:])
wall = time.perf_counter() - start
hwm = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM:"))
usage = resource.getrusage(resource.RUSAGE_SELF)
with open(sys.argv[1], "w") as fh:
    json.dump({"code": code, "wall_in_process": wall, "peak_mb": hwm / 1024,
               "cpu": usage.ru_utime + usage.ru_stime}, fh)
sys.exit(code)
"""


def report_command(home: Path, workspace: str, out: Path, lang: str = "zh") -> dict:
    """One ``report`` command in a fresh process: wall time (process start to exit), CPU, peak memory."""
    env = dict(os.environ, WORKBENCH_HOME=str(home), WORKBENCH_DEMO="0")
    stats = out.with_suffix(".json")
    cmd = [sys.executable, "-c", _CHILD, str(stats), "report", "--workspace", workspace, "--out", str(out),
           "--lang", lang, "--quiet"]
    start = time.perf_counter()
    with open(out.with_suffix(".stderr"), "wb") as err:
        subprocess.run(cmd, cwd=ROOT, env=env, stderr=err, check=True)
    wall = time.perf_counter() - start
    result = json.loads(stats.read_text())
    return {"wall": wall, **result, "size_kb": out.stat().st_size / 1024}


def _summary(runs: list[dict]) -> dict:
    return {"runs": runs, **{f"{k}_median": statistics.median(r[k] for r in runs) for k in ("wall", "cpu", "peak_mb")}}


def demo(repeat: int) -> dict:
    from workbench import report
    from workbench.core.store import WorkspaceManager
    from workbench.demo import build_demo

    home = Path(tempfile.mkdtemp(prefix="bench_report_demo_"))
    manager = WorkspaceManager(home)
    build_demo(manager, "zh")
    manager.close_all()
    out = {"command": _summary([report_command(home, "demo", home / f"demo_{i}.xlsx") for i in range(repeat)])}
    ws = WorkspaceManager(home).open("demo")
    report.write_report(io.BytesIO(), ws, "zh")  # warms the workspace's caches, as a visit to Segments does
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        report.write_report(io.BytesIO(), ws, "zh")
        times.append(time.perf_counter() - start)
    out["warm_in_process_median"] = statistics.median(times)
    out["warm_in_process"] = times
    out["page"] = page_build(home)
    return out


def page_build(home: Path) -> dict:
    """The Report page on the demo (AppTest): first render, then the click on "build" until the download."""
    from streamlit.testing.v1 import AppTest

    os.environ.update(WORKBENCH_HOME=str(home), WORKBENCH_DEMO="0", WORKBENCH_LANG="zh")
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=300)
    at.run()
    at.switch_page("views/report.py")
    start = time.perf_counter()
    at.run()
    first = time.perf_counter() - start
    build = next(b for b in at.button if b.key and b.key.startswith("build@"))
    start = time.perf_counter()
    build.click().run()
    clicked = time.perf_counter() - start
    assert not at.exception and at.get("download_button"), at.exception
    return {"first_render": first, "build_click": clicked}


def large(customers: int, repeat: int, workdir: Path, reuse: bool) -> dict:
    from bench_segments import generate, load_workspace

    from workbench import journey, roadmap
    from workbench.core.store import WorkspaceManager

    csv, home = workdir / "orders.csv", workdir / "home"
    info: dict = {"customers": customers}
    if not (reuse and csv.exists()):
        start = time.perf_counter()
        info["orders"] = generate(csv, customers)
        info["generate_s"] = time.perf_counter() - start
    if not (reuse and (home / "bench.duckdb").exists()):
        home.mkdir(parents=True, exist_ok=True)
        info["load_s"] = load_workspace(csv, home)
        manager = WorkspaceManager(home)
        ws = manager.open("bench")
        journey.create_map(ws, "", "zh", "coffee")
        roadmap.create_initiative(ws, "RFM：有流失风险", source_kind="segment",
                                  source_ref={"segmentation": "rfm", "segment": "at_risk"})
        roadmap.create_initiative(ws, "会员积分到期提醒")
        ws.checkpoint()
        manager.close_all()
    info["load_average_start"] = os.getloadavg()
    info.update(_summary([report_command(home, "bench", workdir / f"bench_{i}.xlsx") for i in range(repeat)]))
    info["load_average_end"] = os.getloadavg()
    return info


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--customers", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--workdir", default=None)
    parser.add_argument("--reuse", action="store_true", help="reuse the CSV and workspace already in --workdir")
    parser.add_argument("--skip-large", action="store_true")
    parser.add_argument("--skip-demo", action="store_true")
    args = parser.parse_args()
    result = {"load_average_start": os.getloadavg()}
    if not args.skip_demo:
        result["demo"] = demo(args.repeat)
        print(json.dumps({"demo": result["demo"]}, default=str), flush=True)
    if not args.skip_large:
        work = Path(args.workdir or tempfile.mkdtemp(prefix="bench_report_"))
        work.mkdir(parents=True, exist_ok=True)
        result["large"] = large(args.customers, args.repeat, work, args.reuse)
    result["load_average_end"] = os.getloadavg()
    print(json.dumps(result, indent=2, default=str))


if __name__ == "__main__":
    main()
