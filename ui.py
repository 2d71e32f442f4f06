"""Streamlit glue shared by the pages: the workspace manager, the sidebar, language and page context.

This is the one module besides ``app.py`` and ``views/`` that imports Streamlit. Pages call
:func:`page_context` first and get back the language, the current workspace and a translator.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Callable

import streamlit as st

from workbench import settings
from workbench.clv import limit_blas_threads
from workbench.demo import build_demo, ensure_demo
from workbench.errors import WorkbenchError
from workbench.i18n import LANG_LABELS, LANGS, normalise_lang, t
from workbench.store import DEMO_NAME, Workspace, WorkspaceManager

__all__ = ["PageContext", "manager", "page_context", "sidebar", "show_error", "current_lang"]

_PREFS_FILE = ".prefs.json"


@st.cache_resource(show_spinner=False)
def _manager_for(home: str) -> WorkspaceManager:
    """One manager per workspaces folder per server process; it holds connections, not user data."""
    limit_blas_threads()  # once per server: the model fits on the pages, as in the command line
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


def _current_workspace_name() -> str | None:
    mgr = manager()
    names = mgr.names()
    if not names:
        return None
    # This browser's choice (session, then the URL so a refresh keeps it); other users' choices never leak in.
    for candidate in (st.session_state.get("workspace"), st.query_params.get("ws")):
        if candidate and candidate in names:
            st.session_state["workspace"] = candidate
            return candidate
    st.session_state["workspace"] = names[0]
    return names[0]


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

    def t(self, key: str, /, **params: object) -> str:
        return t(key, self.lang, **params)

    @property
    def cache_key(self) -> tuple[str, str, int]:
        """Pass to ``st.cache_data`` functions so caches never go stale (see ``Workspace.cache_key``)."""
        assert self.ws is not None
        return self.ws.cache_key()


def show_error(err: WorkbenchError, lang: str, where: Any = None) -> None:
    """Show a user-facing error with its parameters escaped (they often carry file or cell text)."""
    (where or st).error(err.display_text(lang))


def page_context(title_key: str, intro_key: str | None = None) -> PageContext:
    """Set up a page: title, optional introduction, and the context. Call first in every page."""
    lang = current_lang()
    name = _current_workspace_name()
    ws = None
    if name is not None:
        try:
            ws = manager().open(name)
        except WorkbenchError as err:
            show_error(err, lang)
    st.title(t(title_key, lang))
    if intro_key:
        st.caption(t(intro_key, lang))
    if ws is None:
        st.info(t("app.no_workspace", lang))
    return PageContext(lang=lang, ws=ws)


def sidebar() -> None:
    """Language switch and workspace picker (create, rename, duplicate, delete with confirmation, switch)."""
    lang = current_lang()
    _keep_in_url("lang", lang)
    _keep_in_url("ws", _current_workspace_name())
    with st.sidebar:
        chosen = st.segmented_control(
            t("app.language", lang),
            options=list(LANGS),
            format_func=lambda code: LANG_LABELS[code],
            default=lang,
            key="lang_switch",
        )
        if chosen and chosen != lang:
            st.session_state["lang"] = chosen
            st.query_params["lang"] = chosen
            _save_pref("lang", chosen)
            st.rerun()
        _workspace_picker(lang)


def _workspace_picker(lang: str) -> None:
    mgr = manager()
    names = mgr.names()
    current = _current_workspace_name()
    st.subheader(t("app.workspace", lang))
    if names:
        picked = st.selectbox(
            t("app.workspace.current", lang),
            names,
            index=names.index(current) if current in names else 0,
            key=f"ws_select_{current}",
        )
        if picked != current:
            _switch_workspace(picked)
            st.rerun()
    with st.expander(t("app.workspace.manage", lang)):
        action = st.radio(
            t("app.workspace.action", lang),
            ["create", "rename", "duplicate", "delete"],
            format_func=lambda a: t(f"app.workspace.action.{a}", lang),
            horizontal=True,
            key="ws_action",
        )
        if action == "delete":
            _delete_form(mgr, current, lang)
        else:
            _name_form(mgr, action, current, lang)
        if DEMO_NAME not in names and st.button(t("app.workspace.restore_demo", lang), key="ws_restore_demo"):
            with st.spinner(t("app.workspace.restoring_demo", lang)):
                _run_workspace_action(lang, lambda: build_demo(mgr, lang).name, "app.workspace.done.create")


def _run_workspace_action(lang: str, action: Callable[[], str], done_key: str) -> None:
    try:
        name = action()
    except WorkbenchError as err:
        show_error(err, lang)
        return
    _switch_workspace(name)
    st.session_state["ws_flash"] = t(done_key, lang, name=name)
    st.rerun()


def _name_form(mgr: WorkspaceManager, action: str, current: str | None, lang: str) -> None:
    if action != "create" and current is None:
        return
    with st.form(f"ws_form_{action}", clear_on_submit=True, border=False):
        new_name = st.text_input(t("app.workspace.new_name", lang), key=f"ws_name_{action}")
        submitted = st.form_submit_button(t(f"app.workspace.action.{action}", lang))
    if not submitted:
        _flash()
        return
    operations = {
        "create": lambda: mgr.create(new_name).name,
        "rename": lambda: mgr.rename(current, new_name).name,
        "duplicate": lambda: mgr.duplicate(current, new_name).name,
    }
    _run_workspace_action(lang, operations[action], f"app.workspace.done.{action}")


def _delete_form(mgr: WorkspaceManager, current: str | None, lang: str) -> None:
    if current is None:
        return
    st.warning(t("app.workspace.delete_warning", lang, name=current))
    confirm = st.text_input(t("app.workspace.delete_confirm", lang, name=current), key="ws_delete_confirm")
    if st.button(t("app.workspace.action.delete", lang), type="primary", disabled=confirm != current):
        mgr.delete(current)
        st.session_state.pop("workspace", None)
        st.query_params.pop("ws", None)
        st.session_state["ws_flash"] = t("app.workspace.done.delete", lang, name=current)
        st.rerun()
    _flash()


def _flash() -> None:
    message = st.session_state.pop("ws_flash", None)
    if message:
        st.success(message)
