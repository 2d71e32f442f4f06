"""``python -m workbench serve`` (what scripts/run.sh runs): the streamlit command line and environment it
starts, for this machine only and for sharing. The server itself is started in tests/browser/test_access.py;
here ``os.execve`` is replaced by a recorder."""

from __future__ import annotations

import os
import re

import pytest

from workbench.__main__ import main
from workbench.commands import serve_cmd
from workbench.core import access

OWN = frozenset({"127.0.0.1", "::1", "192.0.2.7", "fe80::1", "box", "box.local"})


@pytest.fixture
def started(monkeypatch):
    """What the command would exec: {"argv": [...], "env": {...}}, filled by the recorder."""
    for name in ("WORKBENCH_ACCESS_CODE", "WORKBENCH_SHARE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("WORKBENCH_LANG", "en")
    monkeypatch.setattr(access, "own_addresses", lambda: OWN)
    seen: dict = {}

    def execve(path, argv, env):
        seen.update(path=path, argv=list(argv), env=dict(env))

    monkeypatch.setattr(os, "execve", execve)
    return seen


def _option_values(argv: list[str], name: str) -> list[str]:
    return [a.split("=", 1)[1] for a in argv if a.startswith(name + "=")] + [
        argv[i + 1] for i, a in enumerate(argv) if a == name]


def test_by_default_it_listens_on_loopback_only(started, capsys):
    assert main(["serve"]) == 0
    argv = started["argv"]
    assert argv[1:4] == ["-m", "streamlit", "run"] and argv[4].endswith("app.py")
    assert _option_values(argv, "--server.address") == ["127.0.0.1"]
    assert _option_values(argv, "--server.allowedHosts") == []  # config.toml's loopback names apply
    assert "WORKBENCH_ACCESS_CODE" not in started["env"]
    assert "This machine only: http://localhost:8501" in capsys.readouterr().out


def test_options_after_the_separator_go_to_streamlit(started, capsys):
    assert main(["serve", "--", "--server.port", "8600", "--server.headless", "true"]) == 0
    assert started["argv"][-4:] == ["--server.port", "8600", "--server.headless", "true"]
    assert "http://localhost:8600" in capsys.readouterr().out


def test_sharing_generates_a_code_shown_on_the_terminal_only(started, capsys, monkeypatch):
    shown = []
    monkeypatch.setattr(serve_cmd, "_to_terminal", lambda line: shown.append(line) or True)
    assert main(["serve", "--share"]) == 0
    argv, env = started["argv"], started["env"]
    assert _option_values(argv, "--server.address") == ["0.0.0.0"]
    assert _option_values(argv, "--server.port") == ["8501"]  # fixed, so the printed address is right
    assert sorted(_option_values(argv, "--server.allowedHosts")) == sorted(OWN | {"localhost"})
    code = env["WORKBENCH_ACCESS_CODE"]
    assert re.fullmatch(r"[A-Z2-9]{4}-[A-Z2-9]{4}", code)
    assert shown == [f"Access code for this run: {code} (shown only here)"]
    out = capsys.readouterr().out
    assert code not in out and code not in " ".join(argv)  # not in a redirected log, not on the command line
    assert "participants open: http://192.0.2.7:8501" in out and "fe80" not in out


def test_without_a_terminal_a_code_must_be_set(started, capsys, monkeypatch):
    monkeypatch.setattr(serve_cmd, "_to_terminal", lambda line: False)
    assert main(["serve", "--share"]) == 2
    assert started == {}  # nothing started
    assert "Set WORKBENCH_ACCESS_CODE" in capsys.readouterr().err


def test_a_set_code_is_passed_on_and_never_printed(started, capsys, monkeypatch):
    monkeypatch.setenv("WORKBENCH_ACCESS_CODE", "Kaffee-2468")
    monkeypatch.setattr(serve_cmd, "_to_terminal", lambda line: pytest.fail("a set code is not shown"))
    assert main(["serve", "--share", "--", "--server.port", "8700"]) == 0
    assert started["env"]["WORKBENCH_ACCESS_CODE"] == "Kaffee-2468"
    assert _option_values(started["argv"], "--server.port") == ["8700"]
    out = capsys.readouterr().out
    assert "Kaffee" not in out and "KAFFEE" not in out and "http://192.0.2.7:8700" in out


def test_a_short_set_code_stops_the_start(started, capsys, monkeypatch):
    monkeypatch.setenv("WORKBENCH_ACCESS_CODE", "abc")
    assert main(["serve", "--share"]) == 2
    assert started == {}
    assert "at least 6 letters or digits" in capsys.readouterr().err


def test_the_share_setting_shares_like_the_flag(started, monkeypatch):
    monkeypatch.setenv("WORKBENCH_SHARE", "1")
    monkeypatch.setattr(serve_cmd, "_to_terminal", lambda line: True)
    assert main(["serve"]) == 0
    assert _option_values(started["argv"], "--server.address") == ["0.0.0.0"]
