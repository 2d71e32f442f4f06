"""The one owner of segment data: a snapshot of a workspace's segments, computed once per data version and
segment-settings version and served to every page, command and report section.

A :class:`Snapshot` holds the per-customer summary, the segment table (every framework's labels) and each
framework's ``info``, all row-aligned. :func:`snapshot` builds it through the workspace's memo, so however
many pages, figures and sessions ask, the rules run once until an import or a parameter change moves the
key. Frames come out as shallow copies: a caller that adds a column never changes what others see.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from workbench.core.errors import WorkbenchError
from workbench.core.formatting import fmt_count
from workbench.customers.kpis import history_columns, history_figures
from workbench.customers.summary import current_summary, customer_summary
from workbench.i18n import t
from workbench.segments.labels import segment_label, segmentation_label
from workbench.segments.params import SETTINGS_PREFIX, load_params
from workbench.segments.registry import REGISTRY
from workbench.segments.table import members_of, present_segments, segment_all, segment_profile

__all__ = ["Snapshot", "snapshot", "snapshot_as_of"]


@dataclass(frozen=True, eq=False)
class Snapshot:
    """Segments of one workspace at one data version and settings version.

    ``key`` is that version (file, identity, data version, settings version): cache anything derived from
    the snapshot on it. ``params`` are the parameters the rules ran with, ``problems`` the frameworks whose
    stored parameters were inconsistent (they ran on defaults), ``infos`` what each rule reported.
    """

    key: tuple
    params: Mapping[str, Mapping[str, Any]]
    problems: Mapping[str, WorkbenchError]
    infos: Mapping[str, Mapping[str, Any]]
    _summary: pd.DataFrame
    _table: pd.DataFrame

    @property
    def summary(self) -> pd.DataFrame:
        """The per-customer summary (``customers.summary.SUMMARY_COLUMNS``), row-aligned with ``table``."""
        return self._summary.copy(deep=False)

    @property
    def table(self) -> pd.DataFrame:
        """The segment table of :func:`workbench.segments.table.segment_all`."""
        return self._table.copy(deep=False)

    @property
    def n_customers(self) -> int:
        return len(self._summary)

    def members(self, segmentation: str, segment: str) -> np.ndarray:
        """Boolean mask of a segment's members, row-aligned with ``summary``."""
        return members_of(self._table, segmentation, segment).to_numpy(dtype=bool)

    def member_ids(self, segmentation: str, segment: str) -> list[str]:
        """Customer ids in a segment, sorted."""
        return sorted(self._table.loc[self.members(segmentation, segment), "customer_id"].astype(str))

    def segments(self, segmentation: str) -> list[str]:
        """Segment codes of a segmentation, in framework order (RFM: the naming rules in use)."""
        return present_segments(self._table, segmentation)

    def profile(self, segmentation: str, lang: str, clv: pd.Series | None = None) -> pd.DataFrame:
        """:func:`workbench.segments.table.segment_profile` of one segmentation."""
        return segment_profile(self._table, self._summary, segmentation, lang, clv)

    def figures(self, segmentation: str | None, segment: str | None) -> dict[str, Any]:
        """Headline figures of a segment (of all customers when ``segmentation`` is None), over each
        customer's whole history, as ``customers.kpis`` defines them: ``customers, customer_share,
        revenue_share, repeat_share, csat`` (mean), ``nps`` (score) and ``satisfaction`` (mean CSAT where the
        data has CSAT, else the mean NPS answer; ``satisfaction_measure`` says which, or None); ``scope`` is
        "segment" or "all". A segmentation or segment that no longer exists has no members (NaN figures).
        """
        if segmentation:
            try:
                mask = self.members(segmentation, str(segment))
            except (WorkbenchError, KeyError):
                mask = np.zeros(self.n_customers, dtype=bool)
        else:
            mask = np.ones(self.n_customers, dtype=bool)
        columns = history_columns(self._summary)
        fig = history_figures(columns, mask, ("group_customers", "group_customer_share", "group_revenue_share",
                                              "repeat_share", "mean_csat", "mean_nps_answer", "group_nps"))
        measure = ("csat" if np.isfinite(columns["csat"]).any()
                   else "nps" if np.isfinite(columns["nps"]).any() else None)
        satisfaction = {"csat": fig["mean_csat"], "nps": fig["mean_nps_answer"]}.get(measure, float("nan"))
        return {"scope": "segment" if segmentation else "all", "customers": int(fig["group_customers"]),
                "customer_share": fig["group_customer_share"], "revenue_share": fig["group_revenue_share"],
                "repeat_share": fig["repeat_share"], "csat": fig["mean_csat"], "nps": fig["group_nps"],
                "satisfaction": satisfaction, "satisfaction_measure": measure}

    def options(self, lang: str, keep: tuple[str | None, str | None] = (None, None)) -> list[tuple[str, str, str]]:
        """(segmentation, segment, label) of every segment with at least one member, for pickers elsewhere;
        the label reads "Segmentation: segment (n customers)" in the user's language. ``keep`` (a link that
        something already has, e.g. a journey map's) is offered too, with 0 customers when it has none now,
        so a picker shows the link instead of falling back to "none"."""
        options = []
        for name in REGISTRY:
            for seg in self.segments(name):
                n = int(self.members(name, seg).sum())
                if n:
                    options.append((name, seg, t("segments.option_label", lang,
                                                 segmentation=segmentation_label(name, lang),
                                                 segment=segment_label(name, seg, lang), n=fmt_count(n))))
        segmentation, segment = keep
        if segmentation and segment and (segmentation, segment) not in {(o[0], o[1]) for o in options}:
            known = segmentation in REGISTRY
            options.append((segmentation, segment, t(
                "segments.option_label", lang, segment=segment_label(segmentation, segment, lang), n=0,
                segmentation=segmentation_label(segmentation, lang) if known else segmentation)))
        return options


def _build(ws, key: tuple, summary: pd.DataFrame, run_rule=None) -> Snapshot:
    params, problems = load_params(ws)
    table, infos = segment_all(summary, params, run_rule=run_rule)
    return Snapshot(key=key, params=params, problems=problems, infos=infos, _summary=summary, _table=table)


def _remembered_rule(ws):
    """Run a rule once per data version and its own parameters (the workspace's shared cache): after a
    parameter is saved for one segmentation only that one is recomputed — on a million customers 0.2 s
    instead of 0.7 s for all of them. Rules return new frames and the snapshot never changes them."""
    data_key = ws.cache_key()

    def run(record, summary, params):
        key = (f"segments.rule.{record.name}", *data_key, json.dumps(params, sort_keys=True, default=str))
        return ws.memo(key, lambda: record.rule(summary, params))

    return run


def snapshot(ws) -> Snapshot:
    """The workspace's segment snapshot at its current data and settings versions (built on first ask)."""
    key = ws.cache_key(SETTINGS_PREFIX)
    return ws.memo(("segments.snapshot", *key), lambda: _build(ws, key, current_summary(ws), _remembered_rule(ws)))


def snapshot_as_of(ws, as_of: Any, summary: pd.DataFrame | None = None) -> Snapshot:
    """A snapshot of the orders up to ``as_of`` (a past date the command line asks for), built each time:
    only the current one is shared. ``as_of=None`` is :func:`snapshot`. ``summary``: that date's
    ``customer_summary`` when the caller already has it (so it is not computed twice)."""
    if as_of is None:
        return snapshot(ws)
    key = (*ws.cache_key(SETTINGS_PREFIX), str(as_of))
    return _build(ws, key, customer_summary(ws, as_of=as_of) if summary is None else summary)
