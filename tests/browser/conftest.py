"""A real ``streamlit run`` server and Debian's Chromium driven by Playwright.

The server gets its own WORKBENCH_HOME with the demo workspace built on first start, so the browser sees
what a new user sees. Screenshots go to ``test-artifacts/`` (kept by CI as artifacts).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest

APP_DIR = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def server_home(tmp_path_factory) -> Path:
    """The shared server's workspaces, with the demo built up front as the app builds it on first start.

    Built here rather than by the first request, because tests add workspaces of their own to this folder
    and the app builds the demo only into an empty one. (``fresh_server_url`` covers the app's own build.)
    """
    from workbench.core.store import WorkspaceManager
    from workbench.demo import ensure_demo

    home = tmp_path_factory.mktemp("browser-workspaces")
    manager = WorkspaceManager(home)
    assert ensure_demo(manager)
    manager.close_all()
    return home


@contextmanager
def _streamlit_server(home: Path):
    """Run ``streamlit run app.py`` on a free port with ``home`` as WORKBENCH_HOME; yield its URL."""
    port = _free_port()
    env = dict(os.environ, WORKBENCH_HOME=str(home), WORKBENCH_DEMO="1", WORKBENCH_LANG="zh")
    log_path = home / "server.log"
    with open(log_path, "w") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port),
             "--server.address", "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false"],
            cwd=APP_DIR, env=env, stdout=log, stderr=subprocess.STDOUT,
        )
        try:
            url = f"http://127.0.0.1:{port}"
            _wait_healthy(proc, url, log_path)
            yield url
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()


def _wait_healthy(proc, url: str, log_path: Path) -> None:
    deadline = time.time() + 60
    while time.time() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited: {log_path.read_text()}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as resp:
                if resp.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    proc.kill()
    raise RuntimeError("streamlit did not become healthy within 60 s")


@pytest.fixture(scope="session")
def server_url(server_home) -> str:
    """One server for the session's browser tests (they share its demo workspace)."""
    with _streamlit_server(server_home) as url:
        yield url


@pytest.fixture
def fresh_server_url(tmp_path) -> str:
    """A server of its own that nobody has visited yet, for what only a new process shows."""
    with _streamlit_server(tmp_path) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        )
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    """A fresh browser context and page at a projector-like size, with console errors collected."""
    context = browser.new_context(viewport={"width": 1440, "height": 900}, locale="zh-CN")
    pg = context.new_page()
    pg.set_default_timeout(30_000)
    pg.console_errors = []
    pg.on("pageerror", lambda exc: pg.console_errors.append(str(exc)))
    yield pg
    context.close()
