"""Value-gap page driven through AppTest: editing an importance re-ranks the gaps, the segment picker switches
the respondents, a gap becomes a roadmap initiative, an edit made meanwhile by someone else is a conflict, a
bad rating is refused with its row number; both languages without raw keys."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from helpers import insert_rows, page_key, page_links, raw_keys_shown

from workbench import value_gap as vg
from workbench.core.store import WorkspaceManager
from workbench.i18n import t
from workbench.roadmap import list_initiatives
from workbench.value_gap import store

PAGE = "views/value_gap.py"


def _survey(n=30, seed=0):
    rng = np.random.default_rng(seed)
    rows = []
    for i in range(n):
        seg = "students" if i % 3 == 0 else "office"
        for a, (imp, exp, perf) in {"speed": (6, 6, 4), "taste": (6, 6, 6), "decor": (3, 4, 6)}.items():
            rows.append((f"R{i:03d}", f"C{i:03d}", seg, a, "附加价值", imp + rng.integers(0, 2), exp, perf
                         + rng.integers(-1, 2), 5.0, 1, 5))
    return pd.DataFrame(rows, columns=list(store.SURVEY_COLUMNS))


@pytest.fixture
def ws_home(home):
    mgr = WorkspaceManager(home)
    ws = mgr.create("t")
    insert_rows(ws, "survey", _survey())
    store.save_rows(ws, [{"attribute": "lockers", "origin": "typed", "revision": 0, "importance": 1.0,
                          "expectation": 6.0, "performance": 4.0, "dimension": "time_cost", "layer": "value_added"}])
    mgr.close_all()
    return home


def _ok(at):
    assert not at.exception, [e.value for e in at.exception]


def _order(at) -> list[str]:
    """Attributes of the gap table, in the order shown (the first table of the page)."""
    return list(at.dataframe[0].value.iloc[:, 1])


def _editor(at, prefix):
    return next(d for d in at.data_editor if d.key and d.key.startswith(prefix))


def _with(home, fn):
    mgr = WorkspaceManager(home)
    try:
        return fn(mgr.open("t"))
    finally:
        mgr.close_all()


def _tab(at, name):
    """Open a tab of the page (only the open tab runs), as a click on it does."""
    at.session_state[page_key("vg_tab")] = t(f"value_gap.tab.{name}", at.session_state["lang"])
    at.run()
    _ok(at)
    return at


def _edit(at, key, edited):
    at.session_state[key] = {"edited_rows": edited, "added_rows": [], "deleted_rows": []}
    at.run()
    _ok(at)


def test_editing_an_importance_reranks_the_gaps(app_test, ws_home):
    at = app_test(PAGE, lang="zh")
    _ok(at)
    before = _order(at)
    assert before[0] == "speed" and before.index("lockers") > 0  # importance 1 × shortfall 2 = priority 2
    _tab(at, "attributes")
    _edit(at, _editor(at, "vg_ed_t").key, {0: {"importance": 7.0}})  # 7 × 2 = 14: now first
    after = _order(_tab(at, "gaps"))
    assert after[0] == "lockers" and after[1] == "speed"
    stored = _with(ws_home, lambda ws: store.read_attributes(ws).set_index("attribute").loc["lockers"])
    assert stored["importance"] == 7.0 and stored["revision"] == 2


def test_the_segment_picker_switches_respondents(app_test, ws_home):
    at = app_test(PAGE, lang="en")
    assert any("30 respondents" in c.value for c in at.caption)
    at.selectbox(key=page_key("vg_by")).set_value(vg.SURVEY_SEGMENT).run()
    at.selectbox(key=page_key(f"vg_seg_{vg.SURVEY_SEGMENT}")).set_value("students").run()
    _ok(at)
    assert any("10 respondents" in c.value for c in at.caption)
    assert raw_keys_shown(at) == []


def test_a_gap_becomes_an_initiative_with_its_attribute_and_segment(app_test, ws_home):
    at = app_test(PAGE, lang="zh")
    at.selectbox(key=page_key("vg_by")).set_value(vg.SURVEY_SEGMENT).run()
    at.selectbox(key=page_key(f"vg_seg_{vg.SURVEY_SEGMENT}")).set_value("students").run()
    at.button(key=page_key("vg_make")).click().run()
    _ok(at)
    made = _with(ws_home, list_initiatives)
    assert len(made) == 1
    row = made.iloc[0]
    assert row["source_kind"] == "value_gap"
    assert row["source_ref"] == {"attribute": "speed", "segment": "students", "segmentation": "survey"}
    assert row["title"] == t("value_gap.initiative.title", "zh", attribute="speed")
    assert row["target_segment"] == "students"
    # this gap already has one: the button is now a link that opens it on the Roadmap page
    assert page_key("vg_make") not in {b.key for b in at.button}
    iid = int(row["initiative_id"])
    assert page_links(at) == [(t("roadmap.open_existing", "zh", id=iid), f"initiative={iid}")]
    # the same attribute for another segment is another gap: a button again
    picker = at.selectbox(key=page_key(f"vg_seg_{vg.SURVEY_SEGMENT}"))
    picker.select_index(next(i for i in range(len(picker.options)) if i != picker.index)).run()
    assert page_key("vg_make") in {b.key for b in at.button} and page_links(at) == []


def test_an_edit_saved_meanwhile_by_someone_else_is_a_conflict(app_test, ws_home):
    at = _tab(app_test(PAGE, lang="en"), "attributes")
    key = _editor(at, "vg_ed_s").key
    # another participant sets the dimension of "speed" first
    _with(ws_home, lambda ws: store.save_rows(ws, [{"attribute": "speed", "origin": "survey", "revision": 0,
                                                    "dimension": "functional"}]))
    rows = list(_editor(at, "vg_ed_s").value["attribute"])
    _edit(at, key, {rows.index("speed"): {"dimension": "time_cost"}})
    assert any("another participant" in e.value for e in at.error)
    stored = _with(ws_home, lambda ws: store.read_attributes(ws).set_index("attribute").loc["speed"])
    assert stored["dimension"] == "functional"  # theirs kept, not overwritten
    at.button(key=page_key("vg_reload")).click().run()
    _ok(at)
    assert not at.error
    shown = _editor(at, "vg_ed_s").value.set_index("attribute")
    assert shown.loc["speed", "dimension"] == "functional"


def test_a_bad_rating_is_refused_with_its_row_number(app_test, ws_home):
    at = _tab(app_test(PAGE, lang="en"), "attributes")
    _edit(at, _editor(at, "vg_ed_t").key, {0: {"performance": 9.0}})
    assert any("Row 1" in e.value and "performance" in e.value for e in at.error)
    stored = _with(ws_home, lambda ws: store.read_attributes(ws).set_index("attribute").loc["lockers"])
    assert stored["performance"] == 4.0


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_tab_renders_without_raw_keys(app_test, ws_home, lang):
    at = app_test(PAGE, lang=lang)
    _ok(at)
    assert [tab.label for tab in at.tabs] == [t(f"value_gap.tab.{k}", lang) for k in
                                              ("gaps", "ipa", "derived", "competitors", "kano", "value", "attributes")]
    for name in ("gaps", "ipa", "derived", "competitors", "kano", "value", "attributes"):
        assert raw_keys_shown(_tab(at, name)) == [], name
        assert [tab.label for tab in at.tabs if tab.children] == [t(f"value_gap.tab.{name}", lang)]  # one runs
    # this survey has no overall-satisfaction question and no customers: the derived tab says what to do
    assert t("value_gap.note.no_overall", lang) in [i.value for i in _tab(at, "derived").info]


def test_the_gap_tables_status_column_is_wide_enough_to_read(app_test, ws_home):
    """"超出（可能过度）" / "Surplus (possible overkill)" was cut to "超出（可" in the auto-sized column."""
    import json

    for lang in ("zh", "en"):
        at = app_test(PAGE, lang=lang)
        _ok(at)
        columns = json.loads(at.dataframe[0].proto.columns)
        assert columns[t("value_gap.col.status", lang)]["width"] == "medium"
