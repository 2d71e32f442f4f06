"""Every setting is documented in the README's settings table, and the table names no unknown setting."""

from __future__ import annotations

import re
from pathlib import Path

from workbench import settings

README = Path(__file__).resolve().parent.parent / "README.md"


def test_readme_settings_table_matches_settings():
    text = README.read_text(encoding="utf-8")
    section = text.split("## Configuration", 1)[1].split("\n## ", 1)[0]
    documented = dict(re.findall(r"^\|\s*`(WORKBENCH_[A-Z_]+)`\s*\|\s*`([^`]*)`\s*\|", section, re.M))
    declared = {s.name: s.default for s in settings.SETTINGS}
    assert documented == declared


def test_home_relative_to_app_dir(monkeypatch, tmp_path):
    monkeypatch.setenv("WORKBENCH_HOME", str(tmp_path / "ws"))
    assert settings.workbench_home() == (tmp_path / "ws").resolve()
    assert (tmp_path / "ws").is_dir()
