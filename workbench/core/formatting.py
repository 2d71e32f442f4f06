"""Numbers as a consultant shows them: thousands separators, amounts in the workspace's currency (short forms
for narrow cards, 万 in Chinese and M in English), percentages, and a dash for what is unknown. Shared by
every view, command and export. Money always names its currency: there is no default, so an amount can
never be written with another client's symbol."""

from __future__ import annotations

import math
from typing import Any

from workbench.core.currency import CURRENCIES
from workbench.i18n import t

__all__ = ["DASH", "is_finite", "currency_symbol", "fmt_money", "fmt_money_short", "fmt_percent", "fmt_count",
           "fmt_number"]

DASH = "–"


def is_finite(value: Any) -> bool:
    """True for a number that is neither missing, NaN nor infinite."""
    try:
        return value is not None and math.isfinite(float(value))
    except (TypeError, ValueError):
        return False


def currency_symbol(currency: str) -> str:
    """The symbol written before amounts of a currency code (the code itself for one the list lacks)."""
    found = CURRENCIES.get(currency)  # e.g. "CHF " keeps its space: CHF 1,234
    return found.symbol if found else f"{currency} "


def fmt_money(value: Any, lang: str, decimals: int = 0, *, currency: str) -> str:
    """An amount with thousands separators, the sign before the currency symbol: ``-¥1,234``, ``$1,234``;
    "–" if unknown."""
    if not is_finite(value):
        return DASH
    v = float(value)
    text = f"{currency_symbol(currency)}{abs(v):,.{decimals}f}"  # the symbol before the amount in both languages
    return ("-" + text) if v < 0 and round(abs(v), decimals) > 0 else text


# the "big" unit of each language for amounts too long for a metric card: 万 (10^4) in Chinese, M (10^6) in English
_BIG_UNIT = {"zh": 1e4, "en": 1e6}


def fmt_money_short(value: Any, lang: str, *, currency: str) -> str:
    """An amount for a narrow card: from a million on, in the language's big unit — one decimal below 100
    units, none from 100 on (``¥324万``, ``$3.2M``, ``¥123M``) — below a million as :func:`fmt_money`."""
    if not is_finite(value) or abs(float(value)) < 1e6:
        return fmt_money(value, lang, currency=currency)
    v = float(value)
    units = abs(v) / _BIG_UNIT.get(lang, 1e6)
    text = t("fmt.money_big", lang, symbol=currency_symbol(currency),
             amt=f"{units:,.0f}" if units >= 100 else f"{units:,.1f}")
    return ("-" + text) if v < 0 else text


def fmt_percent(value: Any, decimals: int = 1) -> str:
    """A fraction as a percentage: 0.1333 → ``13.3%``; "–" if unknown."""
    return f"{100 * float(value):.{decimals}f}%" if is_finite(value) else DASH


def fmt_count(value: Any) -> str:
    """A whole number with thousands separators: 1066 → ``1,066``."""
    return f"{int(round(float(value))):,}" if is_finite(value) else DASH


def fmt_number(value: Any, decimals: int = 1) -> str:
    """A plain number with separators and fixed decimals; "–" if unknown (e.g. no satisfaction score)."""
    return f"{float(value):,.{decimals}f}" if is_finite(value) else DASH
