# Sourced by backup.sh and restore.sh: the Python that runs the site, and the database and
# file storage of the site's own settings (the same environment variables as the app:
# DATABASE_URL, MEDIA_ROOT or VAR_DIR, STORAGE_BACKEND), as shell variables.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [ -z "${PY:-}" ]; then
  if [ -x "$ROOT/.venv/bin/python" ]; then PY="$ROOT/.venv/bin/python"; else PY=python3; fi
fi
# The settings refuse to load without a SECRET_KEY when DEBUG is off; these scripts sign nothing.
eval "$(cd "$ROOT" && SECRET_KEY="${SECRET_KEY:-backup-only}" "$PY" - <<'PYEOF'
import importlib
import os
import shlex

# The settings module alone (no app is loaded): quick, and all these scripts need.
settings = importlib.import_module(
    os.environ.get("DJANGO_SETTINGS_MODULE") or "mentoring_site.settings"
)

db = settings.DATABASES["default"]
values = {
    "DB_ENGINE": db["ENGINE"].rsplit(".", 1)[-1],
    "DB_NAME": str(db["NAME"]),
    "DB_HOST": db.get("HOST") or "",
    "DB_PORT": str(db.get("PORT") or ""),
    "DB_USER": db.get("USER") or "",
    "DB_PASSWORD": db.get("PASSWORD") or "",
    "MEDIA_DIR": str(settings.MEDIA_ROOT),
    "STORAGE": settings.STORAGES["default"]["BACKEND"].rsplit(".", 1)[-1],
}
for name, value in values.items():
    print(f"{name}={shlex.quote(value)}")
PYEOF
)"
# PostgreSQL's client tools: on PATH, or commands of your own (for example
# PG_DUMP="docker compose exec -T postgres pg_dump"). Both stream through stdout/stdin.
PG_DUMP="${PG_DUMP:-pg_dump}"
PG_RESTORE="${PG_RESTORE:-pg_restore}"
pg_env() {
  # libpq's variables; a wrapper command such as `docker compose exec` takes its own.
  PGHOST="$DB_HOST" PGPORT="$DB_PORT" PGUSER="$DB_USER" PGPASSWORD="$DB_PASSWORD" "$@"
}
FORMAT_VERSION=1
