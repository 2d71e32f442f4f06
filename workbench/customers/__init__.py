"""The per-customer facts every area reads: the summary (one row per customer, computed in SQL — the
scale-out seam) and the KPIs, each defined once."""
