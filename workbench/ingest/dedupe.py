"""Duplicate keys: the key of each kind that must not repeat, and the SQL that finds its repeats cheaply.

A key is compared three ways that must agree: over the bare file scan (pass 0 hashes it to find the few
key values that occur twice or are stored already), over the checked rows (pass 1 keeps the exact key of
those candidates) and over the stored table (a key already in the workspace repeats too). The first valid
occurrence in the file wins; an invalid first occurrence does not shadow a valid second one.
"""

from __future__ import annotations

from dataclasses import dataclass

from workbench.core.store import quote_ident
from workbench.ingest import parse_sql as ps
from workbench.ingest.fields import fields_for
from workbench.ingest.store import CANDIDATE_HASHES
from workbench.ingest.validation import cell_sql, parsed, trimmed

__all__ = ["UNIQUE", "KeyPart", "key_parts", "key_json", "stored_id_hash", "scan_present", "scan_hash",
           "candidate_sql", "repeat_info_sql"]

#: Per kind: the fields whose values together must not repeat, and the reason a repeat is quarantined with.
UNIQUE = {"orders": (("order_id",), "duplicate_order_id"), "customers": (("customer_id",), "duplicate_customer_id"),
          "survey": (("respondent_id", "attribute"), "duplicate_response")}


@dataclass(frozen=True)
class KeyPart:
    """One part of a table's key as SQL: over checked rows (``row``), over the stored table (``stored``) and
    over the bare file scan (``scan``); all three give equal values, so their hashes agree."""

    row: str
    stored: str
    scan: str
    shown: bool = True  # part of the detail shown to the user


def key_parts(kind: str, mapping: dict) -> list[KeyPart]:
    """The key that must not repeat, or [] when its fields are not mapped.

    An order and its refund may share an order id (many exports write the refund as a negative line under
    the original id), so the sign of the amount is part of the orders key.
    """
    names, _ = UNIQUE[kind]
    if not all(n in mapping for n in names):
        return []
    fields = {f.name: f for f in fields_for(kind)}
    parts = [KeyPart(trimmed(n), f"CAST({quote_ident(n)} AS VARCHAR)", cell_sql(fields[n], quote_ident(mapping[n])))
             for n in names]
    if kind == "orders":
        amount = ps.money_sql(ps.text_sql(quote_ident(mapping["amount"])))
        # Signs compared after rounding to cents, as the amount is stored.
        parts.append(KeyPart(f"(round({parsed('amount')}, 2) < 0)", '("amount" < 0)', f"(round({amount}, 2) < 0)",
                             shown=False))
    return parts


def key_json(parts: list[str]) -> str:
    """An exact, injective text form of a key (JSON of its parts), for comparing keys across tables."""
    return "CAST(to_json(struct_pack(" + ", ".join(f"k{i} := {p}" for i, p in enumerate(parts)) + ")) AS VARCHAR)"


def stored_id_hash(keys: list[KeyPart]) -> str:
    """The hash of a stored row's id parts (the sign is left out: a superset of candidates is enough)."""
    return "hash(" + ", ".join(k.stored for k in keys if k.shown) + ")"


def scan_present(keys: list[KeyPart]) -> str:
    """True for a scanned row whose id parts are all present."""
    return " AND ".join(f"{k.scan} IS NOT NULL" for k in keys if k.shown)


def scan_hash(keys: list[KeyPart]) -> str:
    """The hash of a scanned row's id parts (cheaper than the whole key, and still a superset); "" for none."""
    return "hash(" + ", ".join(k.scan for k in keys if k.shown) + ")" if keys else ""


def candidate_sql(keys: list[KeyPart]) -> str:
    """True for a row whose key is present and whose id hash is among the repeated ones (pass 0)."""
    if not keys:
        return "false"
    present = " AND ".join(f"{k.row} IS NOT NULL" for k in keys)
    return (f"({present} AND hash({', '.join(k.row for k in keys if k.shown)}) "
            f"IN (SELECT h FROM {CANDIDATE_HASHES}))")


def repeat_info_sql(keys: list[KeyPart], raw: str) -> str:
    """Pass 1's column for a good row whose key hash repeats: [exact key, key as shown, original cells]."""
    if not keys:
        return "NULL"
    shown = " || ' / ' || ".join(k.row for k in keys if k.shown)
    maybe = f"_wb_reason IS NULL AND {candidate_sql(keys)}"
    return f"CASE WHEN {maybe} THEN [{key_json([k.row for k in keys])}, {shown}, {raw}] END"
