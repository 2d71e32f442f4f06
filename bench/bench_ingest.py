"""Benchmark of the import path on generated order CSVs, next to DuckDB's bare ``read_csv`` of the same file.

Generates realistic transaction files in a temporary folder (never in the repository): order id, customer
id, timestamp, amount (with refunds), channel, city, category, discount, and about 0.1% bad rows (missing
customer id, unparseable date, non-numeric amount, repeated order id) so validation and quarantine do real
work. Each measurement runs in a fresh child process; wall time is measured inside the child and peak memory
is the child's maximum resident set size (``os.wait4``).

Usage: ``python bench/bench_ingest.py [--sizes 1000000 10000000] [--runs 5] [--out bench/RESULTS.md]``
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

APP_DIR = Path(__file__).resolve().parent.parent

__all__ = ["generate", "measure", "main"]

_GENERATE = """
COPY (
  SELECT
    'O' || lpad(CAST(CASE WHEN i % 2000 = 7 THEN i - 1 ELSE i END AS VARCHAR), 9, '0') AS order_id,
    CASE WHEN i % 3001 = 11 THEN NULL ELSE 'C' || lpad(CAST(hash(i) % {customers} AS VARCHAR), 7, '0') END
      AS customer_id,
    CASE WHEN i % 4001 = 13 THEN 'not a date'
         ELSE strftime(TIMESTAMP '2023-01-01' + to_seconds(CAST(i * (94608000 / {rows}) AS BIGINT)),
                       '%Y-%m-%d %H:%M:%S') END AS order_ts,
    CASE WHEN i % 5003 = 17 THEN 'n/a'
         WHEN i % 200 = 3 THEN printf('%.2f', -(5 + (hash(i * 3) % 20000) / 100.0))
         ELSE printf('%.2f', 5 + (hash(i * 3) % 20000) / 100.0) END AS amount,
    ['门店', '小程序', '外卖', '电商'][1 + CAST(hash(i * 5) % 4 AS BIGINT)] AS channel,
    ['上海', '北京', '杭州', '深圳', '成都', '广州', '南京', '武汉'][1 + CAST(hash(i * 7) % 8 AS BIGINT)] AS city,
    ['咖啡', '茶饮', '烘焙', '轻食', '周边'][1 + CAST(hash(i * 11) % 5 AS BIGINT)] AS category,
    printf('%.2f', (hash(i * 13) % 500) / 100.0) AS discount
  FROM range({rows}) t(i)
) TO '{path}' (HEADER, DELIMITER ',')
"""

_CHILD = r"""
import json, sys, time, tempfile
from pathlib import Path
what, path = sys.argv[1], sys.argv[2]
if what == "import":
    from workbench.core.store import WorkspaceManager
    from workbench import ingest
    home = Path(tempfile.mkdtemp(prefix="bench-ws-"))
    ws = WorkspaceManager(home).create("bench")
    t0 = time.perf_counter()
    r = ingest.import_path(ws, path, kind="orders", mode="replace")
    wall = time.perf_counter() - t0
    out = {"wall": wall, "rows_read": r.rows_read, "rows_kept": r.rows_kept, "rows_quarantined": r.rows_quarantined,
           "by_reason": r.by_reason}
    ws.close()
    import shutil; shutil.rmtree(home, ignore_errors=True)
else:
    import duckdb
    con = duckdb.connect()
    t0 = time.perf_counter()
    if what == "bare_count":
        n = con.execute(f"SELECT count(*) FROM read_csv('{path}')").fetchone()[0]
    elif what == "bare_table":  # parse and materialise every column in memory, types auto-detected
        con.execute(f"CREATE TABLE t AS SELECT * FROM read_csv('{path}')")
        n = con.execute("SELECT count(*) FROM t").fetchone()[0]
    else:  # bare_file: the same into a table of a DuckDB file, committed (what storing costs by itself)
        folder = tempfile.mkdtemp(prefix="bench-bare-")
        con = duckdb.connect(folder + "/bare.duckdb")
        t0 = time.perf_counter()
        con.execute(f"CREATE TABLE t AS SELECT * FROM read_csv('{path}')")
        n = con.execute("SELECT count(*) FROM t").fetchone()[0]
        wall = time.perf_counter() - t0
        con.close()
        import shutil; shutil.rmtree(folder, ignore_errors=True)
        print(json.dumps({"wall": wall, "rows": n})); sys.exit(0)
    out = {"wall": time.perf_counter() - t0, "rows": n}
print(json.dumps(out, ensure_ascii=False))
"""


def generate(rows: int, folder: Path) -> Path:
    """Write an orders CSV of ``rows`` data rows (deterministic) and return its path."""
    import duckdb

    path = folder / f"orders_{rows}.csv"
    if not path.exists():
        con = duckdb.connect()
        con.execute("SET enable_progress_bar = false")
        con.execute(_GENERATE.format(rows=rows, customers=max(1000, rows // 20), path=path))
        con.close()
    return path


def measure(what: str, path: Path) -> dict:
    """Run one measurement in a fresh interpreter; add its peak resident memory in MB."""
    # stderr to a file, not a second pipe: a child filling that pipe while we read stdout would deadlock;
    # and the child is reaped with wait4 for its own CPU time and peak memory
    with tempfile.TemporaryFile(mode="w+") as errors:
        proc = subprocess.Popen([sys.executable, "-c", _CHILD, what, str(path)], cwd=APP_DIR,
                                env=dict(os.environ, PYTHONPATH=str(APP_DIR)), stdout=subprocess.PIPE,
                                stderr=errors, text=True)
        out = proc.stdout.read()
        _, status, usage = os.wait4(proc.pid, 0)
        if status != 0:
            errors.seek(0)
            raise RuntimeError(f"{what} failed: {errors.read()}")
    result = json.loads(out.strip().splitlines()[-1])
    result["peak_mb"] = usage.ru_maxrss / 1024  # Linux reports kilobytes
    result["cpu"] = usage.ru_utime + usage.ru_stime
    return result


def _machine() -> str:
    cpu = platform.processor() or ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        mem = f", {kb / 1024 / 1024:.0f} GB RAM"
    except (OSError, ValueError, IndexError):
        pass
    import duckdb

    return (f"{cpu}, {os.cpu_count()} cores{mem}; Python {platform.python_version()}, DuckDB {duckdb.__version__}, "
            f"{platform.system()} {platform.release()}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[1_000_000, 10_000_000])
    ap.add_argument("--runs", type=int, default=5, help="runs per size below 5M rows (larger sizes: 1 run)")
    ap.add_argument("--out", default=None, help="append a Markdown section to this file")
    args = ap.parse_args(argv)
    lines = [f"Machine: {_machine()}", f"Date: {dt.datetime.now():%Y-%m-%d %H:%M}; "
             f"load average at start: {os.getloadavg()[0]:.1f} (the machine is shared; CPU seconds are the "
             "steadier measure)", ""]
    lines += ["| rows | file MB | runs | DuckDB count(*) s | DuckDB → memory table s | DuckDB → file table s | "
              "import s | import CPU s | import ÷ memory table | import ÷ file table | import peak MB | "
              "memory table peak MB | kept | quarantined |",
              "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    with tempfile.TemporaryDirectory(prefix="bench-ingest-") as tmp:
        for rows in args.sizes:
            path = generate(rows, Path(tmp))
            runs = args.runs if rows < 5_000_000 else 1
            got = {w: [] for w in ("bare_count", "bare_table", "bare_file", "import")}
            for _ in range(runs):  # interleaved, so a burst of load from elsewhere hits every measure alike
                for what in got:
                    got[what].append(measure(what, path))
            med = {w: statistics.median(x["wall"] for x in xs) for w, xs in got.items()}
            cpu = statistics.median(x["cpu"] for x in got["import"])
            last = got["import"][-1]
            lines.append(
                f"| {rows:,} | {path.stat().st_size / 1e6:.0f} | {runs} | {med['bare_count']:.2f} | "
                f"{med['bare_table']:.2f} | {med['bare_file']:.2f} | {med['import']:.2f} | {cpu:.2f} | "
                f"{med['import'] / med['bare_table']:.1f}× | {med['import'] / med['bare_file']:.1f}× | "
                f"{max(x['peak_mb'] for x in got['import']):.0f} | "
                f"{max(x['peak_mb'] for x in got['bare_table']):.0f} | {last['rows_kept']:,} | "
                f"{last['rows_quarantined']:,} |"
            )
            print(lines[-1], json.dumps(last["by_reason"]),
                  f"(import walls {[round(x['wall'], 2) for x in got['import']]})", flush=True)
            path.unlink()
    emit(lines, args.out)
    return 0


def emit(lines: list[str], out: Path | None) -> None:
    """Print the figures, and append them to ``out`` (``--out``, e.g. bench/RESULTS.md) when given."""
    text = "\n".join(lines)
    print(text)
    if out:
        with open(out, "a", encoding="utf-8") as fh:
            fh.write("\n" + text + "\n")


if __name__ == "__main__":
    sys.exit(main())
