"""The Segments page: driven through AppTest on small hand-made workspaces and on the demo data."""

from __future__ import annotations

import datetime as dt
import functools
import json
import re

import pandas as pd
import pytest
from helpers import insert_rows, page_key, page_links, raw_keys_shown, table_shown, visible_texts

from workbench.i18n import t

PAGE = "views/segments.py"

# Revenue A 300, B 100, D 80, C 20 (total 500): cumulative share before A 0, B .6, D .8, C .96
# → pyramid key A, B; ordinary D; small C. With key share 50%: key A only (B starts at 60%).
ORDERS = pd.DataFrame(
    {
        "order_id": [str(i) for i in range(9)],
        "customer_id": ["A", "A", "A", "B", "B", "C", "D", "D", "A"],
        "order_ts": pd.to_datetime(["2024-01-05", "2024-06-01", "2024-12-20", "2024-11-01", "2024-12-30",
                                    "2024-02-01", "2024-12-31", "2024-03-03", "2023-12-01"]),
        "amount": [100.0, 100, 50, 50, 50, 20, 40, 40, 50],
        "channel": ["门店"] * 9,
        "city": ["上海"] * 9,
    }
)
CUSTOMERS = pd.DataFrame({"customer_id": ["A", "B"], "csat": [5.0, 2.0]})


@pytest.fixture
def small(make_workspace):
    ws = make_workspace("small", orders=ORDERS)
    insert_rows(ws, "customers", CUSTOMERS)
    return ws


def _key(at, name: str) -> str:
    """The Segments page's widget key ``name`` in the workspace the app test shows."""
    return page_key(name, at.session_state["workspace"])


def _table_with(at, label: str) -> pd.DataFrame:
    """The profile table whose segment names include ``label``."""
    for df in (table_shown(d) for d in at.table):
        if label in list(df.iloc[:, 0]):
            return df
    raise AssertionError(f"no table lists {label!r}")


def _count(text: str) -> int:
    """A displayed count such as "1,066" as a number (digits and thousands separators only)."""
    assert re.fullmatch(r"\d{1,3}(,\d{3})*", text), text
    return int(text.replace(",", ""))


def _tab(at, name: str):
    """Open a tab of the page (only the open tab runs), as a click on it does."""
    at.session_state[_key(at, "segments_tab")] = t(f"segments.tab.{name}", at.session_state["lang"])
    at.run()
    assert not at.exception, at.exception
    return at


def _counts(at, lang: str, segmentation: str, segments: list[str]) -> list[int]:
    _tab(at, "rfm" if segmentation == "tier" else segmentation)
    df = _table_with(at, t(f"segments.seg.{segmentation}.{segments[0]}", lang))
    assert df.columns[1] == t("segments.col.customers", lang)
    by_label = dict(zip(df.iloc[:, 0], df.iloc[:, 1]))
    return [_count(by_label[t(f"segments.seg.{segmentation}.{s}", lang)]) for s in segments]


def _form_widgets(at, label: str, tab: str):
    """A parameter widget by its label on a tab, and the submit button of its form."""
    _tab(at, tab)
    widget = next(w for w in list(at.number_input) + list(at.selectbox) if w.label == label)
    button = next(b for b in at.button if b.form_id == widget.form_id and b.form_id)
    return widget, button


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_page_shows_segments_with_known_counts(app_test, small, lang):
    at = app_test(PAGE, lang=lang)
    assert not at.exception, at.exception
    assert raw_keys_shown(at) == []
    assert _counts(at, lang, "pyramid", ["key", "ordinary", "small", "negative"]) == [2, 1, 1, 0]
    # satisfaction x loyalty: C and D have no score, and the page says so
    assert _counts(at, lang, "sat_loyalty", ["no_score"]) == [2]
    texts = visible_texts(at)
    assert any(t("segments.sat.no_score", lang, n=2, total=4, measure="CSAT") == x for x in texts)
    # churn dimensions without data are skipped and named: no feature usage or community data, and no
    # purchase at all 90-179 days before 31 Dec 2024 (5 Jul - 2 Oct), so no frequency comparison either
    sep = t("segments.list_sep", lang)
    skipped = sep.join(t(f"segments.churn_dim.{d}", lang) for d in ("frequency", "usage", "community"))
    assert t("segments.churn.skipped", lang, dims=skipped) in [w.value for w in _tab(at, "churn").warning]
    # fit warnings are shown translated (four customers are too few for a stable fit)
    assert any(w.value.startswith(t("clv.warn.few_customers", lang, n_customers=4, minimum=30)[:6])
               for w in _tab(at, "clv").warning)
    # figures read as a client reads them: A and B bring 400 of 500
    _tab(at, "pyramid")
    assert t("segments.download", lang, n=2) in [b.label for b in at.get("download_button")]
    key = _table_with(at, t("segments.seg.pyramid.key", lang)).iloc[0]
    assert (key.iloc[0], key.iloc[3], key.iloc[4]) == (t("segments.seg.pyramid.key", lang), "¥400", "80.0%")
    # no Streamlit default English on the page: the filters' placeholders are translated
    _tab(at, "kpis")
    assert at.multiselect(key=_key(at, "kpi_channels")).placeholder == t("segments.kpi.all_channels", lang)
    assert at.multiselect(key=_key(at, "kpi_cities")).placeholder == t("segments.kpi.all_cities", lang)


def test_changing_a_parameter_recounts_and_is_saved(app_test, small):
    at = app_test(PAGE, lang="en")
    label = t("segments.param.in_percent", "en", label=t("segments.param.pyramid.key_share", "en"))
    widget, submit = _form_widgets(at, label, "pyramid")
    assert widget.value == 80  # shares are edited in percent
    widget.set_value(50)
    submit.click().run()
    assert not at.exception, at.exception
    assert _counts(at, "en", "pyramid", ["key", "ordinary", "small"]) == [1, 2, 1]
    assert small.get_setting("segments.pyramid")["key_share"] == 0.5
    fresh = app_test(PAGE, lang="en")  # a new session reads the saved parameter
    assert _counts(fresh, "en", "pyramid", ["key", "ordinary", "small"]) == [1, 2, 1]


def test_invalid_parameters_show_an_error_and_keep_the_old_result(app_test, small):
    at = app_test(PAGE, lang="zh")
    widget, submit = _form_widgets(at, t("segments.param.rfm.silver_min", "zh"), "rfm")
    widget.set_value(14)  # above gold (10): not a valid tier order
    submit.click().run()
    assert not at.exception
    assert t("segments.error.tier_order", "zh") in [e.value for e in at.error]
    assert small.get_setting("segments.rfm") is None  # nothing stored
    assert _counts(at, "zh", "tier", ["platinum", "gold", "silver", "bronze"]) == \
        _counts(app_test(PAGE, lang="zh"), "zh", "tier", ["platinum", "gold", "silver", "bronze"])


def test_turn_segment_into_initiative(app_test, small):
    at = _tab(app_test(PAGE, lang="en"), "pyramid")
    pick = at.selectbox(key=_key(at, "pick_pyramid"))
    pick.set_value("key").run()
    at.button(key=_key(at, "init_pyramid")).click().run()
    assert not at.exception, at.exception
    rows = small.query("SELECT title, source_kind, source_ref, target_segment, description FROM initiatives")
    assert len(rows) == 1
    assert rows.iloc[0]["source_kind"] == "segment"
    assert json.loads(rows.iloc[0]["source_ref"]) == {"segmentation": "pyramid", "segment": "key"}
    assert rows.iloc[0]["title"] == "Customer pyramid: Key customers (VIP)"
    # A and B: 2 of 4 customers, 400 of 500 revenue, both bought again
    assert rows.iloc[0]["description"] == ("Target segment: 2 customers (50.0% of all), 80.0% of revenue, "
                                           "100.0% bought again.")
    # one initiative per segment: the button is now a link that opens it on the Roadmap page, for everyone
    iid = int(small.scalar("SELECT initiative_id FROM initiatives"))
    link = (t("roadmap.open_existing", "en", id=iid), f"initiative={iid}")
    assert page_links(at) == [link] and _key(at, "init_pyramid") not in {b.key for b in at.button}
    other = _tab(app_test(PAGE, lang="en"), "pyramid")  # another participant's browser
    other.selectbox(key=_key(other, "pick_pyramid")).set_value("key").run()
    assert page_links(other) == [link]
    picker = other.selectbox(key=_key(other, "pick_pyramid"))
    picker.select_index(next(i for i in range(len(picker.options)) if i != picker.index)).run()  # another one
    assert page_links(other) == [] and _key(other, "init_pyramid") in {b.key for b in other.button}

    # the link opens that initiative's detail on the Roadmap page, on the board
    at.query_params["initiative"] = str(iid)
    at.switch_page("views/roadmap.py")
    at.run()
    assert not at.exception, at.exception
    assert "Customer pyramid: Key customers (VIP)" in [w.value for w in at.text_input]
    assert "initiative" not in at.query_params  # read once: closing the detail keeps it closed


def test_page_without_orders_says_so(app_test, make_workspace):
    make_workspace("empty")
    at = app_test(PAGE, lang="en")
    assert not at.exception
    assert t("segments.error.no_orders", "en") in [i.value for i in at.info]


@pytest.fixture
def demo(manager):
    from workbench.demo import SAMPLE_DIR, load_sample_data

    ws = manager.create("demo")
    load_sample_data(ws, SAMPLE_DIR)
    return ws


def test_demo_kpis_follow_filters_and_model_check_runs(app_test, demo):
    at = app_test(PAGE, lang="en")
    assert not at.exception, at.exception
    last = demo.scalar("SELECT CAST(MAX(order_ts) AS DATE) FROM orders")
    start = last - dt.timedelta(days=364)
    metric = lambda: next(m.value for m in at.metric if m.label == t("segments.kpi.customers", "en"))
    expected = demo.scalar(
        "SELECT COUNT(DISTINCT customer_id) FROM orders WHERE CAST(order_ts AS DATE) BETWEEN ? AND ?", [start, last]
    )
    assert metric() == f"{expected:,}"
    channel = demo.scalar("SELECT MIN(channel) FROM orders")
    at.multiselect(key=_key(at, "kpi_channels")).set_value([channel]).run()
    expected = demo.scalar(
        "SELECT COUNT(DISTINCT customer_id) FROM orders WHERE CAST(order_ts AS DATE) BETWEEN ? AND ? "
        "AND channel = ?", [start, last, channel]
    )
    assert metric() == f"{expected:,}"
    # model check: both models' error figures shown; a calibration end after the holdout end is refused
    labels = [m.label for m in _tab(at, "check").metric]
    for model in ("MBG/NBD", "BG/NBD"):
        assert t("segments.check.mae", "en", model=model) in labels
    at.date_input(key=_key(at, "obs_end")).set_value(last - dt.timedelta(days=300)).run()
    assert not at.exception
    assert any(e.value.startswith(t("segments.error.split_order", "en", calibration_end="", observation_end="")[:10])
               for e in at.error)


def test_rfm_rules_are_edited_in_a_table_and_saved(app_test, small):
    at = _tab(app_test(PAGE, lang="en"), "rfm")
    editor = next(d for d in at.dataframe if d.key and d.key.startswith("rfm_patterns_"))
    # built-in segments are shown by their names in the user's language, not by their codes
    assert list(editor.value["segment"])[:2] == ["Champions", "Loyal customers"]
    # replace every rule by one catch-all rule named in Chinese: row 0 edited, rows 1..9 deleted
    at.session_state[editor.key] = {"edited_rows": {0: {"segment": "全部", "pattern": ".."}},
                                    "added_rows": [], "deleted_rows": list(range(1, 10))}
    at.run()
    at.button(key=_key(at, "rfm_patterns_save")).click().run()
    assert not at.exception, at.exception
    assert small.get_setting("segments.rfm_patterns") == [["全部", ".."]]
    df = _table_with(at, "全部")
    assert _count(dict(zip(df.iloc[:, 0], df.iloc[:, 1]))["全部"]) == 4
    at.button(key=_key(at, "rfm_patterns_reset")).click().run()
    assert small.get_setting("segments.rfm_patterns") is None
    # a broken rule is refused with a translated message and nothing is stored
    editor = next(d for d in at.dataframe if d.key and d.key.startswith("rfm_patterns_"))
    at.session_state[editor.key] = {"edited_rows": {0: {"pattern": "5["}}, "added_rows": [], "deleted_rows": []}
    at.run()
    at.button(key=_key(at, "rfm_patterns_save")).click().run()
    # (Streamlit escapes the "[" of the pattern for Markdown, so compare the text around it)
    before, after = t("segments.error.bad_pattern", "en", pattern="@", detail="").split("@")
    assert any(e.value.startswith(before + "5") and after.strip() in e.value for e in at.error)
    assert small.get_setting("segments.rfm_patterns") is None


def test_kpis_for_a_selection_without_orders_say_so(app_test, small):
    at = app_test(PAGE, lang="zh")
    # no order between 2 and 28 Feb 2024 (C bought on 1 Feb, D on 3 Mar)
    at.date_input(key=_key(at, "kpi_period")).set_value((dt.date(2024, 2, 2), dt.date(2024, 2, 28))).run()
    assert not at.exception, at.exception
    assert t("segments.kpi.no_orders_selected", "zh") in [i.value for i in at.info]
    shown = {m.label: m.value for m in at.metric}
    assert shown[t("segments.kpi.customers", "zh")] == "0"
    assert shown[t("segments.kpi.revenue", "zh")] == "¥0"
    assert shown[t("segments.kpi.aov", "zh")] == "–"  # no order: no average


def _metric(at, key: str, lang: str = "en") -> str:
    _tab(at, "kpis")
    return next(m.value for m in at.metric if m.label == t(f"segments.kpi.{key}", lang))


def test_new_orders_show_after_a_rerun(app_test, small):
    at = app_test(PAGE, lang="en")
    assert t("segments.as_of", "en", n="4", date="2024-12-31") in [c.value for c in at.caption]
    assert _counts(at, "en", "pyramid", ["key", "ordinary", "small", "negative"]) == [2, 1, 1, 0]
    assert _metric(at, "customers") == "4"
    assert at.multiselect(key=_key(at, "kpi_channels")).options == ["门店"]
    # a new customer E spends 1,000 on 31 Dec 2024 in a new channel (this bumps the data version).
    # Revenue E 1000, A 300, B 100, D 80, C 20 (total 1,500): cumulative share before E 0, A .67, B .87,
    # D .93, C .99 → key E, A (< 80%); ordinary B, D (< 95%); small C
    insert_rows(small, "orders", pd.DataFrame({"order_id": ["9"], "customer_id": ["E"],
                                               "order_ts": pd.to_datetime(["2024-12-31"]), "amount": [1000.0],
                                               "channel": ["小程序"], "city": ["北京"]}))
    at.run()
    assert not at.exception, at.exception
    assert t("segments.as_of", "en", n="5", date="2024-12-31") in [c.value for c in at.caption]
    assert _counts(at, "en", "pyramid", ["key", "ordinary", "small", "negative"]) == [2, 2, 1, 0]
    assert _metric(at, "customers") == "5"  # all five bought in the last 365 days
    assert sorted(at.multiselect(key=_key(at, "kpi_channels")).options) == sorted(["门店", "小程序"])


def test_kpis_of_a_picked_segment_count_its_members(app_test, small):
    at = app_test(PAGE, lang="en")
    assert _metric(at, "customers") == "4"
    # pyramid key = A and B, small = C (see ORDERS); all of them bought in 2024, the period shown
    at.selectbox(key=_key(at, "kpi_segment")).set_value(("pyramid", "key")).run()
    assert not at.exception, at.exception
    assert _metric(at, "customers") == "2"
    at.selectbox(key=_key(at, "kpi_segment")).set_value(("pyramid", "small")).run()
    assert _metric(at, "customers") == "1"


def _count_calls(monkeypatch, module, name: str) -> list:
    calls: list = []
    real = getattr(module, name)
    @functools.wraps(real)  # keeps the function's name: the page's cache keys on it
    def counting(*args, **kwargs):
        calls.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, counting)
    return calls


def test_a_click_that_changes_no_input_recomputes_nothing(app_test, small, monkeypatch):
    from workbench.customers import kpis
    from workbench.segments import display as view
    from workbench.segments import provider

    at = app_test(PAGE, lang="en")
    at.selectbox(key=_key(at, "kpi_segment")).set_value(("pyramid", "key")).run()
    _tab(at, "pyramid")
    calls = {name: _count_calls(monkeypatch, module, name) for module, name in (
        (provider, "segment_all"), (provider, "segment_profile"), (kpis, "filter_options"),
        (view, "kpi_segment_ids"))}
    at.selectbox(key=_key(at, "pick_pyramid")).set_value("ordinary").run()  # only the member-list picker changes
    assert not at.exception, at.exception
    assert {name: len(c) for name, c in calls.items()} == dict.fromkeys(calls, 0)


def test_a_clv_setting_does_not_recompute_the_segmentations(app_test, small, monkeypatch):
    from workbench.clv import value as clv_value
    from workbench.segments import provider

    at = app_test(PAGE, lang="en")
    segment_all = _count_calls(monkeypatch, provider, "segment_all")
    customer_value = _count_calls(monkeypatch, clv_value, "customer_value")
    _tab(at, "clv")
    segment_all.clear(), customer_value.clear()  # opening the tab valued the customers once
    widget, submit = _form_widgets(at, t("segments.param.clv.horizon_months", "en"), "clv")
    widget.set_value(24)
    submit.click().run()
    assert not at.exception, at.exception
    assert small.get_setting("clv.settings")["horizon_months"] == 24
    assert len(customer_value) == 1 and len(segment_all) == 0  # CLV recomputed, segment_all never reads it
