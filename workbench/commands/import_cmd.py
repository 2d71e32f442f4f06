"""Import a CSV, Excel or Parquet file into a workspace (the same code path as the Data page).

Uses the mapping saved for files with the same headers, or the automatic one; prints a JSON summary (rows
read, kept, quarantined by reason, import id) and exits with status 2 and a message when the file cannot be
imported; nothing of a failed import is kept. --create makes the workspace when it does not exist yet (and
removes it again when that first import fails). A workspace file can be open for writing in one process
only: stop the app (or use its Data page) while importing from the command line.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from workbench.core.errors import WorkbenchError

NAME = "import"

__all__ = ["NAME", "add_arguments", "run"]


def add_arguments(parser) -> None:
    from workbench.ingest import DATE_ORDER_CHOICES, KINDS, MODES, NEGATIVE_AMOUNTS, ON_DUPLICATE

    parser.add_argument("path", help="file to import: .csv/.tsv/.txt (optionally .gz), .xlsx or .parquet")
    from workbench.commands import add_lang

    parser.add_argument("--workspace", required=True, help="workspace name")
    parser.add_argument("--create", action="store_true",
                        help="create the workspace (amounts in CNY) when it does not exist; `workspaces create "
                             "NAME --currency CODE` makes one in another currency (default: off)")
    parser.add_argument("--kind", required=True, choices=KINDS, help="which table the file feeds")
    parser.add_argument("--mode", default="append", choices=MODES,
                        help="append to the existing rows (default) or replace all rows of this kind")
    parser.add_argument("--on-duplicate", default="ask", choices=ON_DUPLICATE,
                        help="when the same file was imported before and its rows are still present: fail "
                             "with a message (ask, default), replace that import's rows, or skip")
    parser.add_argument("--sheet", default=None, help="Excel sheet (default: the first sheet with a table)")
    parser.add_argument("--encoding", default=None, help="text encoding, e.g. gb18030 (default: detected)")
    parser.add_argument("--date-order", default="auto", choices=DATE_ORDER_CHOICES,
                        help="day/month order of dates like 05/01/2024 (default: decided from the data)")
    parser.add_argument("--negative-amounts", default=None, choices=NEGATIVE_AMOUNTS,
                        help="keep negative amounts as refunds or quarantine them (default: workspace setting)")
    parser.add_argument("--mapping", default=None,
                        help='JSON object {field: source column}, e.g. \'{"customer_id": "会员号"}\' '
                             "(default: saved or automatic mapping)")
    parser.add_argument("--json", action="store_true",
                        help="print the JSON summary (default: always; the flag is accepted so that a script "
                             "can give every command --json)")
    add_lang(parser)


def run(args) -> int:
    from workbench import ingest
    from workbench.commands import create_if_missing, message_lang, open_workspace
    from workbench.i18n import t
    from workbench.ingest import display

    mapping = None
    if args.mapping:
        try:
            mapping = json.loads(args.mapping)
        except ValueError as exc:
            raise WorkbenchError("ingest.error.bad_option", option="--mapping", value=args.mapping,
                                 allowed="JSON {field: column}") from exc
        if not isinstance(mapping, dict):
            raise WorkbenchError("ingest.error.bad_option", option="--mapping", value=args.mapping,
                                 allowed="JSON {field: column}")
    created = create_if_missing(args.workspace) if args.create else False
    manager, ws = open_workspace(args.workspace, busy_key="ingest.error.workspace_busy",
                                 missing_key="commands.error.not_found_import")
    options = {"sheet": args.sheet, "encoding": args.encoding, "date_order": args.date_order,
               "negative_amounts": args.negative_amounts}
    try:
        result = ingest.import_path(ws, Path(args.path), kind=args.kind, mode=args.mode, mapping=mapping,
                                    options=options, on_duplicate_file=args.on_duplicate)
    except BaseException:
        if created:  # a workspace made for an import that failed would only be in the way of the next try
            manager.delete(ws.name)
        raise
    finally:
        manager.close_all()
    fields = result.to_dict()
    # the names the JSON summary has always used for two of the fields
    summary = {{"file_name": "file", "by_reason": "quarantined_by_reason"}.get(k, k): v for k, v in fields.items()
               if k != "options"}
    summary.update(workspace=ws.name, workspace_created=created)
    json.dump(summary, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
    for _, text in display.file_notes(result.source, message_lang(args)):  # the page's notes, in words
        print(t("commands.note", message_lang(args), message=text), file=sys.stderr)
    return 0
