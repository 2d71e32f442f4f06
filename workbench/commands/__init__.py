"""Command-line subcommands of ``python -m workbench``.

Each module here defines ``NAME``, ``add_arguments(parser)`` and ``run(args) -> int``; the entry point
discovers them, so adding a command never touches a shared file.
"""

from __future__ import annotations

from workbench.core.errors import WorkbenchError

__all__ = ["open_workspace"]


def open_workspace(name: str, busy_key: str = "store.error.busy"):
    """``(manager, workspace)`` for a command; a clear error when the workspace does not exist or another
    process (most likely the running app) holds its file. Close with ``manager.close_all()``."""
    from workbench.core.settings import workbench_home
    from workbench.core.store import WorkspaceManager

    manager = WorkspaceManager(workbench_home())
    if not manager.exists(name):
        raise WorkbenchError("store.error.not_found", name=name)
    try:
        return manager, manager.open(name)
    except WorkbenchError as err:
        detail = str(err.params.get("detail", ""))
        if err.key == "store.error.cannot_open" and "lock" in detail.lower():
            raise WorkbenchError(busy_key, name=name, detail=detail.splitlines()[0]) from err
        raise
