"""Settings for every environment, read from the environment (django-environ).

Sections: core, apps, database, cache, auth (allauth), email, Celery, static files,
security (applied whenever DEBUG is off), logging. ``mentoring_site.settings_test``
overrides a few values for the test suite.

Defaults are for a single developer machine: SQLite, the filesystem Celery broker,
email to the console. Production sets DATABASE_URL, CELERY_BROKER_URL/REDIS_URL,
EMAIL_URL, SECRET_KEY, ALLOWED_HOSTS and DEBUG=off.
"""

from ipaddress import ip_address
from pathlib import Path
from urllib.parse import urlsplit

import environ
from celery.schedules import crontab
from django.utils.translation import gettext_lazy as _
from kombu import Queue

from core.observability import init_error_reporting, logging_config
from core.storage import default_storage_config

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(environ.Env().str("VAR_DIR", default=str(BASE_DIR / "var")))

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)


def env_bool(name: str, default: bool) -> bool:
    """Strict boolean parsing: anything but a known spelling is an error, not False."""
    raw = env.str(name, default="")
    if raw == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ValueError(f"{name}={raw!r} is not a boolean (use on/off, true/false, 1/0)")


# --- core -----------------------------------------------------------------------------
DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env.str("SECRET_KEY", default="" if not DEBUG else "dev-only-insecure-key")
if not SECRET_KEY:
    raise ValueError("SECRET_KEY must be set when DEBUG is off")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# The public address of the site: every absolute link the app builds (emails, the admin's
# "view on site"), and the Sites framework's row (set from it at each `migrate`).
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
SITE_NAME = env.str("SITE_NAME", default="Mentoring schemes")
SITE_ID = 1


def loopback(host: str) -> bool:
    """Whether ``host`` (a name, an address, ``[::1]``) names this machine only."""
    host = host.strip("[]")
    if host == "localhost":
        return True
    try:
        return ip_address(host).is_loopback
    except ValueError:
        return False


# The embedded default (scripts/run.sh) serves plain http:// on this machine only: no HTTPS
# redirect, HSTS or secure-only cookies, which a browser could not use there. Refused unless
# SITE_URL and every allowed host are loopback, so a deployment cannot be weakened by it.
PLAIN_HTTP_ON_LOOPBACK = env_bool("PLAIN_HTTP_ON_LOOPBACK", False)
if PLAIN_HTTP_ON_LOOPBACK:
    _site = urlsplit(SITE_URL)
    if _site.scheme != "http" or not all(
        loopback(h) for h in [_site.hostname or "", *ALLOWED_HOSTS]
    ):
        raise ValueError(
            "PLAIN_HTTP_ON_LOOPBACK needs an http:// SITE_URL and ALLOWED_HOSTS on this "
            "machine only (localhost, 127.0.0.1, [::1]): serve anything else over HTTPS"
        )
ROOT_URLCONF = "mentoring_site.urls"
WSGI_APPLICATION = "mentoring_site.wsgi.application"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# The shipped language is English (UK); a body adds a language by adding its catalogue under
# locale/ and a line here (docs/i18n.md). A member's choice is Profile.language.
LANGUAGE_CODE = "en-gb"
LANGUAGES = [("en-gb", _("English (UK)"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env.str("TIME_ZONE", default="Europe/London")
USE_I18N = True
# Dates and numbers follow the active language's formats (en-gb: day month year); no
# thousands separator, so membership numbers and years print as typed.
USE_THOUSAND_SEPARATOR = False
USE_TZ = True

# --- apps -----------------------------------------------------------------------------
INSTALLED_APPS = [
    "core.apps.GuardedAdminConfig",  # django.contrib.admin with the guarded site
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sites",
    "django.contrib.flatpages",  # the privacy notice and accessibility statement
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "crispy_forms",
    "crispy_bootstrap5",
    "csp",
    "bootstrap",
    "import_export",
    "django_celery_beat",
    "simple_history",
    "django_countries",
    "accounts",
    "schemes",
    "matching",
    "sessions_log",
    "cpd",
    "insights",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "accounts.middleware.MemberTimeZoneMiddleware",
    "accounts.middleware.MemberLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "accounts.middleware.StaffMfaRequiredMiddleware",
    "mentoring_site.errors.DatabaseBusyMiddleware",
]

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "accounts.context_processors.site",
            ],
            # Times with their zone named (``{{ when|zoned }}``) in every template and email.
            "builtins": ["core.templatetags.zoned"],
            # Lists of names as one value in a translated sentence (``{% load names %}``).
            "libraries": {"names": "core.templatetags.names"},
        },
    },
]

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

# --- auth (django-allauth) ------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "dashboard"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http" if DEBUG or PLAIN_HTTP_ON_LOOPBACK else "https"
ACCOUNT_ADAPTER = "accounts.adapters.AccountAdapter"
ACCOUNT_EMAIL_SUBJECT_PREFIX = f"[{SITE_NAME}] "
# Login rate limiting: allauth's limits, spelled out so they are visible and tested.
# A failed sign-in counts against the account *and* the client address together (the key is
# both: accounts.adapters.AccountAdapter), so failures with made-up emails lock out no one
# else; a looser per-address limit stops one address spraying many accounts. A password
# reset email goes to one address at most 5 a minute and 10 a day (``reset_password_email``,
# applied by accounts.password_reset: over it no email is sent, but the answer is the usual
# page, so nobody can lock a member out of resetting; the links already sent still work).
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "5/5m/key,20/5m/ip",
    "signup": "20/m/ip",
    "confirm_email": "1/3m/key",
    "reset_password": "20/m/ip",
    "reset_password_email": "5/m/key,10/d/key",
    "reset_password_from_key": "20/m/ip",
}
# A password-reset link works for 3 days (Django's default, stated: the reset page says so),
# or until the password changes or the account signs in.
PASSWORD_RESET_TIMEOUT = 3 * 24 * 3600
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = SITE_NAME
# Staff (administrators and coordinators) must set up two-factor authentication.
STAFF_MFA_REQUIRED = env_bool("STAFF_MFA_REQUIRED", True)

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- email ----------------------------------------------------------------------------
if env.str("EMAIL_URL", default=""):
    vars().update(env.email_url("EMAIL_URL"))
else:
    EMAIL_BACKEND = env.str(
        "EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend"
    )
    EMAIL_FILE_PATH = str(VAR_DIR / "mail")
DEFAULT_FROM_EMAIL = env.str(
    "DEFAULT_FROM_EMAIL", default="Mentoring schemes <mentoring@example.org>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_TIMEOUT = 20

# --- Celery ---------------------------------------------------------------------------
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default=REDIS_URL or "filesystem://")
if CELERY_BROKER_URL == "filesystem://":
    _queue_dir = VAR_DIR / "celery-queue"
    _queue_dir.mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_queue_dir),
        "data_folder_out": str(_queue_dir),
        "processed_folder": str(_queue_dir),
        "store_processed": False,
        # kombu's default control folder is "control" in the working directory
        "control_folder": str(VAR_DIR / "celery-control"),
    }
# Two queues, both consumed by every worker (no `-Q` needed): matching runs go to their own
# queue, so a run an administrator starts is picked up at the next free slot instead of
# waiting behind hundreds of queued emails (the worker takes from its queues in turn).
# docker-compose.yml adds a worker for the matching queue alone, so a long run never
# holds back the emails either.
CELERY_TASK_DEFAULT_QUEUE = "celery"
CELERY_TASK_QUEUES = (Queue("celery"), Queue("matching"))
CELERY_TASK_ROUTES = {
    "matching.run_matching": {"queue": "matching"},
    "matching.propose_for_rolling_schemes": {"queue": "matching"},
}
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", False)
# What a worker prints (the console email backend's emails) goes to its standard output, not
# into its log file: scripts/run.sh shows every email in its terminal.
CELERY_WORKER_REDIRECT_STDOUTS = False
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
# The one place periodic schedules are defined (deliberately not CELERY_BEAT_SCHEDULE, which
# beat would re-impose at every start); `manage.py setup_schedules` copies them
# into django-celery-beat's tables, where administrators can change them.
DEFAULT_PERIODIC_TASKS = {
    "accounts.deliver_pending": {
        "task": "accounts.deliver_pending",
        "schedule": crontab(minute="*/5"),
    },
    "matching.propose_for_rolling_schemes": {
        "task": "matching.propose_for_rolling_schemes",
        "schedule": crontab(hour=6, minute=0),
    },
    "schemes.apply_supply_demand_rules": {
        "task": "schemes.apply_supply_demand_rules",
        "schedule": crontab(minute="*/30"),
    },
    "sessions_log.send_due_reminders": {
        "task": "sessions_log.send_due_reminders",
        "schedule": crontab(hour=7, minute=0),
    },
    "sessions_log.send_message_digests": {
        "task": "sessions_log.send_message_digests",
        "schedule": crontab(hour=7, minute=30),
    },
    "cpd.send_reflection_prompts": {
        "task": "cpd.send_reflection_prompts",
        "schedule": crontab(hour=8, minute=0),
    },
    "matching.send_proposal_reminders": {
        "task": "matching.send_proposal_reminders",
        "schedule": crontab(hour=7, minute=15),
    },
    "matching.sweep_mentor_requests": {
        "task": "matching.sweep_mentor_requests",
        "schedule": crontab(hour=7, minute=20),
    },
    "schemes.send_application_draft_reminders": {
        "task": "schemes.send_application_draft_reminders",
        "schedule": crontab(hour=10, minute=0),
    },
    "schemes.send_coordinator_digests": {
        "task": "schemes.send_coordinator_digests",
        "schedule": crontab(hour=7, minute=30),
    },
    "accounts.apply_retention": {
        "task": "accounts.apply_retention",
        "schedule": crontab(hour=3, minute=15),
    },
    "accounts.purge_data_exports": {
        "task": "accounts.purge_data_exports",
        "schedule": crontab(minute=15),
    },
    "schemes.send_lifecycle_notices": {
        "task": "schemes.send_lifecycle_notices",
        "schedule": crontab(hour=9, minute=0),
    },
}

# Days a member's data package can be downloaded from its emailed link before it is deleted.
DATA_EXPORT_DAYS = env.int("DATA_EXPORT_DAYS", default=7)

REMINDERS_UPCOMING_DAYS = env.int("REMINDERS_UPCOMING_DAYS", default=3)

# --- static files ---------------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise warns when it is missing
STATICFILES_DIRS = [BASE_DIR / "static"]
# Uploads (CPD evidence): the local disk under MEDIA_ROOT, or STORAGE_BACKEND=s3 for
# S3-compatible object storage (core.storage; docs/deployment.md). MEDIA_URL is never routed:
# files are served only through views that check who is asking.
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(VAR_DIR / "media")))
S3_PRESIGNED_REDIRECT = env_bool("S3_PRESIGNED_REDIRECT", False)
STORAGES = {
    "default": default_storage_config(env),
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if not DEBUG
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# --- import/export --------------------------------------------------------------------
IMPORT_EXPORT_USE_TRANSACTIONS = True
IMPORT_EXPORT_SKIP_ADMIN_LOG = False

# The admin index (core.admin.GuardedAdminSite): sections in the order of the work, and the
# technical sections last, folded under their own heading.
ADMIN_INDEX_ORDER = ("schemes", "sessions_log", "matching", "insights", "cpd", "accounts", "auth")
ADMIN_TECHNICAL_APPS = ("django_celery_beat", "account", "mfa", "socialaccount", "sites")
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "add"
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "view"

# --- the reverse proxy ----------------------------------------------------------------
# How many reverse proxies of ours stand in front of the app (docker-compose: one). Only
# then are X-Forwarded-For (the client's address, for rate limits: the last address each of
# our proxies appended) and X-Forwarded-Proto believed; with 0 both are ignored, since any
# client can send them.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
if TRUSTED_PROXY_COUNT < 0:
    raise ValueError("TRUSTED_PROXY_COUNT must be 0 or more")
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT
if TRUSTED_PROXY_COUNT:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# --- security (whenever DEBUG is off, but for PLAIN_HTTP_ON_LOOPBACK) ------------------
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG and not PLAIN_HTTP_ON_LOOPBACK:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

# --- content security policy (django-csp) --------------------------------------------
# Every page, the admin's included, runs only scripts and styles served by the app itself:
# no inline <script>, no on*= handlers, no style= attributes, nothing from another host
# (docs/security.md). tests/authz/test_csp.py and tests/browser/test_csp.py hold it.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],  # allauth draws the TOTP QR code as a data: image
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    },
}

# --- logging --------------------------------------------------------------------------
# LOG_FORMAT=json: one JSON object per line for a log collector (core.observability).
LOGGING = logging_config(
    level=env.str("LOG_LEVEL", default="INFO"), fmt=env.str("LOG_FORMAT", default="text")
)
# Optional error reporting (Sentry's protocol), never with request bodies or local variables.
SENTRY_DSN = env.str("SENTRY_DSN", default="")
if SENTRY_DSN:
    init_error_reporting(SENTRY_DSN, environment=env.str("SENTRY_ENVIRONMENT", "production"))
