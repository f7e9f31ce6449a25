"""Logging (text or JSON lines) and optional error reporting."""

from core.observability import init_error_reporting, logging_config

from .core import env

# --- logging --------------------------------------------------------------------------
# LOG_FORMAT=json: one JSON object per line for a log collector (core.observability).
LOGGING = logging_config(
    level=env.str("LOG_LEVEL", default="INFO"), fmt=env.str("LOG_FORMAT", default="text")
)
# Optional error reporting (Sentry's protocol), never with request bodies or local variables.
SENTRY_DSN = env.str("SENTRY_DSN", default="")
if SENTRY_DSN:
    init_error_reporting(SENTRY_DSN, environment=env.str("SENTRY_ENVIRONMENT", "production"))
