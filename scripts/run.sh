#!/usr/bin/env bash
# Install the runtime dependencies and start the workbench on http://localhost:8501, for this machine only.
#   bash scripts/run.sh --share     shares it with a workshop room: listens on the network, asks every browser
#                                   for an access code (WORKBENCH_ACCESS_CODE, or one generated and printed)
# Any other argument goes to `streamlit run` (e.g. --server.port 8600).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/python.sh
"$PY" -m pip install -q -r requirements.txt
share=""
args=()
for arg in "$@"; do
  if [ "$arg" = "--share" ]; then share="--share"; else args+=("$arg"); fi
done
exec "$PY" -m workbench serve $share -- ${args[@]+"${args[@]}"}
