"""Reading the environment (django-environ, strict booleans), the base and var directories,
and the core settings: DEBUG, the secret key, hosts, the site's address, languages and time."""

from ipaddress import ip_address
from pathlib import Path
from urllib.parse import urlsplit

import environ
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
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
