"""Write the Excel report of a workspace: the same workbook the Report page builds.

``--sections`` takes names from: cover, kpis, segments, journeys, value_gap, roadmap, scenarios,
traceability; all of them by default. A section whose data does not exist
yet is left out and named on the cover and in the output. Exit status 2 with a clear message for a missing
workspace, a bad section name or a file that cannot be written (nothing is written then).
"""

from __future__ import annotations

import sys
import time

NAME = "report"
REPORT_LANG = "zh"  # the language of a report when --lang is not given: the clients are Chinese

__all__ = ["NAME", "add_arguments", "run"]


def add_arguments(parser) -> None:
    from workbench.commands import add_json, add_lang

    parser.add_argument("--workspace", required=True, help="workspace name (see `python -m workbench workspaces`)")
    parser.add_argument("--out", required=True, help="output file, .xlsx")
    add_lang(parser, "language of the report and of the messages (default: the report in zh, messages in en)")
    parser.add_argument("--sections", default=None,
                        help="comma-separated section names, e.g. cover,kpis,segments (default: all of them; "
                        "an unknown name is answered with the list of known ones)")
    parser.add_argument("--client", default=None,
                        help="client name for the cover (default: the one saved on the Report page)")
    parser.add_argument("--quiet", action="store_true", help="print nothing but errors (default: off)")
    add_json(parser)


def run(args) -> int:
    from workbench.clv import limit_blas_threads

    limit_blas_threads()
    from workbench.commands import emit, message_lang, open_workspace
    from workbench.i18n import t
    from workbench.report import check_target, parse_section_list, resolve_sections, write_report

    started = time.perf_counter()
    names = parse_section_list(args.sections)
    resolve_sections(names)  # a bad section name is refused before anything is opened
    check_target(args.out)
    manager, ws = open_workspace(args.workspace)
    try:
        result = write_report(args.out, ws, args.lang or REPORT_LANG, names, client=args.client)
    finally:
        manager.close_all()
    lang = message_lang(args)
    if result.skipped:
        skipped = t("report.page.skipped", lang, sections=", ".join(result.skipped))
        print(t("commands.note", lang, message=skipped), file=sys.stderr)
    seconds = round(time.perf_counter() - started, 1)
    if not args.quiet or args.json:
        emit(args, {"workspace": ws.name, "out": str(args.out), "sections": list(result.sections),
                    "skipped": list(result.skipped), "sheets": list(result.sheets), "seconds": seconds},
             t("commands.report.written", lang, path=str(args.out), sheets=len(result.sheets),
               sections=", ".join(result.sections), seconds=seconds))
    return 0
