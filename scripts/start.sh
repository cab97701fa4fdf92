#!/usr/bin/env bash
# Installs the app into .venv and starts it on the embedded SQLite store (sample data on first run).
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 hoặc mới hơn là bắt buộc / Python 3.11+ required")'
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
# Listens on this machine only unless CDS_ADDRESS says otherwise (README: opening it to the network).
exec .venv/bin/python -m ui.serve --browser.gatherUsageStats false \
    --server.address "${CDS_ADDRESS:-127.0.0.1}" "$@"
