"""The reverse proxy, the security headers and cookies (whenever DEBUG is off, but for
PLAIN_HTTP_ON_LOOPBACK) and the content security policy."""

from .core import DEBUG, PLAIN_HTTP_ON_LOOPBACK, env, env_bool

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
