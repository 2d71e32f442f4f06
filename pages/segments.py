"""segments view — planned; this page says what it will do until its issue lands."""

import streamlit as st

import ui

ctx = ui.page_context("segments.title", "segments.intro")
st.info(ctx.t("common.planned"))
st.markdown(ctx.t("segments.planned"))
