"""The access gate and the workspace in the URL, driven through app.py like a browser would.

A code set in WORKBENCH_ACCESS_CODE is asked for in both modes, so these tests run the gate without a
network server; the wrong-code lockout is per server (``st.cache_resource``), so each test uses a code of
its own. The Host header comes from the websocket handshake in a real server (tests/browser/test_access.py
covers that); here ``ui.access._request_headers`` stands in for it.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from helpers import insert_rows, visible_texts
from streamlit.testing.v1 import AppTest

import ui.access
from workbench.core import access
from workbench.i18n import t

APP_DIR = Path(__file__).resolve().parents[2]

ORDERS = pd.DataFrame({
    "order_id": ["A1", "A2", "A3"], "customer_id": ["c1", "c1", "c2"],
    "order_ts": pd.to_datetime(["2025-01-05", "2025-03-01", "2025-02-10"]), "amount": [12.0, 30.0, 8.5],
})


@pytest.fixture
def client_ws(manager):
    """A workspace whose name and figures must not show before the code is entered."""
    ws = manager.create("Kunde Nord")
    insert_rows(ws, "orders", ORDERS)
    return ws


def _app(lang: str = "en", **query: str) -> AppTest:
    at = AppTest.from_file(str(APP_DIR / "app.py"), default_timeout=60)
    at.query_params["lang"] = lang
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, at.exception
    return at


def _enter(at: AppTest, code: str) -> AppTest:
    at.text_input(key="access_code").input(code)
    at.button(key="access_enter").click().run()
    assert not at.exception, at.exception
    return at


def _shows_nothing_of_a_workspace(at: AppTest) -> None:
    texts = " ".join(visible_texts(at))
    assert "Kunde Nord" not in texts
    assert len(at.sidebar.selectbox) == 0  # no workspace picker
    assert len(at.metric) == 0 and len(at.get("arrow_vega_lite_chart")) == 0 and len(at.dataframe) == 0


def test_a_set_code_is_asked_for_before_anything_of_a_workspace(client_ws, monkeypatch):
    monkeypatch.setenv("WORKBENCH_ACCESS_CODE", "Kaffee-2468")
    at = _app(ws="Kunde Nord")
    _shows_nothing_of_a_workspace(at)
    assert at.text_input(key="access_code").label == t("access.code", "en")
    assert "Kaffee" not in " ".join(visible_texts(at)) and "KAFFEE" not in " ".join(visible_texts(at))

    _enter(at, "kaffee 2469")  # wrong
    _shows_nothing_of_a_workspace(at)
    assert [e.value for e in at.error] == [t("access.wrong", "en", tries=access.MAX_TRIES - 1)]

    _enter(at, "kaffee 2468")  # case, spaces and dashes do not matter
    assert at.title[0].value == t("data.title", "en")
    assert at.sidebar.selectbox[0].value == "Kunde Nord"
    assert len(at.metric) > 0  # the workspace's figures
    assert "Kaffee-2468" not in " ".join(visible_texts(at))


def test_wrong_codes_lock_the_gate_even_for_the_right_code(client_ws, monkeypatch):
    monkeypatch.setenv("WORKBENCH_ACCESS_CODE", "Lockout-1357")
    at = _app()
    for _ in range(access.MAX_TRIES - 1):
        _enter(at, "guess-0000")
    _enter(at, "guess-0000")  # the last try allowed
    assert [e.value for e in at.error] == [t("access.locked", "en", seconds=int(access.BASE_WAIT))]
    _enter(at, "Lockout-1357")  # right, but during the wait: refused without being checked
    _shows_nothing_of_a_workspace(at)
    waits = {t("access.locked", "en", seconds=s) for s in range(1, int(access.BASE_WAIT) + 1)}
    assert len(at.error) == 1 and at.error[0].value in waits

    other = _app()  # another browser: the wait is the server's, not the session's
    _enter(other, "Lockout-1357")
    _shows_nothing_of_a_workspace(other)


def test_a_request_for_another_host_is_refused(client_ws, monkeypatch):
    # a DNS-rebinding page: its own name, re-pointed at this machine, arrives as the Host header
    monkeypatch.setattr(ui.access, "_request_headers",
                        lambda: {"Host": "rebind.example:8501", "Sec-Websocket-Key": "x"})
    at = _app()
    _shows_nothing_of_a_workspace(at)
    assert [e.value for e in at.error] == [t("access.host_refused", "en")]
    monkeypatch.setattr(ui.access, "_request_headers",
                        lambda: {"Host": "localhost:8501", "Sec-Websocket-Key": "x"})
    assert _app().sidebar.selectbox[0].value == "Kunde Nord"


def test_a_network_server_without_a_code_shows_nothing(client_ws, monkeypatch):
    # started by hand on every interface, without scripts/run.sh --share (which sets a code): refuse
    monkeypatch.setattr(ui.access, "_listen_address", lambda: "0.0.0.0")
    monkeypatch.delenv("WORKBENCH_ACCESS_CODE", raising=False)
    at = _app()
    _shows_nothing_of_a_workspace(at)
    assert [e.value for e in at.error] == [t("access.no_code", "en")]
    assert len(at.text_input) == 0


# -- the workspace named in the URL -------------------------------------------------------------------------
def test_an_unknown_workspace_in_the_url_opens_none(client_ws, manager):
    manager.create("Another client")
    at = _app(ws="J*TEST*")
    assert not at.exception
    # the name asked for, escaped (its stars stay stars), and nothing opened until one is picked
    assert [w.value for w in at.warning] == [t("app.workspace.not_found", "en", name=r"J\*TEST\*")]
    picker = at.sidebar.selectbox[0]
    assert picker.value is None and picker.options == ["Another client", "Kunde Nord"]
    assert len(at.metric) == 0 and "workspace" not in at.session_state
    picker.select("Kunde Nord").run()
    assert at.sidebar.selectbox[0].value == "Kunde Nord" and len(at.metric) > 0
    assert len(at.warning) == 0
    assert at.query_params["ws"] == "Kunde Nord"


def test_a_known_workspace_in_the_url_opens_it(client_ws, manager):
    manager.create("Another client")
    at = _app(ws="Kunde Nord")
    assert at.sidebar.selectbox[0].value == "Kunde Nord" and len(at.warning) == 0
