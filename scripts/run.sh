#!/usr/bin/env bash
# Install the runtime dependencies and start the workbench on http://localhost:8501.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/python.sh
"$PY" -m pip install -q -r requirements.txt
exec "$PY" -m streamlit run app.py "$@"
