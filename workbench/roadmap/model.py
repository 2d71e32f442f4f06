"""What an initiative is, as data: statuses, the nine strategies and four dimensions of the source material,
Intercom's RICE scales, the fields a user edits with their ranges, and the check every write goes through.

Sources: the nine strategies (产品价值提升, 差异化品牌价值, 情感价值, 客户关系管理, 忠诚度计划, 卓越客户服务,
价格与促销, 客户体验设计, 增强客户反馈) and the four dimensions 产品-服务-情感-品牌 of the loyalty
strategy system are from the course material in ``shared/seeds``; the RICE scales from Sean McBride, "RICE:
Simple prioritization for product managers" (Intercom blog, 2016).
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

import pandas as pd

from workbench.core.errors import WorkbenchError

__all__ = [
    "STATUSES", "ON_PLAN", "DIMENSIONS", "STRATEGIES", "STRATEGY_DIMENSION", "STRATEGY_CHOICES", "IMPACT_SCALE",
    "CONFIDENCE_SCALE", "SOURCE_KINDS", "INSIGHT_KINDS", "SOURCE_IDENTITY", "EDITABLE_FIELDS", "NUMBER_FIELDS",
    "TEXT_LIMITS", "LIMITS", "LabelledError", "FieldError", "InitiativeConflict", "DuplicateSource", "dimension_of",
    "source_key", "clean_fields", "clean_text", "is_blank",
]

#: idea and parked are on the board only; planned, in progress and done are on the plan (Gantt, capacity).
STATUSES: tuple[str, ...] = ("idea", "parked", "planned", "in_progress", "done")
ON_PLAN: tuple[str, ...] = ("planned", "in_progress", "done")

#: The four dimensions of the loyalty strategy system (产品 / 服务 / 情感 / 品牌).
DIMENSIONS: tuple[str, ...] = ("product", "service", "emotion", "brand")

#: The nine strategies and the dimension each works on: product and price are the basic layer (基础层), service
#: and experience the value-added layer, brand and emotion the differentiation layer; membership tiers and
#: community sit under 情感纽带构建 (emotional bond) in the source, feedback loops under 产品价值锚定.
STRATEGY_DIMENSION: Mapping[str, str] = MappingProxyType({
    "product_value": "product",
    "brand_value": "brand",
    "emotional_value": "emotion",
    "crm": "service",
    "loyalty": "emotion",
    "service_excellence": "service",
    "pricing": "product",
    "cx_design": "service",
    "feedback": "product",
})
STRATEGIES: tuple[str, ...] = tuple(STRATEGY_DIMENSION)
#: What an initiative's ``strategy`` may hold: one of the nine strategies or, directly, one of the dimensions.
STRATEGY_CHOICES: tuple[str, ...] = STRATEGIES + DIMENSIONS

#: Intercom's impact scale (per person reached) and confidence scale.
IMPACT_SCALE: Mapping[float, str] = MappingProxyType({3.0: "massive", 2.0: "high", 1.0: "medium", 0.5: "low",
                                                      0.25: "minimal"})
CONFIDENCE_SCALE: Mapping[float, str] = MappingProxyType({1.0: "high", 0.8: "medium", 0.5: "low"})

#: Where an initiative came from. The insight kinds are turned into an initiative once each; "library" marks a
#: suggestion of the library (source_ref ``{"item": key}``).
INSIGHT_KINDS: tuple[str, ...] = ("segment", "journey_pain", "journey_opportunity", "value_gap")
SOURCE_KINDS: tuple[str, ...] = INSIGHT_KINDS + ("library",)

#: What identifies the source of each insight kind (its family, then the ``source_ref`` fields): the same
#: segment, journey item (pain point or opportunity) or value gap (attribute and segment) is one source.
SOURCE_IDENTITY: Mapping[str, tuple[str, tuple[str, ...]]] = MappingProxyType({
    "segment": ("segment", ("segmentation", "segment")),
    "journey_pain": ("journey", ("map_id", "item")),
    "journey_opportunity": ("journey", ("map_id", "item")),
    # a segment code means something only within its segmentation ("lapsed" is in three of them)
    "value_gap": ("value_gap", ("attribute", "segmentation", "segment")),
})

EDITABLE_FIELDS: tuple[str, ...] = (
    "description", "strategy", "target_segment", "segmentation", "segment", "owner", "budget", "headcount",
    "start_month", "duration_months", "kpi", "kpi_baseline", "kpi_target", "effect_retention", "effect_frequency",
    "effect_aov", "reach", "impact", "confidence", "effort", "scores", "status", "depends_on",
)

#: Numeric fields: (lowest, highest, whole numbers only). Effects: retention in percentage points, frequency
#: and order value as relative changes (0.05 = +5%). Effort in person-months, reach in customers per quarter.
NUMBER_FIELDS: Mapping[str, tuple[float, float, bool]] = MappingProxyType({
    "budget": (0.0, 1e12, False),
    "headcount": (0.0, 10_000.0, False),
    "start_month": (0.0, 600.0, True),
    "duration_months": (0.0, 120.0, True),
    "effect_retention": (-100.0, 100.0, False),
    "effect_frequency": (-1.0, 10.0, False),
    "effect_aov": (-1.0, 10.0, False),
    "reach": (0.0, 1e12, False),
    "impact": (0.0, 3.0, False),
    "confidence": (0.0, 1.0, False),
    "effort": (0.1, 10_000.0, False),  # RICE divides by it: never 0
})
TEXT_LIMITS: Mapping[str, int] = MappingProxyType({
    "title": 200, "description": 4000, "owner": 200, "kpi": 200, "kpi_baseline": 100, "kpi_target": 100,
    "target_segment": 200,
})
LIMITS: Mapping[str, int] = MappingProxyType({"phases": 8, "horizon": 120, "criteria": 12, "milestones": 8,
                                              "undo": 50, "phase_name": 40})


class InitiativeConflict(WorkbenchError):
    """Another participant saved the initiative (or setting) after this one loaded it; nothing was written."""

    def __init__(self, title: str, loaded: int | None, stored: int | None) -> None:
        super().__init__("roadmap.error.conflict", title=_clip(title), loaded=loaded or 0, stored=stored or 0)
        self.loaded, self.stored = loaded, stored


class LabelledError(WorkbenchError):
    """An error whose parameters hold codes that read differently in each language: subclasses translate them
    in :meth:`labelled`, the message is then filled as usual (and escaped for display)."""

    def labelled(self, lang: str) -> dict[str, object]:
        return dict(self.params)

    def text(self, lang: str = "en") -> str:
        from workbench.i18n import t

        return t(self.key, lang, **self.labelled(lang))

    def display_text(self, lang: str = "en") -> str:
        from workbench.core.textsafe import md_escape
        from workbench.i18n import t

        params = self.labelled(lang)
        return t(self.key, lang, **{k: md_escape(v, limit=200) if isinstance(v, str) else v for k, v in params.items()})


class FieldError(LabelledError):
    """A bad value in one field: the message names the field in the reader's language
    (``roadmap.field.<field>``)."""

    def labelled(self, lang: str) -> dict[str, object]:
        from workbench.i18n import t

        return {**self.params, "field": t(f"roadmap.field.{self.params.get('field')}", lang)}


class DuplicateSource(WorkbenchError):
    """The insight is already an initiative: ``existing_id`` (also in ``params``) is the one to open."""

    def __init__(self, existing_id: int, title: str) -> None:
        super().__init__("roadmap.error.duplicate_source", existing_id=existing_id, title=_clip(title))
        self.existing_id = existing_id


def _clip(text: Any, n: int = 60) -> str:
    s = clean_text(text)
    return s if len(s) <= n else s[: n - 1] + "…"


def clean_text(value: Any) -> str:
    """A text cell as stored: None, NaN and NA become "", the rest is stripped."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return str(value).strip()


def is_blank(value: Any) -> bool:
    """None, NaN, NA or a text of only spaces."""
    if isinstance(value, str):
        return not value.strip()
    try:
        return value is None or bool(pd.isna(value))
    except (TypeError, ValueError):  # a list or dict: not blank
        return False


def dimension_of(strategy: Any) -> str | None:
    """The dimension (product / service / emotion / brand) a strategy works on; None when it has none."""
    s = clean_text(strategy)
    return s if s in DIMENSIONS else STRATEGY_DIMENSION.get(s)


def source_key(source_kind: str | None, source_ref: Mapping[str, Any] | None) -> str | None:
    """The identity of an insight source (``family:["field", ...]``, as the migration writes it), or None for
    a source that is not an insight (hand-made, from the library)."""
    if source_kind not in SOURCE_IDENTITY or not isinstance(source_ref, Mapping):
        return None
    family, fields = SOURCE_IDENTITY[source_kind]
    values = [None if source_ref.get(f) is None else str(source_ref.get(f)) for f in fields]
    return family + ":" + json.dumps(values, separators=(",", ":"), ensure_ascii=False)


def _shown(number: float) -> str:
    """A number as a message shows it: 1,000,000,000,000 · -5 · 0.5."""
    return f"{number:,.10g}"


def _number(field: str, value: Any) -> float | int | None:
    """A numeric field, checked against its range (the message names the field and the range)."""
    if is_blank(value):
        return None
    lo, hi, whole = NUMBER_FIELDS[field]
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise FieldError("roadmap.error.not_a_number", field=field, value=_clip(value)) from None
    if not math.isfinite(number):
        raise FieldError("roadmap.error.not_a_number", field=field, value=_clip(value))
    shown = {"value": _shown(number), "lo": _shown(lo), "hi": _shown(hi)}
    if number < lo:
        raise FieldError("roadmap.error.negative" if lo == 0 else "roadmap.error.out_of_range", field=field, **shown)
    if number > hi:
        raise FieldError("roadmap.error.out_of_range", field=field, **shown)
    if whole:
        if number != int(number):
            raise FieldError("roadmap.error.whole_months", field=field, value=shown["value"])
        return int(number)
    return number


def _scores(value: Any) -> dict[str, int] | None:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    if isinstance(value, str):
        value = json.loads(value) if value.strip() else {}
    if not isinstance(value, Mapping):
        raise WorkbenchError("roadmap.error.bad_score", criterion="?", value=_clip(value))
    out = {}
    for key, score in value.items():
        if score is None or (isinstance(score, float) and pd.isna(score)):
            continue
        try:
            number = float(score)
        except (TypeError, ValueError):
            raise WorkbenchError("roadmap.error.bad_score", criterion=str(key), value=_clip(score)) from None
        if number not in (1, 2, 3, 4, 5):
            raise WorkbenchError("roadmap.error.bad_score", criterion=str(key), value=_clip(score))
        out[str(key)] = int(number)
    return out


def _depends_on(value: Any) -> list[int]:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return []
    if isinstance(value, (int, float)):
        value = [value]
    try:
        return sorted({int(v) for v in value})
    except (TypeError, ValueError):
        raise WorkbenchError("roadmap.error.unknown_dependency", ids=_clip(value)) from None


def clean_fields(fields: Mapping[str, Any]) -> dict[str, Any]:
    """The fields of a create or an update, cleaned and checked one by one: texts stripped and within their
    length, numbers within their ranges (budget, headcount, duration never negative), status and strategy one
    of the known ones, scores 1–5, dependencies a sorted list of ids. Checks that need the stored plan
    (phases, other initiatives, segments) are made by the initiatives module. Raises ``WorkbenchError``."""
    unknown = set(fields) - set(EDITABLE_FIELDS) - {"title"}
    if unknown:
        raise ValueError(f"unknown initiative fields: {sorted(unknown)}")
    out: dict[str, Any] = {}
    for name, value in fields.items():
        if name in NUMBER_FIELDS:
            out[name] = _number(name, value)
        elif name == "scores":
            out[name] = _scores(value)
        elif name == "depends_on":
            out[name] = _depends_on(value)
        elif name == "status":
            status = clean_text(value) or "idea"
            if status not in STATUSES:
                raise WorkbenchError("roadmap.error.bad_status", value=_clip(status))
            out[name] = status
        elif name == "strategy":
            strategy = clean_text(value)
            if strategy and strategy not in STRATEGY_CHOICES:
                raise WorkbenchError("roadmap.error.bad_strategy", value=_clip(strategy))
            out[name] = strategy or None
        else:
            text = clean_text(value)
            limit = TEXT_LIMITS.get(name)
            if limit and len(text) > limit:
                raise FieldError("roadmap.error.too_long", field=name, max=limit)
            out[name] = text or None
    if "title" in out and not out["title"]:
        raise WorkbenchError("initiatives.error.title_empty")
    return out
