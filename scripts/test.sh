#!/usr/bin/env bash
# One command: install and run the whole test suite (and lint). Uses DATABASE_URL when set
# (PostgreSQL in CI), else SQLite. Extra arguments go to pytest.
source "$(dirname "$0")/_venv.sh"
"$VENV/bin/ruff" check .
"$VENV/bin/ruff" format --check .
env -u DATABASE_URL DEBUG=off SECRET_KEY=test-only-key "$PY" manage.py makemigrations --check --dry-run \
  --settings=mentoring_site.settings_test -v0
# production settings pass Django's deployment checklist
env -u DATABASE_URL DEBUG=off ALLOWED_HOSTS=mentoring.example.org \
  SECRET_KEY="$("$PY" -c 'import secrets; print(secrets.token_urlsafe(50))')" \
  "$PY" manage.py check --deploy --fail-level WARNING
"$VENV/bin/pytest" "$@"
