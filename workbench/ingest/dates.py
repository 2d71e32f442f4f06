"""Date order: whether forms like 05/01/2024 are day-first or month-first, decided from the data or asked.

``13/01/2024`` can only be day-first and ``01/13/2024`` only month-first; a column whose every such date
fits both orders cannot be decided, and the import stops with ``ingest.error.ambiguous_date_order`` so that
the user chooses. The counting runs in SQL (:meth:`workbench.ingest.store.ImportRun.date_order_counts`).
"""

from __future__ import annotations

import datetime as dt

from workbench.core import settings
from workbench.core.errors import WorkbenchError
from workbench.ingest import parse_sql as ps
from workbench.ingest.fields import Field
from workbench.ingest.readers import Source, scan_sql
from workbench.ingest.store import REJECTS_DATES

__all__ = ["DATE_ORDER_CHOICES", "DATE_FIELD_TYPES", "FLOOR_SETTING", "date_floor", "order_for", "decided_order",
           "orders_from_unparsed"]

#: Choices of the ``date_order`` option: decide from the data, day first, month first.
DATE_ORDER_CHOICES: tuple[str, ...] = ("auto",) + ps.DATE_ORDERS
DATE_FIELD_TYPES = ("timestamp", "date")
_DAY_MONTH_FORM = r"^\s*\d{1,2}[./-]\d{1,2}[./-]\d{4}"
FLOOR_SETTING = "WORKBENCH_DATE_FLOOR"


def date_floor() -> dt.date:
    """The earliest plausible date (the ``WORKBENCH_DATE_FLOOR`` setting): dates before it are quarantined.

    Exporting systems write 0001-01-01 or 1900-01-01 for "unknown"; kept as orders they make a customer
    decades old (T of 105,567 weeks) and a champion of every model.
    """
    value = settings.get(FLOOR_SETTING)
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError as exc:
        raise WorkbenchError("ingest.error.bad_setting", name=FLOOR_SETTING, value=value,
                             expected="YYYY-MM-DD") from exc


def order_for(run, src: Source, fld: Field, column: str, opts: dict, sample) -> str | None:
    """Day-first or month-first for forms like 05/01/2024: the option, else decided from the data.

    Raises ``ingest.error.ambiguous_date_order`` when every such date fits both orders, so the user chooses.
    Only when the sample shows such a form is the whole column scanned, so ISO files pay nothing.
    """
    if opts["date_order"] in ps.DATE_ORDERS:
        return opts["date_order"]
    if sample is not None and column in sample:
        if not sample[column].astype(str).str.match(_DAY_MONTH_FORM).any():
            return None
    rejects = None if src.format == "parquet" else REJECTS_DATES
    day_first, month_first, either, example = run.date_order_counts(scan_sql(src, rejects), column)
    return decided_order(fld, column, day_first, month_first, either, example)


def decided_order(fld: Field, column: str, day_first: int, month_first: int, either: int, example) -> str | None:
    """The order the evidence counts point to; raises when forms like 05/01/2024 fit both."""
    if day_first or month_first:
        return "dmy" if day_first >= month_first else "mdy"
    if either:
        raise WorkbenchError("ingest.error.ambiguous_date_order", field=fld.name, column=column, example=example)
    return None


def orders_from_unparsed(run, fields: list[Field], mapping: dict, orders: dict, opts: dict) -> dict:
    """Orders for date fields the sample gave no evidence for, from the dates pass 1 could not parse.

    :func:`order_for` scans a column only when the file's first rows show a form like 05/01/2024; when
    such dates first appear further down, pass 1 quarantines them all as unparseable. Those quarantined
    values are then the whole evidence: the orders they decide are returned (pass 1 must run again with
    them), an empty dict when there is nothing to decide. Files whose first rows show the form pay nothing.
    """
    if opts["date_order"] in ps.DATE_ORDERS:
        return {}
    decided = {}
    for fld in fields:
        if fld.type not in DATE_FIELD_TYPES or orders.get(fld.name):
            continue
        counts = run.unparsed_date_counts(f"{fld.name}: ")
        order = decided_order(fld, mapping[fld.name], *counts)
        if order:
            decided[fld.name] = order
    return decided
