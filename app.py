"""Entry point: page config, navigation and sidebar. Nothing else lives here."""

import streamlit as st

import ui

st.set_page_config(page_title="Customer Value Workbench", page_icon=":material/insights:", layout="wide")

lang = ui.current_lang()
PAGES = [
    ("pages/data.py", "nav.data", ":material/upload_file:", "data"),
    ("pages/segments.py", "nav.segments", ":material/groups:", "segments"),
    ("pages/journey.py", "nav.journey", ":material/route:", "journey"),
    ("pages/value_gap.py", "nav.value_gap", ":material/compare_arrows:", "value-gap"),
    ("pages/roadmap.py", "nav.roadmap", ":material/view_timeline:", "roadmap"),
    ("pages/scenarios.py", "nav.scenarios", ":material/tune:", "scenarios"),
    ("pages/report.py", "nav.report", ":material/description:", "report"),
]
navigation = st.navigation(
    [
        st.Page(path, title=ui.t(key, lang), icon=icon, url_path=url, default=i == 0)
        for i, (path, key, icon, url) in enumerate(PAGES)
    ]
)
ui.sidebar()
navigation.run()
