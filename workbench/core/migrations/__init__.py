"""Schema migrations of a workspace file, applied in order of their version number.

Each module ``vNNN_<what>.py`` declares ``VERSION`` (= NNN) and ``upgrade(cur)``, which runs inside the
transaction that also records the new schema version, so a failed migration leaves the file as it was.
Never edit a migration that has been released; add a new one.
"""

from __future__ import annotations

import importlib
import pkgutil
from functools import lru_cache
from types import ModuleType

__all__ = ["migrations", "latest_version"]


@lru_cache(maxsize=1)
def migrations() -> tuple[ModuleType, ...]:
    """The migration modules, sorted by version; versions must be 1, 2, 3, … without gaps."""
    found = []
    for info in pkgutil.iter_modules(__path__):
        if info.name.startswith("v") and info.name[1:4].isdigit():
            found.append(importlib.import_module(f"{__name__}.{info.name}"))
    found.sort(key=lambda m: m.VERSION)
    versions = [m.VERSION for m in found]
    if versions != list(range(1, len(found) + 1)):
        raise RuntimeError(f"migration versions must run 1..n without gaps, found {versions}")
    return tuple(found)


def latest_version() -> int:
    return len(migrations())
