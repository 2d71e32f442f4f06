"""The workspace store: one DuckDB file per workspace, its schema, reads and writes.

Only this module (and the import path through it) touches DuckDB connections. Streamlit serves every
browser session from its own thread, so each workspace file has one connection owned by a
:class:`Workspace`; every read takes a fresh cursor (DuckDB cursors may be used from any thread) and every
write runs inside :meth:`Workspace.transaction`, serialised by a lock and rolled back on any error.

A :class:`WorkspaceManager` owns the folder of workspaces: names are validated so that none can reach
outside it, and each file is opened once per process. Workspaces hold a client's data, so the folder is
readable by the user only (0700) and so is every file in it (0600), the write-ahead log included.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import threading
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from workbench.core.errors import WorkbenchError
from workbench.core.migrations import latest_version, migrations

__all__ = ["Workspace", "WorkspaceManager", "validate_name", "quote_ident", "SUFFIX", "DEMO_NAME", "PRIVATE_FILE",
           "PRIVATE_DIR"]

SUFFIX = ".duckdb"
DEMO_NAME = "demo"
_NAME_MAX = 64
_SETTINGS_VERSION = "settings_version:"  # meta key prefix: one counter per settings prefix
# Letters (any script, so Chinese names work), digits, and a few separators; nothing that is a path.
_NAME_RE = re.compile(r"^[^\W_][\w \-().（）]*$")
PRIVATE_FILE = 0o600  # read and write for the user, nothing for group and others
PRIVATE_DIR = 0o700


def validate_name(name: str) -> str:
    """Return the normalised workspace name, or raise ``WorkbenchError`` saying what is wrong.

    The name becomes a file name inside the workspaces folder, so separators, dots at the start, control
    characters and anything else that could reach outside the folder are refused.
    """
    if not isinstance(name, str):
        raise WorkbenchError("store.error.name_empty")
    cleaned = unicodedata.normalize("NFC", name).strip()
    if not cleaned:
        raise WorkbenchError("store.error.name_empty")
    if len(cleaned) > _NAME_MAX:
        raise WorkbenchError("store.error.name_too_long", max=_NAME_MAX)
    if not _NAME_RE.match(cleaned) or cleaned.endswith("."):
        raise WorkbenchError("store.error.name_invalid", name=cleaned)
    return cleaned


class Workspace:
    """One open workspace file: reads through cursors, writes in serialised transactions."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.name = self.path.name[: -len(SUFFIX)]
        self._write_lock = threading.RLock()
        self._memo: dict[str, tuple[tuple, Any]] = {}
        self._memo_lock = threading.Lock()
        self._memo_building: dict[tuple, threading.Lock] = {}
        _private_umask()
        try:
            self._con = duckdb.connect(str(self.path))
        except duckdb.IOException as exc:  # locked by another process, or not a DuckDB file
            raise WorkbenchError("store.error.cannot_open", name=self.name, detail=str(exc)) from exc
        _make_private(self.path, self.path.with_name(self.path.name + ".wal"))  # made by an older release
        try:
            self._migrate()
        except Exception:
            self._con.close()
            raise

    # -- schema -------------------------------------------------------------------------------------
    def schema_version(self) -> int:
        cur = self._con.cursor()
        try:
            exists = cur.execute(
                "SELECT count(*) FROM information_schema.tables WHERE table_name = 'meta'"
            ).fetchone()[0]
            if not exists:
                return 0
            row = cur.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
            return int(row[0]) if row else 0
        finally:
            cur.close()

    def _migrate(self) -> None:
        current = self.schema_version()
        if current > latest_version():
            raise WorkbenchError(
                "store.error.newer_schema", name=self.name, found=current, supported=latest_version()
            )
        for migration in migrations()[current:]:
            with self.transaction() as cur:
                migration.upgrade(cur)
                cur.execute(
                    "INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)", [str(migration.VERSION)]
                )
                if migration.VERSION == 1:
                    cur.execute("INSERT OR REPLACE INTO meta VALUES ('data_version', '0')")

    # -- reads --------------------------------------------------------------------------------------
    @contextmanager
    def cursor(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A cursor for reading from the calling thread, closed afterwards."""
        cur = self._con.cursor()
        try:
            yield cur
        finally:
            cur.close()

    def query(self, sql: str, params: Sequence[Any] | dict | None = None) -> pd.DataFrame:
        """Run a read query with bound parameters and return a DataFrame."""
        with self.cursor() as cur:
            return cur.execute(sql, params or []).df()

    def query_large(self, sql: str, params: Sequence[Any] | None = None) -> pd.DataFrame:
        """``query`` for results of many rows: fetched through Arrow.

        Three times faster than ``query`` on a million rows of 36 columns (0.2 s against 0.6 s). DATE
        columns arrive as Python ``date`` objects this way: cast them to TIMESTAMP in the SQL.
        """
        with self.cursor() as cur:
            return cur.sql(sql, params=list(params or [])).to_arrow_table().to_pandas()

    def scalar(self, sql: str, params: Sequence[Any] | dict | None = None) -> Any:
        with self.cursor() as cur:
            row = cur.execute(sql, params or []).fetchone()
            return None if row is None else row[0]

    def table(self, name: str) -> pd.DataFrame:
        """A whole table by name (quoted), for small tables only."""
        return self.query(f"SELECT * FROM {quote_ident(name)}")

    def row_count(self, name: str) -> int:
        return int(self.scalar(f"SELECT count(*) FROM {quote_ident(name)}"))

    # -- writes -------------------------------------------------------------------------------------
    @contextmanager
    def transaction(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """Serialised write transaction: commits on success, rolls back on any exception."""
        with self._write_lock:
            cur = self._con.cursor()
            try:
                cur.begin()
                try:
                    yield cur
                except BaseException:
                    cur.rollback()
                    raise
                cur.commit()
            finally:
                cur.close()

    def bump_data_version(self, cur: duckdb.DuckDBPyConnection) -> None:
        """Record inside a write transaction that analysed data changed, invalidating caches."""
        cur.execute(
            "UPDATE meta SET value = CAST(CAST(value AS BIGINT) + 1 AS VARCHAR) WHERE key = 'data_version'"
        )

    def data_version(self) -> int:
        """A counter that changes whenever imported data changes; caches key on it."""
        return int(self.scalar("SELECT value FROM meta WHERE key = 'data_version'"))

    def cache_key(self, *settings_prefixes: str) -> tuple:
        """(file, workspace identity, data version, then the settings version of each prefix asked for): what
        a cached result of this workspace must be keyed on. The identity tells a workspace from a new one
        made under the same name after a delete, whose data version starts again at 0."""
        wanted = ["workspace_id", "data_version", *(_SETTINGS_VERSION + p for p in settings_prefixes)]
        with self.cursor() as cur:
            rows = dict(cur.execute("SELECT key, value FROM meta WHERE key IN (SELECT UNNEST(?))",
                                    [wanted]).fetchall())
        return (str(self.path), rows["workspace_id"], int(rows["data_version"]),
                *(int(rows.get(_SETTINGS_VERSION + p, 0)) for p in settings_prefixes))

    def identity(self) -> str:
        """The workspace's random identity (kept by a rename, new for a workspace made under a used name)."""
        return self.cache_key()[1]

    def memo(self, key: tuple, build: Callable[[], Any]) -> Any:
        """The result of ``build()`` for ``key``, computed once however many sessions ask at the same time.

        The workspace's one cache for results every page, command and report share (the per-customer
        summary, the segment snapshot, the model fits). ``key[0]`` names the kind of result; a key with a new
        version replaces the kind's older entry, so a workspace holds one result of each kind. Results must
        not be changed by callers (providers hand out shallow copies of frames).
        """
        kind = key[0]
        with self._memo_lock:
            entry = self._memo.get(kind)
            if entry is not None and entry[0] == key:
                return entry[1]
            lock = self._memo_building.setdefault(key, threading.Lock())
        with lock:  # one build per key; other sessions asking meanwhile wait for it
            with self._memo_lock:
                entry = self._memo.get(kind)
                if entry is not None and entry[0] == key:
                    return entry[1]
            value = build()
            with self._memo_lock:
                self._memo[kind] = (key, value)
                self._memo_building.pop(key, None)
            return value

    # -- settings -----------------------------------------------------------------------------------
    def get_setting(self, key: str, default: Any = None) -> Any:
        raw = self.scalar("SELECT value FROM settings WHERE key = ?", [key])
        return default if raw is None else json.loads(raw)

    def set_setting(self, key: str, value: Any) -> None:
        """Store a setting and bump the settings version of its prefix (the text before the first dot), so
        results cached on that prefix (``cache_key(prefix)``) are recomputed."""
        payload = json.dumps(value, ensure_ascii=False)
        version_key = _SETTINGS_VERSION + key.split(".")[0]
        with self.transaction() as cur:
            cur.execute(
                "INSERT OR REPLACE INTO settings (key, value, updated_at) VALUES (?, ?, current_timestamp)",
                [key, payload],
            )
            cur.execute(
                "INSERT OR REPLACE INTO meta VALUES (?, CAST(COALESCE((SELECT CAST(value AS BIGINT) FROM meta "
                "WHERE key = ?), 0) + 1 AS VARCHAR))",
                [version_key, version_key],
            )

    def settings_version(self, prefix: str) -> int:
        """A counter that changes whenever a setting under ``prefix`` changes."""
        return self.cache_key(prefix)[3]

    # -- lifecycle ----------------------------------------------------------------------------------
    def checkpoint(self) -> None:
        """Write the WAL into the main file, so that the file alone is a complete copy."""
        with self._write_lock:
            self._con.execute("CHECKPOINT")

    def close(self) -> None:
        with self._write_lock:
            self._con.close()

    def __repr__(self) -> str:
        return f"Workspace({self.name!r})"


def quote_ident(name: str) -> str:
    """Quote an SQL identifier for DuckDB (double quotes, doubled inside)."""
    return '"' + str(name).replace('"', '""') + '"'


class WorkspaceManager:
    """The folder of workspaces: list, create, open, rename, duplicate and delete them safely.

    One manager serves the whole server process (the UI holds it in ``st.cache_resource``); it keeps one
    open :class:`Workspace` per file. It holds connections, never user data.
    """

    def __init__(self, home: Path) -> None:
        _private_umask()
        self.home = Path(home).resolve()
        self.home.mkdir(parents=True, exist_ok=True, mode=PRIVATE_DIR)
        _make_private(self.home, mode=PRIVATE_DIR)
        self._lock = threading.RLock()
        self._open: dict[str, Workspace] = {}

    def path_for(self, name: str) -> Path:
        """The file of a workspace name, guaranteed to be directly inside ``home``."""
        cleaned = validate_name(name)
        path = (self.home / f"{cleaned}{SUFFIX}").resolve()
        if path.parent != self.home:
            raise WorkbenchError("store.error.name_invalid", name=cleaned)
        return path

    def names(self) -> list[str]:
        """Existing workspaces, sorted, the demo first."""
        found = sorted(p.name[: -len(SUFFIX)] for p in self.home.glob(f"*{SUFFIX}") if p.is_file())
        return sorted(found, key=lambda n: (n != DEMO_NAME, n.casefold()))

    def exists(self, name: str) -> bool:
        try:
            return self.path_for(name).is_file()
        except WorkbenchError:
            return False

    def open(self, name: str) -> Workspace:
        """The open workspace of that name; raises if it does not exist."""
        path = self.path_for(name)
        with self._lock:
            ws = self._open.get(path.name)
            if ws is not None:
                return ws
            if not path.is_file():
                raise WorkbenchError("store.error.not_found", name=validate_name(name))
            ws = Workspace(path)
            self._open[path.name] = ws
            return ws

    def create(self, name: str) -> Workspace:
        path = self.path_for(name)
        with self._lock:
            if path.exists():
                raise WorkbenchError("store.error.exists", name=validate_name(name))
            try:
                ws = Workspace(path)
            except Exception:
                _remove_files(path)
                raise
            self._open[path.name] = ws
            return ws

    def rename(self, old: str, new: str) -> Workspace:
        src, dst = self.path_for(old), self.path_for(new)
        with self._lock:
            if not src.is_file():
                raise WorkbenchError("store.error.not_found", name=validate_name(old))
            if dst.exists():
                raise WorkbenchError("store.error.exists", name=validate_name(new))
            self.open(old)  # opening replays a write-ahead log left by a crash into the file ...
            self._close(src)  # ... and closing checkpoints it, so the file alone holds everything
            src.rename(dst)
            _make_private(dst)
            return self.open(new)

    def duplicate(self, source: str, new: str) -> Workspace:
        src, dst = self.path_for(source), self.path_for(new)
        with self._lock:
            if dst.exists():
                raise WorkbenchError("store.error.exists", name=validate_name(new))
            ws = self.open(source)
            with ws._write_lock:  # no write may land between the checkpoint and the copy
                ws.checkpoint()
                shutil.copyfile(src, dst)
                _make_private(dst)
            return self.open(new)

    def delete(self, name: str) -> None:
        path = self.path_for(name)
        with self._lock:
            if not path.is_file():
                raise WorkbenchError("store.error.not_found", name=validate_name(name))
            self._close(path)
            _remove_files(path)

    def close_all(self) -> None:
        with self._lock:
            for ws in self._open.values():
                ws.close()
            self._open.clear()

    def _close(self, path: Path) -> None:
        ws = self._open.pop(path.name, None)
        if ws is not None:
            ws.close()


def _private_umask() -> None:
    """Files and folders this process creates from now on are its user's only (umask 077).

    DuckDB creates the workspace file, its write-ahead log (again after every checkpoint) and its spill
    folder itself, with the process umask; no chmod afterwards could cover the log's next incarnation. Only
    bits are added, never removed, so concurrent calls cannot loosen what another call set.
    """
    if os.name == "posix":
        os.umask(os.umask(0o077) | 0o077)


def _make_private(*paths: Path, mode: int = PRIVATE_FILE) -> None:
    """Take group and other permissions off existing ``paths`` (files left by an older release, a rename)."""
    if os.name != "posix":
        return
    for path in paths:
        try:
            if path.stat().st_mode & 0o077:
                os.chmod(path, mode)
        except FileNotFoundError:
            continue
        except PermissionError:  # not ours (a shared folder set up by someone else): leave it as it is
            continue


def _remove_files(path: Path) -> None:
    for p in (path, path.with_name(path.name + ".wal")):
        p.unlink(missing_ok=True)
