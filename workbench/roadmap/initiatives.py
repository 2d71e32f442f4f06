"""Roadmap initiatives: the one place where insights (a segment, a journey pain point, a value gap) become
action. Every "turn into initiative" button in the app calls :func:`create_initiative`; the roadmap planner
lists, edits, deletes and undoes them here.

Every write is one transaction: the initiative, its dependencies, the initiatives a delete touches, the undo
entry and the plan's version commit together or not at all. Each initiative has a ``revision``; an edit
names the revision it was based on, and when another participant saved in between it is refused with
:class:`~workbench.roadmap.model.InitiativeConflict` (the page offers a reload), never overwritten. Undo is
per participant (``actor``): it reverts that participant's own last change, unless someone changed the same
initiative since.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import pandas as pd

from workbench.core.errors import WorkbenchError
from workbench.core.store import Workspace
from workbench.roadmap import config, store
from workbench.roadmap.model import (
    EDITABLE_FIELDS,
    LIMITS,
    SOURCE_KINDS,
    DuplicateSource,
    InitiativeConflict,
    LabelledError,
    clean_fields,
    clean_text,
    source_key,
)
from workbench.roadmap.phases import horizon

__all__ = ["SOURCE_KINDS", "EDITABLE_FIELDS", "RowError", "create_initiative", "list_initiatives",
           "initiatives_from", "initiative_from", "get_initiative", "update_initiative", "delete_initiative",
           "apply_changes", "undo", "undo_depth"]


class RowError(WorkbenchError):
    """A bad value in one initiative of a batch: the message names the initiative (or the new row) first."""

    def __init__(self, inner: WorkbenchError, title: str) -> None:
        super().__init__(inner.key, **inner.params)
        self.inner, self.title = inner, title

    def text(self, lang: str = "en") -> str:
        from workbench.i18n import t

        return t("roadmap.error.in_row", lang, title=self.title, detail=self.inner.text(lang))

    def display_text(self, lang: str = "en") -> str:
        from workbench.core.textsafe import md_escape
        from workbench.i18n import t

        return t("roadmap.error.in_row", lang, title=md_escape(self.title, limit=80),
                 detail=self.inner.display_text(lang))


class SegmentError(LabelledError):
    """A target segment that is unknown or has no members now; named in the reader's language."""

    def labelled(self, lang: str) -> dict[str, object]:
        from workbench.segments import segment_label, segmentation_label

        segmentation, segment = str(self.params["segmentation"]), str(self.params["segment"])
        try:
            label = f"{segmentation_label(segmentation, lang)} · {segment_label(segmentation, segment, lang)}"
        except (KeyError, WorkbenchError):
            label = f"{segmentation} · {segment}"
        return {**self.params, "label": label}


# -- checks ---------------------------------------------------------------------------------------------------
def _check_segments(ws: Workspace, changes: Iterable[Mapping[str, Any]]) -> None:
    """A target segment chosen now must exist in the workspace's segments (the snapshot), so a stale picker
    cannot link an initiative to a segment that is gone."""
    wanted = {(c.get("segmentation"), c.get("segment")) for c in changes if c.get("segmentation") or c.get("segment")}
    if not wanted:
        return
    from workbench import segments

    snap = segments.snapshot(ws)
    for segmentation, segment in wanted:
        if segmentation not in segments.REGISTRY or not segment or segment not in snap.segments(segmentation) \
                or not snap.members(segmentation, segment).any():
            raise SegmentError("roadmap.error.segment_gone", segmentation=str(segmentation), segment=str(segment))


def _check_row(cur, row: Mapping[str, Any], end: int) -> None:
    """Checks that need the stored plan: the start within the phases, dependencies on initiatives that exist."""
    start = row.get("start_month")
    if start is not None and start >= end:
        raise WorkbenchError("roadmap.error.start_beyond_plan", start=start, last=end - 1)
    deps = list(row.get("depends_on") or [])
    if row.get("initiative_id") is not None and row["initiative_id"] in deps:
        raise WorkbenchError("roadmap.error.self_dependency")
    gone = sorted(set(deps) - store.existing_ids(cur, deps))
    if gone:
        raise WorkbenchError("roadmap.error.unknown_dependency", ids=", ".join(f"#{i}" for i in gone))


def _snapshot(row: Mapping[str, Any]) -> dict[str, Any]:
    """An initiative's stored state for the undo log (JSON-able)."""
    return {k: (None if v is None else str(v) if k in ("created_at", "updated_at") else v) for k, v in row.items()}


# -- create ---------------------------------------------------------------------------------------------------
def _prepare_create(title: Any, source_kind: str | None, source_ref: Mapping[str, Any] | None,
                    fields: Mapping[str, Any]) -> dict[str, Any]:
    if source_kind is not None and source_kind not in SOURCE_KINDS:
        raise WorkbenchError("initiatives.error.bad_source", kind=source_kind)
    cleaned = clean_fields({"title": title, **fields})
    if source_kind == "segment" and isinstance(source_ref, Mapping) and "segmentation" not in fields:
        cleaned.setdefault("segmentation", clean_text(source_ref.get("segmentation")) or None)
        cleaned.setdefault("segment", clean_text(source_ref.get("segment")) or None)
    cleaned.setdefault("status", "idea")
    cleaned.update(source_kind=source_kind, source_ref=None if source_ref is None else dict(source_ref),
                   source_key=source_key(source_kind, source_ref))
    return cleaned


def _create(cur, fields: dict[str, Any], actor: str, end: int) -> int:
    key = fields.get("source_key")
    if key:
        found = store.find_by_source_key(cur, key)
        if found:
            raise DuplicateSource(*found)
    _check_row(cur, fields, end)
    deps = fields.pop("depends_on", None) or []
    new_id = store.insert_row(cur, {**fields, "revision": 1})
    store.set_dependencies(cur, new_id, deps)
    store.push_undo(cur, actor, "initiative", str(new_id), 1, None, LIMITS["undo"])
    return new_id


def create_initiative(
    ws: Workspace,
    title: str,
    *,
    source_kind: str | None = None,
    source_ref: dict[str, Any] | None = None,
    actor: str = "api",
    **fields: Any,
) -> int:
    """Store a new initiative linked to what motivated it and return its id.

    ``source_ref`` is a small JSON-able dict that identifies the source, e.g.
    ``{"segmentation": "rfm", "segment": "at_risk"}`` or ``{"map_id": 3, "stage_id": "s2", "item": 0}``. An
    insight already turned into an initiative (same segment, journey item, or value gap's attribute and
    segment: ``model.SOURCE_IDENTITY``) is refused with :class:`~workbench.roadmap.model.DuplicateSource`,
    whose ``existing_id`` is the initiative to open instead. ``fields`` are ``EDITABLE_FIELDS`` (bad values
    raise ``WorkbenchError``, nothing is stored); ``actor`` is who may undo it.
    """
    prepared = _prepare_create(title, source_kind, source_ref, fields)
    _check_segments(ws, [fields])
    with ws.transaction() as cur:
        config.ensure_start(cur)
        new_id = _create(cur, prepared, actor, horizon(config.phases_in(cur)))
        store.bump_version(cur)
    return new_id


# -- read -----------------------------------------------------------------------------------------------------
def list_initiatives(ws: Workspace) -> pd.DataFrame:
    """All initiatives, oldest first: every stored column (``source_ref`` decoded to a dict, ``scores`` to a
    dict, ``revision``) and ``depends_on``, the ids each depends on."""
    return store.read_initiatives(ws)


def initiatives_from(ws: Workspace, source_kind: str) -> pd.DataFrame:
    """Initiatives created from one kind of source, so a view can show which insights are already acted on."""
    df = list_initiatives(ws)
    return df[df["source_kind"] == source_kind].reset_index(drop=True)


def initiative_from(ws: Workspace, source_kind: str, source_ref: Mapping[str, Any]) -> int | None:
    """The id of the initiative already made from this insight (the oldest, if there are several from before
    duplicates were refused), or None — so a page can offer to open it instead of making another."""
    key = source_key(source_kind, source_ref)
    if key is None:
        return None
    with ws.cursor() as cur:
        found = store.find_by_source_key(cur, key)
    return None if found is None else found[0]


def get_initiative(ws: Workspace, initiative_id: int) -> dict[str, Any]:
    """One initiative as a dict (with ``revision`` and ``depends_on``); raises ``roadmap.error.not_found``."""
    with ws.cursor() as cur:
        row = store.read_row(cur, int(initiative_id))
    if row is None:
        raise WorkbenchError("roadmap.error.not_found", id=int(initiative_id))
    return row


# -- update and delete ----------------------------------------------------------------------------------------
def _current(cur, initiative_id: int, expected_revision: int | None, title: str = "") -> dict[str, Any]:
    row = store.read_row(cur, initiative_id)
    if row is None:
        raise WorkbenchError("roadmap.error.gone", id=initiative_id, title=title[:60])
    if expected_revision is not None and int(row["revision"]) != int(expected_revision):
        raise InitiativeConflict(row["title"], expected_revision, row["revision"])
    return row


def _update(cur, initiative_id: int, expected_revision: int | None, changes: Mapping[str, Any], actor: str,
            end: int) -> int:
    row = _current(cur, initiative_id, expected_revision)
    changed = {k: v for k, v in changes.items() if row.get(k) != v}
    if not changed:
        return int(row["revision"])
    new = {**row, **changed}
    _check_row(cur, new, end)
    revision = int(row["revision"]) + 1
    store.update_row(cur, initiative_id, changed, revision)
    if "depends_on" in changed:
        store.set_dependencies(cur, initiative_id, new["depends_on"])
    store.push_undo(cur, actor, "initiative", str(initiative_id), revision, _snapshot(row), LIMITS["undo"])
    return revision


def _delete(cur, initiative_id: int, expected_revision: int | None, actor: str) -> None:
    row = _current(cur, initiative_id, expected_revision)
    users = store.dependants(cur, initiative_id)
    for other in users:  # they lose a dependency: a new revision, so their open editors reload
        store.update_row(cur, other, {}, int(store.read_row(cur, other)["revision"]) + 1)
    store.delete_row(cur, initiative_id)
    store.push_undo(cur, actor, "initiative", str(initiative_id), None, {**_snapshot(row), "dependants": users},
                    LIMITS["undo"])


def update_initiative(ws: Workspace, initiative_id: int, changes: Mapping[str, Any], expected_revision: int | None,
                      *, actor: str = "api") -> dict[str, Any]:
    """Save changed fields of one initiative (``expected_revision``: the revision the edit was based on; None
    skips the check, for scripts) and return it as stored. Bad values, a start beyond the last phase, a
    dependency on a deleted initiative: ``WorkbenchError`` and nothing is written."""
    cleaned = clean_fields(changes)
    _check_segments(ws, [cleaned] if "segmentation" in cleaned or "segment" in cleaned else [])
    with ws.transaction() as cur:
        end = horizon(config.phases_in(cur))
        revision = _update(cur, int(initiative_id), expected_revision, cleaned, actor, end)
        if revision != expected_revision:
            store.bump_version(cur)
        return store.read_row(cur, int(initiative_id))


def delete_initiative(ws: Workspace, initiative_id: int, expected_revision: int | None, *,
                      actor: str = "api") -> None:
    """Delete an initiative; those depending on it lose that dependency. Undo brings all of it back."""
    with ws.transaction() as cur:
        _delete(cur, int(initiative_id), expected_revision, actor)
        store.bump_version(cur)


def apply_changes(ws: Workspace, *, updates: Sequence[tuple[int, int | None, Mapping[str, Any]]] = (),
                  creates: Sequence[Mapping[str, Any]] = (), deletes: Sequence[tuple[int, int | None]] = (),
                  actor: str = "api", titles: Mapping[int, str] | None = None) -> list[int]:
    """Several edits of the board table in one transaction: ``updates`` as (id, expected revision, changes),
    ``creates`` as fields with a ``title``, ``deletes`` as (id, expected revision). All are saved or none;
    an error names the initiative (``titles`` gives the names shown) or the new row. The new ids."""
    titles = titles or {}
    cleaned_updates = []
    for initiative_id, revision, changes in updates:
        try:
            cleaned_updates.append((int(initiative_id), revision, clean_fields(changes)))
        except WorkbenchError as err:
            raise RowError(err, titles.get(int(initiative_id), f"#{initiative_id}")) from err
    prepared = []
    for n, fields in enumerate(creates, start=1):
        try:
            prepared.append(_prepare_create(fields.get("title"), None, None,
                                            {k: v for k, v in fields.items() if k != "title"}))
        except WorkbenchError as err:
            raise RowError(err, clean_text(fields.get("title")) or f"+{n}") from err
    _check_segments(ws, [c for _, _, c in cleaned_updates if "segmentation" in c or "segment" in c])
    new_ids = []
    with ws.transaction() as cur:
        config.ensure_start(cur)
        end = horizon(config.phases_in(cur))
        for initiative_id, revision in deletes:
            _delete(cur, int(initiative_id), revision, actor)
        for initiative_id, revision, changes in cleaned_updates:
            try:
                _update(cur, initiative_id, revision, changes, actor, end)
            except InitiativeConflict:
                raise
            except WorkbenchError as err:
                raise RowError(err, titles.get(initiative_id, f"#{initiative_id}")) from err
        for n, fields in enumerate(prepared, start=1):
            try:
                new_ids.append(_create(cur, fields, actor, end))
            except WorkbenchError as err:
                raise RowError(err, fields.get("title") or f"+{n}") from err
        store.bump_version(cur)
    return new_ids


# -- undo -----------------------------------------------------------------------------------------------------
def undo_depth(ws: Workspace, actor: str) -> int:
    """How many of ``actor``'s changes can be undone."""
    return store.undo_count(ws, actor)


def _restore_initiative(cur, entry: Mapping[str, Any], actor: str) -> None:
    initiative_id = int(entry["ref"])
    current = store.read_row(cur, initiative_id)
    before = entry["before"]
    if entry["revision"] is None:  # it was deleted: bring it back with its links
        if current is not None:
            raise InitiativeConflict(current["title"], None, current["revision"])
        fields = {k: v for k, v in before.items() if k in store.COLUMNS and k not in ("revision", "updated_at")}
        store.insert_row(cur, {**fields, "revision": int(before["revision"]) + 1}, initiative_id)
        store.retarget_undo(cur, actor, "initiative", entry["ref"], int(before["revision"]),
                            int(before["revision"]) + 1)
        alive = store.existing_ids(cur, list(before.get("depends_on") or []) + list(before.get("dependants") or []))
        store.set_dependencies(cur, initiative_id, [d for d in before.get("depends_on") or [] if d in alive])
        for other in before.get("dependants") or []:
            if other in alive:
                row = store.read_row(cur, other)
                store.set_dependencies(cur, other, sorted({*row["depends_on"], initiative_id}))
                store.update_row(cur, other, {}, int(row["revision"]) + 1)
        return
    if current is None or int(current["revision"]) != int(entry["revision"]):
        title = current["title"] if current else (before or {}).get("title", f"#{initiative_id}")
        raise InitiativeConflict(title, entry["revision"], None if current is None else current["revision"])
    if before is None:  # it was created: remove it again
        for other in store.dependants(cur, initiative_id):
            store.update_row(cur, other, {}, int(store.read_row(cur, other)["revision"]) + 1)
        store.delete_row(cur, initiative_id)
        return
    fields = {k: v for k, v in before.items() if k in store.COLUMNS and k not in ("created_at", "updated_at",
                                                                                   "revision")}
    store.update_row(cur, initiative_id, fields, int(current["revision"]) + 1)
    store.retarget_undo(cur, actor, "initiative", entry["ref"], int(before["revision"]), int(current["revision"]) + 1)
    deps = list(before.get("depends_on") or [])
    alive = store.existing_ids(cur, deps)
    store.set_dependencies(cur, initiative_id, [d for d in deps if d in alive])


def _restore_setting(cur, entry: Mapping[str, Any], actor: str) -> None:
    key = entry["ref"]
    found = store.read_setting(cur, key)
    current = found[1] if found else 0
    if current != entry["revision"]:
        raise InitiativeConflict(key, entry["revision"], current)
    before = entry["before"] if entry["before"] is not None else config.default_setting(key)
    store.write_setting(cur, key, before, current + 1)
    store.retarget_undo(cur, actor, "setting", key, current - 1, current + 1)  # settings move one at a time


def undo(ws: Workspace, actor: str) -> None:
    """Revert ``actor``'s last change (the restore is a new revision, so other participants see it).

    When someone changed the same initiative or setting since, that change of ``actor``'s can no longer be
    undone: it leaves the log (so older ones stay reachable) and ``roadmap.error.undo_conflict`` is raised;
    ``roadmap.error.nothing_to_undo`` when there is nothing left. The checks run before anything is written.
    """
    stale = None
    with ws.transaction() as cur:
        entry = store.last_undo(cur, actor)
        if entry is None:
            raise WorkbenchError("roadmap.error.nothing_to_undo")
        try:
            if entry["kind"] == "initiative":
                _restore_initiative(cur, entry, actor)
            else:
                _restore_setting(cur, entry, actor)
        except InitiativeConflict as err:
            stale = err
        store.drop_undo(cur, entry["seq"])
        if stale is None:
            store.bump_version(cur)
    if stale is not None:
        raise WorkbenchError("roadmap.error.undo_conflict", title=stale.params["title"])
