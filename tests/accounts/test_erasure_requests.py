"""A member asks for their account to be erased on the portal; an administrator carries
it out in the admin; coordinators cannot."""

from __future__ import annotations

import pytest
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from accounts.erasure import erasure_request_create
from accounts.models import ErasureRequest, ErasureRequestStatus, User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
URL = reverse("accounts:erasure")


def test_a_member_asks_then_withdraws(client, mentee):
    client.force_login(mentee)
    assert client.get(URL).status_code == 200
    response = client.post(URL, {"action": "request", "reason": "Moving on", "confirm": "on"})
    assert response.status_code == 302
    request = ErasureRequest.objects.get(user=mentee)
    assert (request.status, request.reason) == (ErasureRequestStatus.PENDING, "Moving on")
    assert "Withdraw my request" in client.get(URL).content.decode()
    client.post(URL, {"action": "cancel"})
    request.refresh_from_db()
    assert request.status == ErasureRequestStatus.CANCELLED


def test_without_the_confirmation_nothing_is_asked_and_the_reason_is_kept(client, mentee):
    client.force_login(mentee)
    response = client.post(URL, {"action": "request", "reason": "Moving on"})
    assert response.status_code == 400
    assert "Tick the box" in response.content.decode()
    assert "Moving on" in response.content.decode()
    assert not ErasureRequest.objects.exists()


def test_a_member_cannot_ask_for_someone_else(mentee, mentor):
    with pytest.raises(PermissionDenied):
        erasure_request_create(user=mentor, by=mentee)
    assert not ErasureRequest.objects.exists()


def _carry_out(client, request):
    return client.post(
        reverse("admin:accounts_erasurerequest_changelist"),
        {"action": "carry_out", helpers.ACTION_CHECKBOX_NAME: [request.pk], "apply": "1"},
    )


def test_an_administrator_carries_out_a_request(
    client, admin_user, mentee, django_capture_on_commit_callbacks
):
    request = erasure_request_create(user=mentee, by=mentee)
    client.force_login(admin_user)
    confirm = client.post(
        reverse("admin:accounts_erasurerequest_changelist"),
        {"action": "carry_out", helpers.ACTION_CHECKBOX_NAME: [request.pk]},
    )
    assert "cannot be undone" in confirm.content.decode()
    assert User.objects.get(pk=mentee.pk).erased_at is None
    with django_capture_on_commit_callbacks(execute=True):
        _carry_out(client, request)
    assert User.objects.get(pk=mentee.pk).erased_at is not None
    request.refresh_from_db()
    assert (request.status, request.decided_by) == (ErasureRequestStatus.DONE, admin_user)


def test_a_coordinator_cannot_see_or_carry_out_requests(client, coordinator, mentee):
    request = erasure_request_create(user=mentee, by=mentee)
    client.force_login(coordinator)
    assert client.get(reverse("admin:accounts_erasurerequest_changelist")).status_code == 403
    assert _carry_out(client, request).status_code == 403
    assert User.objects.get(pk=mentee.pk).erased_at is None


@pytest.mark.parametrize("rows", [1, 5])
def test_the_requests_list_asks_the_same_queries_for_one_or_many(
    client, admin_user, rows, django_assert_num_queries
):
    for _ in range(rows):
        user = UserFactory()
        erasure_request_create(user=user, by=user)
    client.force_login(admin_user)
    client.get(reverse("admin:accounts_erasurerequest_changelist"))  # warm the session
    with django_assert_num_queries(6):
        client.get(reverse("admin:accounts_erasurerequest_changelist"))


def test_a_refusal_needs_a_reason(client, admin_user, mentee):
    request = erasure_request_create(user=mentee, by=mentee)
    client.force_login(admin_user)
    url = reverse("admin:accounts_erasurerequest_changelist")
    data = {"action": "refuse", helpers.ACTION_CHECKBOX_NAME: [request.pk], "apply": "1"}
    response = client.post(url, {**data, "note": "  "})
    assert "This field is required" in response.content.decode()
    request.refresh_from_db()
    assert request.status == ErasureRequestStatus.PENDING
    client.post(url, {**data, "note": "An open complaint needs the records."})
    request.refresh_from_db()
    assert (request.status, request.decision_note) == (
        ErasureRequestStatus.REFUSED,
        "An open complaint needs the records.",
    )
    assert User.objects.get(pk=mentee.pk).erased_at is None


def test_an_administrator_records_a_request_made_by_letter(client, admin_user, mentee):
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:accounts_erasurerequest_add"), {"user": mentee.pk, "reason": "By letter"}
    )
    assert response.status_code == 302
    request = ErasureRequest.objects.get(user=mentee)
    assert (request.recorded_by, request.status) == (admin_user, ErasureRequestStatus.PENDING)
