"""Command-line subcommands of ``python -m workbench``.

Each module here defines ``NAME``, ``add_arguments(parser)`` and ``run(args) -> int``; the entry point
discovers them, so adding a command never touches a shared file. The helpers below are what commands share:
opening a workspace with the errors a script's author can act on (where the command looked, how to create
one, who holds the file), the help formatter that shows every option's default, and the one way of printing
a result (a line of text, or a JSON summary with ``--json``).
"""

from __future__ import annotations

import argparse
import json
import shlex
import sys
from collections.abc import Iterator
from contextlib import contextmanager

from workbench.core.errors import WorkbenchError

__all__ = [
    "HelpFormatter", "open_workspace", "create_if_missing", "workspace_manager", "held_as_busy", "not_found",
    "message_lang", "add_lang", "add_json", "emit",
]


class HelpFormatter(argparse.RawDescriptionHelpFormatter):
    """Keeps the command's docstring as written and ends every option's help with its default.

    An option whose help already says what its default is (``default: the workspace's setting``) keeps its
    words; a flag says ``(default: off)``; a required option says ``(required)``.
    """

    def _get_help_string(self, action: argparse.Action) -> str:
        text = action.help or ""
        if not action.option_strings or isinstance(action, (argparse._HelpAction, argparse._VersionAction)):
            return text
        if action.required:
            return text if "required" in text else f"{text} (required)"
        if "default" in text.lower():
            return text
        if action.nargs == 0:  # store_true / store_false
            return f"{text} (default: off)" if action.const is True else f"{text} (default: on)"
        if action.default is None or action.default is argparse.SUPPRESS:
            return text
        return f"{text} (default: %(default)s)"


def workspace_manager():
    """The manager of ``WORKBENCH_HOME`` (the folder the app uses unless the environment says otherwise)."""
    from workbench.core.settings import workbench_home
    from workbench.core.store import WorkspaceManager

    return WorkspaceManager(workbench_home())


@contextmanager
def held_as_busy(name: str, busy_key: str = "store.error.busy") -> Iterator[None]:
    """Turn DuckDB's lock error (another process, most likely the running app, has the file open) into the
    message that says so; other errors pass unchanged."""
    try:
        yield
    except WorkbenchError as err:
        detail = str(err.params.get("detail", ""))
        if err.key == "store.error.cannot_open" and "lock" in detail.lower():
            raise WorkbenchError(busy_key, name=name, detail=detail.splitlines()[0]) from err
        raise


def not_found(manager, name: str, key: str = "commands.error.not_found") -> WorkbenchError:
    """The "not found" error of a command: names the folder it looked in (a cron job with another
    ``WORKBENCH_HOME`` is the usual cause) and the command that creates the workspace."""
    return WorkbenchError(key, name=name, home=str(manager.home), quoted=shlex.quote(name))


def open_workspace(name: str, busy_key: str = "store.error.busy", missing_key: str = "commands.error.not_found"):
    """``(manager, workspace)`` for a command; a clear error when the name is not valid, the workspace does
    not exist or another process (most likely the running app) holds its file. Close with
    ``manager.close_all()``."""
    from workbench.core.store import validate_name

    cleaned = validate_name(name)
    manager = workspace_manager()
    if not manager.exists(cleaned):
        raise not_found(manager, cleaned, missing_key)
    with held_as_busy(cleaned, busy_key):
        return manager, manager.open(cleaned)


def create_if_missing(name: str) -> bool:
    """Create an empty workspace of that name unless one exists (``import --create``); True if created."""
    from workbench.core.store import validate_name

    cleaned = validate_name(name)
    manager = workspace_manager()
    try:
        if manager.exists(cleaned):
            return False
        manager.create(cleaned)
        return True
    finally:
        manager.close_all()


def message_lang(args: argparse.Namespace) -> str:
    """The language of a command's messages: its ``--lang`` when it has one and it was given, else English."""
    lang = getattr(args, "lang", None)
    return lang if lang in ("zh", "en") else "en"


def add_lang(parser: argparse.ArgumentParser, text: str = "language of the messages (default: en)") -> None:
    """``--lang zh|en``: the language of the command's messages (and whatever else ``text`` says)."""
    parser.add_argument("--lang", choices=["zh", "en"], default=None, help=text)


def add_json(parser: argparse.ArgumentParser, default=False) -> None:
    """``--json``: print a JSON summary on stdout instead of a line of text."""
    parser.add_argument("--json", action="store_true", default=default,
                        help="print a JSON summary instead of a line of text (default: off)")


def emit(args: argparse.Namespace, summary: dict, text: str) -> None:
    """Print a command's result: ``summary`` as JSON with ``--json``, else ``text``."""
    if getattr(args, "json", False):
        json.dump(summary, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        print(text)
