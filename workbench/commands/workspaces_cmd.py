"""List the workspaces in WORKBENCH_HOME."""

from __future__ import annotations

import json

from workbench.core.settings import workbench_home
from workbench.core.store import WorkspaceManager

NAME = "workspaces"


def add_arguments(parser) -> None:
    parser.add_argument("--json", action="store_true", help="print a JSON list instead of one name a line")


def run(args) -> int:
    names = WorkspaceManager(workbench_home()).names()
    print(json.dumps(names, ensure_ascii=False) if args.json else "\n".join(names))
    return 0
