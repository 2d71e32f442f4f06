"""Message catalogs for the two UI languages, zh and en.

Each area of the product keeps its messages in its own module ``workbench/i18n/catalog_<area>.py`` as
``MESSAGES = {key: (zh, en)}``; keeping both languages on one line makes a missing translation visible in
review, and ``tests/i18n/test_i18n.py`` checks that every entry has both, with the same ``{placeholders}``.
"""

from __future__ import annotations

import importlib
import pkgutil
import string
from collections.abc import Mapping
from functools import lru_cache
from types import MappingProxyType

__all__ = ["LANGS", "LANG_LABELS", "t", "catalog", "has_key", "normalise_lang"]

LANGS: tuple[str, ...] = ("zh", "en")
LANG_LABELS: Mapping[str, str] = MappingProxyType({"zh": "中文", "en": "English"})


@lru_cache(maxsize=1)
def catalog() -> Mapping[str, tuple[str, str]]:
    """All messages of every ``catalog_*`` module, read once; duplicate keys are an error."""
    merged: dict[str, tuple[str, str]] = {}
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if not info.name.startswith("catalog_"):
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        for key, pair in module.MESSAGES.items():
            if key in merged:
                raise ValueError(f"message key {key!r} is defined twice (again in {info.name})")
            merged[key] = pair
    return MappingProxyType(merged)


def normalise_lang(lang: str | None) -> str:
    """Map anything that is not a known language to the first one."""
    return lang if lang in LANGS else LANGS[0]


def has_key(key: str) -> bool:
    return key in catalog()


def t(key: str, lang: str, /, **params: object) -> str:
    """Translate ``key`` into ``lang``, filling ``{placeholders}`` from ``params``.

    An unknown key comes back as the key itself, so that tests scanning the rendered page can find it.
    """
    pair = catalog().get(key)
    if pair is None:
        return key
    text = pair[LANGS.index(normalise_lang(lang))]
    if not params:
        return text
    return _PLURALS.format(text, **params) if ":plural:" in text else text.format(**params)


class _PluralFormatter(string.Formatter):
    """``{n:plural:customer|customers}`` gives the word that agrees with ``n`` (a number or a formatted count
    such as ``"1,234"``), so English never reads "1 customers"; Chinese needs no such field."""

    def format_field(self, value: object, format_spec: str) -> str:
        if not format_spec.startswith("plural:"):
            return super().format_field(value, format_spec)
        one, _, many = format_spec.removeprefix("plural:").partition("|")
        return one if str(value).replace(",", "").strip() in {"1", "1.0", "-1"} else many


_PLURALS = _PluralFormatter()
