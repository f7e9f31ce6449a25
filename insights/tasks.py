"""Periodic insights tasks (thin: call a service)."""

from celery import shared_task

from accounts.models import DigestFrequency

from . import digest

DIGEST_FREQUENCIES = (DigestFrequency.DAILY, DigestFrequency.WEEKLY, DigestFrequency.MONTHLY)


# The name predates the digest's move from schemes: schedules stored by django-celery-beat
# (``setup_schedules``, edited by administrators) refer to it, so it stays.
@shared_task(name="schemes.send_coordinator_digests", acks_late=True)
def send_coordinator_digests(*, frequency: str | None = None) -> int:
    """Daily: each coordinator's digest, once per the period they chose (all frequencies
    unless ``frequency`` is given)."""
    frequencies = [frequency] if frequency else list(DIGEST_FREQUENCIES)
    return sum(digest.coordinator_digests_send(frequency=f) for f in frequencies)
