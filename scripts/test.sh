#!/usr/bin/env bash
# Install everything the tests need (Python packages, Debian's Chromium and CJK fonts) and run every test:
# unit tests, page tests (streamlit.testing) and browser tests (Playwright + Chromium).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/python.sh
if ! command -v chromium >/dev/null 2>&1 || ! fc-list 2>/dev/null | grep -qi "noto sans cjk"; then
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq chromium fonts-noto-cjk >/dev/null
fi
"$PY" -m pip install -q -r requirements-dev.txt
# two workers (the machine's cores; TEST_WORKERS=0 runs in one process): the browser tests on one, in order
exec "$PY" -m pytest -n "${TEST_WORKERS:-2}" --dist loadgroup "$@"
