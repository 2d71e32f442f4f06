"""The pages, declared once: ``app.py`` builds the navigation from :data:`PAGES` and the page tests run every
one of them. Each page file is a thin script: it reads inputs, calls ``workbench``, draws."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Page", "PAGES"]


@dataclass(frozen=True)
class Page:
    """A page: its ``name`` (file ``views/<name>.py``, title ``<name>.title``), navigation label, icon and
    URL path."""

    name: str
    nav_key: str
    icon: str
    url: str

    @property
    def path(self) -> str:
        return f"views/{self.name}.py"


PAGES: tuple[Page, ...] = (
    Page("data", "nav.data", ":material/upload_file:", "data"),
    Page("segments", "nav.segments", ":material/groups:", "segments"),
    Page("journey", "nav.journey", ":material/route:", "journey"),
    Page("value_gap", "nav.value_gap", ":material/compare_arrows:", "value-gap"),
    Page("roadmap", "nav.roadmap", ":material/view_timeline:", "roadmap"),
    Page("scenarios", "nav.scenarios", ":material/tune:", "scenarios"),
    Page("report", "nav.report", ":material/description:", "report"),
)
