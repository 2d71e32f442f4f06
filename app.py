"""Entry point: page config, navigation and sidebar. Nothing else lives here."""

import streamlit as st

import ui

st.set_page_config(page_title="Customer Value Workbench", page_icon=":material/insights:", layout="wide")

lang = ui.current_lang()
PAGES = [
    ("views/data.py", "nav.data", ":material/upload_file:", "data"),
    ("views/segments.py", "nav.segments", ":material/groups:", "segments"),
    ("views/journey.py", "nav.journey", ":material/route:", "journey"),
    ("views/value_gap.py", "nav.value_gap", ":material/compare_arrows:", "value-gap"),
    ("views/roadmap.py", "nav.roadmap", ":material/view_timeline:", "roadmap"),
    ("views/scenarios.py", "nav.scenarios", ":material/tune:", "scenarios"),
    ("views/report.py", "nav.report", ":material/description:", "report"),
]
navigation = st.navigation(
    [
        st.Page(path, title=ui.t(key, lang), icon=icon, url_path=url, default=i == 0)
        for i, (path, key, icon, url) in enumerate(PAGES)
    ]
)
ui.sidebar()
navigation.run()
