"""Widgets several pages share: a parameter form built from ``workbench`` widget specs, a list of notes,
rows of metric cards, and widgets, forms and editor columns built from ``workbench`` field and column specs."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

import streamlit as st

__all__ = ["param_form", "notes", "metric_cards", "column_config", "field", "spec_form", "spec_values"]


def param_form(form_key: str, title: str, fields: list[Mapping[str, Any]], submit: str,
               on_submit: Callable[[dict[str, Any]], None]) -> None:
    """An expander holding a form with one widget per field spec (``segments.display.param_fields``);
    ``on_submit(values)`` runs when the form is saved."""
    with st.expander(title), st.form(form_key):
        values = {}
        for f in fields:
            if f["kind"] == "choice":
                values[f["name"]] = st.selectbox(f["label"], f["choices"], index=f["choices"].index(f["value"]),
                                                 format_func=f["choice_labels"].get)
            else:
                values[f["name"]] = st.number_input(f["label"], f["lo"], f["hi"], f["value"], f["step"],
                                                    format=f["format"])
        if st.form_submit_button(submit):
            on_submit(values)


def notes(items: Iterable[tuple[str, str]]) -> None:
    """Show ``(kind, text)`` notes: kind is a Streamlit element (markdown, info, warning, error, caption)."""
    for kind, text in items:
        getattr(st, kind)(text)


def metric_cards(cards: list[tuple[str, str, str | None]], per_row: int = 5) -> None:
    """``(label, value, help)`` cards in rows of ``per_row`` (one ``st.columns`` per row keeps rows level)."""
    for row in range(0, len(cards), per_row):
        for col, (label, text, help_text) in zip(st.columns(per_row), cards[row:row + per_row]):
            col.metric(label, text, help=help_text, border=True)


def column_config(specs: Mapping[str, Mapping[str, Any] | None]) -> dict[str, Any]:
    """``st.column_config`` objects from ``workbench`` column specs: ``{"type": <st.column_config class name>,
    **its arguments}``, or None for a hidden column."""
    return {c: s and getattr(st.column_config, s["type"])(**{k: v for k, v in s.items() if k != "type"})
            for c, s in specs.items()}


def field(f: Mapping[str, Any], key: str) -> Any:
    """One widget from a ``workbench`` field spec (``name, kind, label, value`` and, by kind, ``options`` and
    ``labels`` / ``lo, hi, step, format`` / ``max`` / ``columns, dynamic``): its value. Kinds: text, area,
    select, multi, number, date, table (an editable frame)."""
    kind, label, value, help_text = f["kind"], f["label"], f["value"], f.get("help")
    if kind == "select":
        return st.selectbox(label, f["options"], index=f["options"].index(value), format_func=f["labels"].get,
                            key=key, help=help_text)
    if kind == "multi":
        return st.multiselect(label, f["options"], default=value, format_func=f["labels"].get, key=key,
                              help=help_text, placeholder=f.get("placeholder"))
    if kind == "number":
        return st.number_input(label, f["lo"], f["hi"], value, f["step"], format=f["format"], key=key, help=help_text)
    if kind == "date":
        return st.date_input(label, value, key=key, help=help_text)
    if kind == "table":
        st.markdown(f"**{label}**")
        return st.data_editor(value, num_rows="dynamic" if f.get("dynamic") else "fixed", hide_index=True, key=key,
                              column_config=column_config(f["columns"]))
    box = st.text_area if kind == "area" else st.text_input
    return box(label, value, max_chars=f.get("max"), key=key, help=help_text)


def spec_form(form_key: str, fields: Iterable[Mapping[str, Any]], submit: str, submit_key: str,
              columns: int = 3) -> tuple[dict[str, Any], bool]:
    """A form of :func:`field` widgets, laid out in ``columns`` (a field's ``col``: its column, -1 the full
    width, above the columns when it comes before every column field, else below them); returns the values
    by field name and whether it was submitted. Widget keys derive from
    ``form_key``: give it the identity and revision of what the form edits, so a new revision starts fresh."""
    values: dict[str, Any] = {}
    with st.form(form_key):
        above, cols, below = st.container(), st.columns(columns), st.container()
        seen_column = False
        for f in fields:
            seen_column = seen_column or f.get("col", -1) >= 0
            place = cols[f["col"]] if f.get("col", -1) >= 0 else below if seen_column else above
            with place:
                values[f["name"]] = field(f, f"{form_key}:{f['name']}")
        submitted = st.form_submit_button(submit, type="primary", key=submit_key)
    return values, submitted


def spec_values(form_key: str, fields: Iterable[Mapping[str, Any]]) -> dict[str, Any]:
    """The values a :func:`spec_form` holds, read from the session before the form is drawn (so a submitted
    form can be saved before anything else on the page is drawn); not for ``table`` fields."""
    return {f["name"]: st.session_state.get(f"{form_key}:{f['name']}", f["value"]) for f in fields}
