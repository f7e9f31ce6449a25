#!/usr/bin/env bash
# The load-and-faults benchmark (issue 8): 200 portal members on gunicorn + PostgreSQL +
# Redis + Celery, with Redis, a Celery worker and PostgreSQL failing under the load.
# Starts its OWN PostgreSQL and Redis on free ports (never the machine's 5432/6379), so it
# can stop and restart them. Options go to tests/load/bench.py (--help); figures are
# printed, kept under var/bench-load/<time>/, and with --write-docs put into
# docs/load-and-faults.md. Needs root (initdb runs as the postgres OS user via runuser).
#   scripts/bench_load.sh                       # the full run: 200 members, faults
#   scripts/bench_load.sh --users 50 --steady 30 --no-faults   # a quick look
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
if [ -n "${VENV:-}" ] && [ -x "$VENV/bin/python" ]; then
  PY="$VENV/bin/python"   # an existing environment, used as it is
else
  source "$ROOT/scripts/_venv.sh"
fi
export PATH="$(dirname "$PY"):$PATH"

WORKDIR="$(mktemp -d /tmp/bench-load.XXXXXX)"
chmod 755 "$WORKDIR"   # the postgres user owns the database folder inside it
DRIVER_PID=""
cleanup() {
  trap - EXIT INT TERM
  if [ -n "$DRIVER_PID" ] && kill -0 "$DRIVER_PID" 2>/dev/null; then
    kill -TERM "$DRIVER_PID" 2>/dev/null || true
    wait "$DRIVER_PID" 2>/dev/null || true
  fi
  # Whatever the driver could not stop: each recorded process group, then PostgreSQL.
  if [ -f "$WORKDIR/pids" ]; then
    while read -r pid; do
      kill -KILL -- "-$pid" 2>/dev/null || true
    done < "$WORKDIR/pids"
  fi
  if [ -f "$WORKDIR/pg/data/postmaster.pid" ]; then
    runuser -u postgres -- "${PG_BIN:-/usr/lib/postgresql/15/bin}/pg_ctl" \
      -D "$WORKDIR/pg/data" -m immediate stop >/dev/null 2>&1 || true
  fi
  rm -rf "$WORKDIR"
}
trap cleanup EXIT INT TERM

BENCH_COMMAND="scripts/bench_load.sh $*" "$PY" -m tests.load.bench --workdir "$WORKDIR" "$@" &
DRIVER_PID=$!
wait "$DRIVER_PID"
