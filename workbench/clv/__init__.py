"""Customer lifetime value: BG/NBD purchases, Gamma-Gamma spend, the discounted CLV and the textbook
formula, the one per-customer valuation, and model checking on a holdout.

Conventions follow ``lifetimes`` so analysts recognise them: ``frequency`` is the number of *repeat*
purchases, ``recency`` the time from the first to the last purchase, ``T`` the time from the first
purchase to the end of the observation window, all in the model's time unit. The app uses **weeks** as the
model's time unit and **months** for CLV horizons (``WEEKS_PER_MONTH`` converts between them).

Modules: ``base`` (shared fit steps and the model base class), ``bgnbd``, ``gamma_gamma``, ``value``
(CLV and :func:`customer_value`), ``checking`` (holdout comparison).
"""

from workbench.clv.base import LOG_PARAM_BOUND, WARNING_KEYS, WEEKS_PER_MONTH, limit_blas_threads
from workbench.clv.bgnbd import BetaGeoModel, ModifiedBetaGeoModel, fit_bgnbd, fit_mbgnbd, p_alive_matrix
from workbench.clv.checking import (
    HoldoutCheck,
    calibration_holdout,
    cumulative_holdout,
    frequency_bucket,
    model_check,
)
from workbench.clv.gamma_gamma import GammaGammaModel, fit_gamma_gamma
from workbench.clv.value import (
    DEFAULT_SETTINGS,
    PURCHASE_MODELS,
    SETTING_SPECS,
    SETTINGS_KEY,
    VALUE_COLUMNS,
    clv,
    customer_value,
    fit_models,
    load_settings,
    merge_settings,
    model_usable,
    models,
    save_settings,
    simple_clv,
    simple_clv_summary,
    values,
)

__all__ = [
    "WEEKS_PER_MONTH", "LOG_PARAM_BOUND", "WARNING_KEYS", "limit_blas_threads",
    "BetaGeoModel", "ModifiedBetaGeoModel", "fit_bgnbd", "fit_mbgnbd", "p_alive_matrix", "PURCHASE_MODELS",
    "GammaGammaModel", "fit_gamma_gamma",
    "DEFAULT_SETTINGS", "SETTING_SPECS", "SETTINGS_KEY", "VALUE_COLUMNS", "load_settings", "save_settings",
    "clv", "simple_clv", "merge_settings", "model_usable", "fit_models",
    "customer_value", "simple_clv_summary", "models", "values",
    "HoldoutCheck", "calibration_holdout", "cumulative_holdout", "frequency_bucket", "model_check",
]
