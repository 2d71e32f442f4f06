"""One exception type whose message the UI can translate.

Logic raises ``WorkbenchError("store.error.bad_name", name=...)``; the page shows ``t(err.key, lang,
**err.params)``; the CLI prints the English text. No user-facing prose lives in logic modules.
"""

from __future__ import annotations

__all__ = ["WorkbenchError"]


class WorkbenchError(Exception):
    """An error meant for the user: a catalog key plus the values its message needs."""

    def __init__(self, key: str, /, **params: object) -> None:
        super().__init__(key, params)
        self.key = key
        self.params = params

    def text(self, lang: str = "en") -> str:
        from workbench.i18n import t

        return t(self.key, lang, **self.params)

    def display_text(self, lang: str = "en") -> str:
        """The message with every text parameter markdown-escaped: parameters often carry file or cell
        text, and Streamlit renders messages as markdown, so a hostile value must not become a link."""
        from workbench.core.textsafe import md_escape
        from workbench.i18n import t

        safe = {k: md_escape(v, limit=200) if isinstance(v, str) else v for k, v in self.params.items()}
        return t(self.key, lang, **safe)

    def __str__(self) -> str:
        return self.text("en")
