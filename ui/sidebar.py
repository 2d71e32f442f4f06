"""The sidebar: language switch and workspace picker (create, rename, duplicate, delete after typing the name,
switch, restore the demo)."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from ui.context import _current_workspace_name, _keep_in_url, _save_pref, _switch_workspace, current_lang, manager
from ui.errors import show_error
from workbench.core.errors import WorkbenchError
from workbench.core.store import DEMO_NAME, WorkspaceManager
from workbench.demo import build_demo
from workbench.i18n import LANG_LABELS, LANGS, t

__all__ = ["sidebar"]


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
            index=names.index(current) if current in names else None,  # none open: the URL named no workspace
            key=f"ws_select_{current}",
            placeholder=t("app.workspace.pick", lang),
        )
        if picked is not None and picked != current:
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
