#!/usr/bin/env bash
# One command: install and run the whole test suite (and lint). Uses DATABASE_URL when set
# (PostgreSQL in CI), else SQLite. Extra arguments go to pytest.
source "$(dirname "$0")/_venv.sh"
"$VENV/bin/ruff" check .
"$VENV/bin/ruff" format --check .
# types of every package but the tests (files listed in pyproject.toml)
DEBUG=off SECRET_KEY=test-only-key "$VENV/bin/mypy"
env -u DATABASE_URL DEBUG=off SECRET_KEY=test-only-key "$PY" manage.py makemigrations --check --dry-run \
  --settings=mentoring_site.settings_test -v0
# production settings pass Django's deployment checklist
env -u DATABASE_URL DEBUG=off ALLOWED_HOSTS=mentoring.example.org \
  SECRET_KEY="$("$PY" -c 'import secrets; print(secrets.token_urlsafe(50))')" \
  "$PY" manage.py check --deploy --fail-level WARNING
# Browser tests: axe-core from npm (package.json) and Debian's Chromium
if command -v npm >/dev/null 2>&1; then
  NPM_WANT="$(sha256sum package-lock.json | cut -d' ' -f1)"
  if [ "$(cat node_modules/.lock.sha 2>/dev/null || true)" != "$NPM_WANT" ]; then
    npm ci --no-audit --no-fund --loglevel=error && echo "$NPM_WANT" > node_modules/.lock.sha
  fi
else
  echo "npm not found: browser accessibility tests need it (axe-core)" >&2
fi
if [ ! -x /usr/bin/chromium ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "installing Debian's chromium for the browser tests"
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) >/dev/null 2>&1 ||
    echo "could not install chromium: browser tests will be skipped" >&2
fi
# Two processes or more (pytest-xdist; each has its own test database). Tests that share a
# module-wide seed or the Redis database carry an xdist_group mark and stay on one process.
"$VENV/bin/pytest" -n auto --maxprocesses "${TEST_PROCESSES:-4}" --dist loadgroup "$@"
