"""workbench/ is logic only: importing any module must not load Streamlit (checked in a fresh interpreter)."""

from __future__ import annotations

import ast
import importlib.metadata
import pkgutil
import re
import subprocess
import sys
from pathlib import Path

import workbench

ROOT = Path(__file__).resolve().parent.parent


def _all_modules() -> list[str]:
    return sorted(
        info.name for info in pkgutil.walk_packages(workbench.__path__, prefix="workbench.")
        if not info.name.endswith("__main__")
    )


def test_workbench_modules_do_not_import_streamlit():
    modules = _all_modules()
    assert "workbench.core.store" in modules and "workbench.segments.provider" in modules
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "bad = sorted(m for m in sys.modules if m == 'streamlit' or m.startswith('streamlit.'))\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_every_module_declares_all():
    missing = []
    for name in _all_modules():
        path = ROOT / (name.replace(".", "/") + ".py")
        if not path.exists() or name.split(".")[-1].startswith(("v0", "catalog_", "__")):
            continue  # packages, migrations and catalogs are data, not APIs
        if name.startswith("workbench.commands."):
            continue  # commands expose NAME/add_arguments/run by convention
        if "__all__" not in path.read_text(encoding="utf-8"):
            missing.append(name)
    assert missing == []


_SQL_CALL = re.compile(
    r"import duckdb|\bduckdb\.|\.execute(many)?\(|\.query(_large)?\(|\.scalar\(|\.sql\(|\.row_count\(|"
    r"\bws\.table\(|\.register\(")


def _is_store(path: Path) -> bool:
    """The modules allowed to run SQL: the core store, an area's own ``store.py``, the migrations."""
    rel = path.relative_to(ROOT).as_posix()
    return rel == "workbench/core/store.py" or path.name == "store.py" or rel.startswith("workbench/core/migrations/")



def test_sql_runs_only_in_store_modules():
    """Only ``core/store.py``, an area's ``store.py`` and the migrations execute SQL or talk to DuckDB; pages,
    the UI glue and every other module call them."""
    offenders = []
    for path in [ROOT / "app.py", *ROOT.glob("ui/*.py"), *ROOT.glob("views/*.py"), *ROOT.glob("workbench/**/*.py")]:
        rel = path.relative_to(ROOT).as_posix()
        if _is_store(path):
            continue
        if _SQL_CALL.search(path.read_text(encoding="utf-8")):
            offenders.append(rel)
    assert offenders == []


def test_pages_hold_no_sql_text():
    """Not even a query string lives in a page or the UI glue."""
    offenders = [p.name for p in [ROOT / "app.py", *ROOT.glob("ui/*.py"), *ROOT.glob("views/*.py")]
                 if re.search(r"\bselect\s.+\bfrom\b", p.read_text(encoding="utf-8"), re.I)]
    assert offenders == []


def _requirement_names(path: Path) -> set[str]:
    names = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#")[0].strip()
        if line and not line.startswith("-"):
            names.add(re.split(r"[<>=!~\[ ;]", line)[0].lower().replace("_", "-"))
    return names


def test_every_third_party_module_the_app_uses_is_a_requirement():
    """A fresh machine installs requirements.txt only: whatever the app imports (or names as a pandas
    engine, which no import statement shows) must be listed there, not merely present on this machine."""
    used = set()
    for path in [ROOT / "app.py", *ROOT.glob("ui/*.py"), *ROOT.glob("views/*.py"), *ROOT.glob("workbench/**/*.py")]:
        text = path.read_text(encoding="utf-8")
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.Import):
                used.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                used.add(node.module.split(".")[0])
        used.update(re.findall(r"engine=\"(\w+)\"", text))
    third_party = used - set(sys.stdlib_module_names) - {"workbench", "ui", "views", "__future__"}
    distributions = importlib.metadata.packages_distributions()
    required = _requirement_names(ROOT / "requirements.txt")
    missing = {m for m in third_party
               if not {d.lower().replace("_", "-") for d in distributions.get(m, [m])} & required}
    assert "xlsxwriter" in third_party and "duckdb" in third_party
    assert not missing, f"used but not in requirements.txt: {sorted(missing)}"
