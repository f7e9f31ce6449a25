"""Test settings: the real database named by DATABASE_URL (PostgreSQL in CI, SQLite in a
temporary file by default), locmem email, a fast password hasher, Celery tasks run in-process."""

import os
import tempfile

os.environ.setdefault("SECRET_KEY", "test-only-key")
os.environ.setdefault("DEBUG", "off")
os.environ.setdefault("SECURE_SSL_REDIRECT", "off")

from .settings import *  # noqa: E402,F403
from .settings import CACHES as _CACHES  # noqa: E402,F401

EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# locmem for speed; the production cache table is declared too, so creating the test
# database creates it (tests/accounts/test_cache_outage.py signs in on it).
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "database": _CACHES["default"],
}
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_BROKER_URL = "memory://"
CELERY_BROKER_TRANSPORT_OPTIONS = {}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http"
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
SITE_URL = "http://testserver"

# Close the connection at the end of each request: the browser tests' live server answers
# in threads, and a kept connection would stop the test database being dropped.
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405

# SQLite: the test database is a file (one per test run, removed at the end), not memory, so
# it runs in the production mode (write-ahead log, immediate transactions, busy timeout) and a
# second connection (a thread, a subprocess) meets the same locks as the worker does.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": os.path.join(tempfile.gettempdir(), f"mentoring-test-{os.getpid()}.sqlite3")
    }
