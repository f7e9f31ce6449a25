"""Logs a log collector can parse, and optional error reporting that never carries what
members wrote.

``LOG_FORMAT=json`` writes one JSON object per line (time, level, logger, message and any
``extra``), for a body whose IT team collects logs centrally; the default stays readable
text for the terminal. ``SENTRY_DSN`` turns on error reporting to Sentry or any service
that speaks its protocol. Confidentiality comes first there: no request bodies (a session
note or a reflection is a POST body), no local variables (they hold the same text), no
cookies, headers or user details; only the error, its stack and the URL's path.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sentry_sdk._types import DataCollectionUserOptions, Event

TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
JSON_FIELDS = "%(asctime)s %(levelname)s %(name)s %(message)s"


def logging_config(level: str, fmt: str) -> dict[str, Any]:
    """Django's LOGGING for ``fmt`` "text" or "json" (anything else is an error at start)."""
    if fmt not in ("text", "json"):
        raise ValueError(f'LOG_FORMAT must be "text" or "json", not {fmt!r}')
    formatters: dict[str, dict[str, Any]] = {
        "text": {"format": TEXT_FORMAT},
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": JSON_FIELDS,
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
    }
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": formatters,
        "handlers": {"console": {"class": "logging.StreamHandler", "formatter": fmt}},
        "root": {"handlers": ["console"], "level": level},
    }


def _drop_request_data(event: Event, hint: dict[str, Any]) -> Event:
    """Keep only the method and path of the request an error happened in."""
    request = event.get("request")
    if isinstance(request, dict):
        event["request"] = {key: request[key] for key in ("method", "url") if key in request}
        if "url" in event["request"]:
            event["request"]["url"] = str(event["request"]["url"]).split("?", 1)[0]
    event.pop("user", None)
    return event


def init_error_reporting(dsn: str, environment: str, release: str = "") -> None:
    """Report unhandled errors to ``dsn`` (Sentry's protocol), without members' words."""
    import sentry_sdk

    collect: DataCollectionUserOptions = {
        "user_info": False,
        "cookies": {"mode": "off"},
        "http_headers": {"request": {"mode": "off"}},
        "http_bodies": [],
        "url_query_params": {"mode": "off"},
        "database_query_data": False,
        "stack_frame_variables": False,
    }
    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        release=release or None,
        data_collection=collect,
        include_local_variables=False,
        max_request_body_size="never",
        traces_sample_rate=0.0,
        before_send=_drop_request_data,
    )
