#!/usr/bin/env bash
# Installs the app and its test tools into .venv and runs the whole test suite.
# Browser tests need Debian's chromium; PostgreSQL tests need Debian's postgresql. Both are skipped when
# missing, unless REQUIRE_BROWSER=1 / REQUIRE_POSTGRES=1 (as in CI) turns a skip into a failure.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 hoặc mới hơn là bắt buộc / Python 3.11+ required")'
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
# The single sign-on test runs a real OpenID Connect provider from npm (tests/oidc); without Node it is skipped.
if command -v npm >/dev/null && [ ! -d tests/oidc/node_modules/oidc-provider ]; then
  npm ci --prefix tests/oidc --no-audit --no-fund --loglevel=error
fi
exec .venv/bin/python -m pytest "$@"
