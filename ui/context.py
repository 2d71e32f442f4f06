"""The page context: the workspace manager, this browser's language and workspace, and :class:`PageContext`.

Pages call :func:`page_context` first and get back the language, the current workspace, a translator and
:meth:`PageContext.key`, which scopes every session-state and widget key to the workspace's identity.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from typing import Any

import streamlit as st

from ui.errors import show_error
from ui.presentation import hide_chrome, presenting, print_rules
from workbench.clv import limit_blas_threads
from workbench.core import settings
from workbench.core.currency import DEFAULT_CURRENCY, workspace_currency
from workbench.core.errors import WorkbenchError
from workbench.core.store import Workspace, WorkspaceManager
from workbench.core.textsafe import md_escape
from workbench.demo import ensure_demo
from workbench.i18n import normalise_lang, t
from workbench.ingest import tempfiles

__all__ = ["PageContext", "manager", "page_context", "current_lang"]

_PREFS_FILE = ".prefs.json"


@st.cache_resource(show_spinner=False)
def _manager_for(home: str) -> WorkspaceManager:
    """One manager per workspaces folder per server process; it holds connections, not user data."""
    limit_blas_threads()  # once per server: the model fits on the pages, as in the command line
    tempfiles.sweep()  # copies of client files a crashed import left behind go at start, not at the next import
    mgr = WorkspaceManager(home)
    if settings.get("WORKBENCH_DEMO") == "1":
        ensure_demo(mgr)
    return mgr


def manager() -> WorkspaceManager:
    return _manager_for(str(settings.workbench_home()))


def _prefs() -> dict[str, Any]:
    path = manager().home / _PREFS_FILE
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _save_pref(key: str, value: str) -> None:
    """Remember the last language chosen on this server, so a new browser tab starts in it."""
    prefs = _prefs()
    prefs[key] = value
    path = manager().home / _PREFS_FILE
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(prefs, ensure_ascii=False), encoding="utf-8")
    tmp.replace(path)


def current_lang() -> str:
    """Language: this browser's choice (kept in the URL, so it survives a refresh), else the last saved one."""
    if "lang" not in st.session_state:
        chosen = st.query_params.get("lang") or _prefs().get("lang") or settings.get("WORKBENCH_LANG")
        st.session_state["lang"] = normalise_lang(chosen)
    return st.session_state["lang"]


def _workspace_choice() -> tuple[str | None, str | None]:
    """(the workspace this browser shows, a workspace its URL names that does not exist).

    This browser's choice (session, then the URL so a refresh keeps it); other users' choices never leak in.
    A URL naming a workspace that does not exist opens none, so that a mistyped or stale link never shows
    another client's data; with no choice at all the first workspace opens.
    """
    names = manager().names()
    chosen = st.session_state.get("workspace")
    if chosen and chosen in names:
        return chosen, None
    asked = st.query_params.get("ws")
    if asked:
        if asked in names:
            st.session_state["workspace"] = asked
            return asked, None
        st.session_state.pop("workspace", None)
        return None, asked
    if not names:
        return None, None
    st.session_state["workspace"] = names[0]
    return names[0], None


def _current_workspace_name() -> str | None:
    return _workspace_choice()[0]


def _keep_in_url(key: str, value: str | None) -> None:
    """Put this browser's choice in the URL on every run: page navigation drops query parameters, and the
    URL is what survives a refresh (session state does not)."""
    if value is not None and st.query_params.get(key) != value:
        st.query_params[key] = value


def _switch_workspace(name: str) -> None:
    st.session_state["workspace"] = name
    st.query_params["ws"] = name


@dataclass(frozen=True)
class PageContext:
    """What every page needs: the language, the workspace (None when there is none) and a translator."""

    lang: str
    ws: Workspace | None
    scope: str = "-"  # the workspace's identity (read once per run)
    participant: str = ""  # this browser's participant id (kept in the URL): whose undo is whose
    currency: str = DEFAULT_CURRENCY  # the workspace's currency code: pass it to every money format

    def t(self, key: str, /, **params: object) -> str:
        return t(key, self.lang, **params)

    def key(self, *parts: object) -> str:
        """A session-state or widget key scoped to this workspace's identity: ``part_part@identity``.

        Nothing typed for one workspace is ever shown for, or saved into, another — not after a switch, and
        not for a workspace made again under a deleted one's name (a new identity)."""
        return "_".join(map(str, parts)) + f"@{self.scope}"


def page_context(title_key: str, intro_key: str | None = None) -> PageContext:
    """Set up a page: title, optional introduction, and the context. Call first in every page."""
    lang = current_lang()
    name, missing = _workspace_choice()
    ws = None
    if name is not None:
        try:
            ws = manager().open(name)
        except WorkbenchError as err:
            show_error(err, lang)
    if presenting():  # the view alone, for a projector: no title, no sidebar
        hide_chrome()
    else:
        st.title(t(title_key, lang))
        if intro_key:
            st.caption(t(intro_key, lang))
    print_rules()
    if missing is not None:
        st.warning(t("app.workspace.not_found", lang, name=md_escape(missing, 80)))
    elif ws is None:
        st.info(t("app.no_workspace", lang))
    if ws is None:
        return PageContext(lang=lang, ws=None, participant=participant())
    return PageContext(lang=lang, ws=ws, scope=ws.identity(), currency=workspace_currency(ws),
                       participant=participant())


def participant() -> str:
    """This browser's participant id: random, kept in the URL (``?p=``) so a refresh keeps it. Several
    people editing one journey map each undo their own changes by it."""
    if "participant" not in st.session_state:
        given = st.query_params.get("p") or ""
        st.session_state["participant"] = given if given.isalnum() and len(given) <= 32 else uuid.uuid4().hex[:12]
    _keep_in_url("p", st.session_state["participant"])
    return st.session_state["participant"]
