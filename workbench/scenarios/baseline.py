"""The baseline of a segmentation, per segment, from the client's own orders: customers active now, annual
retention, purchases per active customer per month, order value, gross margin and new customers per month;
and, beside it, what BG/NBD + Gamma-Gamma expect of the same customers.

Definitions (the page states them under the table; "the last 12 months" is the 365 days ending on the day of
the data's last order, as everywhere in the workbench):

* **customers** — active now: a purchase in the last 12 months. On retail data most customers bought once
  and many lapsed; they are counted in ``members`` and ``lapsed`` but are not projected: the simple model
  starts from who is still buying.
* **retention_annual** — of the customers who bought in the 12 months before the last 12, the share who bought
  again in the last 12 (the KPI ``retention_rate`` of ``customers.kpis`` for all customers). Per segment, a
  customer counts in the segment they were in *then*: the segmentation run on the orders up to a year ago
  (``segments.snapshot_as_of``). Counting them in today's segment would credit today's best tiers with
  everyone who stayed (a customer who stopped buying has dropped to a lower tier by now).
* **orders_per_month** — purchase occasions (customer-days with an order, as the CLV models count them) in the
  last 12 months per active customer, ÷ 12. **aov** — their net spend (refunds netted) per purchase occasion,
  so ``customers × orders_per_month × 12 × aov`` is the active customers' spend of the last 12 months.
* **margin** — the workspace's gross margin (the CLV settings' ``margin``, one setting for every area).
* **new_per_month** — customers whose first purchase falls in the last 12 months, ÷ 12.

Overrides are kept apart from the computed figures (table ``scenario_baselines``, one row per segmentation
with a revision): the page shows both, and a blank override falls back to the data.
"""

from __future__ import annotations

import datetime as _dt
import json
import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from workbench.core.errors import WorkbenchError
from workbench.i18n import t
from workbench.scenarios import store
from workbench.scenarios.model import ALL, BASELINE_COLUMNS, BASELINE_FIELDS, BASELINE_LIMITS

__all__ = ["COMPUTED_COLUMNS", "Baseline", "segmentations", "segmentation_name", "segment_name", "check_segmentation",
           "labels_of", "aggregate", "load_baseline", "load_overrides", "save_overrides", "clean_overrides",
           "model_comparison", "BaselineConflict"]

#: Columns of :attr:`Baseline.computed`: the figures from the data and what they were computed from.
COMPUTED_COLUMNS: tuple[str, ...] = (
    "segment", "members", "customers", "lapsed", "cohort", "retained", "retention_annual", "purchases_12m",
    "revenue_12m", "orders_per_month", "aov", "margin", "new_12m", "new_per_month",
)
_SEGMENTS_PREFIX = "segments"  # the settings prefix of segment parameters (segments.params.SETTINGS_PREFIX)


class BaselineConflict(WorkbenchError):
    """Another participant saved this segmentation's overrides after this one loaded them."""

    def __init__(self, segmentation: str, loaded: int, stored: int) -> None:
        super().__init__("scenarios.error.baseline_conflict", segmentation=segmentation, loaded=loaded, stored=stored)


# -- segmentations --------------------------------------------------------------------------------------------
def segmentations() -> tuple[str, ...]:
    """What a scenario can be split by: all customers, then every segmentation of the Segments page whose
    segments do not overlap (customer tags do: a customer may carry several, so no projection adds up)."""
    from workbench.segments import REGISTRY

    return (ALL, *(name for name, record in REGISTRY.items() if not record.multi))


def check_segmentation(segmentation: Any) -> str:
    """The segmentation's name, or ``scenarios.error.segmentation`` when a scenario names one that is gone."""
    if segmentation not in segmentations():
        raise WorkbenchError("scenarios.error.segmentation", segmentation=str(segmentation)[:60])
    return str(segmentation)


def segmentation_name(segmentation: str, lang: str) -> str:
    from workbench.segments import REGISTRY, segmentation_label

    if segmentation == ALL:
        return t("scenarios.segmentation.all", lang)
    return segmentation_label(segmentation, lang) if segmentation in REGISTRY else str(segmentation)


def segment_name(segmentation: str, segment: str, lang: str) -> str:
    from workbench.segments import segment_label

    return t("scenarios.segment.all", lang) if segmentation == ALL else segment_label(segmentation, segment, lang)


def labels_of(snapshot: Any, segmentation: str) -> pd.Categorical:
    """Each customer's segment (row-aligned with the snapshot's summary) as a categorical in framework order."""
    n = snapshot.n_customers
    if segmentation == ALL:
        return pd.Categorical.from_codes(np.zeros(n, dtype=np.int8), [ALL]) if n else pd.Categorical([], [ALL])
    values, order = snapshot.table[segmentation], list(snapshot.segments(segmentation))
    if isinstance(values.dtype, pd.CategoricalDtype):  # recode the codes, never the million strings
        return values.cat.set_categories(order).array
    return pd.Categorical(values, categories=order)


# -- aggregation ----------------------------------------------------------------------------------------------
def aggregate(labels: pd.Categorical, summary: pd.DataFrame, cohort_labels: pd.Categorical,
              cohort_retained: np.ndarray, margin: float) -> pd.DataFrame:
    """``COMPUTED_COLUMNS`` per segment from today's labels and summary (``purchase_days_12m, spend_12m,
    tenure_days``) and the retention cohort: the labels a year ago of the customers who bought in the 12
    months before the last 12, and whether each bought again in the last 12 (``cohort_retained``). Segments
    come in the order of ``labels``' categories, those without members left out."""
    categories = list(labels.categories)
    k = len(categories)
    codes = np.asarray(labels.codes)
    days = summary["purchase_days_12m"].to_numpy(dtype=float)
    active = days > 0
    spend = np.where(active, summary["spend_12m"].to_numpy(dtype=float), 0.0)
    new = active & (summary["tenure_days"].to_numpy(dtype=float) < 365)

    def count(mask: np.ndarray, weights: np.ndarray | None = None, c: np.ndarray = codes) -> np.ndarray:
        keep = (c >= 0) & mask
        return np.bincount(c[keep], weights=None if weights is None else weights[keep], minlength=k)[:k]

    everyone = np.ones(len(codes), dtype=bool)
    if isinstance(cohort_labels, pd.Categorical):  # recode the codes, never the strings
        cohort_codes = np.asarray(cohort_labels.set_categories(categories).codes)
    else:
        cohort_codes = np.asarray(pd.Categorical(np.asarray(cohort_labels, dtype=object), categories=categories).codes)
    retained = np.asarray(cohort_retained, dtype=bool)
    out = pd.DataFrame({
        "segment": categories, "members": count(everyone), "customers": count(active),
        "cohort": count(np.ones(len(cohort_codes), dtype=bool), c=cohort_codes),
        "retained": count(retained, c=cohort_codes),
        "purchases_12m": count(active, days), "revenue_12m": count(active, spend), "new_12m": count(new),
    })
    out["lapsed"] = out["members"] - out["customers"]
    with np.errstate(divide="ignore", invalid="ignore"):
        out["retention_annual"] = np.where(out["cohort"] > 0, out["retained"] / out["cohort"].where(out["cohort"] > 0),
                                           np.nan)
        out["orders_per_month"] = out["purchases_12m"] / out["customers"].where(out["customers"] > 0) / 12.0
        out["aov"] = out["revenue_12m"] / out["purchases_12m"].where(out["purchases_12m"] > 0)
    out["margin"] = float(margin)
    out["new_per_month"] = out["new_12m"] / 12.0
    out = out[out["members"] > 0]
    for c in ("members", "customers", "lapsed", "cohort", "retained", "new_12m"):
        out[c] = out[c].astype("int64")
    return out[list(COMPUTED_COLUMNS)].reset_index(drop=True)


def _as_of(ws) -> _dt.date | None:
    from workbench.customers.summary import default_as_of

    return default_as_of(ws)


def _cohorts(ws) -> dict[str, Any]:
    """The retention cohort of every segmentation: the labels a year ago of the customers who bought in the
    12 months before the last 12, and whether each bought again since. Built once per data and segment
    settings version (it runs the segmentation on the orders up to a year ago)."""
    from workbench import segments

    def build() -> dict[str, Any]:
        as_of = _as_of(ws)
        now = segments.snapshot(ws)
        if as_of is None or now.n_customers == 0:
            return {"as_of": as_of, "labels": {}, "retained": np.zeros(0, dtype=bool)}
        old = segments.snapshot_as_of(ws, as_of - _dt.timedelta(days=365))
        if old.n_customers == 0:  # less than a year of history: no cohort to measure retention on
            return {"as_of": as_of, "labels": {}, "retained": np.zeros(0, dtype=bool)}
        old_summary, now_summary = old.summary, now.summary
        was_active = old_summary["purchase_days_12m"].to_numpy(dtype=float) > 0
        active_now = now_summary.loc[now_summary["purchase_days_12m"].to_numpy(dtype=float) > 0, "customer_id"]
        # Arrow's hash join: pandas' isin on a million Arrow strings took 4 s, this 0.2 s
        retained = pc.is_in(pa.array(old_summary["customer_id"][was_active]), value_set=pa.array(active_now))
        retained = retained.to_numpy(zero_copy_only=False).astype(bool)
        labels = {name: labels_of(old, name)[was_active] for name in segmentations()}
        return {"as_of": as_of, "labels": labels, "retained": retained}

    return ws.memo(("scenarios.cohorts", *ws.cache_key(_SEGMENTS_PREFIX)), build)


def _computed(ws, segmentation: str) -> pd.DataFrame:
    """The computed baseline of one segmentation (margin 1: the workspace's margin is set on top), memoised
    per data and segment settings version (one entry per segmentation)."""
    from workbench import segments

    def build() -> pd.DataFrame:
        snap = segments.snapshot(ws)
        cohorts = _cohorts(ws)
        if snap.n_customers == 0:
            return pd.DataFrame({c: [] for c in COMPUTED_COLUMNS})
        return aggregate(labels_of(snap, segmentation), snap.summary, cohorts["labels"].get(segmentation, []),
                         cohorts["retained"], 1.0)

    key = (f"scenarios.baseline.{segmentation}", *ws.cache_key(_SEGMENTS_PREFIX))
    return ws.memo(key, build).copy()


# -- overrides ------------------------------------------------------------------------------------------------
def clean_overrides(overrides: Any, segments: list[str] | None = None) -> dict[str, dict[str, float]]:
    """Overrides as stored: ``{segment: {field: value}}`` with fields of ``BASELINE_FIELDS`` within
    ``BASELINE_LIMITS``; None, NaN or "" drops an override (the data's figure again)."""
    if overrides is None:
        return {}
    if not isinstance(overrides, Mapping):
        raise WorkbenchError("scenarios.error.overrides_type")
    out: dict[str, dict[str, float]] = {}
    for segment, fields in overrides.items():
        if segments is not None and str(segment) not in segments:
            raise WorkbenchError("scenarios.error.override_segment", segment=str(segment)[:60])
        if not isinstance(fields, Mapping):
            raise WorkbenchError("scenarios.error.overrides_type")
        kept = {}
        for field, value in fields.items():
            if field not in BASELINE_FIELDS:
                raise WorkbenchError("scenarios.error.override_field", field=str(field)[:40])
            if value is None or (isinstance(value, str) and not value.strip()):
                continue
            try:
                number = float(value)
            except (TypeError, ValueError):
                raise WorkbenchError("scenarios.error.baseline_value", segment=str(segment), field=field,
                                     value=str(value)[:40]) from None
            if math.isnan(number):
                continue
            lo, hi = BASELINE_LIMITS[field]
            if not math.isfinite(number) or not lo <= number <= hi:
                if field == "retention_annual":
                    raise WorkbenchError("scenarios.error.retention_range", segment=str(segment),
                                         value=f"{100 * number:.1f}%")
                raise WorkbenchError("scenarios.error.baseline_range", segment=str(segment), field=field,
                                     value=f"{number:,.6g}", lo=f"{lo:,.6g}", hi=f"{hi:,.6g}")
            kept[field] = number
        if kept:
            out[str(segment)] = kept
    return out


def load_overrides(ws, segmentation: str) -> tuple[dict[str, dict[str, float]], int]:
    """(overrides, revision) of a segmentation's baseline; revision 0 when none were ever saved."""
    row = store.read_baseline(ws, segmentation)
    if row is None:
        return {}, 0
    value, revision = row
    try:
        return clean_overrides(value), revision
    except WorkbenchError:  # stored by an older release with other fields: ignore what no longer fits
        return {}, revision


def save_overrides(ws, segmentation: str, overrides: Any, expected_revision: int) -> int:
    """Store a segmentation's overrides (replacing them all) if nobody saved since ``expected_revision``;
    returns the new revision. A stale revision raises :class:`BaselineConflict`, nothing is written."""
    check_segmentation(segmentation)
    cleaned = clean_overrides(overrides)
    with ws.transaction() as cur:
        stored = store.baseline_revision(cur, segmentation)
        if stored != int(expected_revision):
            raise BaselineConflict(segmentation, int(expected_revision), stored)
        store.write_baseline(cur, segmentation, json.loads(json.dumps(cleaned)), stored + 1)
    return stored + 1


# -- the baseline ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Baseline:
    """A segmentation's baseline: the figures from the data (``computed``, ``COMPUTED_COLUMNS``, the
    workspace's margin filled in), the user's ``overrides`` and their ``revision``, the data's last day
    (``as_of``) and the retention cohort's year (``cohort_as_of``)."""

    segmentation: str
    computed: pd.DataFrame
    overrides: Mapping[str, Mapping[str, float]]
    revision: int
    as_of: _dt.date | None

    @property
    def segments(self) -> list[str]:
        return list(self.computed["segment"])

    @property
    def frame(self) -> pd.DataFrame:
        """``BASELINE_COLUMNS`` with the overrides applied (what :func:`project` reads)."""
        out = self.computed[list(BASELINE_COLUMNS)].copy()
        out["customers"] = out["customers"].astype(float)
        for segment, fields in self.overrides.items():
            rows = out["segment"] == segment
            for field, value in fields.items():
                out.loc[rows, field] = float(value)
        return out

    def overridden(self, segment: str, field: str) -> bool:
        return field in self.overrides.get(segment, {})


def load_baseline(ws, segmentation: str) -> Baseline:
    """The baseline of ``segmentation`` (``segmentations()``) now: computed figures, overrides, revision."""
    from workbench import clv

    check_segmentation(segmentation)
    computed = _computed(ws, segmentation)
    computed["margin"] = float(clv.load_settings(ws)["margin"])
    overrides, revision = load_overrides(ws, segmentation)
    present = set(computed["segment"])
    overrides = {s: f for s, f in overrides.items() if s in present}  # a segment that is gone keeps no override
    return Baseline(segmentation=segmentation, computed=computed, overrides=overrides, revision=revision,
                    as_of=_as_of(ws))


# -- the models beside it -------------------------------------------------------------------------------------
def _model_values(ws, months: int, rate: float) -> np.ndarray:
    """Each customer's BG/NBD + Gamma-Gamma discounted expected spend over ``months`` (margin 1), row-aligned
    with the current summary; NaN when the models cannot be fitted. Memoised per data, CLV settings, horizon
    and rate (one entry: the page's other tabs never ask for it)."""
    from workbench import clv
    from workbench.customers.summary import current_summary

    def build() -> np.ndarray:
        purchases, spend, _ = clv.models(ws)
        summary = current_summary(ws)
        settings = {**clv.load_settings(ws), "horizon_months": int(months), "discount_rate": float(rate), "margin": 1.0}
        return clv.customer_value(summary, purchases, spend, settings)["clv"].to_numpy(dtype=float)

    return ws.memo(("scenarios.model_values", *ws.cache_key("clv"), int(months), float(rate)), build)


def model_comparison(ws, base: Baseline, simple: pd.DataFrame, months: int, rate: float) -> pd.DataFrame:
    """The simple projection beside the models, per segment, over the same horizon and discount rate:
    ``segment, simple`` (from ``simple``: the discounted gross profit of today's active customers, no new ones),
    ``model`` (BG/NBD + Gamma-Gamma expected discounted spend of the same customers × the segment's margin),
    ``ratio`` (simple ÷ model) and ``model_lapsed`` (what the models still expect of the segment's customers
    who are not active now; the simple projection gives them nothing)."""
    from workbench import segments

    snap = segments.snapshot(ws)
    values = _model_values(ws, months, rate)
    labels = labels_of(snap, base.segmentation)
    codes = np.asarray(labels.codes)
    active = snap.summary["purchase_days_12m"].to_numpy(dtype=float) > 0
    k = len(labels.categories)
    usable = np.isfinite(values).any()

    def total(mask: np.ndarray) -> np.ndarray:
        keep = mask & np.isfinite(values) & (codes >= 0)
        return np.bincount(codes[keep], weights=values[keep], minlength=k)[:k] if usable else np.full(k, np.nan)

    by_segment = pd.DataFrame({"segment": list(labels.categories), "model": total(active),
                               "model_lapsed": total(~active)})
    margins = base.frame.set_index("segment")["margin"]
    out = simple[["segment", "simple"]].merge(by_segment, on="segment", how="left")
    out["model"] = out["model"] * out["segment"].map(margins)
    out["model_lapsed"] = out["model_lapsed"] * out["segment"].map(margins)
    with np.errstate(divide="ignore", invalid="ignore"):
        out["ratio"] = out["simple"] / out["model"].where(out["model"] != 0)
    return out[["segment", "simple", "model", "ratio", "model_lapsed"]]
