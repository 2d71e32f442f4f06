#!/usr/bin/env bash
# Monthly refresh of one client's workspace, without the browser: create the workspace on the first run,
# append the month's orders, replace the customer list, write the segment list for the CRM and the report.
# Copy it, set the variables below (or pass them in the environment) and run it from cron once the month's
# exports have arrived (README, "Monthly refresh from the command line").
#
#   WS        workspace name                                   (default: acme)
#   CURRENCY  currency of its amounts, used on the first run   (default: CNY)
#   MONTH     the month to load, YYYY-MM                       (default: last month)
#   IN        folder with that month's exports orders-MONTH.csv and customers-MONTH.csv   (default: exports)
#   OUT       folder for segments-MONTH.csv and report-MONTH.xlsx                         (default: out)
#   WORKBENCH_HOME          the workspaces folder, as for the app (default: workspaces/ in the app folder)
#
# `python` must be the interpreter the workbench's requirements are installed in (in cron, give its full
# path in PATH or activate the virtual environment first). Any failing step stops the script with its
# message and a non-zero exit status; running it again for the same month changes nothing (the orders file
# is skipped as already imported, the customer list replaced by the same list).
set -euo pipefail

APP="$(cd "$(dirname "$0")/.." && pwd)"  # the app folder, so that `python -m workbench` finds the package
export PYTHONPATH="$APP${PYTHONPATH:+:$PYTHONPATH}"
WS="${WS:-acme}"
CURRENCY="${CURRENCY:-CNY}"
MONTH="${MONTH:-$(python -c 'import datetime as d; print(f"{d.date.today().replace(day=1) - d.timedelta(days=1):%Y-%m}")')}"
IN="${IN:-exports}"
OUT="${OUT:-out}"
mkdir -p "$OUT"

python -m workbench workspaces create "$WS" --currency "$CURRENCY" --exist-ok
python -m workbench import "$IN/orders-$MONTH.csv" --workspace "$WS" --kind orders --mode append --on-duplicate skip
python -m workbench import "$IN/customers-$MONTH.csv" --workspace "$WS" --kind customers --mode replace
python -m workbench segments --workspace "$WS" --out "$OUT/segments-$MONTH.csv"
python -m workbench report --workspace "$WS" --out "$OUT/report-$MONTH.xlsx" --lang zh
