"""Chart builders of the Data page: pure functions returning Altair charts, never rendering them."""

from __future__ import annotations

import altair as alt
import pandas as pd

from workbench.i18n import t

__all__ = ["orders_over_time_chart", "missing_chart"]


def orders_over_time_chart(by_month: pd.DataFrame, lang: str) -> alt.Chart:
    """Orders per month as bars (``by_month`` from :func:`workbench.ingest.profile.orders_by_month`).

    Months are ordinal labels (``2024-01``) so that one month or thirty-six both draw as readable bars.
    """
    month, orders = t("data.chart.month", lang), t("data.chart.orders", lang)
    frame = pd.DataFrame({month: pd.to_datetime(by_month["month"]).dt.strftime("%Y-%m"),
                          orders: by_month["orders"].astype(int)})
    return (
        alt.Chart(frame, title=t("data.chart.orders_title", lang))
        .mark_bar(**({"size": 36} if len(frame) < 12 else {}))  # a few months should not fill the width
        .encode(x=alt.X(f"{month}:O", title=month, axis=alt.Axis(labelAngle=-45)),
                y=alt.Y(f"{orders}:Q", title=orders, axis=alt.Axis(format=",d", tickMinStep=1)),  # whole orders
                tooltip=[alt.Tooltip(f"{month}:O"), alt.Tooltip(f"{orders}:Q", format=",")])
        .properties(height=240)
    )


def missing_chart(missing: pd.DataFrame, lang: str) -> alt.Chart:
    """Share of empty cells per column as horizontal bars (``missing`` from ``missing_by_column``), each
    column named as the mapping step names its field, in the user's language, and every label shown (one
    row of 28 px per field: none dropped for overlapping)."""
    column, share = t("data.chart.column", lang), t("data.chart.missing_share", lang)
    frame = missing.rename(columns={"share": share})
    frame[column] = [t(f"ingest.field.{name}", lang) for name in missing["column"]]
    return (
        alt.Chart(frame[[column, share]], title=t("data.chart.missing_title", lang))
        .mark_bar()
        .encode(y=alt.Y(f"{column}:N", sort=None, title=column, axis=alt.Axis(labelOverlap=False, labelLimit=360)),
                x=alt.X(f"{share}:Q", title=share, axis=alt.Axis(format="%"), scale=alt.Scale(domain=[0, 1])),
                tooltip=[column, alt.Tooltip(f"{share}:Q", format=".1%")])
        .properties(height=alt.Step(28))
    )
