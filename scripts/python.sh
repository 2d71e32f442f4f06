# Sourced by run.sh and test.sh: sets PY, the Python to install the requirements into and to run.
# A Python whose packages the operating system manages (PEP 668: Debian 12+, Ubuntu 23.04+) refuses pip
# installs, so it gets a virtual environment in .venv; any other Python (pyenv, conda, an active virtual
# environment) is used as it is.
PY=python3
if [ -z "${VIRTUAL_ENV:-}" ] && python3 -c 'import os, sys, sysconfig
sys.exit(0 if os.path.exists(os.path.join(sysconfig.get_path("stdlib"), "EXTERNALLY-MANAGED")) else 1)'; then
  if [ ! -x .venv/bin/python ]; then
    if ! python3 -m venv .venv >/dev/null 2>&1; then  # Debian ships venv separately
      SUDO=""
      [ "$(id -u)" -ne 0 ] && SUDO="sudo"
      $SUDO apt-get update -qq
      $SUDO apt-get install -y -qq python3-venv >/dev/null
      rm -rf .venv
      python3 -m venv .venv
    fi
  fi
  PY=.venv/bin/python
fi
