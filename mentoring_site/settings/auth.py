"""Sign-in and accounts (django-allauth): backends, password rules, rate limits, two-factor."""

from .core import DEBUG, PLAIN_HTTP_ON_LOOPBACK, SITE_NAME, env_bool

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
# The account holder is emailed when their password is changed, set or reset, an email
# address is added, changed or removed, or two-factor authentication changes (allauth's
# notifications); the admin's password page sends the same (``accounts.admin_passwords``).
ACCOUNT_EMAIL_NOTIFICATIONS = True
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
