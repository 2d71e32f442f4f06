"""The attribute editors' frames and their edits: survey attributes (metadata the room adds) and typed
workshop rows, each row carrying the revision it was loaded at.

:func:`survey_frame` / :func:`typed_frame` build what the page's editors show; :func:`survey_changes` /
:func:`typed_changes` turn an edited frame back into the rows to store, validated, with their row numbers in
any error; :func:`save_edits` stores them in one transaction (a row saved meanwhile by someone else is a
``ValueGapConflict`` and nothing is written).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from workbench.core.errors import WorkbenchError
from workbench.core.store import Workspace
from workbench.value_gap import store
from workbench.value_gap.kano import CATEGORIES
from workbench.value_gap.model import DIMENSIONS, LAYERS, LIMITS

__all__ = ["COMPETITOR_PREFIX", "UNSET", "SURVEY_EDIT_COLUMNS", "TYPED_EDIT_COLUMNS", "competitor_column",
           "survey_frame", "typed_frame", "survey_changes", "typed_changes", "save_edits", "edit_version",
           "editor_frames", "apply_edits", "apply_delta", "has_edits", "save_pending"]

COMPETITOR_PREFIX = "rating: "
UNSET = "—"  # a choice cell with nothing chosen (Streamlit would show an empty one as "None")
SURVEY_EDIT_COLUMNS: tuple[str, ...] = ("attribute", "display_name", "dimension", "layer", "kano_category",
                                        "is_overall", "revision")
TYPED_EDIT_COLUMNS: tuple[str, ...] = ("attribute", "dimension", "layer", "importance", "expectation",
                                       "performance", "kano_category", "key", "revision")


def competitor_column(name: str) -> str:
    """The editor column holding a named competitor's ratings."""
    return COMPETITOR_PREFIX + name


def _blank(value: Any) -> bool:
    if isinstance(value, str):
        return not value.strip()
    return value is None or (isinstance(value, float) and np.isnan(value))


def _text(value: Any) -> str | None:
    return None if _blank(value) or value == UNSET else str(value).strip()


def survey_frame(names: Sequence[str], meta: pd.DataFrame, competitors: Sequence[str], layers: dict[str, Any],
                 overall: str | None) -> pd.DataFrame:
    """One row per survey attribute (``names`` in survey order): :data:`SURVEY_EDIT_COLUMNS` and one rating
    column per named competitor. ``layers`` gives the layer shown when the room has not set one (the survey's
    own layer); ``overall`` is ticked when no attribute is marked yet."""
    m = meta.set_index("attribute")
    rows = []
    for a in names:
        s = {k: None if _blank(v) else v for k, v in m.loc[a].to_dict().items()} if a in m.index else {}
        comp = s.get("competitors") or {}
        shown_layer = s.get("layer") or layers.get(a)
        rows.append({"attribute": a, "display_name": s.get("display_name") or "",
                     "dimension": s.get("dimension") or UNSET,
                     "layer": UNSET if _blank(shown_layer) else shown_layer,
                     "kano_category": s.get("kano_category") or UNSET,
                     "is_overall": bool(s.get("is_overall")) if s else a == overall,
                     "revision": int(s.get("revision") or 0),
                     **{competitor_column(c): comp.get(c) for c in competitors}})
    cols = [*SURVEY_EDIT_COLUMNS, *(competitor_column(c) for c in competitors)]
    return pd.DataFrame(rows, columns=cols).astype({"revision": int, **{competitor_column(c): float
                                                                         for c in competitors}})


def typed_frame(meta: pd.DataFrame, competitors: Sequence[str]) -> pd.DataFrame:
    """The typed workshop rows: :data:`TYPED_EDIT_COLUMNS` (``key`` = the stored name) and competitor ratings."""
    typed = meta[meta["origin"] == "typed"]
    rows = [{**{c: r.get(c) for c in TYPED_EDIT_COLUMNS if c not in ("key",)}, "key": r["attribute"],
             **{c: UNSET if _blank(r.get(c)) else r.get(c) for c in ("dimension", "layer", "kano_category")},
             **{competitor_column(c): (r.get("competitors") or {}).get(c) for c in competitors}}
            for r in typed.to_dict("records")]
    cols = [*TYPED_EDIT_COLUMNS, *(competitor_column(c) for c in competitors)]
    df = pd.DataFrame(rows, columns=cols)
    for c in ("importance", "expectation", "performance", *(competitor_column(c) for c in competitors)):
        df[c] = pd.to_numeric(df[c], errors="coerce").astype(float)
    return df


def _rating(value: Any, row: int, column: str, scale: Sequence[float]) -> float | None:
    if _blank(value):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise WorkbenchError("value_gap.error.bad_rating", row=row, column=column, value=str(value)[:40],
                             low=scale[0], high=scale[1]) from None
    if not scale[0] <= number <= scale[1]:
        raise WorkbenchError("value_gap.error.bad_rating", row=row, column=column, value=str(value)[:40],
                             low=scale[0], high=scale[1])
    return number


def _choice(value: Any, allowed: Sequence[str], row: int, column: str, free: bool = False) -> str | None:
    text = _text(value)
    if text is None or text in allowed or free:
        return text
    raise WorkbenchError("value_gap.error.bad_choice", row=row, column=column, value=text[:40])


def _competitors(rec: dict, stored: dict, competitors: Sequence[str], row: int, scale) -> dict:
    out = dict(stored or {})
    for c in competitors:
        value = _rating(rec.get(competitor_column(c)), row, c, scale)
        if value is None:
            out.pop(c, None)
        else:
            out[c] = value
    return out


def survey_changes(before: pd.DataFrame, after: pd.DataFrame, meta: pd.DataFrame, competitors: Sequence[str],
                   scale: Sequence[float]) -> list[dict]:
    """Rows to store for the survey attributes whose shown values changed (row numbers as shown, 1-based).
    Marking an attribute as the overall measure unmarks the one marked before."""
    m = meta.set_index("attribute")
    old = before.set_index("attribute")
    rows = []
    for i, rec in enumerate(after.to_dict("records"), start=1):
        a = rec["attribute"]
        if a not in old.index:
            continue
        prev = old.loc[a].to_dict()
        same = all((_blank(prev.get(c)) and _blank(rec.get(c))) or prev.get(c) == rec.get(c)
                   for c in after.columns if c != "attribute")
        if same:
            continue
        name = _text(rec.get("display_name")) or ""
        if len(name) > LIMITS["name"]:
            raise WorkbenchError("value_gap.error.name_too_long", row=i, max=LIMITS["name"])
        stored = m.loc[a].to_dict() if a in m.index else {}
        rows.append({"attribute": a, "origin": "survey", "revision": int(prev.get("revision") or 0),
                     "display_name": name or None,
                     "dimension": _choice(rec.get("dimension"), DIMENSIONS, i, "dimension"),
                     "layer": _choice(rec.get("layer"), LAYERS, i, "layer", free=True),
                     "kano_category": _choice(rec.get("kano_category"), CATEGORIES, i, "kano_category"),
                     "is_overall": bool(rec.get("is_overall")), "importance": None, "expectation": None,
                     "performance": None,
                     "competitors": _competitors(rec, stored.get("competitors") or {}, competitors, i, scale)})
    marked = [r["attribute"] for r in rows if r["is_overall"]]
    if marked:
        for rec in after.to_dict("records"):
            a = rec["attribute"]
            if a not in marked and bool(rec.get("is_overall")) and a not in {r["attribute"] for r in rows}:
                raise WorkbenchError("value_gap.error.two_overall", first=a, second=marked[0])
        if len(marked) > 1:
            raise WorkbenchError("value_gap.error.two_overall", first=marked[0], second=marked[1])
    return rows


def typed_changes(before: pd.DataFrame, after: pd.DataFrame, meta: pd.DataFrame, survey_names: Sequence[str],
                  competitors: Sequence[str], scale: Sequence[float]) -> tuple[list[dict], list[tuple[str, int]]]:
    """(rows to store, rows to delete) for the typed workshop rows; a renamed row is deleted and stored
    again under its new name. Names must be unique and not a survey attribute's."""
    m = meta.set_index("attribute")
    old = {r["key"]: r for r in before.to_dict("records") if not _blank(r.get("key"))}
    seen, rows, keep = set(), [], set()
    if len(after) > LIMITS["typed_rows"]:
        raise WorkbenchError("value_gap.error.too_many_rows", max=LIMITS["typed_rows"])
    for i, rec in enumerate(after.to_dict("records"), start=1):
        name = _text(rec.get("attribute"))
        if name is None:
            if all(_blank(v) for k, v in rec.items() if k not in ("key", "revision")):
                continue  # an empty row the editor added: nothing to store
            raise WorkbenchError("value_gap.error.name_empty", row=i)
        if len(name) > LIMITS["name"]:
            raise WorkbenchError("value_gap.error.name_too_long", row=i, max=LIMITS["name"])
        if name in seen or name in survey_names:
            raise WorkbenchError("value_gap.error.name_taken", row=i, name=name)
        seen.add(name)
        key = _text(rec.get("key"))
        prev = old.get(key) if key else None
        if key:
            keep.add(key)
        values = {
            "dimension": _choice(rec.get("dimension"), DIMENSIONS, i, "dimension"),
            "layer": _choice(rec.get("layer"), LAYERS, i, "layer", free=True),
            **{c: _rating(rec.get(c), i, c, scale) for c in ("importance", "expectation", "performance")},
            "kano_category": _choice(rec.get("kano_category"), CATEGORIES, i, "kano_category"),
        }
        stored = m.loc[key].to_dict() if key and key in m.index else {}
        comp = _competitors(rec, stored.get("competitors") or {}, competitors, i, scale)
        if prev is not None and key == name:
            unchanged = all((_blank(prev.get(c)) and _blank(rec.get(c))) or prev.get(c) == rec.get(c)
                            for c in after.columns if c not in ("key",))
            if unchanged:
                continue
            rows.append({"attribute": name, "origin": "typed", "revision": int(prev["revision"]), **values,
                         "competitors": comp, "display_name": None, "is_overall": False})
        else:
            rows.append({"attribute": name, "origin": "typed", "revision": 0, "position": i, **values,
                         "competitors": comp, "display_name": None, "is_overall": False})
            if prev is not None:
                keep.discard(key)
    deletions = [(k, int(r["revision"])) for k, r in old.items() if k not in keep]
    return rows, deletions


def save_edits(ws: Workspace, rows: Sequence[dict], deletions: Sequence[tuple[str, int]] = ()) -> None:
    """Store the edits in one transaction: a conflict on any row leaves every row as it was."""
    if rows or deletions:
        store.save_rows(ws, rows, deletions)


def edit_version(meta: pd.DataFrame) -> int:
    """A number that changes whenever any stored attribute row changes (editor keys include it)."""
    return int(meta["revision"].sum()) * 1000 + len(meta) if len(meta) else 0


def editor_frames(ws: Workspace, base: pd.DataFrame,
                  competitors: Sequence[str]) -> tuple[list[str], pd.DataFrame, pd.DataFrame]:
    """(survey attribute names, survey editor frame, typed editor frame) built from ``base`` (the attribute
    rows as the session loaded them); a survey attribute's layer defaults to the one its file gave."""
    from workbench.value_gap.analysis import overall_attribute
    from workbench.value_gap.model import canonical_layer
    from workbench.value_gap.survey import aggregate

    survey = store.read_survey(ws)
    agg = aggregate(survey)
    names = [str(a) for a in agg["attribute"]]
    layers = {a: canonical_layer(v) for a, v in zip(agg["attribute"], agg["survey_layer"])}
    return (names, survey_frame(names, base, competitors, layers, overall_attribute(survey, base)),
            typed_frame(base, competitors))


def apply_delta(frame: pd.DataFrame, delta: dict | None) -> pd.DataFrame:
    """The frame an editor shows after its pending edits (Streamlit's ``edited_rows`` by row position,
    ``added_rows``, ``deleted_rows``), so edits can be stored before the page computes its views."""
    df = frame.astype(object).reset_index(drop=True)
    delta = delta or {}
    for idx, changes in (delta.get("edited_rows") or {}).items():
        for col, value in changes.items():
            if col in df.columns:
                df.at[int(idx), col] = value
    gone = [int(i) for i in delta.get("deleted_rows") or [] if int(i) < len(df)]
    df = df.drop(index=gone)
    added = [{c: row.get(c) for c in df.columns} for row in delta.get("added_rows") or []]
    if added:
        df = pd.concat([df, pd.DataFrame(added, columns=df.columns, dtype=object)], ignore_index=True)
    return df.reset_index(drop=True)


def apply_edits(ws: Workspace, frames: Sequence[tuple[pd.DataFrame, pd.DataFrame]], base: pd.DataFrame,
                names: Sequence[str], competitors: Sequence[str], scale: Sequence[float]) -> bool:
    """Validate and store what the two editors changed (``frames`` = [(survey before, after), (typed before,
    after)]); True when something was stored. Raises ``WorkbenchError`` (row numbers included) or
    ``ValueGapConflict``, with nothing written."""
    (s_before, s_after), (t_before, t_after) = frames
    rows = survey_changes(s_before, s_after, base, competitors, scale)
    typed, gone = typed_changes(t_before, t_after, base, names, competitors, scale)
    if not (rows or typed or gone):
        return False
    save_edits(ws, rows + typed, gone)
    return True


def has_edits(delta: dict | None) -> bool:
    """Whether an editor's state (Streamlit's edit delta) holds any unsaved edit."""
    return any((delta or {}).get(p) for p in ("edited_rows", "added_rows", "deleted_rows"))


def save_pending(ws: Workspace, base: pd.DataFrame, deltas: Sequence[dict | None], competitors: Sequence[str],
                 scale: Sequence[float]) -> bool:
    """Store the pending edits of the two editors (survey attributes, typed rows), built from ``base``; True
    when something was stored. Raises ``WorkbenchError`` / ``ValueGapConflict`` with nothing written."""
    names, survey_df, typed_df = editor_frames(ws, base, competitors)
    frames = [(f, apply_delta(f, d)) for f, d in zip((survey_df, typed_df), deltas)]
    return apply_edits(ws, frames, base, names, competitors, scale)
