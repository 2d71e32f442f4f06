"""The currency a workspace's amounts are in: one setting per workspace (``core.currency``), used by every
page, command and export to write amounts with the right symbol.

Amounts are stored as imported; nothing is converted. The list holds the currencies clients of a
Chinese-and-English consultancy mostly bring; the symbols are the unambiguous forms where several
currencies share a sign (HK$, NT$, S$, JP¥).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from workbench.core.errors import WorkbenchError

__all__ = ["Currency", "CURRENCIES", "DEFAULT_CURRENCY", "SETTING_KEY", "workspace_currency", "set_workspace_currency"]


@dataclass(frozen=True)
class Currency:
    """An ISO 4217 code, the symbol written before amounts, and the usual decimals of its prices."""

    code: str
    symbol: str
    decimals: int = 2


CURRENCIES: Mapping[str, Currency] = MappingProxyType({c.code: c for c in (
    Currency("CNY", "¥"), Currency("USD", "$"), Currency("EUR", "€"), Currency("HKD", "HK$"),
    Currency("GBP", "£"), Currency("JPY", "JP¥", 0), Currency("TWD", "NT$"), Currency("SGD", "S$"),
    Currency("MOP", "MOP$"), Currency("KRW", "₩", 0), Currency("AUD", "A$"), Currency("CAD", "C$"),
    Currency("CHF", "CHF "), Currency("MYR", "RM"), Currency("THB", "฿"), Currency("INR", "₹"),
)})

DEFAULT_CURRENCY = "CNY"
SETTING_KEY = "core.currency"


def workspace_currency(ws) -> str:
    """The workspace's currency code (CNY unless the user chose another)."""
    code = ws.get_setting(SETTING_KEY, DEFAULT_CURRENCY)
    return code if code in CURRENCIES else DEFAULT_CURRENCY


def set_workspace_currency(ws, code: str) -> str:
    """Store the workspace's currency; a translated error for a code the list does not hold."""
    code = str(code or "").strip().upper()
    if code not in CURRENCIES:
        raise WorkbenchError("core.error.bad_currency", code=code, allowed=", ".join(CURRENCIES))
    ws.set_setting(SETTING_KEY, code)
    return code
