"""Benchmark: the ``segments`` command against the lifetimes path an analyst would take instead.

One run, same file, same machine:

1. generate a transaction CSV (default 1M customers, about 10M orders; seeded) outside the repository;
2. workbench path: load the CSV into a workspace (timed separately: it is done once, at import), then time
   the per-customer summary SQL, every segmentation, both fits, CLV, and the whole
   ``python -m workbench segments`` command (summary, segmentations, fits, CLV, CSV written);
3. lifetimes path (what the issue measures): pandas ``read_csv`` +
   ``lifetimes.utils.summary_data_from_transaction_data`` + ``BetaGeoFitter`` + ``GammaGammaFitter``,
   run by the interpreter given with ``--lifetimes-python`` (any Python with lifetimes 0.11.3: the
   current one, or a virtualenv with the pandas/numpy versions lifetimes was released against; see
   bench/RESULTS.md);
4. optionally (``--page``) the Segments page rerun after a parameter change, on the demo workspace.

Steps 2 and 3 are interleaved: ``--repeat`` rounds of (command, lifetimes in each interpreter), each
command in a fresh process, so every round's figures saw the same load on a shared machine; the report
gives per-round ratios and the medians.

Run: ``python bench/bench_segments.py [--customers N] [--lifetimes-python PATH ...] [--page] [--repeat K]
[--workdir DIR --reuse]``.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from workbench import clv  # noqa: E402 (after the sys.path line)
from workbench import segments as seg  # noqa: E402 (after the sys.path line)
from workbench.core.store import WorkspaceManager  # noqa: E402 (after the sys.path line)
from workbench.customers.summary import customer_summary  # noqa: E402 (after the sys.path line)

END = pd.Timestamp("2026-10-31")
DAYS = 3 * 365

_LIFETIMES_SCRIPT = r"""
import json, resource, sys, time
import pandas as pd
from lifetimes import BetaGeoFitter, GammaGammaFitter
from lifetimes.utils import summary_data_from_transaction_data
path, end = sys.argv[1], sys.argv[2]
out = {}
t = time.perf_counter()
df = pd.read_csv(path, parse_dates=["order_ts"])
out["read_csv"] = time.perf_counter() - t
t = time.perf_counter()
s = summary_data_from_transaction_data(df, "customer_id", "order_ts", monetary_value_col="amount",
                                       observation_period_end=end, freq="D")
out["summary"] = time.perf_counter() - t
s["recency"] /= 7.0
s["T"] /= 7.0
t = time.perf_counter()
bg = BetaGeoFitter().fit(s["frequency"], s["recency"], s["T"])
out["bgnbd"] = time.perf_counter() - t
rep = s[(s["frequency"] > 0) & (s["monetary_value"] > 0)]
t = time.perf_counter()
gg = GammaGammaFitter().fit(rep["frequency"], rep["monetary_value"])
out["gamma_gamma"] = time.perf_counter() - t
out["params_bgnbd"] = {k: float(v) for k, v in bg.params_.items()}
out["params_gg"] = {k: float(v) for k, v in gg.params_.items()}
out["check"] = {"customers": int(len(s)), "frequency_sum": float(s["frequency"].sum()),
                "recency_sum": float(s["recency"].sum()), "T_sum": float(s["T"].sum()),
                "monetary_mean": float(s.loc[s["frequency"] > 0, "monetary_value"].mean())}
out["peak_rss_gb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 ** 2
print(json.dumps(out))
"""


def generate(path: Path, n_customers: int, seed: int = 11) -> int:
    """Write a transaction CSV: purchase times from a gamma-Poisson rate with beta-geometric dropout
    (BG/NBD-like, but not exactly the model: a few same-day extra orders and a lifetime cut-off)."""
    rng = np.random.default_rng(seed)
    first = rng.integers(0, DAYS - 1, n_customers)
    span = DAYS - first
    lam = rng.gamma(0.9, 1 / 30.0, n_customers)                 # purchases per day while alive
    p = rng.beta(0.8, 12.0, n_customers)                          # dropout chance after each purchase
    repeats = np.minimum(rng.poisson(lam * span), rng.geometric(p) - 1)
    alive_all = rng.random(n_customers) < 0.6
    life = np.where(alive_all, span, np.maximum(1, (span * rng.uniform(0.2, 1.0, n_customers)).astype(int)))
    counts = 1 + repeats + rng.poisson(0.1, n_customers)          # plus a few same-occasion extra orders
    cust = np.repeat(np.arange(n_customers), counts)
    offset = np.repeat(np.cumsum(counts) - counts, counts)
    is_first = np.arange(len(cust)) == offset
    later = (rng.random(len(cust)) * np.repeat(life, counts)).astype(int)
    day = np.repeat(first, counts) + np.where(is_first, 0, later)
    seconds = rng.integers(7 * 3600, 22 * 3600, len(cust))
    start = (END - pd.Timedelta(days=DAYS - 1)).to_datetime64()
    ts = start + day.astype("timedelta64[D]") + seconds.astype("timedelta64[s]")
    mean_spend = rng.gamma(4.0, 10.0, n_customers)
    amount = np.round(rng.gamma(5.0, np.repeat(mean_spend, counts) / 5.0), 2)
    frame = pd.DataFrame({
        "order_id": np.arange(len(cust)),
        "customer_id": cust,
        "order_ts": ts,
        "amount": amount,
        "channel": rng.integers(0, 4, len(cust)).astype("int8"),
        "city": rng.integers(0, 8, len(cust)).astype("int8"),
    })
    import duckdb

    con = duckdb.connect()
    con.register("frame", frame)
    con.execute(f"""
        COPY (
            SELECT order_id, 'C' || lpad(CAST(customer_id AS VARCHAR), 7, '0') AS customer_id,
                   strftime(order_ts, '%Y-%m-%d %H:%M:%S') AS order_ts, amount,
                   ['门店', '小程序', '外卖', '电商'][channel + 1] AS channel,
                   ['上海', '北京', '杭州', '深圳', '成都', '广州', '南京', '武汉'][city + 1] AS city
            FROM frame ORDER BY order_ts
        ) TO '{path}' (HEADER, DELIMITER ',')
    """)
    con.close()
    return len(frame)


def _timed(fn, repeat: int = 1):
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def load_workspace(csv: Path, home: Path) -> float:
    """Import the CSV into a new workspace ``bench`` (what the import does once); returns the seconds."""
    mgr = WorkspaceManager(home)
    ws = mgr.create("bench")
    start = time.perf_counter()
    with ws.transaction() as cur:
        cur.execute(
            "INSERT INTO orders (order_id, customer_id, order_ts, amount, channel, city, import_id) "
            "SELECT CAST(order_id AS VARCHAR), customer_id, order_ts, amount, channel, city, 1 FROM read_csv(?)",
            [str(csv)],
        )
        ws.bump_data_version(cur)
    ws.checkpoint()
    mgr.close_all()
    return time.perf_counter() - start


def workbench_stages(home: Path, repeat: int) -> dict:
    """In-process medians of each step of the command, and the results they give (for the comparison)."""
    mgr = WorkspaceManager(home)
    ws = mgr.open("bench")
    out = {}
    out["summary"], summary = _timed(lambda: customer_summary(ws, as_of=END.date()), repeat)
    out["segmentations"], _ = _timed(lambda: seg.segment_all(summary), repeat)
    out["summary_plus_segmentations"], _ = _timed(
        lambda: seg.segment_all(customer_summary(ws, as_of=END.date())), repeat)
    out["fits"], (bg, gg, warnings) = _timed(lambda: clv.fit_models(summary), repeat)
    out["clv"], _ = _timed(lambda: clv.customer_value(summary, bg, gg), repeat)
    out["params_bgnbd"], out["params_gg"], out["warnings"] = bg.params, gg.params, warnings
    out["check"] = {"customers": int(len(summary)), "frequency_sum": float(summary["frequency"].sum()),
                    "recency_sum": float(summary["recency"].sum()), "T_sum": float(summary["T"].sum()),
                    "monetary_mean": float(summary.loc[summary["frequency"] > 0, "monetary_value"].mean())}
    mgr.close_all()
    return out


def segments_command(home: Path) -> dict:
    """One run of ``python -m workbench segments`` in a fresh process: wall time, CPU time, peak memory."""
    env = dict(os.environ, WORKBENCH_HOME=str(home), WORKBENCH_DEMO="0")
    cmd = [sys.executable, "-m", "workbench", "segments", "--workspace", "bench", "--out",
           str(home / "out.csv"), "--as-of", str(END.date()), "--quiet"]
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)  # this child's own CPU time and peak memory
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode:
        raise subprocess.CalledProcessError(proc.returncode, cmd)
    # (no peak memory here: a child's ru_maxrss starts from the forking parent's, this script's)
    return {"wall": wall, "cpu": usage.ru_utime + usage.ru_stime}


def lifetimes_path(csv: Path, python: str) -> dict:
    res = subprocess.run([python, "-c", _LIFETIMES_SCRIPT, str(csv), str(END.date())], check=True,
                         capture_output=True, text=True)
    out = json.loads(res.stdout.strip().splitlines()[-1])
    out["analysis"] = out["summary"] + out["bgnbd"] + out["gamma_gamma"]
    return out


def interleaved(csv: Path, home: Path, pythons: list[str], rounds: int) -> dict:
    """``rounds`` rounds of: the command, then the lifetimes path in each given interpreter, so that every
    figure of a round saw the same machine load; medians and ratios over the rounds."""
    runs = []
    for i in range(rounds):
        row = {"load_before": os.getloadavg()[0], "command": segments_command(home)}
        for python in pythons:
            row[python] = lifetimes_path(csv, python)
        row["load_after"] = os.getloadavg()[0]
        runs.append(row)
        print(json.dumps({"round": i + 1, **row}), flush=True)
    command = statistics.median(r["command"]["wall"] for r in runs)
    summary = {"rounds": runs, "command_median": command}
    for python in pythons:
        analysis = statistics.median(r[python]["analysis"] for r in runs)
        summary[python] = {
            "analysis_median": analysis,
            "ratio_of_medians": analysis / command,
            "ratio_per_round": [r[python]["analysis"] / r["command"]["wall"] for r in runs],
            "stages_median": {k: statistics.median(r[python][k] for r in runs)
                              for k in ("read_csv", "summary", "bgnbd", "gamma_gamma")},
        }
    return summary


def page_rerun(repeat: int = 5) -> dict:
    """Median time of a Segments page rerun after a parameter change, on the demo workspace (AppTest)."""
    from streamlit.runtime.pages_manager import PagesManager
    from streamlit.testing.v1 import AppTest
    from streamlit.testing.v1 import app_test as app_test_module

    from workbench.demo import ensure_demo
    from workbench.i18n import t

    class _Nav(PagesManager):
        def __init__(self, *a, **k):
            super().__init__(*a, **k)
            PagesManager.uses_pages_directory = False

    app_test_module.PagesManager = _Nav
    home = Path(tempfile.mkdtemp(prefix="bench_page_"))
    os.environ.update(WORKBENCH_HOME=str(home), WORKBENCH_DEMO="0", WORKBENCH_LANG="en")
    manager = WorkspaceManager(home)
    ensure_demo(manager)
    identity = manager.open(manager.names()[0]).identity()
    manager.close_all()
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=300)
    at.run()
    at.switch_page("views/segments.py")
    start = time.perf_counter()
    at.run()
    first = time.perf_counter() - start
    # only the open tab runs: open the pyramid's, as a click on it does (the key as ui.context scopes it)
    at.session_state[f"segments_tab@{identity}"] = t("segments.tab.pyramid", "en")
    at.run()
    label = t("segments.param.in_percent", "en", label=t("segments.param.pyramid.key_share", "en"))
    times = []
    for i in range(repeat):
        widget = next(w for w in at.number_input if w.label == label)
        submit = next(b for b in at.button if b.form_id == widget.form_id and b.form_id)
        widget.set_value(70 if i % 2 == 0 else 80)  # shares are edited in percent
        start = time.perf_counter()
        submit.click().run()
        times.append(time.perf_counter() - start)
        assert not at.exception, at.exception
    return {"first_render": first, "rerun_after_change_median": statistics.median(times), "reruns": times}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--customers", type=int, default=1_000_000)
    parser.add_argument("--lifetimes-python", action="append", default=[],
                        help="a Python with lifetimes 0.11.3; give it several times to compare environments")
    parser.add_argument("--page", action="store_true")
    parser.add_argument("--repeat", type=int, default=3, help="rounds of the interleaved comparison and "
                        "repetitions of each in-process stage (medians are reported)")
    parser.add_argument("--workdir", default=None)
    parser.add_argument("--reuse", action="store_true",
                        help="reuse the CSV and the loaded workspace already in --workdir")
    parser.add_argument("--skip-stages", action="store_true", help="only the interleaved comparison")
    args = parser.parse_args()
    work = Path(args.workdir or tempfile.mkdtemp(prefix="bench_segments_"))
    work.mkdir(parents=True, exist_ok=True)
    csv, home = work / "orders.csv", work / "home"
    start = time.perf_counter()
    if args.reuse and csv.exists():
        n_orders = sum(1 for _ in open(csv, "rb")) - 1
    else:
        n_orders = generate(csv, args.customers)
    result = {"customers": args.customers, "orders": n_orders, "csv_mb": csv.stat().st_size / 1e6,
              "generate": time.perf_counter() - start, "load_average_start": os.getloadavg()}
    if not (args.reuse and (home / "bench.duckdb").exists()):
        home.mkdir(parents=True, exist_ok=True)
        result["load_into_workspace"] = load_workspace(csv, home)
    print(json.dumps(result), flush=True)
    if not args.skip_stages:
        result["workbench"] = workbench_stages(home, args.repeat)
        print(json.dumps(result["workbench"], default=str), flush=True)
    result["interleaved"] = interleaved(csv, home, args.lifetimes_python, args.repeat)
    print(json.dumps({k: v for k, v in result["interleaved"].items() if k != "rounds"}, default=str), flush=True)
    if args.page:
        try:
            result["page"] = page_rerun()
        except Exception as exc:  # noqa: BLE001  (the comparison above must not be lost)
            result["page"] = {"error": repr(exc)}
    result["load_average_end"] = os.getloadavg()
    print(json.dumps(result, indent=2, default=str))


if __name__ == "__main__":
    main()
