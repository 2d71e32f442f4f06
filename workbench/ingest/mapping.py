"""Column mapping: which source column feeds each canonical field.

A mapping is a dict ``{field: source column}`` (fields left out are not imported). Suggestions come, in
order, from a mapping saved for a file with the same headers, from header names in Chinese or English (see
``Field.synonyms``), and from content (a column whose values parse as dates, or look like money). The user
confirms or changes it; a successful import saves it for next time.
"""

from __future__ import annotations

import hashlib
import json
import re

import pandas as pd

from workbench.core.errors import WorkbenchError
from workbench.ingest import store
from workbench.ingest.fields import check_kind, fields_for, normalise_header, required_fields

__all__ = [
    "header_signature", "suggest_mapping", "saved_mapping", "save_mapping", "validate_mapping", "Suggestion",
]

_DATE_LIKE = re.compile(
    r"^\s*(\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2}日?|\d{1,2}[-/.]\d{1,2}[-/.]\d{4}|\d{8})([ T]\d{1,2}[:时]\d{1,2}.*)?\s*$"
)
_MONEY_LIKE = re.compile(r"^\s*\(?[-+]?\s*[¥￥$€£]?\s*[-+]?\d[\d,. ]*(\.\d{1,2}|,\d{1,2})?\s*(元|€)?\)?\s*$")


class Suggestion(dict):
    """A mapping ``{field: column}`` with ``how[field]`` in ``saved | header | content``."""

    def __init__(self, mapping: dict[str, str], how: dict[str, str]) -> None:
        super().__init__(mapping)
        self.how = how


def header_signature(columns: list[str]) -> str:
    """A stable fingerprint of a header row (order and spelling, after normalisation)."""
    norm = "\x1f".join(normalise_header(c) for c in columns)
    return hashlib.sha256(norm.encode("utf-8")).hexdigest()[:32]


def saved_mapping(ws, kind: str, columns: list[str]) -> dict[str, str] | None:
    """The mapping saved for a file of ``kind`` with exactly these headers, if still applicable."""
    check_kind(kind)
    raw = store.saved_mapping(ws, kind, header_signature(columns))
    if raw is None:
        return None
    mapping = json.loads(raw)
    known = {f.name for f in fields_for(kind)}
    if not all(f in known and c in columns for f, c in mapping.items()):
        return None
    return mapping


def save_mapping(cur, kind: str, columns: list[str], mapping: dict[str, str]) -> None:
    """Remember a confirmed mapping, inside the caller's transaction."""
    store.save_mapping(cur, kind, header_signature(columns), json.dumps(mapping, ensure_ascii=False))


def _header_score(synonyms: tuple[str, ...], header: str) -> float:
    """1 for an exact synonym, 0.6 when a synonym is part of the header (``下单时间(北京)``), else 0."""
    h = normalise_header(header)
    if not h:
        return 0.0
    syns = [normalise_header(s) for s in synonyms]
    if h in syns:
        return 1.0
    if any(len(s) >= 2 and s in h for s in syns):
        return 0.6
    return 0.0


def _share(values: pd.Series, pattern: re.Pattern) -> float:
    vals = [str(v) for v in values if str(v).strip()]
    if not vals:
        return 0.0
    return sum(bool(pattern.match(v)) for v in vals) / len(vals)


def suggest_mapping(kind: str, columns: list[str], sample: pd.DataFrame | None = None, ws=None) -> Suggestion:
    """Best guess of the mapping for a file with these ``columns`` (and a few sample rows).

    Each source column feeds at most one field; stronger header matches win. A required date or amount
    field that no header names is matched by content: the column where most sample values look like dates
    (or like money with decimals).
    """
    check_kind(kind)
    if ws is not None:
        saved = saved_mapping(ws, kind, columns)
        if saved is not None:
            return Suggestion(saved, {f: "saved" for f in saved})
    candidates = []
    for order, fld in enumerate(fields_for(kind)):
        for idx, col in enumerate(columns):
            score = _header_score(fld.synonyms + (fld.name,), col)
            if score:
                candidates.append((-score, order, idx, fld.name, col))
    mapping: dict[str, str] = {}
    how: dict[str, str] = {}
    used: set[str] = set()
    for _, _, _, name, col in sorted(candidates):
        if name not in mapping and col not in used:
            mapping[name] = col
            how[name] = "header"
            used.add(col)
    if sample is not None and len(sample):
        for fld in fields_for(kind):
            if fld.name in mapping or fld.type not in ("timestamp", "date", "money") or not fld.required:
                continue
            pattern = _DATE_LIKE if fld.type in ("timestamp", "date") else _MONEY_LIKE
            scored = [(_share(sample[c], pattern), c) for c in columns if c not in used and c in sample]
            if fld.type == "money":  # ids are numbers too: prefer columns with decimals
                scored = [(s * (1.5 if sample[c].astype(str).str.contains(r"[.,]\d{1,2}\s*$").any() else 1), c)
                          for s, c in scored]
            scored = [x for x in scored if x[0] >= 0.8]
            if scored:
                best = max(scored)[1]
                mapping[fld.name] = best
                how[fld.name] = "content"
                used.add(best)
    ordered = {f.name: mapping[f.name] for f in fields_for(kind) if f.name in mapping}
    return Suggestion(ordered, how)


def validate_mapping(kind: str, columns: list[str], mapping: dict[str, str]) -> dict[str, str]:
    """The mapping without empty entries; raises when a required field is unmapped or a column is unknown."""
    check_kind(kind)
    known = {f.name for f in fields_for(kind)}
    clean = {f: c for f, c in (mapping or {}).items() if c}
    unknown_fields = [f for f in clean if f not in known]
    if unknown_fields:
        raise WorkbenchError("ingest.error.unknown_field", fields=", ".join(unknown_fields))
    missing_cols = [c for c in clean.values() if c not in columns]
    if missing_cols:
        raise WorkbenchError("ingest.error.unknown_column", columns=", ".join(missing_cols))
    missing = [f for f in required_fields(kind) if f not in clean]
    if missing:
        raise WorkbenchError("ingest.error.missing_required", fields=", ".join(missing))
    return clean
