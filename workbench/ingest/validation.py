"""The checks every row goes through, as SQL over the scan of a file: its trimmed and parsed values, the first
failing check (its quarantine reason and detail), and the value stored for each field.

Builders only: :mod:`workbench.ingest.store` runs the statements made of them. Column names of the derived
values (``_wb_t_<field>`` trimmed text, ``_wb_p_<field>`` parsed value) are quoted so that no source header
can collide with them.
"""

from __future__ import annotations

import datetime as dt

from workbench.core.store import quote_ident
from workbench.ingest import parse_sql as ps
from workbench.ingest.fields import Field
from workbench.ingest.readers import Source, scan_sql

__all__ = [
    "FUTURE_TOLERANCE", "trimmed", "parsed", "cell_sql", "normalised_sql", "normalised_fields", "checks",
    "file_scan", "numbered_scan", "raw_json", "parsed_rows_sql", "checked_sql", "good_rows_sql", "stored_sql",
]

FUTURE_TOLERANCE = dt.timedelta(days=1)  # exports stamped in another time zone may run a few hours ahead


def trimmed(name: str) -> str:
    """The column holding field ``name``'s trimmed text (NULL when blank)."""
    return quote_ident("_wb_t_" + name)


def parsed(name: str) -> str:
    """The column holding field ``name``'s parsed value (NULL when it cannot be read)."""
    return quote_ident("_wb_p_" + name)


def cell_sql(fld: Field, column: str) -> str:
    """A field's text from its source column: an identifier normalised (:func:`~.parse_sql.id_sql`),
    anything else trimmed."""
    return ps.id_sql(column) if fld.type == "id" else ps.text_sql(column)


def normalised_sql(fields: list[Field], mapping: dict) -> str:
    """Per row, a bit for each identifier field whose value normalisation changed (beyond trimming), in the
    order of :func:`normalised_fields`; NULL when none did. Plain ids (nearly all) are told by the cheap test
    of :func:`~.parse_sql.plain_sql` alone (comparing every value cost 0.17 s per million rows)."""
    bits = [f"(CASE WHEN {ps.plain_sql(quote_ident(mapping[f.name]))} THEN 0 WHEN {trimmed(f.name)} IS DISTINCT "
            f"FROM {ps.text_sql(quote_ident(mapping[f.name]))} THEN {1 << i} ELSE 0 END)"
            for i, f in enumerate(normalised_fields(fields))]
    return f"NULLIF(CAST({' + '.join(bits)} AS UTINYINT), 0)" if bits else "NULL"


def normalised_fields(fields: list[Field]) -> list[Field]:
    """The identifier fields, whose values are normalised."""
    return [f for f in fields if f.type == "id"][:8]


def _rejects_for(src: Source, names: tuple[str, str] | None) -> tuple[str, str] | None:
    return None if src.format == "parquet" else names


def file_scan(src: Source, rejects: tuple[str, str] | None) -> str:
    """Every row of the file as text (no number, blank rows kept): DuckDB reads only the columns used."""
    return scan_sql(src, _rejects_for(src, rejects))


def numbered_scan(src: Source, rejects: tuple[str, str] | None, numbered: bool = True) -> str:
    """Every row of the file as text with ``_wb_rn`` = its position among the rows DuckDB could split.

    ``row_number() OVER ()`` runs as a streaming window over the scan, which keeps file order. Rows with
    every cell empty are dropped afterwards (spreadsheet exports end with them), keeping their numbers.
    Without ``numbered`` the rows come without a number.
    """
    not_blank = "COALESCE(" + ", ".join(quote_ident(c) for c in src.columns) + ") IS NOT NULL"
    scan = file_scan(src, rejects)
    if numbered:
        scan = f"SELECT row_number() OVER () AS _wb_rn, * FROM ({scan})"
    return f"SELECT * FROM ({scan}) WHERE {not_blank}"


def raw_json(src: Source) -> str:
    """The original cells of a row as a JSON object keyed by the file's headers."""
    pairs = ", ".join(f"{quote_ident(c)} := {quote_ident(c)}" for c in src.columns)
    return f"CAST(to_json(struct_pack({pairs})) AS VARCHAR)"


def _parsed_value_sql(fld: Field, orders: dict) -> str:
    v = trimmed(fld.name)
    if fld.type in ("timestamp", "date"):
        return ps.timestamp_sql(v, orders.get(fld.name))
    return ps.money_sql(v, percent=fld.type == "percent")


def parsed_rows_sql(src: Source, fields: list[Field], mapping, orders, rejects=None, numbered: bool = True,
                    base: str | None = None) -> str:
    """A ``SELECT`` of every row with its cells, trimmed texts ``_wb_t_*`` and parsed values ``_wb_p_*``.

    The rows come from the file, or from ``base`` (a ``SELECT`` giving the same cell columns).
    """
    texts = ", ".join(f"{cell_sql(f, quote_ident(mapping[f.name]))} AS {trimmed(f.name)}" for f in fields)
    values = "".join(f", {_parsed_value_sql(f, orders)} AS {parsed(f.name)}" for f in fields
                     if f.type not in ("id", "text"))
    rows = base or numbered_scan(src, rejects, numbered)
    return f"SELECT *{values} FROM (SELECT *, {texts} FROM ({rows}))"


def checked_sql(src: Source, fields: list[Field], mapping, orders, checks_, rejects, numbered: bool = True) -> str:
    """:func:`parsed_rows_sql` plus the first failing check as ``_wb_reason`` / ``_wb_detail`` (NULL when
    the row is good)."""
    reason = "CASE " + " ".join(f"WHEN {c} THEN '{r}'" for c, r, _ in checks_) + " END" if checks_ else "NULL"
    detail = "CASE " + " ".join(f"WHEN {c} THEN {d}" for c, _, d in checks_) + " END" if checks_ else "NULL"
    return (f"SELECT *, {reason} AS _wb_reason, {detail} AS _wb_detail "
            f"FROM ({parsed_rows_sql(src, fields, mapping, orders, rejects, numbered)})")


def good_rows_sql(src: Source, fields: list[Field], mapping, orders, checks_, rejects, also: str = "true") -> str:
    """:func:`parsed_rows_sql` (unnumbered) of the rows no check fails and for which ``also`` holds: the
    checks as one boolean, without building the reason and detail texts a good row does not need."""
    failing = " OR ".join(f"({c})" for c, _, _ in checks_) or "false"
    return (f"SELECT * FROM ({parsed_rows_sql(src, fields, mapping, orders, rejects, numbered=False)}) "
            f"WHERE NOT COALESCE({failing}, false) AND ({also})")


def checks(fields: list[Field], opts: dict, now: dt.datetime, floor: dt.date) -> list[tuple[str, str, str]]:
    """(condition, reason code, detail SQL) in the order they are tried; the first that holds wins.

    Dates before ``floor`` (0001-01-01, 1900-01-01: placeholders of the exporting system) are implausible,
    after ``now`` (plus a day of time-zone slack) in the future. An amount of 10^15 or more cannot be stored
    (and is no real order), nor can a number that overflows to infinity.
    """
    found: list[tuple[str, str, str]] = []
    limit = now + FUTURE_TOLERANCE
    for f in fields:
        raw, p = trimmed(f.name), parsed(f.name)
        label = f"'{f.name}: ' || {raw}"
        if f.required:
            code = "missing_order_ts" if f.type == "timestamp" else f"missing_{f.name}"
            found.append((f"{raw} IS NULL", code, f"'{f.name}'"))
        if f.type in ("timestamp", "date"):
            found.append((f"{raw} IS NOT NULL AND {p} IS NULL", "unparseable_date", label))
            found.append((f"{p} < TIMESTAMP '{floor:%Y-%m-%d}'", "date_before_floor", label))
            found.append((f"{p} > TIMESTAMP '{limit:%Y-%m-%d %H:%M:%S}'", "future_date", label))
        elif f.type == "money":
            found.append((f"{raw} IS NOT NULL AND {p} IS NULL", "non_numeric_amount", label))
            found.append((f"abs({p}) >= 1e15", "amount_out_of_range", label))
            if f.name == "amount" and opts["negative_amounts"] == "quarantine":
                found.append((f"{p} < 0", "negative_amount", label))
        elif f.type in ("number", "percent", "int"):
            found.append((f"{raw} IS NOT NULL AND {p} IS NULL", "non_numeric_value", label))
            bounds = [f"NOT isfinite({p})"] + ([f"{p} < {f.low}"] if f.low is not None else [])
            bounds += [f"{p} > {f.high}"] if f.high is not None else []
            bounds += [f"{p} <> round({p})"] if f.type == "int" else []
            found.append((" OR ".join(bounds), "out_of_range", label))
    return found


def stored_sql(fld: Field) -> str:
    """The stored value of a field, typed as the canonical table wants it."""
    if fld.type in ("id", "text"):
        return trimmed(fld.name)
    p = parsed(fld.name)
    if fld.type == "date":
        return f"CAST({p} AS DATE)"
    if fld.type == "money":
        return f"CAST(round({p}, 2) AS DECIMAL(18, 2))"
    if fld.type == "int":
        return f"CAST({p} AS INTEGER)"
    return p
