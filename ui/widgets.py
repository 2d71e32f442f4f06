"""Widgets several pages share: a parameter form built from ``workbench`` widget specs, a list of notes,
and rows of metric cards."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

import streamlit as st

__all__ = ["param_form", "notes", "metric_cards"]


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
