"""``python -m workbench workspaces``: every action through the sidebar's store functions, each user error a
message and exit status 2, nothing changed by a refused action."""

from __future__ import annotations

import gzip
import json

import pandas as pd
import pytest
from helpers import insert_rows

from workbench import demo, journey
from workbench.__main__ import main
from workbench.core.currency import set_workspace_currency, workspace_currency

ORDERS = pd.DataFrame({"order_id": ["o1", "o2", "o3"], "customer_id": ["c1", "c1", "c2"],
                       "order_ts": pd.to_datetime(["2024-01-05", "2024-02-01", "2024-01-09"]),
                       "amount": [10.0, 20.0, 5.5]})


def cli(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def files(home) -> list[str]:
    return sorted(p.name for p in home.iterdir()) if home.exists() else []


@pytest.fixture
def acme(manager):
    """A workspace "acme" holding three orders, amounts in EUR, closed (a command opens it in its own way)."""
    ws = manager.create("acme")
    insert_rows(ws, "orders", ORDERS)
    set_workspace_currency(ws, "EUR")
    identity = ws.identity()
    manager.close_all()
    return identity


# -- list ---------------------------------------------------------------------------------------------------

def test_list_names_the_demo_first_as_text_and_as_json(manager, capsys):
    for name in ("b客户", "demo", "Alpha"):
        manager.create(name)
    manager.close_all()
    expected = ["demo", "Alpha", "b客户"]  # the demo first, then case-insensitive order
    for argv in (["workspaces"], ["workspaces", "list"]):  # without an action it lists, as it always has
        code, out, err = cli(capsys, *argv)
        assert (code, out.splitlines(), err) == (0, expected, "")
    for argv in (["workspaces", "--json"], ["workspaces", "list", "--json"], ["workspaces", "--json", "list"]):
        code, out, _ = cli(capsys, *argv)
        assert (code, json.loads(out)) == (0, expected)


def test_an_empty_folder_lists_nothing_and_says_where_it_looked(home, capsys):
    code, out, err = cli(capsys, "workspaces", "list")
    assert (code, out) == (0, "")
    assert f"There is no workspace in {home}" in err
    assert json.loads(cli(capsys, "workspaces", "--json")[1]) == []


# -- create -------------------------------------------------------------------------------------------------

def test_create_makes_an_empty_workspace_in_the_currency_asked(home, manager, capsys):
    code, out, err = cli(capsys, "workspaces", "create", "acme", "--currency", "usd", "--json")
    assert (code, err) == (0, "")
    assert json.loads(out) == {"action": "create", "workspace": "acme", "path": str(home / "acme.duckdb"),
                               "created": True, "currency": "USD"}
    code, out, _ = cli(capsys, "workspaces", "create", "客户 A")
    assert code == 0 and out == f"Workspace “客户 A” created (amounts in CNY): {home / '客户 A.duckdb'}\n"
    assert manager.names() == ["acme", "客户 A"]
    assert workspace_currency(manager.open("acme")) == "USD"
    assert workspace_currency(manager.open("客户 A")) == "CNY"
    assert manager.open("客户 A").row_count("orders") == 0


def test_create_refuses_an_existing_name_and_leaves_it_alone(acme, manager, capsys):
    code, out, err = cli(capsys, "workspaces", "create", "acme")
    assert (code, out) == (2, "")
    assert err == "error: A workspace named “acme” already exists.\n"
    code, _, err = cli(capsys, "workspaces", "create", "acme", "--lang", "zh")
    assert code == 2 and err == "错误：工作区「acme」已存在。\n"
    ws = manager.open("acme")
    assert ws.row_count("orders") == 3 and workspace_currency(ws) == "EUR" and ws.identity() == acme


def test_create_exist_ok_changes_nothing_of_an_existing_workspace(acme, manager, capsys):
    code, out, _ = cli(capsys, "workspaces", "create", "acme", "--exist-ok", "--currency", "USD", "--json")
    assert code == 0
    assert json.loads(out) | {"path": ""} == {"action": "create", "workspace": "acme", "path": "",
                                              "created": False, "currency": "EUR"}
    code, out, _ = cli(capsys, "workspaces", "create", "acme", "--exist-ok")
    assert (code, out) == (0, "Workspace “acme” already exists (amounts in EUR); nothing changed.\n")
    ws = manager.open("acme")
    assert ws.row_count("orders") == 3 and workspace_currency(ws) == "EUR" and ws.identity() == acme
    code, out, _ = cli(capsys, "workspaces", "create", "new", "--exist-ok", "--json")
    assert code == 0 and json.loads(out)["created"] is True


@pytest.mark.parametrize("name, message", [
    ("../evil", "“../evil” cannot be used"),
    ("a/b", "“a/b” cannot be used"),
    (".hidden", "“.hidden” cannot be used"),
    ("trailing.", "“trailing.” cannot be used"),
    ("", "The workspace name cannot be empty."),
    ("   ", "The workspace name cannot be empty."),
    ("x" * 65, "Workspace names are at most 64 characters."),
])
def test_create_refuses_invalid_names_and_writes_nothing(home, tmp_path, capsys, name, message):
    before = sorted(p.name for p in tmp_path.iterdir())
    code, out, err = cli(capsys, "workspaces", "create", name)
    assert (code, out) == (2, "") and message in err and err.startswith("error: ")
    assert files(home) == [] and sorted(p.name for p in tmp_path.iterdir()) == before


def test_create_refuses_an_unknown_currency_before_making_anything(home, capsys):
    code, _, err = cli(capsys, "workspaces", "create", "acme", "--currency", "XBT")
    assert code == 2 and "Unknown currency code “XBT”; choose one of CNY, USD, EUR" in err
    assert files(home) == []


# -- rename -------------------------------------------------------------------------------------------------

def test_rename_keeps_data_settings_and_identity(acme, home, manager, capsys):
    code, out, _ = cli(capsys, "workspaces", "rename", "acme", "Acme 2024", "--json")
    assert code == 0
    assert json.loads(out) == {"action": "rename", "workspace": "Acme 2024", "path": str(home / "Acme 2024.duckdb"),
                               "old": "acme"}
    assert manager.names() == ["Acme 2024"]
    ws = manager.open("Acme 2024")
    assert ws.row_count("orders") == 3 and workspace_currency(ws) == "EUR" and ws.identity() == acme
    manager.close_all()
    assert cli(capsys, "workspaces", "rename", "Acme 2024", "acme")[1] == "Renamed to “acme”.\n"


def test_rename_errors_leave_both_workspaces_as_they_were(acme, home, manager, capsys):
    manager.create("other")
    manager.close_all()
    code, _, err = cli(capsys, "workspaces", "rename", "nope", "x")
    assert code == 2
    assert err == (f"error: Workspace “nope” was not found in {home}. `python -m workbench workspaces list` "
                   "lists the workspaces there are.\n")
    assert cli(capsys, "workspaces", "rename", "acme", "other")[2] == \
        "error: A workspace named “other” already exists.\n"
    code, _, err = cli(capsys, "workspaces", "rename", "acme", "../other")
    assert code == 2 and "“../other” cannot be used" in err
    code, _, err = cli(capsys, "workspaces", "rename", "../acme", "x")
    assert code == 2 and "“../acme” cannot be used" in err
    assert manager.names() == ["acme", "other"] and manager.open("acme").row_count("orders") == 3


# -- duplicate ----------------------------------------------------------------------------------------------

def test_duplicate_copies_everything_and_leaves_the_source(acme, manager, capsys):
    code, out, _ = cli(capsys, "workspaces", "duplicate", "acme", "acme copy")
    assert (code, out) == (0, "Duplicated as “acme copy”.\n")
    assert manager.names() == ["acme", "acme copy"]
    for name in ("acme", "acme copy"):
        ws = manager.open(name)
        assert ws.row_count("orders") == 3 and workspace_currency(ws) == "EUR"
    manager.close_all()
    code, out, _ = cli(capsys, "workspaces", "duplicate", "acme", "third", "--json")
    assert code == 0 and json.loads(out)["source"] == "acme" and json.loads(out)["workspace"] == "third"


def test_duplicate_errors(acme, home, manager, capsys):
    manager.create("other")
    manager.close_all()
    code, _, err = cli(capsys, "workspaces", "duplicate", "nope", "x")
    assert code == 2 and f"Workspace “nope” was not found in {home}" in err
    code, _, err = cli(capsys, "workspaces", "duplicate", "acme", "other")
    assert code == 2 and "A workspace named “other” already exists." in err
    code, _, err = cli(capsys, "workspaces", "duplicate", "acme", "a\\b")
    assert code == 2 and "cannot be used" in err
    assert files(home) == ["acme.duckdb", "other.duckdb"]


# -- delete -------------------------------------------------------------------------------------------------

def test_delete_needs_yes(acme, home, manager, capsys):
    code, out, err = cli(capsys, "workspaces", "delete", "acme")
    assert (code, out) == (2, "")
    assert err == ("error: Deleting removes workspace “acme” and all its data for good. Add --yes to confirm: "
                   "`python -m workbench workspaces delete acme --yes`.\n")
    code, _, err = cli(capsys, "workspaces", "delete", "acme", "--lang", "zh")
    assert code == 2 and "--yes" in err and err.startswith("错误：删除会永久移除工作区「acme」")
    assert manager.open("acme").row_count("orders") == 3


def test_delete_with_yes_removes_the_file(acme, home, manager, capsys):
    manager.create("my ws")
    manager.close_all()
    code, out, _ = cli(capsys, "workspaces", "delete", "acme", "--yes")
    assert (code, out) == (0, "Workspace “acme” deleted.\n")
    code, out, _ = cli(capsys, "workspaces", "delete", "my ws", "--yes", "--json")
    assert code == 0 and json.loads(out) == {"action": "delete", "workspace": "my ws",
                                             "path": str(home / "my ws.duckdb")}
    assert files(home) == []  # no database file and no write-ahead log
    code, _, err = cli(capsys, "workspaces", "delete", "acme", "--yes")
    assert code == 2 and "Workspace “acme” was not found" in err


def test_delete_hint_quotes_a_name_with_spaces_as_one_shell_word(manager, capsys):
    manager.create("Acme 2024")
    manager.close_all()
    assert "`python -m workbench workspaces delete 'Acme 2024' --yes`" in cli(
        capsys, "workspaces", "delete", "Acme 2024")[2]


# -- another process holds the file -------------------------------------------------------------------------

@pytest.mark.parametrize("argv", [
    ["rename", "acme", "renamed"],
    ["duplicate", "acme", "copy"],
    ["delete", "acme", "--yes"],
    ["create", "acme", "--exist-ok"],
])
def test_a_workspace_another_process_holds_is_left_alone(acme, home, held, capsys, argv):
    with held("acme"):
        code, out, err = cli(capsys, "workspaces", *argv)
        assert (code, out) == (2, "")
        assert err.startswith("error: Workspace “acme” is in use by another process (most likely the running "
                              "app): stop it first.")
        assert len(err.strip().splitlines()) == 1
        code, _, err = cli(capsys, "workspaces", *argv, "--lang", "zh")
        assert code == 2 and "工作区「acme」正被另一个进程" in err
    assert files(home) == ["acme.duckdb"]


# -- demo ---------------------------------------------------------------------------------------------------

@pytest.fixture
def tiny_samples(tmp_path, monkeypatch):
    """The demo built from three small sample files (the real 150k orders are tests/test_demo.py's)."""
    folder = tmp_path / "samples"
    folder.mkdir()
    with gzip.open(folder / "orders.csv.gz", "wt", encoding="utf-8") as f:
        f.write("order_id,customer_id,order_ts,amount\nA1,C1,2024-01-05,12.5\nA2,C1,2024-02-05,8\n"
                "A3,C2,2024-01-20,30\n")
    (folder / "customers.csv").write_text("customer_id,city\nC1,上海\nC2,北京\n", encoding="utf-8")
    (folder / "survey.csv").write_text("respondent_id,attribute,importance,performance\nR1,价格,6,4\n",
                                       encoding="utf-8")
    monkeypatch.setattr(demo, "SAMPLE_DIR", folder)
    return folder


def test_demo_builds_the_demo_workspace_in_the_configured_language(tiny_samples, home, manager, capsys):
    code, out, _ = cli(capsys, "workspaces", "demo", "--json")  # WORKBENCH_LANG is zh (tests/conftest.py)
    assert code == 0
    assert json.loads(out) == {"action": "demo", "workspace": "demo", "path": str(home / "demo.duckdb"),
                               "lang": "zh"}
    ws = manager.open("demo")
    assert (ws.row_count("orders"), ws.row_count("customers"), ws.row_count("survey")) == (3, 2, 1)
    assert list(journey.list_maps(ws)["name"]) == ["咖啡/零售连锁"]
    manager.close_all()

    code, out, err = cli(capsys, "workspaces", "demo")
    assert (code, out) == (2, "")
    assert err == ("error: The demo workspace “demo” already exists. To rebuild it from the sample data, delete "
                   "it first: `python -m workbench workspaces delete demo --yes`.\n")
    assert cli(capsys, "workspaces", "delete", "demo", "--yes")[0] == 0
    code, out, _ = cli(capsys, "workspaces", "demo", "--lang", "en")
    assert (code, out) == (0, f"Demo workspace “demo” built from the sample data: {home / 'demo.duckdb'}\n")
    assert list(journey.list_maps(manager.open("demo"))["name"]) == ["Coffee / retail chain"]


def test_demo_that_cannot_be_built_leaves_nothing(tiny_samples, home, capsys):
    (tiny_samples / "survey.csv").unlink()
    code, out, err = cli(capsys, "workspaces", "demo")
    assert (code, out) == (2, "") and "File not found" in err and "survey.csv" in err
    assert files(home) == []
