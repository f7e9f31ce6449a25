"""A flash booking's email carries the mentee's note and the meeting link: its body is never
shown in the admin's outbox, even to an administrator (adversarial review, F1)."""

import pytest
import time_machine
from django.urls import reverse

from accounts.models import NotificationKind, SentNotification
from tests.sessions_log.factories import offer
from tests.sessions_log.test_flash import AT, NOW, _book, flash  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db

NOTE = "CONF-FLASHNOTE Preparing for my first band 7 interview."


@time_machine.travel(NOW, tick=False)
def test_the_booking_email_body_is_hidden_from_administrators(
    client,
    admin_user,
    flash,  # noqa: F811 (the fixture imported above)
    mentor,
    mentee,
    django_capture_on_commit_callbacks,  # noqa: F811
):
    slot = offer(flash, mentor, AT)
    _book(slot, mentee, django_capture_on_commit_callbacks, note=NOTE)
    booked = SentNotification.objects.filter(
        kind=NotificationKind.RELATIONSHIP_UPDATE, body_text__contains="CONF-FLASHNOTE"
    )
    assert booked.exists()  # the mentor's copy carries the note
    client.force_login(admin_user)
    for row in booked:
        page = client.get(reverse("admin:accounts_sentnotification_change", args=[row.pk]))
        assert page.status_code == 200
        assert "CONF-FLASHNOTE" not in page.content.decode()
