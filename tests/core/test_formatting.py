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
    assert fmt_money_short(value, lang) == expected


def test_fmt_money_and_others():
    assert fmt_money(1234.5, "en", 2) == "¥1,234.50"
    assert fmt_money(-0.001, "en") == "¥0"  # no "-¥0"
    assert fmt_money(None, "zh") == "–"
    assert fmt_percent(0.1333) == "13.3%"
    assert fmt_count(1066.4) == "1,066"
    assert fmt_number(math.inf) == "–"
    assert fmt_number(3.14159, 2) == "3.14"
