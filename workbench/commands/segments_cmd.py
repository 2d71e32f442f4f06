"""Write the per-customer table (segments, risk flags, CLV) of a workspace to CSV or xlsx for CRM tools.

Time unit: weeks. ``frequency`` = repeat purchase days, ``recency`` = weeks from the first to the last
purchase, ``T`` = weeks from the first purchase to the as-of date, ``monetary_value`` = mean spend per
repeat purchase day (lifetimes conventions). ``expected_purchases`` covers the next ``--horizon-weeks``;
``clv`` is the discounted value from the workspace's purchase model (MBG/NBD by default, or BG/NBD) ×
Gamma-Gamma over the same horizon rounded to whole months.
"""

from __future__ import annotations

import errno
import os
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from workbench.core.errors import WorkbenchError

NAME = "segments"

__all__ = ["NAME", "add_arguments", "run"]


def add_arguments(parser) -> None:
    from workbench.commands import add_json, add_lang

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
    add_lang(parser, "write segment names, and the messages, in this language (default: stable codes, messages "
                     "in English)")
    parser.add_argument("--quiet", action="store_true", help="print nothing but errors (default: off)")
    add_json(parser)


def run(args) -> int:
    from workbench.clv import limit_blas_threads

    limit_blas_threads()
    from workbench import clv, segments
    from workbench.commands import emit, message_lang, open_workspace
    from workbench.customers.summary import current_summary, customer_summary
    from workbench.report.files import TABLE_SUFFIXES, write_table
    from workbench.segments.export import export_table

    started = time.perf_counter()
    if not str(args.out).lower().endswith(TABLE_SUFFIXES):
        raise WorkbenchError("segments.error.bad_extension", path=str(args.out))
    if args.horizon_weeks < 0:
        raise WorkbenchError("segments.error.bad_horizon", value=args.horizon_weeks)
    folder = Path(args.out).absolute().parent
    if not folder.is_dir():  # before the models are fitted, not after
        raise FileNotFoundError(errno.ENOENT, os.strerror(errno.ENOENT), str(folder))
    manager, ws = open_workspace(args.workspace)
    try:
        summary = current_summary(ws) if args.as_of is None else customer_summary(ws, as_of=args.as_of)
        if len(summary) == 0:
            if args.as_of:
                raise WorkbenchError("segments.error.no_orders_before", date=str(args.as_of))
            raise WorkbenchError("segments.error.no_orders")
        with ThreadPoolExecutor(max_workers=1) as pool:  # the segmentations run while the models fit
            segmenting = pool.submit(segments.snapshot_as_of, ws, args.as_of, summary)
            # the workspace's chosen purchase model, for a past date as for today
            bg, gg, warnings = clv.models(ws) if args.as_of is None else clv.fit_models(
                summary, clv.load_settings(ws)["purchase_model"])
            snap = segmenting.result()
        settings = clv.load_settings(ws)
        settings["horizon_months"] = int(round(args.horizon_weeks / clv.WEEKS_PER_MONTH))
        if args.discount_rate is not None:
            settings["discount_rate"] = args.discount_rate
        if args.margin is not None:
            settings["margin"] = args.margin
        value = clv.customer_value(snap.summary, bg, gg, settings, horizon_weeks=args.horizon_weeks)
        out = export_table(snap.summary, snap.table, value, lang=args.lang)
        write_table(out, args.out)
    finally:
        manager.close_all()
    from workbench.i18n import t

    lang = message_lang(args)
    texts = [WorkbenchError(key, **params).text(lang) for key, params in warnings]
    for text in texts:
        print(t("commands.warning", lang, message=text), file=sys.stderr)
    seconds = round(time.perf_counter() - started, 1)
    if not args.quiet or args.json:
        emit(args, {"workspace": ws.name, "out": str(args.out), "customers": len(out), "seconds": seconds,
                    "warnings": texts},
             t("commands.segments.written", lang, count=len(out), path=str(args.out), seconds=seconds))
    return 0
