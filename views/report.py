"""report view — planned; this page says what it will do until its issue lands."""

import streamlit as st

import ui

ctx = ui.page_context("report.title", "report.intro")
st.info(ctx.t("common.planned"))
st.markdown(ctx.t("report.planned"))
