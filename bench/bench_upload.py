"""Benchmark of a large upload through the Data page: the server's memory while a file is uploaded, kept and
imported, against the command-line import of the same file.

Generates an orders CSV (``bench_ingest.generate``, about 73 bytes a row: 27.3M rows = 2.00 GB, just under
the page's limit of 2.048e9 bytes) in a temporary folder, then:

1. imports it from the command line's code path in a fresh process (``bench_ingest.measure``): peak RSS;
2. starts ``streamlit run app.py`` on a workspaces folder of its own (and a temporary folder of its own, to
   see what is left in it), uploads the file through the page's uploader with Chromium (Playwright), clicks
   *Import* and waits for the result, sampling the server's resident memory (``/proc/<pid>/status``) every
   0.2 s: before the upload, at the end of the upload (the page has its copy), the peak of the whole run
   (``VmHWM``), and 10 s after the import;
3. lists what the server left in its temporary folder.

``--app DIR`` runs the server from another checkout (e.g. the code before a change, from ``git archive``).

Usage: ``python bench/bench_upload.py [--rows 28000000] [--app DIR] [--skip-cli] [--out bench/RESULTS.md]``
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

import bench_ingest  # noqa: E402 -- the sibling script, importable once bench/ is on the path

__all__ = ["serve_and_upload", "main"]


def _status_kb(pid: int, field: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


class _Sampler(threading.Thread):
    """The resident memory of one process every ``every`` seconds, in MB."""

    def __init__(self, pid: int, every: float = 0.2) -> None:
        super().__init__(daemon=True)
        self.pid, self.every, self.samples, self._done = pid, every, [], threading.Event()

    def run(self) -> None:
        while not self._done.is_set():
            try:
                self.samples.append((time.time(), _status_kb(self.pid, "VmRSS") / 1024))
            except OSError:
                return
            self._done.wait(self.every)

    def stop(self) -> None:
        self._done.set()
        self.join()

    def peak_between(self, start: float, end: float) -> float:
        return max((mb for t, mb in self.samples if start <= t <= end), default=0.0)


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve_and_upload(path: Path, app: Path, work: Path) -> dict:
    """Upload ``path`` through the Data page of a fresh server run from ``app``; memory figures in MB."""
    from playwright.sync_api import sync_playwright

    home, tmp = work / "home", work / "tmp"
    home.mkdir()
    tmp.mkdir()
    subprocess.run([sys.executable, "-c", "import sys; from workbench.core.store import WorkspaceManager; "
                    "m = WorkspaceManager(sys.argv[1]); m.create('bench'); m.close_all()", str(home)],
                   cwd=app, env=dict(os.environ, PYTHONPATH=str(app)), check=True)
    port = _free_port()
    env = dict(os.environ, WORKBENCH_HOME=str(home), WORKBENCH_DEMO="0", WORKBENCH_LANG="en", TMPDIR=str(tmp))
    log = open(work / "server.log", "w")
    server = subprocess.Popen([sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port),
                               "--server.address", "127.0.0.1", "--server.headless", "true"],
                              cwd=app, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                urllib.request.urlopen(f"{url}/_stcore/health", timeout=2)
                break
            except OSError:
                time.sleep(0.3)
        sampler = _Sampler(server.pid)
        sampler.start()
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"])
            page = browser.new_page(viewport={"width": 1440, "height": 900})
            page.set_default_timeout(3_600_000)
            page.goto(f"{url}/?lang=en&ws=bench")
            page.get_by_text("Column mapping", exact=False).or_(page.locator("[data-testid='stFileUploader']")).first \
                .wait_for()
            page.wait_for_timeout(2000)
            before = _status_kb(server.pid, "VmRSS") / 1024
            t0 = time.time()
            page.locator("[data-testid='stFileUploader'] input[type='file']").set_input_files(str(path))
            page.get_by_text("Column mapping", exact=True).wait_for()
            t1 = time.time()
            page.wait_for_timeout(3000)
            kept = _status_kb(server.pid, "VmRSS") / 1024  # the page has its copy; the import has not started
            copies = sorted(str(p.relative_to(tmp)) for p in tmp.rglob("*") if p.is_file())
            page.get_by_role("button", name="Import", exact=True).click()
            page.get_by_text("done:", exact=False).first.wait_for()
            t2 = time.time()
            page.wait_for_timeout(10_000)
            after = _status_kb(server.pid, "VmRSS") / 1024
            result_text = page.get_by_text("done:", exact=False).first.inner_text()
            browser.close()
        sampler.stop()
        return {
            "before_mb": before, "upload_peak_mb": sampler.peak_between(t0, t1), "kept_mb": kept,
            "import_peak_mb": sampler.peak_between(t1, t2), "peak_mb": _status_kb(server.pid, "VmHWM") / 1024,
            "after_mb": after, "upload_s": t1 - t0, "import_s": t2 - t1, "copies_while_kept": copies,
            "left_after": sorted(str(p.relative_to(tmp)) for p in tmp.rglob("*")), "result": result_text,
        }
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=27_300_000)  # 2.00e9 bytes: the page takes up to 2.048e9
    parser.add_argument("--app", type=Path, default=BENCH.parent, help="checkout the server runs from")
    parser.add_argument("--skip-cli", action="store_true", help="measure the upload only")
    parser.add_argument("--out", type=Path, default=None, help="append the figures to this file")
    args = parser.parse_args(argv)
    load = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="bench-upload-") as folder:
        work = Path(folder)
        path = bench_ingest.generate(args.rows, work)
        size = path.stat().st_size
        cli = None if args.skip_cli else bench_ingest.measure("import", path)
        up = serve_and_upload(path, args.app.resolve(), work)
    lines = [f"{dt.datetime.now():%Y-%m-%d %H:%M}, load {load:.1f} at the start, {args.rows:,} rows "
             f"({size / 1e9:.2f} GB), server from the checkout {args.app.resolve().name}:", ""]
    if cli:
        lines.append(f"- command-line import: {cli['wall']:.1f} s, peak {cli['peak_mb']:.0f} MB")
    lines += [
        f"- server before the upload {up['before_mb']:.0f} MB; during the upload ({up['upload_s']:.0f} s) peak "
        f"{up['upload_peak_mb']:.0f} MB; with the file on the page, before importing, {up['kept_mb']:.0f} MB",
        f"- import from the page ({up['import_s']:.0f} s): peak {up['import_peak_mb']:.0f} MB; whole run peak "
        f"(VmHWM) {up['peak_mb']:.0f} MB; 10 s after the import {up['after_mb']:.0f} MB",
        f"- temporary files while the file was on the page: {up['copies_while_kept'] or 'none'}; "
        f"left after the import: {up['left_after'] or 'none'}",
        f"- page said: {up['result']}",
    ]
    bench_ingest.emit(lines, args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
