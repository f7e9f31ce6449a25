#!/usr/bin/env bash
# One command: set up and run the demo on this machine (SQLite, Celery worker + beat on
# the filesystem broker: no PostgreSQL or Redis needed). Ctrl-C stops everything within
# seconds; every email is printed in this terminal.
source "$(dirname "$0")/_venv.sh"
source "$ROOT/scripts/_run_env.sh"

"$PY" manage.py migrate --noinput -v0  # also sets the Sites row from SITE_URL and SITE_NAME
"$PY" manage.py collectstatic --noinput -v0
"$PY" manage.py createcachetable
"$PY" manage.py setup_roles
"$PY" manage.py setup_schedules
"$PY" manage.py seed_demo  # the demo app: a fictional body with schemes of every kind

# The worker logs to its file; what it prints (every email, console backend) comes to this
# terminal, like the web server's (CELERY_WORKER_REDIRECT_STDOUTS is off in settings).
"$VENV/bin/celery" -A mentoring_site worker --beat --loglevel=INFO --concurrency=2 \
  --without-gossip --without-mingle \
  --scheduler django_celery_beat.schedulers:DatabaseScheduler \
  --schedule "$VAR_DIR/celerybeat-schedule" --logfile "$VAR_DIR/celery.log" \
  --pidfile "$VAR_DIR/celery.pid" &
CELERY_PID=$!
# Ctrl-C (SIGINT to the whole process group) or SIGTERM to this script: ask the web server
# and the worker to stop (the worker finishes the email in hand), wait up to STOP_SECONDS,
# then kill what is left, the worker's pool and beat processes included: no orphan.
STOP_SECONDS=15
PIDS=("$CELERY_PID")
alive() { local pid; for pid in "${PIDS[@]}"; do kill -0 "$pid" 2>/dev/null && return 0; done; return 1; }
STOPPING=""
stop() {
  trap - INT TERM EXIT
  STOPPING=1
  echo "Stopping the web server and the worker…"
  kill -TERM "${PIDS[@]}" 2>/dev/null || true
  local deadline=$((SECONDS + STOP_SECONDS))  # by the clock: a loaded machine is slow to loop
  while alive && [ "$SECONDS" -lt "$deadline" ]; do
    sleep 0.2
  done
  for pid in "${PIDS[@]}"; do
    if kill -0 "$pid" 2>/dev/null; then
      echo "Process $pid did not stop in $STOP_SECONDS s: killing it and its children"
      pkill -KILL -P "$pid" 2>/dev/null || true
      kill -KILL "$pid" 2>/dev/null || true
    fi
  done
  wait 2>/dev/null || true
  echo "Stopped."
}
trap stop INT TERM EXIT

echo
echo "  The app:            $SITE_URL/"
echo "  Administration:     $SITE_URL/admin/"
echo "  Celery worker+beat: log in $VAR_DIR/celery.log"
echo "  Emails:             printed here, in this terminal (web server and worker)"
echo "  Stop:               Ctrl-C"
echo
"$PY" manage.py runserver --noreload "$HOST:$PORT" &
WEB_PID=$!
PIDS+=("$WEB_PID")
# Run while both run: a worker that stops on its own (an unrecoverable error, killed) stops
# the web server too, rather than leaving a site whose emails and matching runs wait for
# nobody. (A short sleep in the background, so Ctrl-C's trap runs at once.)
while kill -0 "$WEB_PID" 2>/dev/null && kill -0 "$CELERY_PID" 2>/dev/null; do
  sleep 1 & wait $!
done
# Ctrl-C reaches every process at once: then the web server ends too, within moments.
sleep 0.5 & wait $! || true
if [ -z "$STOPPING" ] && kill -0 "$WEB_PID" 2>/dev/null && ! kill -0 "$CELERY_PID" 2>/dev/null; then
  echo "The Celery worker stopped (see $VAR_DIR/celery.log): stopping the web server too." \
    "Nothing queued is lost: start again with scripts/run.sh and it is sent then."
fi
