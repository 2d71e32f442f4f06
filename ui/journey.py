"""The journey editor's widgets: the stage table, the stage × lane grid and the opportunities table as
``st.data_editor`` with their column settings, the conflict notice, and the watcher that shows another
participant's change within seconds. The page (``views/journey.py``) lays them out; what they edit is built
and folded back by ``workbench.journey``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit as st

from ui.initiatives import existing_initiative_link
from workbench import journey
from workbench.core.textsafe import md_escape
from workbench.journey import EMOTION_MAX, EMOTION_MIN, LIMITS, JourneyMap

__all__ = ["new_and_import", "stage_editor", "grid_editor", "opportunity_editor", "persona_form", "act_tab",
           "manage_tab",
           "conflict_notice", "watch", "stage_width"]

#: Width of the grid's lane column: "Backstage processes" and "Thoughts / quotes" on one line at 14 px.
LANE_WIDTH = 150
#: The grid's total width at 1440 px with the sidebar open (what a projector shows): every stage must fit.
GRID_WIDTH = 930


def stage_width(n_stages: int, fit: bool) -> int:
    """Pixel width of a stage column: every stage visible at 1440 px (``fit``: squeezed to the width,
    down to 110 px), else a comfortable reading width."""
    fitted = (GRID_WIDTH - LANE_WIDTH) // max(n_stages, 1)
    return max(110, fitted) if fit else max(160, min(320, fitted))


def stage_editor(key: str, base: JourneyMap, t: Callable[..., str]):
    """The stage table (order, name, evidence, emotions); returns its edited frame."""
    return st.data_editor(
        journey.stage_frame(base), key=key, num_rows="dynamic", hide_index=True,
        column_config={
            "stage_id": None,
            "order": st.column_config.NumberColumn(t("journey.col.order"), min_value=1, step=1, width="small"),
            "name": st.column_config.TextColumn(t("journey.col.stage"), required=True, max_chars=LIMITS["stage_name"]),
            "evidence": st.column_config.SelectboxColumn(
                t("journey.col.evidence"), options=journey.EVIDENCE_LEVELS, default="assumed", required=True,
                format_func=lambda e: t(f"journey.evidence.{e}")),
            **{f"emotion_{c}": st.column_config.NumberColumn(t(f"journey.col.{c}"), min_value=EMOTION_MIN,
                                                             max_value=EMOTION_MAX, step=1)
               for c in ("as_is", "to_be")},
        })


def grid_editor(key: str, base: JourneyMap, lang: str, t: Callable[..., str], fit: bool):
    """The stage × lane grid, the lane names pinned on the left; returns its edited frame."""
    width = stage_width(len(base.stages), fit)
    return st.data_editor(
        journey.grid_frame(base, lang), key=key, hide_index=True, row_height=72, disabled=["lane"],
        column_config={"lane": st.column_config.TextColumn(t("journey.col.lane"), pinned=True, width=LANE_WIDTH),
                       **{s.stage_id: st.column_config.TextColumn(s.name, max_chars=4000, width=width)
                          for s in base.stages}})


def opportunity_editor(key: str, base: JourneyMap, lang: str, linked: set[str], t: Callable[..., str]):
    """Opportunities with owner and status; returns its edited frame."""
    return st.data_editor(
        journey.opportunity_frame(base, lang, linked), key=key, hide_index=True,
        disabled=["stage", "text", "initiative"],
        column_config={
            "stage_id": None, "item_id": None, "stage": t("journey.col.stage"),
            "text": t("journey.lane.opportunities"),
            "owner": st.column_config.TextColumn(t("journey.col.owner"), max_chars=LIMITS["owner"]),
            "status": st.column_config.SelectboxColumn(
                t("journey.col.status"), options=journey.OPPORTUNITY_STATUSES, required=True,
                format_func=lambda s: t(f"journey.status.{s}")),
            "initiative": st.column_config.CheckboxColumn(t("journey.col.initiative"))})


def conflict_notice(where, stored: JourneyMap, conflicts, lang: str, t: Callable[..., str], key: Callable[..., str],
                    apply_mine: Callable[[JourneyMap], None], dismiss: Callable[[], None]) -> None:
    """What another participant changed too, with the user's own text to re-apply ("use mine") or drop."""
    with where.container(border=True):
        st.warning(t("journey.conflict.intro", n=len(conflicts)))
        for i, conflict in enumerate(conflicts):
            place, mine, theirs = journey.conflict_text(stored, conflict, lang)
            st.markdown(t("journey.conflict.item", where=md_escape(place, 120), mine=md_escape(mine, 200),
                          theirs=md_escape(theirs, 200)))
            if conflict.unit[0] not in ("order", "stage_deleted") and \
                    st.button(t("journey.conflict.use_mine"), key=key("use_mine", i)):
                apply_mine(journey.apply_unit(stored, conflict.unit, conflict.mine))
        if st.button(t("journey.conflict.keep_theirs"), key=key("keep_theirs")):
            dismiss()


def watch(ws, map_id: int, revision: int, seconds: float = 3.0) -> None:
    """Every few seconds, look at the stored revision (one small query); when another participant saved, run
    the page again so the map shows their change without anyone reloading."""

    @st.fragment(run_every=seconds)
    def _poll() -> None:
        stored = journey.revision(ws, map_id)
        if stored is not None and stored != revision:
            st.rerun()

    _poll()


def new_and_import(new_col, import_col, key: Callable[..., str], t: Callable[..., str]):
    """The "new map" and "import" popovers: ``("new", name, template)`` or ``("import", bytes)`` when used."""
    with new_col.popover(t("journey.new"), icon=":material/add:", width="stretch"), st.form(key("new"), border=False):
        tpl = st.selectbox(t("journey.template"), [""] + list(journey.TEMPLATE_KEYS), key=key("tpl"),
                           format_func=lambda k: t(f"journey.template.{k}") if k else t("journey.template.blank"))
        name = st.text_input(t("journey.name"), key=key("new_name"), placeholder=t("journey.name_hint"))
        if st.form_submit_button(t("journey.create"), type="primary", key=key("create")):
            return "new", name, tpl
    with import_col.popover(t("journey.import"), icon=":material/upload:", width="stretch"):
        upload = st.file_uploader(t("journey.import_file"), type=["json"], key=key("upload"))
        if upload is not None and st.button(t("journey.import_do"), key=key("import_do")):
            return "import", upload.getvalue()
    return None


def persona_form(form_key: str, save_key: str, persona, t: Callable[..., str]) -> dict | None:
    """The persona card as a form; its values when saved."""
    with st.form(form_key):
        values = {k: (st.text_area if k in ("goals", "needs") else st.text_input)(
            t(f"journey.persona.{k}"), getattr(persona, k), max_chars=LIMITS["persona_field"])
            for k in journey.PERSONA_FIELDS if k != "disc"}
        values["disc"] = st.selectbox(t("journey.persona.disc"), journey.DISC_TYPES,
                                      index=journey.DISC_TYPES.index(persona.disc),
                                      format_func=lambda d: t(f"journey.disc.{(d or 'none').lower()}"))
        if st.form_submit_button(t("journey.save"), type="primary", key=save_key):
            return values
    return None


def manage_tab(base: JourneyMap, t: Callable[..., str], key: Callable[..., str], export: str):
    """Rename, duplicate, export and delete (after a confirmation): ``("rename", name)``, ``("duplicate",)``
    or ``("delete",)`` when asked."""
    new_name = st.text_input(t("journey.name"), base.name, max_chars=LIMITS["map_name"],
                             key=key("rename", base.map_id, base.revision))
    c1, c2 = st.columns(2)
    action = None
    if c1.button(t("journey.rename"), key=key("rename_do")) and new_name.strip() != base.name:
        action = ("rename", new_name.strip())
    if c2.button(t("journey.duplicate"), key=key("dup")):
        action = ("duplicate",)
    st.download_button(t("journey.export"), export, file_name=f"journey-{base.map_id}.json", mime="application/json",
                       icon=":material/download:")
    st.divider()
    sure = st.checkbox(t("journey.delete_confirm", name=md_escape(base.name)), key=key("del_ok", base.map_id))
    if st.button(t("journey.delete"), type="primary", disabled=not sure, key=key("delete")):
        action = ("delete",)
    return action


def act_tab(ws: Any, base: JourneyMap, labels: dict, link: tuple, fig: dict, linked: set[str], lang: str,
            t: Callable[..., str], key: Callable[..., str]):
    """The linked segment (picker and figures) and "turn into initiative": ``("link", (segmentation,
    segment))`` when the user picks another segment, ``("initiative", stage_id, item)`` when asked."""
    options = [("", "")] + list(labels)
    changed = key("seg_changed")
    seg = st.selectbox(t("journey.segment"), options, index=options.index(link) if link in options else 0,
                       format_func=lambda o: labels.get(o, t("journey.segment.none")), key=key("seg", base.revision),
                       on_change=lambda: st.session_state.__setitem__(changed, True))
    action = None
    # save only what the user picked: a picker that merely shows the link must never rewrite it
    if st.session_state.pop(changed, False) and seg != link:
        action = ("link", seg)
    for col, (label, value) in zip(st.columns(5), journey.figure_rows(fig, lang)):
        col.metric(label, value)
    st.caption(t(f"journey.figures.scope.{fig['scope']}"))
    if items := journey.actionable_items(base):
        choice = st.selectbox(t("journey.initiative.pick"), range(len(items)), key=key("act", base.revision),
                              format_func=lambda i: journey.item_label(base, *items[i], lang, linked))
        sid, _lane, item = items[choice]
        ref = {"map_id": base.map_id, "item": item.item_id}  # one initiative per item: else a link to it
        if existing_initiative_link(ws, "journey_pain", ref, t) is None and st.button(
                t("journey.initiative.create"), type="primary", key=key("make_init")):
            action = ("initiative", sid, item)
    return action
