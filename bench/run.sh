#!/usr/bin/env bash
# One command: Dastan beside the reference peers (Wagtail, plain Django, nginx static, bare WSGI).
#   bench/run.sh [--peers DIR] [--runs 3] [--database-url postgres://...] [--scale 5000,100000]
# Uses the project's .venv (created by ./run test or ./run lint); the peers install their own under /tmp.
set -euo pipefail
cd "$(dirname "$0")/.."
exec "${DASTAN_VENV:-.venv}/bin/python" -u bench/perf.py "$@"
