#!/usr/bin/env bash
# Put back a backup made by scripts/backup.sh: the database and the uploaded files are
# replaced by the archive's (what was stored since the backup is lost):
#   scripts/restore.sh /backups/mentoring-2026-12-03.tar.gz --yes
# Stop the web, worker and beat processes first, and run it with the app's environment (the
# same DATABASE_URL and MEDIA_ROOT). The database must be of the archive's engine; on
# PostgreSQL it must exist (it may be empty). Run migrations afterwards if the code is newer.
source "$(dirname "$0")/_backup_env.sh"
if [ $# -lt 1 ] || [ ! -f "$1" ]; then
  echo "usage: scripts/restore.sh ARCHIVE.tar.gz --yes (no such archive: ${1:-none given})" >&2
  exit 2
fi
ARCHIVE="$1"
if [ "${2:-}" != "--yes" ]; then
  echo "This replaces the $DB_ENGINE database $DB_NAME and the files in $MEDIA_DIR" \
    "with the archive's. Run again with --yes to go ahead (nothing was changed)." >&2
  exit 2
fi
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
tar -xzf "$ARCHIVE" -C "$WORK"
manifest() { sed -n "s/^$1=//p" "$WORK/manifest.txt"; }
if [ "$(manifest format)" != "$FORMAT_VERSION" ]; then
  echo "$ARCHIVE is not a backup of this format ($FORMAT_VERSION): nothing was changed" >&2; exit 1
fi
if [ "$(manifest engine)" != "$DB_ENGINE" ]; then
  echo "$ARCHIVE holds a $(manifest engine) database but this site runs on $DB_ENGINE:" \
    "nothing was changed" >&2
  exit 1
fi

case "$DB_ENGINE" in
  sqlite3)
    "$PY" - "$WORK/database.sqlite3" "$DB_NAME" <<'PYEOF'
import sqlite3
import sys

source = sqlite3.connect(sys.argv[1])
target = sqlite3.connect(sys.argv[2])
with target:
    source.backup(target)  # replaces every page of the live database in one go
target.close()
source.close()
PYEOF
    ;;
  postgresql)
    # One transaction: either the whole backup is in place or nothing changed.
    pg_env $PG_RESTORE --clean --if-exists --no-owner --no-privileges --single-transaction \
      --dbname="$DB_NAME" <"$WORK/database.dump"
    ;;
esac

if [ "$STORAGE" = "FileSystemStorage" ]; then
  mkdir -p "$MEDIA_DIR"
  # the folder may be a mounted volume: empty it rather than replace it
  find "$MEDIA_DIR" -mindepth 1 -delete
  cp -a "$WORK/media/." "$MEDIA_DIR/"
  MEDIA_NOTE="and the files"
else
  MEDIA_NOTE="(files stay in the bucket: $STORAGE)"
fi
echo "Restored the $DB_ENGINE database $MEDIA_NOTE from $ARCHIVE"
