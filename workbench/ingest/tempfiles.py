"""Temporary copies of client files (uploads, transcoded or repaired CSVs, Excel sheets as CSV): readable by
the user only, removed after use, and removed on the next start after a crash.

Each copy lives in its own folder made by :func:`private_dir` (mode 0700, from ``tempfile.mkdtemp``) and is
written through :func:`private_file` (mode 0600, created exclusively). The folder's name carries the id of
the process that made it, so :func:`sweep` — run whenever a new folder is made, and by the app at start —
can tell the leftovers of a process that died (a crash, ``kill -9``) from the folders of a running server,
whose uploads it keeps for a day.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

__all__ = ["PREFIX", "private_dir", "private_folder", "private_file", "sweep", "owned"]

PREFIX = "workbench-"
_PURPOSES = ("upload", "import", "preview")
_NAME = re.compile(rf"^{PREFIX}(?P<purpose>{'|'.join(_PURPOSES)})-(?:(?P<pid>\d+)(?:\.(?P<start>\d+))?-)?")
_KEEP_SECONDS = 24 * 3600  # an upload left behind by a closed browser tab is removed a day later


def private_dir(purpose: str) -> Path:
    """A new folder only this user can enter, named for ``purpose`` and this process; stale ones go first."""
    if purpose not in _PURPOSES:
        raise ValueError(f"unknown purpose {purpose!r}")
    sweep()
    return Path(tempfile.mkdtemp(prefix=f"{PREFIX}{purpose}-{_tag(os.getpid())}-"))


@contextmanager
def private_folder(purpose: str) -> Iterator[Path]:
    """:func:`private_dir` removed with everything in it when the block ends, however it ends."""
    folder = private_dir(purpose)
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def private_file(path: Path, text: bool = False) -> BinaryIO:
    """Open a new file for writing, readable and writable by the user only (0600 whatever the umask)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    return os.fdopen(fd, "w", encoding="utf-8", newline="") if text else os.fdopen(fd, "wb")


def owned(folder: Path) -> bool:
    """Whether ``folder`` is one of ours: a workbench temporary folder of this user."""
    try:
        return bool(_NAME.match(folder.name)) and folder.is_dir() and folder.stat().st_uid == os.getuid()
    except OSError:
        return False


def _start_time(pid: int) -> str | None:
    """When process ``pid`` started (clock ticks since boot, Linux), telling it from a later process that
    was given the same id (a restarted container often is); None where /proc does not say."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return stat.rsplit(")", 1)[-1].split()[19]


def _tag(pid: int) -> str:
    start = _start_time(pid)
    return f"{pid}.{start}" if start else str(pid)


def _alive(pid: int, start: str | None) -> bool:
    """Whether the process that made a folder still runs: its id is in use, by the same process."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process holds that id: not the one that made our folder
        return False
    return start is None or _start_time(pid) in (None, start)


def sweep(now: float | None = None) -> list[Path]:
    """Remove leftover temporary folders: those of processes no longer running, and uploads older than a
    day (browser sessions that ended without replacing their upload). Returns what was removed."""
    now = time.time() if now is None else now
    removed = []
    for folder in Path(tempfile.gettempdir()).glob(PREFIX + "*"):
        match = _NAME.match(folder.name)
        if not match or not owned(folder):
            continue
        pid = match.group("pid")
        try:
            old = folder.stat().st_mtime < now - _KEEP_SECONDS
        except OSError:
            continue
        dead = pid is not None and not _alive(int(pid), match.group("start"))
        if dead or (old and (pid is None or match.group("purpose") == "upload")):
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
    return removed
