#!/usr/bin/env bash
# Back up the database and the uploaded files into one archive:
#   scripts/backup.sh /backups/mentoring-2026-12-03.tar.gz
# Run it with the app's environment (DATABASE_URL, MEDIA_ROOT or VAR_DIR, STORAGE_BACKEND).
# The site may keep running: SQLite is copied with its online backup API, PostgreSQL with
# pg_dump (one consistent snapshot). With STORAGE_BACKEND=s3 the files live in the bucket and
# are not in the archive: back the bucket up with the object store's own versioning or
# replication (docs/deployment.md). scripts/restore.sh puts an archive back.
source "$(dirname "$0")/_backup_env.sh"
if [ $# -ne 1 ] || [ -z "$1" ]; then
  echo "usage: scripts/backup.sh ARCHIVE.tar.gz" >&2; exit 2
fi
ARCHIVE="$1"
if [ -e "$ARCHIVE" ]; then
  echo "$ARCHIVE already exists: choose a new name (nothing was written)" >&2; exit 1
fi
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
umask 077  # the archive holds every member's records

case "$DB_ENGINE" in
  sqlite3)
    "$PY" - "$DB_NAME" "$WORK/database.sqlite3" <<'PYEOF'
import sqlite3
import sys

source = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True)
target = sqlite3.connect(sys.argv[2])
with target:
    source.backup(target)  # a consistent copy, even while the site writes
target.close()
source.close()
PYEOF
    ;;
  postgresql)
    pg_env $PG_DUMP --format=custom --no-owner --no-privileges "$DB_NAME" >"$WORK/database.dump"
    ;;
  *) echo "unsupported database engine: $DB_ENGINE" >&2; exit 1 ;;
esac

mkdir -p "$WORK/media"
if [ "$STORAGE" = "FileSystemStorage" ]; then
  if [ -d "$MEDIA_DIR" ]; then cp -a "$MEDIA_DIR/." "$WORK/media/"; fi
  MEDIA_NOTE="included"
else
  MEDIA_NOTE="not included: $STORAGE (back the bucket up with the object store)"
  echo "Files: $MEDIA_NOTE" >&2
fi
cat >"$WORK/manifest.txt" <<MANIFEST
format=$FORMAT_VERSION
engine=$DB_ENGINE
media=$MEDIA_NOTE
created=$(date -u +%Y-%m-%dT%H:%M:%SZ)
MANIFEST
tar -czf "$ARCHIVE.partial" -C "$WORK" manifest.txt media \
  "$( [ "$DB_ENGINE" = sqlite3 ] && echo database.sqlite3 || echo database.dump )"
mv "$ARCHIVE.partial" "$ARCHIVE"
echo "Backed up the $DB_ENGINE database and the files ($MEDIA_NOTE) to $ARCHIVE"
