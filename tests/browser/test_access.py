"""Network exposure of a real server started the README way (``bash scripts/run.sh``): it listens on loopback
only unless sharing is switched on; a shared server shows nothing of a workspace before the access code;
a page reached under a name that is not this machine's (DNS rebinding) gets nothing.

Each server gets a workspaces folder of its own holding one small workspace, "Kunde Nord", whose name must
not reach a browser that has not entered the code: the test reads every websocket frame the page receives,
not only what it draws.
"""

from __future__ import annotations

import ipaddress
import os
import socket
import subprocess
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import ifaddr
import pandas as pd
import pytest
from browser_helpers import screenshot, wait_for_app
from helpers import insert_rows

from workbench.core.store import WorkspaceManager
from workbench.i18n import t

APP_DIR = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
NAME = "Kunde Nord"
CODE = "Kaffee-2468"
ORDERS = pd.DataFrame({
    "order_id": ["A1", "A2", "A3"], "customer_id": ["c1", "c1", "c2"],
    "order_ts": pd.to_datetime(["2025-01-05", "2025-03-01", "2025-02-10"]), "amount": [12.0, 30.0, 8.5],
})


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _home(tmp_path: Path) -> Path:
    home = tmp_path / "workspaces"
    mgr = WorkspaceManager(home)
    insert_rows(mgr.create(NAME), "orders", ORDERS)
    mgr.close_all()
    return home


@contextmanager
def _run_sh(tmp_path: Path, *args: str, env: dict[str, str] | None = None):
    """``bash scripts/run.sh ARGS`` (what the README says to run) on a free port; yields (port, log path)."""
    port = _free_port()
    # nothing from the test run's environment: what the server does is what run.sh and config.toml say
    environ = {k: v for k, v in os.environ.items()
               if k not in ("WORKBENCH_ACCESS_CODE", "WORKBENCH_SHARE") and not k.startswith("STREAMLIT_")}
    environ.update(WORKBENCH_HOME=str(_home(tmp_path)), WORKBENCH_DEMO="0", WORKBENCH_LANG="en",
                   PIP_DISABLE_PIP_VERSION_CHECK="1")
    environ.update(env or {})
    log_path = tmp_path / "server.log"
    with open(log_path, "w") as log:
        proc = subprocess.Popen(["bash", "scripts/run.sh", *args, "--server.port", str(port)],
                                cwd=APP_DIR, env=environ, stdout=log, stderr=subprocess.STDOUT)
        try:
            deadline = time.time() + 90
            while True:
                if proc.poll() is not None:
                    raise RuntimeError(f"the server exited: {log_path.read_text()}")
                try:
                    with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2):
                        break
                except OSError:
                    if time.time() > deadline:
                        raise RuntimeError(f"no healthy server: {log_path.read_text()}") from None
                    time.sleep(0.3)
            yield port, log_path
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()


def _listening(port: int) -> set[str]:
    """The local addresses with a socket listening on ``port``, from the kernel's tables (Linux)."""
    found = set()
    for table, family in (("/proc/net/tcp", socket.AF_INET), ("/proc/net/tcp6", socket.AF_INET6)):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            local, state = line.split()[1], line.split()[3]
            addr_hex, port_hex = local.split(":")
            if state != "0A" or int(port_hex, 16) != port:  # 0A = LISTEN
                continue
            raw = bytes.fromhex(addr_hex)
            # the kernel writes each 32-bit word in host (little-endian) order
            raw = b"".join(raw[i:i + 4][::-1] for i in range(0, len(raw), 4))
            found.add(socket.inet_ntop(family, raw))
    return found


def _lan_addresses() -> list[str]:
    """This machine's IPv4 addresses other than loopback (what a participant's laptop would connect to)."""
    return [ip.ip for adapter in ifaddr.get_adapters() for ip in adapter.ips
            if isinstance(ip.ip, str) and not ipaddress.ip_address(ip.ip).is_loopback]


def _handshake_status(port: int, host: str) -> str:
    """The status line the server answers a websocket handshake with, sent with ``host`` as Host and Origin."""
    request = (
        f"GET /_stcore/stream HTTP/1.1\r\nHost: {host}\r\nOrigin: http://{host}\r\nUpgrade: websocket\r\n"
        "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
        "Sec-WebSocket-Protocol: streamlit\r\n\r\n"
    )
    with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
        s.sendall(request.encode())
        return s.recv(200).split(b"\r\n", 1)[0].decode()


def _frames(pg) -> list[bytes]:
    """Every websocket frame the page receives from now on."""
    frames: list[bytes] = []

    def on_ws(ws):
        ws.on("framereceived", lambda payload: frames.append(payload if isinstance(payload, bytes)
                                                             else payload.encode()))

    pg.on("websocket", on_ws)
    return frames


def _nothing_of_the_workspace(pg, frames: list[bytes]) -> None:
    assert NAME not in pg.locator("body").inner_text()
    assert all(NAME.encode() not in f for f in frames)
    assert pg.locator("[data-testid='stSidebar'] [data-testid='stSelectbox']").count() == 0
    assert pg.locator("[data-testid='stMetric']").count() == 0
    assert pg.locator("[data-testid='stVegaLiteChart']").count() == 0


# -- the default: this machine only -------------------------------------------------------------------------
@pytest.mark.skipif(not Path("/proc/net/tcp").exists(), reason="reads Linux's socket tables")
def test_the_default_server_listens_on_loopback_only(tmp_path):
    with _run_sh(tmp_path) as (port, _log):
        listening = _listening(port)
        assert listening, "nothing listens on the port"
        assert all(ipaddress.ip_address(a).is_loopback for a in listening), listening
        for address in _lan_addresses():  # another machine would reach us here: nobody answers
            with pytest.raises(OSError):
                socket.create_connection((address, port), timeout=3).close()


def test_a_page_under_a_foreign_name_is_refused(tmp_path, browser):
    """DNS rebinding: a web page whose own name (rebind.test) now resolves to 127.0.0.1 sends that name as
    Host. Streamlit's ``server.allowedHosts`` refuses its websocket, where every page's content travels."""
    with _run_sh(tmp_path) as (port, _log):
        assert _handshake_status(port, f"rebind.test:{port}").split()[1] == "403"
        assert _handshake_status(port, f"localhost:{port}").split()[1] == "101"
        rebinding = browser.browser_type.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--host-resolver-rules=MAP rebind.test 127.0.0.1"])
        try:
            pg = rebinding.new_page(viewport={"width": 1440, "height": 900})
            frames = _frames(pg)
            closed = []
            pg.on("websocket", lambda ws: ws.on("close", lambda _ws: closed.append(True)))
            pg.goto(f"http://rebind.test:{port}/?ws=Kunde%20Nord")
            pg.wait_for_function("() => document.querySelector(\"[data-testid='stApp']\") !== null")
            pg.wait_for_timeout(100)
            deadline = time.time() + 30
            while not closed and time.time() < deadline:  # the refused handshake closes the socket
                pg.wait_for_timeout(200)
            assert closed
            _nothing_of_the_workspace(pg, frames)
            screenshot(pg, "access-rebinding-refused")
        finally:
            rebinding.close()


def test_the_page_itself_refuses_a_foreign_host(tmp_path, browser):
    """The app's own check, for a server whose allowedHosts lets everything through (an older Streamlit, or
    a flag typed by hand): the page says why and shows nothing of a workspace."""
    with _run_sh(tmp_path, "--server.allowedHosts", "*") as (port, _log):
        rebinding = browser.browser_type.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--host-resolver-rules=MAP rebind.test 127.0.0.1"])
        try:
            pg = rebinding.new_page(viewport={"width": 1440, "height": 900})
            frames = _frames(pg)
            pg.goto(f"http://rebind.test:{port}/?ws=Kunde%20Nord&lang=en")
            pg.get_by_text(t("access.host_refused", "en")).wait_for(timeout=60_000)
            wait_for_app(pg)
            _nothing_of_the_workspace(pg, frames)
            screenshot(pg, "access-host-refused")
        finally:
            rebinding.close()


# -- sharing with the room ----------------------------------------------------------------------------------
def test_a_shared_server_shows_a_workspace_only_after_the_code(tmp_path, page):
    with _run_sh(tmp_path, "--share", env={"WORKBENCH_ACCESS_CODE": CODE}) as (port, log_path):
        lan = _lan_addresses()
        assert _listening(port) - {"127.0.0.1", "::1"}, "sharing listens beyond loopback"
        host = lan[0] if lan else "127.0.0.1"  # a participant connects to the machine's address
        frames = _frames(page)
        page.goto(f"http://{host}:{port}/?ws=Kunde%20Nord&lang=en")
        code_box = page.get_by_label(t("access.code", "en"))
        code_box.wait_for(timeout=60_000)
        wait_for_app(page)
        _nothing_of_the_workspace(page, frames)
        screenshot(page, "access-gate")

        code_box.fill("kaffee-0000")
        page.get_by_role("button", name=t("access.enter", "en")).click()
        page.get_by_text(t("access.wrong", "en", tries=4)).wait_for()
        _nothing_of_the_workspace(page, frames)
        assert code_box.input_value() == ""  # what was typed is not kept in the page

        code_box.fill("kaffee 2468")
        page.get_by_role("button", name=t("access.enter", "en")).click()
        wait_for_app(page)
        picker = page.locator("[data-testid='stSidebar'] [data-testid='stSelectbox'] input")
        picker.wait_for()
        assert picker.input_value() == NAME
        page.locator("[data-testid='stMetric']").first.wait_for()
        screenshot(page, "access-after-code")
        log = log_path.read_text()
        assert CODE not in log and "KAFFEE2468" not in log and "kaffee" not in log.lower()


# -- the workspace named in the URL -------------------------------------------------------------------------
def test_an_unknown_workspace_in_the_url_opens_none(server_url, page):
    page.goto(f"{server_url}/?ws=J*TEST*&lang=en")
    wait_for_app(page)
    warning = page.locator("[data-testid='stAlertContentWarning']")
    assert warning.inner_text().strip() == t("app.workspace.not_found", "en", name="J*TEST*")
    picker = page.locator("[data-testid='stSidebar'] [data-testid='stSelectbox'] input")
    assert picker.input_value() == ""  # nothing chosen; the demo is not opened in its place
    assert page.locator("[data-testid='stMetric']").count() == 0
    screenshot(page, "access-unknown-workspace")
