#!/usr/bin/env bash
# One command: set up and run the demo on this machine (SQLite, Celery worker + beat on
# the filesystem broker: no PostgreSQL or Redis needed). Ctrl-C stops everything.
source "$(dirname "$0")/_venv.sh"
export DEBUG="${DEBUG:-on}"
export STAFF_MFA_REQUIRED="${STAFF_MFA_REQUIRED:-on}"
HOST="${HOST:-127.0.0.1}"
PORT="${PORT:-8000}"
export SITE_URL="${SITE_URL:-http://$HOST:$PORT}"
export VAR_DIR="${VAR_DIR:-$ROOT/var}"
mkdir -p "$VAR_DIR"

"$PY" manage.py migrate --noinput -v0
"$PY" manage.py createcachetable
"$PY" manage.py setup_roles
"$PY" manage.py setup_schedules
"$PY" manage.py seed_demo  # the demo app: a fictional body with schemes of every kind

"$VENV/bin/celery" -A mentoring_site worker --beat --loglevel=INFO --concurrency=2 \
  --scheduler django_celery_beat.schedulers:DatabaseScheduler \
  --schedule "$VAR_DIR/celerybeat-schedule" --logfile "$VAR_DIR/celery.log" \
  --pidfile "$VAR_DIR/celery.pid" &
CELERY_PID=$!
stop() {
  trap - INT TERM EXIT
  echo "Stopping…"
  kill -TERM "$CELERY_PID" 2>/dev/null || true
  [ -n "${WEB_PID:-}" ] && kill -TERM "$WEB_PID" 2>/dev/null || true
  wait 2>/dev/null || true
}
trap stop INT TERM EXIT

echo
echo "  The app:            $SITE_URL/"
echo "  Administration:     $SITE_URL/admin/"
echo "  Celery worker+beat: $VAR_DIR/celery.log    Emails: printed below (console backend)"
echo
"$PY" manage.py runserver --noreload "$HOST:$PORT" &
WEB_PID=$!
wait "$WEB_PID"
