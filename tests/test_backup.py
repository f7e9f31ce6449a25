"""scripts/backup.sh and scripts/restore.sh, run as an IT team runs them: back up the
database and the uploaded files into one archive, change both, restore, and everything is as
it was at the backup. On SQLite (the embedded default) and on PostgreSQL (a database of its
own on the local server)."""

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PG_SERVER = "postgres://postgres@127.0.0.1:5432"


def _run(script: str, *args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["bash", str(ROOT / "scripts" / script), *args],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )


def _environment(tmp_path: Path, database_url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))}
    return {
        **env,
        "DJANGO_SETTINGS_MODULE": "mentoring_site.settings",
        "PY": sys.executable,
        "DEBUG": "off",
        "SECRET_KEY": "backup-test",
        "VAR_DIR": str(tmp_path / "var"),
        "MEDIA_ROOT": str(tmp_path / "media"),
        "STORAGE_BACKEND": "local",
        "DATABASE_URL": database_url,
    }


def _files(media: Path) -> dict[str, bytes]:
    return {str(p.relative_to(media)): p.read_bytes() for p in media.rglob("*") if p.is_file()}


def _write_files(media: Path) -> None:
    (media / "cpd/evidence/2026/12").mkdir(parents=True)
    (media / "cpd/evidence/2026/12/cert.pdf").write_bytes(b"%PDF-1.4 certificate")
    (media / "cpd/evidence/2026/12/notes.txt").write_bytes("notes café".encode())


def _change_files(media: Path) -> None:
    (media / "cpd/evidence/2026/12/cert.pdf").write_bytes(b"%PDF-1.4 replaced")
    (media / "cpd/evidence/2026/12/notes.txt").unlink()
    (media / "cpd/evidence/2026/12/later.pdf").write_bytes(b"%PDF-1.4 added after")


def _backup_change_restore(tmp_path, env, read, change) -> str:
    """Back up, change the database (``change``) and the files, restore; returns the
    archive's path after checking everything is back as it was."""
    media = Path(env["MEDIA_ROOT"])
    _write_files(media)
    rows, files = read(), _files(media)
    archive = tmp_path / "backup.tar.gz"
    backed_up = _run("backup.sh", str(archive), env=env)
    assert backed_up.returncode == 0, backed_up.stderr
    assert oct(archive.stat().st_mode & 0o777) == "0o600"  # every member's records
    change()
    _change_files(media)
    assert (read(), _files(media)) != (rows, files)
    unconfirmed = _run("restore.sh", str(archive), env=env)
    assert unconfirmed.returncode == 2
    assert "Run again with --yes" in unconfirmed.stderr
    assert read() != rows  # nothing was changed without --yes
    restored = _run("restore.sh", str(archive), "--yes", env=env)
    assert restored.returncode == 0, restored.stderr
    assert (read(), _files(media)) == (rows, files)
    return str(archive)


def _sqlite_rows(path: Path) -> list[tuple]:
    with sqlite3.connect(path) as connection:
        return connection.execute("SELECT id, name, hours FROM activity ORDER BY id").fetchall()


def test_sqlite_backup_and_restore_bring_back_the_data_and_files(tmp_path):
    database = tmp_path / "db.sqlite3"
    with sqlite3.connect(database) as connection:
        connection.execute("PRAGMA journal_mode=WAL")  # as the site runs it
        connection.execute("CREATE TABLE activity (id INTEGER PRIMARY KEY, name TEXT, hours REAL)")
        connection.executemany(
            "INSERT INTO activity (name, hours) VALUES (?, ?)", [("Course", 3.5), ("Café", 1)]
        )
    env = _environment(tmp_path, f"sqlite:///{database}")

    def change():
        with sqlite3.connect(database) as connection:
            connection.execute("UPDATE activity SET hours = 9 WHERE id = 1")
            connection.execute("DELETE FROM activity WHERE id = 2")
            connection.execute("INSERT INTO activity (name, hours) VALUES ('Later', 2)")

    _backup_change_restore(tmp_path, env, lambda: _sqlite_rows(database), change)


def test_backup_refuses_to_overwrite_and_restore_refuses_a_missing_archive(tmp_path):
    env = _environment(tmp_path, f"sqlite:///{tmp_path / 'db.sqlite3'}")
    existing = tmp_path / "old.tar.gz"
    existing.write_bytes(b"an earlier backup")
    refused = _run("backup.sh", str(existing), env=env)
    assert (refused.returncode, existing.read_bytes()) == (1, b"an earlier backup")
    assert "already exists" in refused.stderr
    missing = _run("restore.sh", str(tmp_path / "none.tar.gz"), "--yes", env=env)
    assert missing.returncode == 2
    assert "no such archive" in missing.stderr
    usage = _run("backup.sh", env=env)
    assert (usage.returncode, usage.stderr) == (2, "usage: scripts/backup.sh ARCHIVE.tar.gz\n")


@pytest.fixture
def pg_database():
    psycopg = pytest.importorskip("psycopg")
    try:
        admin = psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True, connect_timeout=3)
    except psycopg.OperationalError:
        pytest.skip("no PostgreSQL server on 127.0.0.1:5432")
    name = f"backup_test_{os.getpid()}"
    admin.execute(f"DROP DATABASE IF EXISTS {name}")
    admin.execute(f"CREATE DATABASE {name}")
    try:
        yield f"{PG_SERVER}/{name}"
    finally:
        admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        admin.close()


def test_postgresql_backup_and_restore_bring_back_the_data_and_files(tmp_path, pg_database):
    import psycopg

    def sql(*statements: str) -> list[tuple]:
        with psycopg.connect(pg_database, autocommit=True) as connection:
            rows: list[tuple] = []
            for statement in statements:
                cursor = connection.execute(statement)
                rows = cursor.fetchall() if cursor.description else rows
            return rows

    sql(
        "CREATE TABLE activity (id serial PRIMARY KEY, name text, hours numeric)",
        "INSERT INTO activity (name, hours) VALUES ('Course', 3.5), ('Café', 1)",
    )
    env = _environment(tmp_path, pg_database)
    archive = _backup_change_restore(
        tmp_path,
        env,
        lambda: sql("SELECT id, name, hours FROM activity ORDER BY id"),
        lambda: sql(
            "UPDATE activity SET hours = 9 WHERE id = 1",
            "DELETE FROM activity WHERE id = 2",
            "INSERT INTO activity (name, hours) VALUES ('Later', 2)",
        ),
    )
    # an archive of one engine is refused by a site on the other, before anything changes
    sqlite_env = _environment(tmp_path / "other", f"sqlite:///{tmp_path / 'other.sqlite3'}")
    refused = _run("restore.sh", archive, "--yes", env=sqlite_env)
    assert refused.returncode == 1
    assert "holds a postgresql database but this site runs on sqlite3" in refused.stderr
