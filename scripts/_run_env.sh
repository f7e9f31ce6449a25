# Sourced by run.sh (after _venv.sh, which sets ROOT and PY): the run command's environment.
# It runs as a deployment does (DEBUG off: the site's own error pages, static files from
# WhiteNoise), served over plain http:// on this machine only (PLAIN_HTTP_ON_LOOPBACK).
# tests/test_run_command.py sources it to check what the run command serves.
export DEBUG="${DEBUG:-off}"
export STAFF_MFA_REQUIRED="${STAFF_MFA_REQUIRED:-on}"
HOST="${HOST:-127.0.0.1}"
PORT="${PORT:-8000}"
if [[ "$HOST" == *:* ]]; then HOST_NAME="[$HOST]"; else HOST_NAME="$HOST"; fi
export SITE_URL="${SITE_URL:-http://$HOST_NAME:$PORT}"
export ALLOWED_HOSTS="${ALLOWED_HOSTS:-localhost,127.0.0.1,[::1],$HOST_NAME}"
export PLAIN_HTTP_ON_LOOPBACK="${PLAIN_HTTP_ON_LOOPBACK:-on}"
# The demo body's name (demo.people.BODY_NAME) in emails, their sender and the pages, unless
# the environment names the body; a deployment's default stays "Mentoring schemes".
export SITE_NAME="${SITE_NAME:-Royal College of Rehabilitation and Occupational Practice}"
export VAR_DIR="${VAR_DIR:-$ROOT/var}"
mkdir -p "$VAR_DIR"
# A random SECRET_KEY made at the first run and kept (owner-only) in VAR_DIR, so sessions
# and emailed links survive a restart.
if [ -z "${SECRET_KEY:-}" ]; then
  KEY_FILE="$VAR_DIR/secret_key"
  if [ ! -s "$KEY_FILE" ]; then
    (umask 077 && "$PY" -c 'import secrets; print(secrets.token_urlsafe(50))' >"$KEY_FILE")
  fi
  chmod 600 "$KEY_FILE"
  SECRET_KEY="$(cat "$KEY_FILE")"
  export SECRET_KEY
fi
