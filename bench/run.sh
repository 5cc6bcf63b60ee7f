#!/usr/bin/env bash
# One command: Dastan beside the reference peers (Wagtail, plain Django, nginx static, bare WSGI).
#   bench/run.sh [--peers DIR] [--runs 3] [--database-url postgres://...] [--scale 5000,100000]
# Uses the project's .venv (created by ./run test or ./run lint) plus the bench extra (psutil, which
# measures the workers' memory); the peers install their own under /tmp.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=${DASTAN_VENV:-.venv}
if ! "$VENV/bin/python" -c "import psutil" 2>/dev/null; then
  echo "Installing the bench extra (psutil) into $VENV ..."
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -e ".[bench]"
fi
exec "$VENV/bin/python" -u bench/perf.py "$@"
