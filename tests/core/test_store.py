"""The workspace store: names, lifecycle, migrations, transactions and concurrent use."""

from __future__ import annotations

import os
import shutil
import threading
import types

import duckdb
import pandas as pd
import pytest

from workbench.core import migrations as migrations_pkg
from workbench.core import store
from workbench.core.errors import WorkbenchError
from workbench.core.migrations import latest_version, migrations
from workbench.core.store import Workspace, WorkspaceManager, validate_name


# -- names ------------------------------------------------------------------------------------------
@pytest.mark.parametrize("name", ["demo", "客户A 2026", "Acme (Q3)", "north-east_v2", "Café.2026"])
def test_valid_names_are_kept(name):
    assert validate_name(f"  {name} ") == name


@pytest.mark.parametrize(
    "name, key",
    [
        ("", "store.error.name_empty"),
        ("   ", "store.error.name_empty"),
        ("x" * 65, "store.error.name_too_long"),
        ("../evil", "store.error.name_invalid"),
        ("..", "store.error.name_invalid"),
        ("a/b", "store.error.name_invalid"),
        ("a\\b", "store.error.name_invalid"),
        ("/etc/passwd", "store.error.name_invalid"),
        (".hidden", "store.error.name_invalid"),
        ("name.", "store.error.name_invalid"),
        ("nul\x00byte", "store.error.name_invalid"),
        ("tab\tname", "store.error.name_invalid"),
        ("_leading", "store.error.name_invalid"),
        ("C:evil", "store.error.name_invalid"),
        ("a*b", "store.error.name_invalid"),
    ],
)
def test_bad_names_are_refused_with_the_reason(name, key):
    with pytest.raises(WorkbenchError) as info:
        validate_name(name)
    assert info.value.key == key


def test_no_name_reaches_outside_the_folder(manager, tmp_path):
    for attempt in ["../x", "..\\x", "%2e%2e/x", "x/../../y", "/abs"]:
        with pytest.raises(WorkbenchError):
            manager.create(attempt)
    assert sorted(p.name for p in tmp_path.rglob("*.duckdb")) == []


def test_path_for_is_inside_home(manager):
    assert manager.path_for("a b").parent == manager.home


# -- lifecycle --------------------------------------------------------------------------------------
def test_create_rename_duplicate_delete(manager):
    ws = manager.create("alpha")
    ws.set_setting("x.y", {"k": [1, 2]})
    assert manager.names() == ["alpha"]
    with pytest.raises(WorkbenchError) as info:
        manager.create("alpha")
    assert info.value.key == "store.error.exists"

    renamed = manager.rename("alpha", "beta")
    assert manager.names() == ["beta"]
    assert renamed.get_setting("x.y") == {"k": [1, 2]}

    copy = manager.duplicate("beta", "gamma")
    copy.set_setting("x.y", "changed in the copy")
    assert manager.open("beta").get_setting("x.y") == {"k": [1, 2]}
    assert manager.names() == ["beta", "gamma"]

    manager.delete("beta")
    assert manager.names() == ["gamma"]
    assert not (manager.home / "beta.duckdb").exists()
    with pytest.raises(WorkbenchError) as info:
        manager.open("beta")
    assert info.value.key == "store.error.not_found"


def test_rename_onto_existing_is_refused_and_keeps_both(manager):
    manager.create("a").set_setting("who", "a")
    manager.create("b").set_setting("who", "b")
    with pytest.raises(WorkbenchError):
        manager.rename("a", "b")
    assert manager.open("a").get_setting("who") == "a"
    assert manager.open("b").get_setting("who") == "b"


def test_demo_is_listed_first(manager):
    for name in ["zeta", "demo", "Alpha"]:
        manager.create(name)
    assert manager.names() == ["demo", "Alpha", "zeta"]


def test_reopen_after_close_keeps_data(manager):
    manager.create("keep").set_setting("a", 1)
    manager.close_all()
    assert WorkspaceManager(manager.home).open("keep").get_setting("a") == 1


# -- migrations -------------------------------------------------------------------------------------
def test_new_workspace_is_at_latest_schema(manager):
    ws = manager.create("fresh")
    assert ws.schema_version() == latest_version() >= 3
    tables = set(ws.query("SELECT table_name FROM information_schema.tables")["table_name"])
    assert {"meta", "settings", "orders", "customers", "survey", "imports", "quarantine", "initiatives"} <= tables


def test_old_file_is_migrated_and_keeps_its_data(home):
    """A file made by release 1 (schema version 1 only) opens after later migrations were added."""
    home.mkdir(parents=True)
    path = home / "old.duckdb"
    con = duckdb.connect(str(path))
    migrations()[0].upgrade(con)
    con.execute("INSERT INTO meta VALUES ('schema_version', '1'), ('data_version', '7')")
    con.execute("INSERT INTO settings (key, value) VALUES ('kept', '\"yes\"')")
    con.close()

    ws = Workspace(path)
    assert ws.schema_version() == latest_version()
    assert ws.get_setting("kept") == "yes"
    assert ws.data_version() == 7
    assert ws.row_count("orders") == 0
    ws.close()


def test_newer_file_gives_a_clear_error(home):
    home.mkdir(parents=True)
    path = home / "future.duckdb"
    con = duckdb.connect(str(path))
    migrations()[0].upgrade(con)
    con.execute("INSERT INTO meta VALUES ('schema_version', ?)", [str(latest_version() + 5)])
    con.close()
    with pytest.raises(WorkbenchError) as info:
        Workspace(path)
    assert info.value.key == "store.error.newer_schema"
    assert info.value.params["found"] == latest_version() + 5
    assert "newer release" in info.value.text("en")
    assert "更新版本" in info.value.text("zh")


def test_failing_migration_leaves_the_file_as_it_was(home, monkeypatch):
    home.mkdir(parents=True)
    path = home / "m.duckdb"
    Workspace(path).close()

    def broken(cur):
        cur.execute("CREATE TABLE half_done (x INTEGER)")
        raise RuntimeError("disk full")

    bad = types.SimpleNamespace(VERSION=latest_version() + 1, upgrade=broken)
    monkeypatch.setattr(store, "migrations", lambda: (*migrations(), bad))
    monkeypatch.setattr(store, "latest_version", lambda: latest_version() + 1)
    with pytest.raises(RuntimeError, match="disk full"):
        Workspace(path)
    monkeypatch.undo()

    ws = Workspace(path)
    assert ws.schema_version() == latest_version()
    assert "half_done" not in set(ws.query("SELECT table_name FROM information_schema.tables")["table_name"])
    ws.close()


def test_migration_versions_are_contiguous():
    assert [m.VERSION for m in migrations_pkg.migrations()] == list(range(1, latest_version() + 1))


# -- transactions -----------------------------------------------------------------------------------
def test_failed_write_rolls_back_everything(manager):
    ws = manager.create("tx")
    ws.set_setting("before", 1)
    version = ws.data_version()
    with pytest.raises(ZeroDivisionError):
        with ws.transaction() as cur:
            cur.execute("INSERT INTO settings (key, value) VALUES ('partial', '1')")
            ws.bump_data_version(cur)
            raise ZeroDivisionError  # a failure in the middle of the transaction
    assert ws.get_setting("partial") is None
    assert ws.get_setting("before") == 1
    assert ws.data_version() == version


def test_data_version_counts_data_writes(manager):
    ws = manager.create("v")
    start = ws.data_version()
    with ws.transaction() as cur:
        ws.bump_data_version(cur)
    assert ws.data_version() == start + 1


def test_many_threads_read_and_write_one_workspace(manager):
    """Streamlit serves each browser session from its own thread; nothing may be lost or raise."""
    ws = manager.create("busy")
    errors = []

    def worker(i):
        try:
            for j in range(25):
                ws.set_setting(f"t{i}", j)
                assert ws.get_setting(f"t{i}") == j
                ws.query("SELECT count(*) FROM settings")
        except Exception as exc:  # collected, asserted below
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(8)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert errors == []
    assert {ws.get_setting(f"t{i}") for i in range(8)} == {24}


def test_quote_ident_escapes_quotes():
    assert store.quote_ident('a"b') == '"a""b"'


def test_query_large_gives_the_same_frame_as_query(manager):
    ws = manager.create("big")
    sql = ("SELECT * FROM (VALUES ('甲', 1, 2.5, TIMESTAMP '2024-01-05 10:00'), ('b', NULL, NULL, NULL)) "
           "AS t(name, n, x, ts) WHERE n IS NULL OR n > ?")
    large, small = ws.query_large(sql, [0]), ws.query(sql, [0])
    assert list(large["name"]) == ["甲", "b"] and large["x"].iloc[0] == 2.5
    assert large["ts"].iloc[0] == small["ts"].iloc[0] == pd.Timestamp("2024-01-05 10:00")
    assert large.isna().sum().to_dict() == small.isna().sum().to_dict() == {"name": 0, "n": 1, "x": 1, "ts": 1}


def test_a_workspace_made_again_under_a_deleted_name_has_a_new_cache_key(manager):
    # its data version starts again at 0, so (file, data version) alone would hand it the old one's caches
    first = manager.create("client")
    old_key = first.cache_key()
    manager.delete("client")
    again = manager.create("client")
    assert again.data_version() == old_key[2] == 0 and again.cache_key()[0] == old_key[0]
    assert again.cache_key() != old_key


def test_rename_after_a_crash_keeps_what_the_write_ahead_log_held(manager, tmp_path):
    # the files as a crash leaves them: copied while open, the new setting lives only in a.duckdb.wal
    manager.create("a").set_setting("k", 42)
    crashed = tmp_path / "crashed"
    crashed.mkdir()
    for name in ("a.duckdb", "a.duckdb.wal"):
        shutil.copyfile(manager.home / name, crashed / name)
    mgr = WorkspaceManager(crashed)
    assert mgr.rename("a", "b").get_setting("k") == 42
    assert sorted(p.name for p in crashed.iterdir()) == ["b.duckdb"]
    mgr.close_all()


# -- permissions: a client's data is readable by the consultant's user only ---------------------------------
def _mode(path) -> int:
    return path.stat().st_mode & 0o777


@pytest.fixture
def open_umask():
    """The usual desktop umask (022: new files world-readable), restored afterwards."""
    old = os.umask(0o022)
    yield
    os.umask(old)


@pytest.mark.skipif(os.name != "posix", reason="POSIX permission bits")
def test_workspace_files_and_folder_are_private(open_umask, tmp_path):
    # 0600 / 0700 worked out from the issue: user read+write only, nothing for group and others
    home = tmp_path / "home"
    mgr = WorkspaceManager(home)
    ws = mgr.create("client")
    ws.set_setting("k", 1)  # a write: DuckDB keeps it in client.duckdb.wal until a checkpoint
    assert (home / "client.duckdb.wal").exists()
    assert _mode(home) == 0o700
    assert _mode(home / "client.duckdb") == 0o600
    assert _mode(home / "client.duckdb.wal") == 0o600
    ws.checkpoint()  # DuckDB removes the .wal here and creates a new one at the next write
    ws.set_setting("k", 2)
    assert _mode(home / "client.duckdb.wal") == 0o600
    assert _mode(mgr.duplicate("client", "copy").path) == 0o600
    assert _mode(mgr.rename("copy", "renamed").path) == 0o600
    mgr.close_all()


@pytest.mark.skipif(os.name != "posix", reason="POSIX permission bits")
def test_files_left_readable_by_an_older_release_are_made_private(open_umask, tmp_path):
    home = tmp_path / "home"
    home.mkdir(mode=0o755)
    con = duckdb.connect(str(home / "old.duckdb"))
    con.close()
    os.chmod(home, 0o755)
    os.chmod(home / "old.duckdb", 0o644)
    mgr = WorkspaceManager(home)
    assert _mode(home) == 0o700
    mgr.open("old")
    assert _mode(home / "old.duckdb") == 0o600
    os.chmod(home / "old.duckdb", 0o644)
    mgr.close_all()
    assert _mode(mgr.rename("old", "new").path) == 0o600
    mgr.close_all()
