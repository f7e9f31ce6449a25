"""The health endpoint (`/healthz`): answers 200 only when the site can do its work.

It checks what a request or a queued email needs: the database (a query), the cache (a
write and a read: allauth's rate limits and the sessions' counters live there), file
storage (CPD evidence: a file saved, read back and deleted) and the Celery broker (a
connection; emails and matching runs are queued there). docker-compose uses it to mark the
web service healthy, and a load balancer can do the same. The answer is plain text naming
each part with "OK" or a generic failure; the reason is logged, never shown (it could name a
host or a path).
"""

from __future__ import annotations

import dataclasses

from django.http import HttpResponse
from health_check.base import HealthCheck
from health_check.checks import Cache, Database, Storage
from health_check.exceptions import ServiceUnavailable
from health_check.views import HealthCheckView

BROKER_TIMEOUT_SECONDS = 3


@dataclasses.dataclass
class Broker(HealthCheck):
    """A connection to Celery's broker (Redis, or the embedded default's queue folder)."""

    def run(self) -> None:
        from celery import current_app  # the project's app (core sits below mentoring_site)

        try:
            with current_app.connection_for_write() as connection:
                connection.ensure_connection(max_retries=1, timeout=BROKER_TIMEOUT_SECONDS)
        except Exception as exc:  # kombu raises the transport's own errors
            raise ServiceUnavailable("broker unreachable") from exc


class HealthView(HealthCheckView):
    checks = (Database, Cache, Storage, Broker)

    def render_to_response(self, context, **response_kwargs) -> HttpResponse:
        """Plain text whatever the client accepts (the HTML page would need inline style)."""
        return self.render_to_response_text(response_kwargs.get("status", 200))
