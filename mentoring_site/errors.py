"""Database trouble answers 503 with ``Retry-After``, never 500: a lost connection (a restart,
a failover) through the server-error handler, and a database busy past its lock timeout
through ``DatabaseBusyMiddleware`` (whatever DEBUG says)."""

from __future__ import annotations

import logging
import sys
from typing import Any, cast

from django.db import InterfaceError, OperationalError, connections
from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 30
BUSY_RETRY_AFTER_SECONDS = 10
SQLITE_LOCKED = frozenset({"database is locked", "database table is locked"})
LOCK_NOT_AVAILABLE = "55P03"  # PostgreSQL's SQLSTATE when lock_timeout runs out


def _errors(name: str) -> tuple[type[BaseException], ...]:
    """Django's ``OperationalError`` or ``InterfaceError`` and the database drivers' own: a
    few paths raise the driver's class unwrapped (closing a chunked cursor, as a
    ``ModelChoiceField`` rendering its options does, when the server has gone)."""
    # Each backend's wrapper class names its DB-API module ``Database`` (not in the stubs).
    drivers = {cast(Any, connections[alias]).Database for alias in connections}
    return (
        OperationalError if name == "OperationalError" else InterfaceError,
        *(getattr(driver, name) for driver in drivers),
    )


def database_busy(exc: BaseException | None) -> bool:
    """Whether ``exc`` is a write lock not granted in time (SQLite's busy timeout, or
    PostgreSQL's lock_timeout): the request changed nothing and may simply be sent again."""
    if not isinstance(exc, _errors("OperationalError")):
        return False
    # psycopg 3 names the SQLSTATE ``sqlstate`` (psycopg2 called it ``pgcode``)
    code = getattr(exc.__cause__, "sqlstate", "") or getattr(exc, "sqlstate", "")
    return str(exc) in SQLITE_LOCKED or code == LOCK_NOT_AVAILABLE


def busy_response() -> HttpResponse:
    """The 503 page for a database busy with other writes (no database query)."""
    response = HttpResponse(render_to_string("503_busy.html"), status=503)
    response["Retry-After"] = str(BUSY_RETRY_AFTER_SECONDS)
    return response


def server_error(request: HttpRequest) -> HttpResponse:
    """Like Django's ``server_error``, but a lost database connection (a restart, a failover)
    answers 503 with ``Retry-After``: nothing was saved, and the member is told to try again.

    Neither page touches the database: the templates use no context processors.
    """
    exc = sys.exc_info()[1]
    if database_busy(exc):
        return busy_response()
    if isinstance(exc, _errors("OperationalError") + _errors("InterfaceError")):
        response = HttpResponse(render_to_string("503.html"), status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    return HttpResponseServerError(render_to_string("500.html"))


class DatabaseBusyMiddleware:
    """A view that waited for the database's write lock past the timeout answers 503
    ``busy_response`` (with DEBUG on too, where Django would show its 500 debug page).

    The write that timed out began no transaction, and each service is one transaction, so
    nothing of the request was saved.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not database_busy(exception):
            return None
        logger.warning(
            "Database busy: %s %s answered 503 (%s)", request.method, request.path, exception
        )
        return busy_response()
