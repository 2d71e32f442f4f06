"""The access gate, run by ``app.py`` before navigation: nothing of a workspace (its name, a figure, the sidebar
picker) reaches a browser that has not passed it.

Two checks, both decided in :mod:`workbench.core.access`:

- the Host header of the browser's connection must name this machine (DNS rebinding sends another name);
- a shared server (listening beyond loopback), or one with WORKBENCH_ACCESS_CODE set, asks for the access
  code once per browser session. Wrong codes count for the whole server (a lockout in ``st.cache_resource``),
  and the code is never echoed, logged or kept in the page.
"""

from __future__ import annotations

from collections.abc import Mapping

import streamlit as st

from workbench.core import access, settings
from workbench.i18n import t

__all__ = ["gate"]

_GRANTED = "access_granted"  # session state: this browser session entered the code (holds the fingerprint)


def _request_headers() -> Mapping[str, str]:
    """The headers of this session's websocket handshake; empty when the script runs without a server."""
    return st.context.headers


def _listen_address() -> str | None:
    return st.get_option("server.address")


@st.cache_resource(show_spinner=False)
def _lockout(fingerprint: str) -> access.Lockout:
    """One lockout per server (and code): wrong codes from every browser session count together."""
    return access.Lockout()


@st.cache_resource(show_spinner=False, ttl=60)
def _own_addresses() -> frozenset[str]:
    """The machine's addresses, read again every minute (a new Wi-Fi brings a new address)."""
    return access.own_addresses()


def gate(lang: str) -> bool:
    """Draw the gate and return False when this browser may not see workspaces yet (the caller stops)."""
    policy = access.policy_for(_listen_address(), settings.get("WORKBENCH_ACCESS_CODE"))
    headers = _request_headers()
    # no headers at all: the script runs in-process (streamlit.testing), not for a browser over the network
    if headers and not access.host_allowed(access.header(headers, "Host"),
                                           _own_addresses() if policy.sharing else ()):
        st.title(t("access.title", lang))
        st.error(t("access.host_refused", lang))
        return False
    if not policy.code_required:
        return True
    fingerprint = access.code_fingerprint(policy.code)
    if policy.code is not None and st.session_state.get(_GRANTED) == fingerprint:
        return True
    st.title(t("access.title", lang))
    if policy.code is None:  # shared without a usable code: open to nobody
        st.error(t("access.no_code", lang))
        return False
    st.caption(t("access.intro", lang))
    lockout = _lockout(fingerprint)
    with st.form("access_form", clear_on_submit=True, width=420):
        given = st.text_input(t("access.code", lang), type="password", key="access_code", autocomplete="off")
        submitted = st.form_submit_button(t("access.enter", lang), type="primary", key="access_enter")
    if not submitted:
        wait = lockout.wait_left()
        if wait > 0:
            st.error(t("access.locked", lang, seconds=access.Attempt(False, wait).wait_seconds))
        return False
    result = lockout.attempt(given, policy.code)
    if result.granted:
        st.session_state[_GRANTED] = fingerprint
        st.rerun()
    if result.wait > 0:
        st.error(t("access.locked", lang, seconds=result.wait_seconds))
    else:
        st.error(t("access.wrong", lang, tries=result.tries_left))
    return False
