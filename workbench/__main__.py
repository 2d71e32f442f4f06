"""The workbench's command line, for analysts who automate a monthly refresh: python -m workbench COMMAND.

`python -m workbench COMMAND --help` lists a command's options with their defaults. Exit status: 0 done; 2 a
user error, with a message saying what to change (in English, or in the command's --lang); 1 a bug in the
workbench: one line on the terminal, the traceback in WORKBENCH_HOME/logs/cli-errors.log (on the terminal
with --debug).
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import pkgutil
import sys
import tempfile
import traceback
from collections.abc import Iterator
from pathlib import Path

from workbench import __version__, commands
from workbench.commands import HelpFormatter, message_lang
from workbench.core.errors import WorkbenchError
from workbench.i18n import t

__all__ = ["build_parser", "iter_parsers", "main", "LOG_NAME"]

#: The file, under ``<WORKBENCH_HOME>/logs/``, that keeps the traceback of a bug (exit status 1).
LOG_NAME = "cli-errors.log"


def _command_modules():
    for info in sorted(pkgutil.iter_modules(commands.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{commands.__name__}.{info.name}")
        if hasattr(module, "NAME") and hasattr(module, "run"):
            yield module


def _add_debug(parser: argparse.ArgumentParser, default) -> None:
    # on the top parser and on every command, so `--debug` works before or after the command's name; the
    # commands' copies default to SUPPRESS so that they never overwrite the top parser's value
    parser.add_argument("--debug", action="store_true", default=default,
                        help="show the traceback of a bug on the terminal instead of only logging it (default: off)")


def iter_parsers(parser: argparse.ArgumentParser) -> Iterator[argparse.ArgumentParser]:
    """The parser and every parser below it (commands, and actions such as ``workspaces create``)."""
    yield parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for child in dict.fromkeys(action.choices.values()):
                yield from iter_parsers(child)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m workbench", description=__doc__, formatter_class=HelpFormatter)
    parser.add_argument("--version", action="version", version=__version__,
                        help="print the workbench version and exit")
    _add_debug(parser, False)
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND", title="commands")
    for module in _command_modules():
        doc = (module.__doc__ or "").strip()
        child = sub.add_parser(module.NAME, help=doc.splitlines()[0] if doc else None, description=doc,
                               formatter_class=HelpFormatter)
        module.add_arguments(child)
        child.set_defaults(_run=module.run)
    for child in iter_parsers(parser):
        if child is not parser:
            _add_debug(child, argparse.SUPPRESS)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    lang = message_lang(args)
    try:
        return int(args._run(args) or 0)
    except WorkbenchError as err:
        print(t("commands.error", lang, message=err.text(lang)), file=sys.stderr)
        return 2
    except OSError as err:  # a file that cannot be read or written: the environment's doing, not a bug
        reason = err.strerror or str(err)
        path = err.filename if err.filename is not None else "?"
        print(t("commands.error", lang, message=t("commands.error.file", lang, path=path, reason=reason)),
              file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(t("commands.interrupted", lang), file=sys.stderr)
        return 130
    except Exception as exc:  # a bug: one line here, the details in the log (or here with --debug)
        return _report_bug(exc, args, argv, lang)


def _report_bug(exc: Exception, args: argparse.Namespace, argv: list[str] | None, lang: str) -> int:
    details = traceback.format_exc()
    first = next(iter(str(exc).strip().splitlines()), "")[:200]
    what = f"{type(exc).__name__}: {first}" if first else type(exc).__name__
    if getattr(args, "debug", False):
        sys.stderr.write(details)
        return 1
    log = _log_bug(details, sys.argv[1:] if argv is None else argv)
    if log is None:
        message = t("commands.error.bug_no_log", lang, error=what)
    else:
        message = t("commands.error.bug", lang, error=what, log=str(log))
    print(t("commands.error", lang, message=message), file=sys.stderr)
    return 1


def _log_bug(details: str, argv: list[str]) -> Path | None:
    """Append the traceback to ``<WORKBENCH_HOME>/logs/cli-errors.log`` (the temporary folder when that
    cannot be written); the path written to, or None."""
    entry = (f"--- {dt.datetime.now().isoformat(timespec='seconds')} workbench {__version__}\n"
             f"argv: {argv!r}\n{details}\n")
    for folder in (_home_logs, lambda: Path(tempfile.gettempdir())):
        try:
            path = folder() / (LOG_NAME if folder is _home_logs else f"workbench-{LOG_NAME}")
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("a", encoding="utf-8") as log:
                log.write(entry)
            return path
        except Exception:  # noqa: BLE001 - the log is a courtesy; never let it hide the message
            continue
    return None


def _home_logs() -> Path:
    from workbench.core.settings import workbench_home

    return workbench_home() / "logs"


if __name__ == "__main__":
    sys.exit(main())
