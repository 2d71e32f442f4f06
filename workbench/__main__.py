"""``python -m workbench <command>``: the command line for analysts who automate a refresh."""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys

from workbench import commands
from workbench.core.errors import WorkbenchError

__all__ = ["build_parser", "main"]


def _command_modules():
    for info in sorted(pkgutil.iter_modules(commands.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{commands.__name__}.{info.name}")
        if hasattr(module, "NAME") and hasattr(module, "run"):
            yield module


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m workbench", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    for module in _command_modules():
        child = sub.add_parser(module.NAME, help=(module.__doc__ or "").strip().splitlines()[0])
        module.add_arguments(child)
        child.set_defaults(_run=module.run)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args._run(args) or 0)
    except WorkbenchError as err:
        print(f"error: {err.text('en')}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
