"""Every setting is documented in the README's settings table, and the table names no unknown setting."""

from __future__ import annotations

import re
from pathlib import Path

from workbench.core import settings

README = Path(__file__).resolve().parents[2] / "README.md"


def test_readme_settings_table_matches_settings():
    text = README.read_text(encoding="utf-8")
    section = text.split("## Configuration", 1)[1].split("\n## ", 1)[0]
    rows = re.findall(r"^\|\s*`(WORKBENCH_[A-Z_]+)`\s*\|\s*`([^`]*)`\s*\|\s*(.*?)\s*\|\s*$", section, re.M)
    # the README's table is the declared settings: same names, defaults and help text
    assert rows == [(s.name, s.default, s.help) for s in settings.SETTINGS]


def test_home_relative_to_app_dir(monkeypatch, tmp_path):
    # a relative folder is taken from the app's folder, not from wherever the server was started
    monkeypatch.setattr(settings, "APP_DIR", tmp_path / "app")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("WORKBENCH_HOME", "ws")
    assert settings.workbench_home() == (tmp_path / "app" / "ws").resolve()
    assert (tmp_path / "app" / "ws").is_dir() and not (tmp_path / "ws").exists()
    monkeypatch.setenv("WORKBENCH_HOME", str(tmp_path / "elsewhere"))  # an absolute one as given
    assert settings.workbench_home() == (tmp_path / "elsewhere").resolve()
