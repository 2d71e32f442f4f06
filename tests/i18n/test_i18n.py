"""The zh and en catalogs stay complete and in step, and the code uses only keys that exist."""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest

from workbench.i18n import LANGS, catalog, t

ROOT = Path(__file__).resolve().parents[2]
SOURCES = [ROOT / "app.py", *ROOT.glob("ui/*.py"), *ROOT.glob("views/*.py"), *ROOT.glob("workbench/**/*.py")]
KEY_RE = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$")


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_message_has_both_languages_with_the_same_placeholders():
    problems = []
    for key, pair in catalog().items():
        if not (isinstance(pair, tuple) and len(pair) == len(LANGS)):
            problems.append(f"{key}: expected a (zh, en) pair")
            continue
        zh, en = pair
        if not zh.strip() or not en.strip():
            problems.append(f"{key}: empty text")
        if _fields(zh) != _fields(en):
            problems.append(f"{key}: placeholders differ {_fields(zh)} vs {_fields(en)}")
        if not KEY_RE.match(key):
            problems.append(f"{key}: key is not dotted lower-case")
    assert problems == []


def test_zh_texts_are_chinese_and_en_texts_are_not():
    """Catches a pair written in the wrong order or left untranslated."""
    cjk = re.compile(r"[\u4e00-\u9fff]")
    wrong = [k for k, (zh, en) in catalog().items() if cjk.search(en) and not cjk.search(zh)]
    untranslated = [k for k, (zh, en) in catalog().items() if zh == en and re.search(r"[a-z]{4,}", zh)]
    assert wrong == []
    assert untranslated == []


def _literal_keys_used_in_code() -> set[tuple[str, str]]:
    """String literals passed as the first argument to t(), ctx.t(), page_context() or WorkbenchError()."""
    used = set()
    for path in SOURCES:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name not in {"t", "page_context", "WorkbenchError"}:
                continue
            for arg in node.args[: 2 if name == "page_context" else 1]:
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str) and KEY_RE.match(arg.value):
                    used.add((str(path.relative_to(ROOT)), arg.value))
    return used


def test_every_key_used_in_code_exists():
    missing = sorted((where, key) for where, key in _literal_keys_used_in_code() if key not in catalog())
    assert missing == []


@pytest.mark.parametrize("lang", LANGS)
def test_t_fills_placeholders(lang):
    text = t("store.error.exists", lang, name="客户A")
    assert "客户A" in text and "{" not in text


def test_a_count_agrees_with_its_noun(monkeypatch):
    import workbench.i18n as i18n

    messages = {"x.count": ("{n} 位客户", "{n} {n:plural:customer|customers}")}
    monkeypatch.setattr(i18n, "catalog", lambda: messages)
    assert [t("x.count", "en", n=n) for n in (1, "1", 0, 2, "1,234")] == [
        "1 customer", "1 customer", "0 customers", "2 customers", "1,234 customers"]
    assert t("x.count", "zh", n=1) == "1 位客户"


def test_unknown_key_comes_back_as_itself():
    assert t("no.such.key", "en") == "no.such.key"
