"""What the page shows, in the user's language: notes, chart explanations, display tables, the segment
picker's choices and the fields of an initiative made from a gap. No Streamlit here: the page draws."""

from __future__ import annotations

import pandas as pd

from workbench.core.formatting import fmt_number, fmt_percent
from workbench.i18n import t
from workbench.value_gap.analysis import ALL, Analysis
from workbench.value_gap.by_segment import SURVEY_SEGMENT
from workbench.value_gap.charts import layer_label
from workbench.value_gap.editor import UNSET, competitor_column
from workbench.value_gap.kano import CATEGORIES
from workbench.value_gap.model import DIMENSIONS, LAYER_MODELS

__all__ = ["TABS", "notes", "explain", "gap_rows", "gap_columns", "kano_rows", "compare_rows", "benchmark_rows",
           "value_rows", "layer_rows", "value_table", "difference_rows", "derived_line", "initiative_fields",
           "linked_attributes", "choice_label", "segment_label_of", "editor_columns", "by_label", "join_names",
           "lead_trail"]

TABS: tuple[str, ...] = ("gaps", "ipa", "derived", "competitors", "kano", "value", "attributes")


def notes(view: Analysis, tab: str, lang: str) -> list[tuple[str, str]]:
    """``(kind, text)`` notes of one tab for ``ui.widgets.notes`` (parameters markdown-escaped)."""
    from workbench.core.textsafe import md_escape

    return [(kind, t(key, lang, **{k: md_escape(v, 200) if isinstance(v, str) else v for k, v in p.items()}))
            for kind, key, p in view.notes.get(tab, [])]


def join_names(names) -> str:
    """Attribute names for a sentence: markdown-escaped, joined with the Chinese list comma."""
    from workbench.core.textsafe import md_escape

    return "、".join(md_escape(n) for n in names)


def lead_trail(bench: pd.DataFrame, lang: str) -> list[str]:
    """"We lead on …" and "we trail on …" sentences of the competitor benchmark (none when empty)."""
    out = []
    for pos in ("lead", "trail"):
        found = bench.loc[bench["position"] == pos, "label"]
        if len(found):
            out.append(t(f"value_gap.{pos}s", lang, names=join_names(found)))
    return out


def explain(chart: str, lang: str) -> str:
    """How to read a chart and where the method comes from."""
    return t(f"value_gap.explain.{chart}", lang)


def choice_label(kind: str, value: object, lang: str) -> str:
    """A translated choice (dimension, layer, Kano category, quadrant, status); blank for none."""
    if value is None or (isinstance(value, float) and value != value) or value == "":
        return ""
    if kind == "layer":
        return layer_label(value, lang)
    if kind == "kano":
        value = str(value).lower()
    return t(f"value_gap.{kind}.{value}", lang)


def _num(v, d=2):
    return fmt_number(v, d)


def gap_rows(gaps: pd.DataFrame, lang: str, linked: set[str] = frozenset()) -> pd.DataFrame:
    """The sorted gap table for display: rank, attribute, source, importance, expectation, performance, gap
    with its 95% interval and n, priority, status, and whether an initiative exists."""
    rows = []
    for r in gaps.to_dict("records"):
        ci = f"[{_num(r['gap_low'])}, {_num(r['gap_high'])}]" if pd.notna(r["gap_low"]) else "—"
        rows.append({
            t("value_gap.col.rank", lang): int(r["rank"]), t("value_gap.col.attribute", lang): r["label"],
            t("value_gap.col.origin", lang): t(f"value_gap.origin.{r['origin']}", lang),
            t("value_gap.col.importance", lang): _num(r["importance"]),
            t("value_gap.col.expectation", lang): _num(r["expectation"]),
            t("value_gap.col.performance", lang): _num(r["performance"]), t("value_gap.col.gap", lang): _num(r["gap"]),
            t("value_gap.col.ci", lang): ci, t("value_gap.col.n", lang): str(int(r["gap_n"]) or "—"),
            t("value_gap.col.priority", lang): _num(r["priority"]),
            t("value_gap.col.status", lang): choice_label("status", r["status"], lang),
            t("value_gap.col.initiative", lang): "✓" if r["attribute"] in linked else "",
        })
    return pd.DataFrame(rows)


def gap_columns(lang: str) -> dict[str, dict]:
    """Column specs of :func:`gap_rows` (``ui.widgets.column_config``): the status wide enough to read whole."""
    return {t("value_gap.col.status", lang): {"type": "TextColumn", "width": "medium"}}


def kano_rows(kano: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The Kano table for display: counts, category (and how it was decided), strengths, CS+ / CS−, Fong."""
    rows = []
    for r in kano.to_dict("records"):
        hand = r.get("category_rule") == "hand"
        rows.append({
            t("value_gap.col.attribute", lang): r.get("label") or r["attribute"],
            **{c: "—" if hand else str(int(r[c])) for c in CATEGORIES}, "n": "—" if hand else str(int(r["n"])),
            t("value_gap.col.category", lang): choice_label("kano", r["category"], lang),
            t("value_gap.col.rule", lang): t(f"value_gap.rule.{r['category_rule']}", lang),
            t("value_gap.col.manual", lang): choice_label("kano", r.get("manual"), lang),
            t("value_gap.col.total_strength", lang): "—" if hand else fmt_percent(r["total_strength"], 0),
            t("value_gap.col.category_strength", lang): "—" if hand else fmt_percent(r["category_strength"], 0),
            "CS+": "—" if hand else _num(r["better"]), "CS−": "—" if hand else _num(r["worse"]),
            t("value_gap.col.fong", lang): "—" if hand else t(
                "value_gap.fong.yes" if r["fong_significant"] else "value_gap.fong.no", lang),
        })
    return pd.DataFrame(rows)


def compare_rows(compare: pd.DataFrame, lang: str) -> pd.DataFrame:
    return pd.DataFrame([{
        t("value_gap.col.attribute", lang): r["label"], t("value_gap.col.stated", lang): _num(r["stated"]),
        t("value_gap.col.stated_rank", lang): int(r["stated_rank"]),
        t("value_gap.col.derived", lang): _num(r["derived"], 3),
        t("value_gap.col.derived_rank", lang): int(r["derived_rank"]),
        t("value_gap.col.disagree", lang): t("value_gap.compare.disagree", lang) if r["disagree"] else "",
    } for r in compare.to_dict("records")])


def benchmark_rows(bench: pd.DataFrame, names: dict, lang: str) -> pd.DataFrame:
    return pd.DataFrame([{
        t("value_gap.col.attribute", lang): r["label"], t("value_gap.col.ours", lang): _num(r["ours"]),
        t("value_gap.col.best", lang): names.get(r["best_competitor"], r["best_competitor"]),
        t("value_gap.col.best_rating", lang): _num(r["best_rating"]),
        t("value_gap.col.gap_to_best", lang): _num(r["gap_to_best"]),
        t("value_gap.col.position", lang): t(f"value_gap.position.{r['position']}", lang),
    } for r in bench.to_dict("records")])


def segment_label_of(segment: str, seg_labels: dict, lang: str) -> str:
    return t("value_gap.segment.all", lang) if segment == ALL else seg_labels.get(segment, str(segment))


def value_rows(value: pd.DataFrame, seg_labels: dict, lang: str) -> pd.DataFrame:
    out = value.copy()
    out["segment_label"] = out["segment"].map(lambda s: segment_label_of(s, seg_labels, lang))
    return out


def value_table(value: pd.DataFrame, seg_labels: dict, lang: str) -> pd.DataFrame:
    """Perceived value per segment for display: the five dimensions, benefits, costs, perceived value."""
    cols = ("functional", "emotional", "social", "time_cost", "money_cost")
    return pd.DataFrame([{
        t("value_gap.col.segment", lang): segment_label_of(r["segment"], seg_labels, lang),
        **{t(f"value_gap.dimension.{c}", lang): _num(r[c]) for c in cols},
        **{t(f"value_gap.value.{c}", lang): _num(r[c]) for c in ("benefits", "costs", "perceived_value")},
    } for r in value.to_dict("records")])


def layer_rows(layers: pd.DataFrame, lang: str) -> pd.DataFrame:
    return pd.DataFrame([{
        t("value_gap.col.layer", lang): layer_label(r["layer"], lang),
        t("value_gap.col.attributes", lang): int(r["attributes"]),
        t("value_gap.col.importance", lang): _num(r["importance"]), t("value_gap.col.gap", lang): _num(r["gap"]),
        t("value_gap.col.priority", lang): _num(r["priority"], 1),
        t("value_gap.col.shortfalls", lang): int(r["shortfalls"]),
    } for r in layers.to_dict("records")])


def difference_rows(diffs: pd.DataFrame, seg_labels: dict, lang: str) -> pd.DataFrame:
    return pd.DataFrame([{
        t("value_gap.col.attribute", lang): r["label"], t("value_gap.col.measure", lang): t(
            f"value_gap.col.{r['measure']}", lang),
        t("value_gap.col.highest", lang): f"{seg_labels.get(r['highest_segment'], r['highest_segment'])} "
                                          f"({_num(r['highest'])})",
        t("value_gap.col.lowest", lang): f"{seg_labels.get(r['lowest_segment'], r['lowest_segment'])} "
                                         f"({_num(r['lowest'])})",
        t("value_gap.col.spread", lang): _num(r["spread"]),
    } for r in diffs.to_dict("records")])


def derived_line(view: Analysis, lang: str) -> str:
    """R², respondents used and dropped, and the overall measure used."""
    d = view.derived
    if d.get("source") is None:
        return ""
    return t("value_gap.derived.line", lang, r2=_num(d["r2"]), used=d["n_used"], dropped=d["n_dropped"],
             source=t(f"value_gap.overall.{d['source']}", lang), method=t(f"value_gap.method.{view.settings['method']}",
                                                                          lang))


def initiative_fields(row: dict, seg_labels: dict, by: str | None, segment: str | None, lang: str) -> dict:
    """The ``create_initiative`` arguments for a gap: title, the link back (attribute, segment, segmentation)
    and what it should move (performance up to the expectation)."""
    segment_label = segment_label_of(segment or ALL, seg_labels, lang)
    title = t("value_gap.initiative.title", lang, attribute=row["label"])[:120]
    return {
        "title": title, "source_kind": "value_gap",
        "source_ref": {"attribute": row["attribute"], "segment": segment, "segmentation": by},
        "description": t("value_gap.initiative.description", lang, attribute=row["label"], gap=_num(row["gap"]),
                         priority=_num(row["priority"]), segment=segment_label),
        "target_segment": segment_label,
        "kpi": t("value_gap.initiative.kpi", lang, attribute=row["label"]),
        "kpi_target": _num(row["expectation"]),
    }


def linked_attributes(initiatives: pd.DataFrame, by: str | None, segment: str | None) -> set[str]:
    """Attributes that already have an initiative from this segment's gap."""
    out = set()
    for ref in initiatives.loc[initiatives["source_kind"] == "value_gap", "source_ref"]:
        if isinstance(ref, dict) and ref.get("segment") == segment and ref.get("segmentation") == by:
            out.add(ref.get("attribute"))
    return out




def by_label(by: str | None, labeller, lang: str) -> str:
    """The segment picker's "segments from" choice: none, the survey's own column, or a segmentation
    (named by ``labeller.segmentation_label``, the segments area the page passes in)."""
    if by is None:
        return t("value_gap.by.none", lang)
    return t("value_gap.by.survey", lang) if by == SURVEY_SEGMENT else labeller.segmentation_label(by, lang)


def editor_columns(which: str, lang: str, scale, competitors, layer_model: str) -> dict:
    """Column specs of an attribute editor (``survey`` or ``typed``) for ``ui.widgets.column_config``: column
    → ``{"type": <st.column_config class name>, "label": …, **its arguments}``, or None for a hidden column."""
    lo, hi = float(scale[0]), float(scale[1])

    def rating(label):
        return {"type": "NumberColumn", "label": label, "min_value": lo, "max_value": hi, "step": 0.1}

    def select(kind, options):
        return {"type": "SelectboxColumn", "label": t(f"value_gap.col.{kind if kind != 'kano' else 'kano_category'}",
                                                      lang),
                "options": [UNSET, *options],
                "format_func": lambda v: UNSET if v == UNSET else choice_label(kind, v, lang)}

    def text(key, **more):
        return {"type": "TextColumn", "label": t(f"value_gap.col.{key}", lang), **more}

    cols = {"dimension": select("dimension", DIMENSIONS), "layer": select("layer", LAYER_MODELS[layer_model]),
            "kano_category": select("kano", CATEGORIES), "revision": None, "key": None,
            **{competitor_column(c): rating(c) for c in competitors}}
    if which == "survey":
        return {"attribute": text("attribute"), "display_name": text("display_name", max_chars=80),
                "is_overall": {"type": "CheckboxColumn", "label": t("value_gap.col.is_overall", lang)}, **cols}
    return {"attribute": text("name", max_chars=80),
            **{c: rating(t(f"value_gap.col.{c}", lang)) for c in ("importance", "expectation", "performance")},
            **cols}
