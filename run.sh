#!/usr/bin/env bash
# The two commands of the README quick start, for a fresh Debian machine with Python 3.11:
#   bash run.sh serve   install everything, build the sample corpus (first run only), start the service
#   bash run.sh test    install everything the tests need (Python and Debian packages), run all tests
# Extra arguments after `test` go to pytest. HOST and PORT set where `serve` listens.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
PY=${PYTHON:-python3}
VENV=${COUNCILKG_VENV:-.venv}

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"
  elif command -v sudo >/dev/null 2>&1; then sudo "$@"
  else echo "run.sh: error: root is needed to run: $* (run as root or install sudo)" >&2; return 1
  fi
}

setup_python() {  # $1: pip extras ("" or "test")
  if [ ! -x "$VENV/bin/python" ]; then
    echo "run.sh: creating the virtual environment $VENV" >&2
    if ! "$PY" -m venv "$VENV" 2>/dev/null; then
      rm -rf "$VENV"
      echo "run.sh: installing Debian's python3-venv" >&2
      as_root apt-get update -qq
      as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv
      "$PY" -m venv "$VENV"
    fi
  fi
  echo "run.sh: installing councilkg and its Python dependencies" >&2
  "$VENV/bin/python" -m pip install -q --disable-pip-version-check --upgrade pip
  "$VENV/bin/python" -m pip install -q --disable-pip-version-check -e ".${1:+[$1]}"
}

case "${1:-}" in
  serve)
    setup_python ""
    # URIs are minted under the base the service answers at; on another port, mint (and rebuild) for it
    export COUNCILKG_BASE_URI="${COUNCILKG_BASE_URI:-http://localhost:${PORT:-8000}/}"
    "$VENV/bin/councilkg" build --if-empty
    echo "run.sh: serving on http://${HOST:-127.0.0.1}:${PORT:-8000}/ (Ctrl-C stops)" >&2
    exec "$VENV/bin/councilkg" serve --host "${HOST:-127.0.0.1}" --port "${PORT:-8000}"
    ;;
  test)
    shift
    setup_python test
    as_root bash .ci/system-packages.sh
    # the whole suite: the Virtuoso and browser tests too (they fail, not skip, when their parts are missing)
    export COUNCILKG_TEST_VIRTUOSO="${COUNCILKG_TEST_VIRTUOSO:-1}" COUNCILKG_TEST_BROWSER="${COUNCILKG_TEST_BROWSER:-1}"
    exec "$VENV/bin/python" -m pytest "$@"
    ;;
  *)
    echo "usage: bash run.sh serve | bash run.sh test [pytest arguments]" >&2
    exit 2
    ;;
esac
