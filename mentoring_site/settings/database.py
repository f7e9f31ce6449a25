"""The database (PostgreSQL from DATABASE_URL, or SQLite in write-ahead-log mode) and the
cache (a database table)."""

from .core import VAR_DIR, env

# --- database -------------------------------------------------------------------------
SQLITE_BUSY_TIMEOUT = 20  # seconds a request, the worker or beat waits for SQLite's write lock
VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
else:
    # SQLite, the embedded default (docs/load-and-faults.md, "The embedded default"). In
    # write-ahead-log mode readers never wait for the writer, nor the writer for readers.
    # Every transaction takes the write lock when it begins (IMMEDIATE), so it queues for up
    # to SQLITE_BUSY_TIMEOUT seconds (SQLite retries the lock meanwhile) instead of failing
    # on its first write because another connection wrote after it read. synchronous=NORMAL
    # keeps every commit through a crash of the app (a power cut may lose the last ones).
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": SQLITE_BUSY_TIMEOUT,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
        }
    )

# --- cache ----------------------------------------------------------------------------
# The cache (allauth's sign-in rate limits, drawn charts) is a table in the database: shared
# by every web process and worker, and up whenever the site is. On Redis, a Redis outage
# would stop members signing in (allauth's rate limit fails closed when its cache is down).
# `manage.py createcachetable` makes the table (run.sh, docker-compose's migrate service).
REDIS_URL = env.str("REDIS_URL", default="")
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "django_cache",
    }
}
