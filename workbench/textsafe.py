"""Making user and file text safe to show: Streamlit renders messages as markdown, and a hostile cell must
not become a link, an image or formatting."""

from __future__ import annotations

import re
from typing import Any

__all__ = ["md_escape"]

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!<>|~$])")


def md_escape(value: Any, limit: int = 80) -> str:
    """User or file text made safe to show in a Streamlit message: one line, shortened, markdown escaped."""
    text = str(value).replace("\r", " ").replace("\n", " ")
    text = text if len(text) <= limit else text[: limit - 1] + "…"
    return _MD_SPECIAL.sub(r"\\\1", text)
