"""SQL expressions that turn text cells into typed values, evaluated by DuckDB over the whole file.

Each builder takes the SQL of a trimmed text value and returns an expression that is NULL when the text
cannot be read. The fast path (a plain ISO date, a plain number) is tried first with ``TRY_CAST``; the
slower forms are only evaluated for the cells the fast path could not read (DuckDB's ``COALESCE`` evaluates
later arguments only for rows still NULL).

Accepted dates: ISO (``2024-01-05``, ``2024-01-05 13:45:00``, ``2024-01-05T13:45``), ``2024/1/5``,
``2024.1.5``, ``20240105``, ``2024年1月5日`` (optionally with a time), day-first or month-first forms
(``05.01.2024``, ``01/05/2024``: the order is decided from the data or asked), and Excel serial numbers
(``45296`` or ``45296.5``, 1954–2119). Accepted amounts: ``1234.5``, ``¥1,234.50``, ``1 234,50 €``,
``1.234,50``, ``(12.00)`` (negative), ``-12``, ``RMB 12``, ``12元``.
"""

from __future__ import annotations

__all__ = ["text_sql", "id_sql", "plain_sql", "timestamp_sql", "money_sql", "date_order_evidence_sql", "DATE_ORDERS"]

DATE_ORDERS = ("dmy", "mdy")

_TIME_FORMATS = ("%H:%M:%S", "%H:%M", "%H:%M:%S.%f")


def text_sql(col: str) -> str:
    """Trimmed text, NULL when blank. Text starting with = + - @ is kept exactly: it is data, not a formula."""
    return f"NULLIF(trim({col}), '')"


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


# Full-width ASCII (U+FF01–U+FF5E) and the ideographic space, and what they stand for.
_FULL_WIDTH = "".join(chr(c) for c in range(0xFF01, 0xFF5F)) + "\u3000"
_HALF_WIDTH = "".join(chr(c) for c in range(0x21, 0x7F)) + " "
# Control characters (C0, DEL, C1) and the invisible format characters that survive copy and paste: soft
# hyphen, zero-width space/joiners, direction marks and embeddings, word joiner, BOM.
_INVISIBLE = r"[\x00-\x1F\x7F-\x9F\x{00AD}\x{200B}-\x{200F}\x{202A}-\x{202E}\x{2060}-\x{2064}\x{2066}-\x{2069}\x{FEFF}]"


def id_sql(col: str) -> str:
    """An identifier as text that compares equal however it was typed, NULL when blank.

    Control and zero-width characters are removed, full-width letters, digits and signs become ASCII, and
    the result is Unicode NFC (``e`` + combining accent = ``é``), then trimmed: a tab-led, zero-width-spaced,
    decomposed or full-width copy of an id is the same customer, not one that merely looks the same.

    The slow steps run only for an id with a character outside ASCII (fewer characters than bytes) or one
    that starts or ends with a control character (a tab-led id, a CR or tab left at the end): nearly every
    id skips them, at the cost of two length counts and two comparisons per value (measured 8 ns, and 14 ns
    more for the end; a regular-expression test cost 60 ns). So a control character in the middle of an
    otherwise plain ASCII id is left as it is.
    """
    slow = (f"trim(nfc_normalize(translate(regexp_replace({col}, '{_INVISIBLE}', '', 'g'), "
            f"{_literal(_FULL_WIDTH)}, {_literal(_HALF_WIDTH)})))")
    return f"NULLIF(CASE WHEN {plain_sql(col)} THEN trim({col}) ELSE {slow} END, '')"


def plain_sql(col: str) -> str:
    """True for text :func:`id_sql` only trims: ASCII (as many bytes as characters), neither starting nor
    ending with a control character (every character from the space up sorts at or after it)."""
    return f"(strlen({col}) = length({col}) AND {col} >= ' ' AND reverse({col}) >= ' ')"


def _formats(date_part: str) -> list[str]:
    return [f"{date_part} {t}" for t in _TIME_FORMATS] + [date_part]


def _fmt_list(formats: list[str]) -> str:
    return "[" + ", ".join("'" + f + "'" for f in formats) + "]"


def timestamp_sql(v: str, order: str | None) -> str:
    """A TIMESTAMP from trimmed text ``v`` (SQL), trying ISO, year-first, Chinese, day/month-first, Excel serial.

    ``order`` is ``'dmy'`` or ``'mdy'`` for forms like 05/01/2024, or None when the data has none.
    """
    ymd = []
    for sep in ("/", ".", "-"):
        ymd += _formats(f"%Y{sep}%m{sep}%d")
    ymd += ["%Y%m%d", "%Y%m%d %H:%M:%S", "%Y%m%d%H%M%S"]
    dm = []
    if order in DATE_ORDERS:
        first, second = ("%d", "%m") if order == "dmy" else ("%m", "%d")
        for sep in ("/", ".", "-"):
            dm += _formats(f"{first}{sep}{second}{sep}%Y")
        dm += [f"{first}/{second}/%Y %I:%M:%S %p", f"{first}/{second}/%Y %I:%M %p"]
    # 2024年1月5日 13时45分 → 2024-1-5 13:45; a full-width colon becomes ':'
    chinese = (
        f"regexp_replace(regexp_replace(regexp_replace(replace({v}, '：', ':'), "
        r"'^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?\s*', '\1-\2-\3 '), "
        r"'\s*(\d{1,2})\s*[时点]\s*(\d{1,2})\s*分\s*((\d{1,2})\s*秒)?', ' \1:\2:\4'), "
        r"'[:\s]+$', '')"
    )
    serial = (
        f"CASE WHEN regexp_full_match({v}, '\\d{{5}}(\\.\\d+)?') "
        f"AND TRY_CAST({v} AS DOUBLE) BETWEEN 20000 AND 80000 "
        f"THEN TIMESTAMP '1899-12-30' + to_microseconds(CAST(round(TRY_CAST({v} AS DOUBLE) * 86400) "
        f"AS BIGINT) * 1000000) END"
    )
    parts = [
        f"TRY_CAST({v} AS TIMESTAMP)",
        f"try_strptime({v}, {_fmt_list(ymd)})",
        f"CASE WHEN {v} LIKE '%年%' THEN TRY_CAST(try_strptime(trim({chinese}), "
        f"{_fmt_list(_formats('%Y-%m-%d'))}) AS TIMESTAMP) END",
        serial,
    ]
    if dm:
        parts.insert(2, f"try_strptime({v}, {_fmt_list(dm)})")
    return "CAST(COALESCE(" + ", ".join(parts) + ") AS TIMESTAMP)"


def date_order_evidence_sql(v: str) -> str:
    """Counts over text ``v`` of day-first evidence, month-first evidence and undecidable day/month forms.

    ``13/01/2024`` can only be day-first, ``01/13/2024`` only month-first, ``05/01/2024`` is either.
    """
    first = f"TRY_CAST(regexp_extract({v}, '^(\\d{{1,2}})[./-](\\d{{1,2}})[./-]\\d{{4}}', 1) AS INTEGER)"
    second = f"TRY_CAST(regexp_extract({v}, '^(\\d{{1,2}})[./-](\\d{{1,2}})[./-]\\d{{4}}', 2) AS INTEGER)"
    return (
        f"count(*) FILTER (WHERE {first} > 12 AND {second} <= 12), "
        f"count(*) FILTER (WHERE {second} > 12 AND {first} <= 12), "
        f"count(*) FILTER (WHERE {first} <= 12 AND {second} <= 12)"
    )


_CURRENCY = r"(¥|￥|\$|€|£|US\$|HK\$|RMB|CNY|USD|EUR|GBP|HKD|元)"
# Sign, currency before or after, digits with , . space ' as separators, optional parentheses.
_MONEY_SHAPE = (
    r"^\(?\s*[-+]?\s*" + _CURRENCY + r"?\s*[-+]?\s*[0-9][0-9,.' \x{00A0}\x{202F}]*\s*" + _CURRENCY + r"?\s*\)?$"
)

_MONEY_SHAPE_SQL = _MONEY_SHAPE.replace("'", "''")


def money_sql(v: str, percent: bool = False) -> str:
    """A DOUBLE from money-like text ``v``; NULL when it is not a number.

    The decimal separator is the last of ``.``/``,`` when both appear; a lone ``,`` followed by groups of
    three digits is a thousands separator (``1,234`` = 1234), otherwise a decimal comma (``12,5``).
    With ``percent``, ``45%`` reads as 0.45.
    """
    digits = f"regexp_replace({v}, '[^0-9,.]', '', 'g')"
    normalised = (
        f"CASE "
        f"WHEN {digits} LIKE '%.%' AND {digits} LIKE '%,%' THEN "
        f"  CASE WHEN strpos(reverse({digits}), '.') < strpos(reverse({digits}), ',') "
        f"       THEN replace({digits}, ',', '') "
        f"       ELSE replace(replace({digits}, '.', ''), ',', '.') END "
        f"WHEN {digits} LIKE '%,%' THEN "
        f"  CASE WHEN regexp_full_match({digits}, '\\d{{1,3}}(,\\d{{3}})+') THEN replace({digits}, ',', '') "
        f"       ELSE replace({digits}, ',', '.') END "
        f"WHEN regexp_full_match({digits}, '\\d{{1,3}}(\\.\\d{{3}}){{2,}}') THEN replace({digits}, '.', '') "
        f"ELSE {digits} END"
    )
    negative = f"(({v} LIKE '(%' AND {v} LIKE '%)') OR {v} LIKE '%-%')"
    slow = (
        f"CASE WHEN regexp_full_match({v}, '{_MONEY_SHAPE_SQL}') THEN "
        f"TRY_CAST({normalised} AS DOUBLE) * CASE WHEN {negative} THEN -1 ELSE 1 END END"
    )
    parts = [f"TRY_CAST({v} AS DOUBLE)", slow]
    if percent:
        parts.insert(0, f"CASE WHEN {v} LIKE '%\\%' ESCAPE '\\' THEN TRY_CAST(rtrim({v}, '% ') AS DOUBLE) / 100 END")
    # TRY_CAST accepts 'nan' and 'inf'; those are not amounts.
    return f"CASE WHEN lower({v}) IN ('nan', 'inf', '-inf', 'infinity', '-infinity', '+inf') THEN NULL " \
           f"ELSE COALESCE({', '.join(parts)}) END"

