"""List, create, rename, duplicate and delete the workspaces in WORKBENCH_HOME, or build the demo workspace.

The same store functions as the app's sidebar (workbench.core.store.WorkspaceManager), so the same names are
accepted and the same errors given. `python -m workbench workspaces` alone lists the workspaces, as it always
has. A workspace the running app has open cannot be renamed, duplicated or deleted from here: stop the app
first. Every action prints a line, or a JSON summary with --json.
"""

from __future__ import annotations

import argparse
import json
import shlex
import sys
from collections.abc import Callable
from types import MappingProxyType

from workbench.commands import (
    HelpFormatter,
    add_json,
    add_lang,
    emit,
    held_as_busy,
    message_lang,
    not_found,
    workspace_manager,
)
from workbench.core.errors import WorkbenchError
from workbench.i18n import t

NAME = "workspaces"

__all__ = ["NAME", "add_arguments", "run"]

_NAME_HELP = ("workspace name: letters (any script), digits, spaces and - _ ( ) ., starting with a letter or "
              "digit, at most 64 characters")


def add_arguments(parser) -> None:
    from workbench.core.currency import CURRENCIES, DEFAULT_CURRENCY

    add_json(parser)  # `workspaces --json` (no action) lists as JSON, as it always has
    actions = parser.add_subparsers(dest="action", metavar="ACTION", title="actions")

    def action(name: str, what: str) -> argparse.ArgumentParser:
        child = actions.add_parser(name, help=what, description=what[0].upper() + what[1:] + ".",
                                   formatter_class=HelpFormatter)
        add_json(child, default=argparse.SUPPRESS)  # SUPPRESS: never overwrites `workspaces --json`
        return child

    action("list", "list the workspaces, the demo first (the default action)")

    create = action("create", "create an empty workspace")
    create.add_argument("name", help=_NAME_HELP)
    create.add_argument("--currency", default=DEFAULT_CURRENCY, metavar="CODE",
                        help=f"currency of its amounts, one of {', '.join(CURRENCIES)} (default: {DEFAULT_CURRENCY})")
    create.add_argument("--exist-ok", action="store_true",
                        help="when the workspace exists already, change nothing and exit 0, for scripts that "
                             "create their workspace on the first run (default: off, an error)")
    add_lang(create)

    rename = action("rename", "rename a workspace (its data, settings and identity stay)")
    rename.add_argument("old", help="the workspace's current name")
    rename.add_argument("new", help="its new " + _NAME_HELP)
    add_lang(rename)

    duplicate = action("duplicate", "copy a workspace under a new name")
    duplicate.add_argument("name", help="the workspace to copy")
    duplicate.add_argument("new", help="the copy's " + _NAME_HELP)
    add_lang(duplicate)

    delete = action("delete", "delete a workspace and all its data (needs --yes)")
    delete.add_argument("name", help="the workspace to delete")
    delete.add_argument("--yes", action="store_true",
                        help="confirm the deletion; without it nothing is deleted (default: off)")
    add_lang(delete)

    demo = action("demo", "build the demo workspace from sample_data/ (or rebuild it after it was deleted)")
    add_lang(demo, "language of the demo's journey map and of the messages (default: the WORKBENCH_LANG "
                   "setting for the map, English for the messages)")


def run(args) -> int:
    return _ACTIONS[args.action or "list"](args, message_lang(args))


def _list(args, lang: str) -> int:
    manager = workspace_manager()
    names = manager.names()
    if args.json:
        print(json.dumps(names, ensure_ascii=False))
    elif names:
        print("\n".join(names))
    else:  # a script reading names gets nothing on stdout; a person learns where the command looked
        print(t("commands.workspaces.none", lang, home=str(manager.home)), file=sys.stderr)
    return 0


def _create(args, lang: str) -> int:
    from workbench.core.currency import CURRENCIES, set_workspace_currency, workspace_currency
    from workbench.core.store import validate_name

    code = str(args.currency).strip().upper()
    if code not in CURRENCIES:  # before anything is created: a bad code leaves no empty workspace behind
        raise WorkbenchError("core.error.bad_currency", code=code, allowed=", ".join(CURRENCIES))
    name = validate_name(args.name)
    manager = workspace_manager()
    try:
        if args.exist_ok and manager.exists(name):
            with held_as_busy(name):
                ws = manager.open(name)
            summary = _summary("create", ws, created=False, currency=workspace_currency(ws))
            text = t("commands.workspaces.kept", lang, name=ws.name, currency=summary["currency"])
        else:
            ws = manager.create(name)
            try:
                set_workspace_currency(ws, code)
            except BaseException:
                manager.delete(name)
                raise
            summary = _summary("create", ws, created=True, currency=code)
            text = t("commands.workspaces.created", lang, name=ws.name, currency=code, path=str(ws.path))
    finally:
        manager.close_all()
    emit(args, summary, text)
    return 0


def _rename(args, lang: str) -> int:
    manager, old = _existing(args.old)
    try:
        with held_as_busy(old):
            ws = manager.rename(old, args.new)
    finally:
        manager.close_all()
    emit(args, _summary("rename", ws, old=old), t("app.workspace.done.rename", lang, name=ws.name))
    return 0


def _duplicate(args, lang: str) -> int:
    manager, source = _existing(args.name)
    try:
        with held_as_busy(source):
            ws = manager.duplicate(source, args.new)
    finally:
        manager.close_all()
    emit(args, _summary("duplicate", ws, source=source), t("app.workspace.done.duplicate", lang, name=ws.name))
    return 0


def _delete(args, lang: str) -> int:
    manager, name = _existing(args.name)
    if not args.yes:
        raise WorkbenchError("commands.error.delete_needs_yes", name=name, quoted=shlex.quote(name))
    try:
        with held_as_busy(name):  # opening first: a file another process holds is never pulled from under it
            ws = manager.open(name)
        summary = _summary("delete", ws)
        manager.delete(name)
    finally:
        manager.close_all()
    emit(args, summary, t("app.workspace.done.delete", lang, name=name))
    return 0


def _demo(args, lang: str) -> int:
    from workbench.core import settings
    from workbench.core.store import DEMO_NAME
    from workbench.demo import build_demo
    from workbench.i18n import normalise_lang

    map_lang = normalise_lang(args.lang or settings.get("WORKBENCH_LANG"))
    manager = workspace_manager()
    if manager.exists(DEMO_NAME):
        raise WorkbenchError("commands.error.demo_exists", name=DEMO_NAME)
    try:
        ws = build_demo(manager, map_lang)
        summary = _summary("demo", ws, lang=map_lang)
    finally:
        manager.close_all()
    emit(args, summary, t("commands.workspaces.demo_built", lang, name=ws.name, path=str(ws.path)))
    return 0


def _existing(name: str):
    """``(manager, name)`` of a workspace that must exist, with the command line's "not found" message."""
    from workbench.core.store import validate_name

    cleaned = validate_name(name)
    manager = workspace_manager()
    if not manager.exists(cleaned):
        raise not_found(manager, cleaned, "commands.error.not_found_listed")
    return manager, cleaned


def _summary(action: str, ws, **fields) -> dict:
    return {"action": action, "workspace": ws.name, "path": str(ws.path), **fields}


_ACTIONS: MappingProxyType[str, Callable[..., int]] = MappingProxyType({
    "list": _list, "create": _create, "rename": _rename, "duplicate": _duplicate, "delete": _delete,
    "demo": _demo,
})
