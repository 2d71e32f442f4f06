"""value_gap view — planned; this page says what it will do until its issue lands."""

import streamlit as st

import ui

ctx = ui.page_context("value_gap.title", "value_gap.intro")
st.info(ctx.t("common.planned"))
st.markdown(ctx.t("value_gap.planned"))
