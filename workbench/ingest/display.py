"""What the Data page says about a file and the workspace, decided without Streamlit: the detected format
line, an import's result line and the orders profile as metric cards."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from workbench.core.formatting import fmt_count, fmt_money, fmt_money_short
from workbench.i18n import t

__all__ = ["detected_text", "result_text", "orders_cards"]


def detected_text(src: Any, lang: str) -> str:
    """What was detected about a file: format, encoding, delimiter, header line ("—" where not relevant)."""
    return t("data.detected", lang, format=src.format, encoding=src.encoding or "—",
             delimiter=repr(src.delimiter) if src.delimiter else "—", header_line=src.header_line or "—")


def result_text(row: Mapping[str, Any], import_id: int, lang: str) -> str:
    """The last import's result: rows read, kept and quarantined."""
    return t("data.result", lang, import_id=import_id, read=fmt_count(row["rows_read"]),
             kept=fmt_count(row["rows_kept"]), quarantined=fmt_count(row["rows_quarantined"]))


def orders_cards(p: Mapping[str, Any], lang: str, currency: str) -> list[tuple[str, str, str | None]]:
    """``(label, value, help)`` cards of the orders profile; revenue shortened, the exact amount in its help."""
    return [
        (t("data.profile.rows", lang), fmt_count(p["rows"]), None),
        (t("data.profile.customers", lang), fmt_count(p["customers"]), None),
        (t("data.profile.first", lang), f"{p['first']:%Y-%m-%d}", None),
        (t("data.profile.last", lang), f"{p['last']:%Y-%m-%d}", None),
        (t("data.profile.revenue", lang), fmt_money_short(p["revenue"], lang, currency=currency),
         t("data.profile.revenue_exact", lang, amount=fmt_money(p["revenue"], lang, 2, currency=currency),
           refunds=fmt_money(p["refunds"], lang, 2, currency=currency))),
    ]
