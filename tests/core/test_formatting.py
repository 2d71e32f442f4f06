"""Number formats shown to clients, worked out by hand."""

from __future__ import annotations

import math

import pytest

from workbench.core.formatting import fmt_count, fmt_money, fmt_money_short, fmt_number, fmt_percent


@pytest.mark.parametrize(
    "value, lang, expected",
    [
        (6_192_979.5, "zh", "¥619万"),      # 619.3 万 ≥ 100 units: no decimal
        (6_192_979.5, "en", "¥6.2M"),
        (123_456_789, "en", "¥123M"),
        (999_999, "en", "¥999,999"),       # below a million: the full amount
        (-2_500_000, "zh", "-¥250万"),
        (float("nan"), "en", "–"),
    ],
)
def test_fmt_money_short(value, lang, expected):
    assert fmt_money_short(value, lang, currency="CNY") == expected


@pytest.mark.parametrize(
    "currency, lang, value, expected, short",
    [
        ("USD", "en", 6_192_979.5, "$6,192,980", "$6.2M"),
        ("USD", "zh", 6_192_979.5, "$6,192,980", "$619万"),
        ("EUR", "en", -1234.5, "-€1,234", "-€1,234"),
        ("HKD", "zh", 12_000_000, "HK$12,000,000", "HK$1,200万"),
        ("JPY", "en", 150_000_000, "JP¥150,000,000", "JP¥150M"),
    ],
)
def test_money_is_written_in_the_workspace_currency(currency, lang, value, expected, short):
    assert fmt_money(value, lang, currency=currency) == expected
    assert fmt_money_short(value, lang, currency=currency) == short


def test_the_currency_is_a_workspace_setting(manager):
    from workbench.core.currency import set_workspace_currency, workspace_currency
    from workbench.core.errors import WorkbenchError

    ws = manager.create("usd client")
    assert workspace_currency(ws) == "CNY"  # a new workspace starts in yuan
    assert set_workspace_currency(ws, " usd ") == "USD" and workspace_currency(ws) == "USD"
    with pytest.raises(WorkbenchError) as err:
        set_workspace_currency(ws, "DOGE")
    assert err.value.key == "core.error.bad_currency" and workspace_currency(ws) == "USD"


def test_fmt_money_and_others():
    assert fmt_money(1234.5, "en", 2, currency="CNY") == "¥1,234.50"
    assert fmt_money(-0.001, "en", currency="CNY") == "¥0"  # no "-¥0"
    assert fmt_money(None, "zh", currency="CNY") == "–"
    assert fmt_percent(0.1333) == "13.3%"
    assert fmt_count(1066.4) == "1,066"
    assert fmt_number(math.inf) == "–"
    assert fmt_number(3.14159, 2) == "3.14"
