"""Presentation mode: the view being shown without the page chrome (title, pickers, tabs, sidebar), for a
projector; and print rules, so a page prints on landscape pages without buttons or split rows.

The mode lives in the URL (``?present=1``), so a refresh keeps it and a consultant can bookmark it."""

from __future__ import annotations

import streamlit as st

from workbench.i18n import t

__all__ = ["presenting", "hide_chrome", "presentation_toggle", "print_rules"]

_KEY = "present"

# Hides Streamlit's header, toolbar and sidebar and the page's own widgets' container padding; the markup is
# constant (no user text), so rendering it as HTML is safe.
_CHROME_CSS = """
<style>
header[data-testid="stHeader"], [data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"],
[data-testid="stToolbar"], [data-testid="stDecoration"] { display: none !important; }
.block-container, [data-testid="stMainBlockContainer"] { padding-top: 1rem !important; max-width: 100% !important; }
</style>
"""

# Landscape pages, no buttons or inputs, table rows and charts never split across pages.
_PRINT_CSS = """
<style>
@media print {
  @page { size: landscape; margin: 12mm; }
  header, [data-testid="stSidebar"], [data-testid="stToolbar"], [data-testid="stDecoration"],
  [data-testid="stButton"], [data-testid="stDownloadButton"], [data-testid="stPopover"],
  [data-testid="stSelectbox"], [data-testid="stTabs"] [role="tablist"], [data-testid="stExpander"],
  [data-testid="stForm"], [data-testid="stCheckbox"], [data-testid="stElementToolbar"] { display: none !important; }
  tr, td, th, li, [data-testid="stVegaLiteChart"], [data-testid="stImage"] {
    break-inside: avoid; page-break-inside: avoid; }
  thead { display: table-header-group; }
  .block-container, [data-testid="stMainBlockContainer"] { padding: 0 !important; max-width: 100% !important; }
}
</style>
"""


def presenting() -> bool:
    """Whether this browser shows the page in presentation mode."""
    return st.query_params.get(_KEY) == "1"


def hide_chrome() -> None:
    st.html(_CHROME_CSS)


def print_rules() -> None:
    st.html(_PRINT_CSS)


def presentation_toggle(lang: str, key: str) -> None:
    """A button that enters presentation mode, or leaves it (shown small above the presented view)."""
    on = presenting()
    label = t("app.present.exit" if on else "app.present.enter", lang)
    if st.button(label, key=key, icon=":material/close_fullscreen:" if on else ":material/slideshow:"):
        if on:
            st.query_params.pop(_KEY, None)
        else:
            st.query_params[_KEY] = "1"
        st.rerun()
