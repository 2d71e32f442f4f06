"""Write the per-customer table (segments, risk flags, CLV) of a workspace to CSV or xlsx for CRM tools.

Time unit: weeks. ``frequency`` = repeat purchase days, ``recency`` = weeks from the first to the last
purchase, ``T`` = weeks from the first purchase to the as-of date, ``monetary_value`` = mean spend per
repeat purchase day (lifetimes conventions). ``expected_purchases`` covers the next ``--horizon-weeks``;
``clv`` is the discounted BG/NBD × Gamma-Gamma value over the same horizon rounded to whole months.
"""

from __future__ import annotations

import sys
import time
from concurrent.futures import ThreadPoolExecutor

from workbench.errors import WorkbenchError

NAME = "segments"

__all__ = ["NAME", "add_arguments", "run"]


def add_arguments(parser) -> None:
    parser.add_argument("--workspace", required=True, help="workspace name (see `python -m workbench workspaces`)")
    parser.add_argument("--out", required=True, help="output file: .csv (UTF-8 with BOM) or .xlsx")
    parser.add_argument("--as-of", default=None, help="end of the observation window, YYYY-MM-DD "
                        "(default: the last order's date); later orders are ignored")
    parser.add_argument("--horizon-weeks", type=float, default=52.0,
                        help="prediction horizon in weeks for expected_purchases and clv (default 52)")
    parser.add_argument("--discount-rate", type=float, default=None,
                        help="annual discount rate for CLV, e.g. 0.1 (default: the workspace's setting, 0.10)")
    parser.add_argument("--margin", type=float, default=None,
                        help="profit share of spend for CLV (default: the workspace's setting, 1.0 = revenue)")
    parser.add_argument("--lang", choices=["zh", "en"], default=None,
                        help="write segment names in this language instead of stable codes")
    parser.add_argument("--quiet", action="store_true", help="print nothing but errors")


def run(args) -> int:
    from workbench.clv import limit_blas_threads

    limit_blas_threads()
    from workbench import clv
    from workbench import segments as seg
    from workbench.commands import open_workspace
    from workbench.summary import customer_summary

    started = time.perf_counter()
    if not str(args.out).lower().endswith((".csv", ".xlsx")):
        raise WorkbenchError("segments.error.bad_extension", path=str(args.out))
    if args.horizon_weeks < 0:
        raise WorkbenchError("segments.error.bad_horizon", value=args.horizon_weeks)
    manager, ws = open_workspace(args.workspace)
    try:
        summary = customer_summary(ws, as_of=args.as_of)
        if len(summary) == 0:
            if args.as_of:
                raise WorkbenchError("segments.error.no_orders_before", date=str(args.as_of))
            raise WorkbenchError("segments.error.no_orders")
        params = seg.load_params(ws)
        patterns = seg.load_rfm_patterns(ws)
        with ThreadPoolExecutor(max_workers=1) as pool:  # the segmentations run while the models fit
            segmenting = pool.submit(seg.segment_all, summary, params, patterns)
            bg, gg, warnings = seg.fit_models(summary)
            table, _ = segmenting.result()
        clv_params = dict(params["clv"])
        clv_params["horizon_months"] = int(round(args.horizon_weeks / clv.WEEKS_PER_MONTH))
        if args.discount_rate is not None:
            clv_params["discount_rate"] = args.discount_rate
        if args.margin is not None:
            clv_params["margin"] = args.margin
        value = seg.customer_value(summary, bg, gg, clv_params, horizon_weeks=args.horizon_weeks)
        out = seg.export_table(summary, table, value, lang=args.lang)
        seg.write_table(out, args.out)
    finally:
        manager.close_all()
    for key, params in warnings:
        print(f"warning: {WorkbenchError(key, **params).text('en')}", file=sys.stderr)
    if not args.quiet:
        print(f"{len(out)} customers written to {args.out} in {time.perf_counter() - started:.1f} s")
    return 0
