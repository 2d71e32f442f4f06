"""The lint rules and the layer contracts of ``pyproject.toml`` are part of the test suite: a change that
breaks either fails here, with the tool's own report."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _tool(name: str) -> str:
    """The tool installed beside this Python (scripts/test.sh installs both from requirements-dev.txt)."""
    here = Path(sys.executable).parent / name
    found = str(here) if here.exists() else shutil.which(name)
    assert found, f"{name} is not installed: pip install -r requirements-dev.txt"
    return found


def test_ruff_finds_nothing():
    out = subprocess.run([_tool("ruff"), "check", "."], cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 0, out.stdout + out.stderr


def test_the_layers_hold():
    out = subprocess.run([_tool("lint-imports")], cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 0, out.stdout + out.stderr
    assert "0 broken" in out.stdout


def test_no_unexplained_noqa():
    """Every ``# noqa`` says why after the code (``# noqa: E731 built on click``)."""
    bare = []
    for path in [*ROOT.glob("*.py"), *ROOT.glob("ui/*.py"), *ROOT.glob("views/*.py"), *ROOT.glob("workbench/**/*.py"),
                 *ROOT.glob("tests/**/*.py"), *ROOT.glob("bench/*.py")]:
        if path.name == "test_tooling.py":
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if "# noqa" in line:
                reason = line.split("# noqa", 1)[1].lstrip(":").strip()
                codes_and_text = reason.split(maxsplit=1)
                if len(codes_and_text) < 2 and "(" not in line.split("# noqa", 1)[1]:
                    bare.append(f"{path.relative_to(ROOT)}:{number}")
    assert bare == []
