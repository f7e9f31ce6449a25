"""Installed apps, middleware, templates, forms, the admin index and import/export."""

from .core import BASE_DIR

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


CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- import/export --------------------------------------------------------------------
IMPORT_EXPORT_USE_TRANSACTIONS = True
IMPORT_EXPORT_SKIP_ADMIN_LOG = False

# The admin index (core.admin.GuardedAdminSite): sections in the order of the work, and the
# technical sections last, folded under their own heading.
ADMIN_INDEX_ORDER = ("schemes", "sessions_log", "matching", "insights", "cpd", "accounts", "auth")
ADMIN_TECHNICAL_APPS = ("django_celery_beat", "account", "mfa", "socialaccount", "sites")
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "add"
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "view"
