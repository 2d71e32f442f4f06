"""The Streamlit glue shared by the pages — the only package besides ``app.py`` and ``views/`` that imports
Streamlit: the page context (language, workspace, scoped keys), the one cache helper, the one way to show an
error, the access gate, the sidebar and the widgets several pages share."""

from ui.access import gate
from ui.cache import cached
from ui.charts import chart
from ui.context import PageContext, current_lang, manager, page_context
from ui.errors import attempt, show_error
from ui.sidebar import sidebar

__all__ = ["chart", "PageContext", "page_context", "current_lang", "manager", "cached", "show_error", "attempt",
           "sidebar", "gate"]
