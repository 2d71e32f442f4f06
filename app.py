"""Entry point: page config, the access gate, navigation (``views.PAGES``) and sidebar. Nothing else lives
here."""

import streamlit as st

import ui
from views import PAGES
from workbench.i18n import t

st.set_page_config(page_title="Customer Value Workbench", page_icon=":material/insights:", layout="wide")

lang = ui.current_lang()
allowed = ui.gate(lang)  # before any page runs: nothing of a workspace reaches a browser that has not passed
navigation = st.navigation(
    [st.Page(p.path, title=t(p.nav_key, lang), icon=p.icon, url_path=p.url, default=i == 0)
     for i, p in enumerate(PAGES)],
    position="sidebar" if allowed else "hidden",  # declared either way, so a link to a page survives the gate
)
if not allowed:
    st.stop()
ui.sidebar()
navigation.run()
