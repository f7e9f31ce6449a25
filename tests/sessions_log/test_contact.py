"""Contact details after mutual acceptance: one rule (``sessions_log.rules.may_see_contact``)
for the relationship page, the confirmation email (with Reply-To) and nobody else."""

from datetime import date

import pytest
from django.core import mail
from django.urls import reverse

from accounts import services as account_services
from accounts.models import ContactSettings
from matching import services as matching_services
from schemes.models import Role
from sessions_log import services
from sessions_log.models import MemberRole, RelationshipKind
from sessions_log.rules import may_see_contact
from sessions_log.selectors import Contact, contacts_for
from sessions_log.services import relationship_start
from tests.factories import ProfileFactory
from tests.matching.factories import accepted, finished_run, proposal
from tests.sessions_log.factories import start_pair

MENTOR_PHONE = "+48 22 123 45 67"
MENTEE_PHONE = "+30 21 0123 4567"


@pytest.fixture
def phones(mentor, mentee):
    account_services.contact_settings_update(
        user=mentor, phone=MENTOR_PHONE, preferred_channel="text", message_emails="each"
    )
    account_services.contact_settings_update(
        user=mentee, phone=MENTEE_PHONE, preferred_channel="", message_emails="each"
    )


def test_rule_partners_only_while_open(scheme, mentor, mentee, outsider, coordinator, admin_user):
    pair = start_pair(scheme, mentor, mentee)
    assert may_see_contact(viewer=mentee, owner=mentor, relationship=pair)
    assert may_see_contact(viewer=mentor, owner=mentee, relationship=pair)
    for stranger in (outsider, coordinator, admin_user):
        assert not may_see_contact(viewer=stranger, owner=mentor, relationship=pair)
        assert not may_see_contact(viewer=mentor, owner=stranger, relationship=pair)
    assert not may_see_contact(viewer=mentee, owner=mentee, relationship=pair)
    services.relationship_end_early(relationship=pair, by=mentee)
    assert not may_see_contact(viewer=mentee, owner=mentor, relationship=pair)


def test_relationship_page_shows_the_partner_s_chosen_details(
    client, scheme, mentor, mentee, phones
):
    pair = start_pair(scheme, mentor, mentee)
    client.force_login(mentee)
    page = client.get(pair.get_absolute_url()).text
    assert 'href="mailto:mentor@example.org"' in page
    assert MENTOR_PHONE in page
    assert "prefers text message" in page
    assert MENTEE_PHONE not in page  # one's own details are not listed as a partner's


def test_blank_contact_settings_show_the_email_only(scheme, mentor, mentee):
    pair = start_pair(scheme, mentor, mentee)
    assert contacts_for(relationship=pair, viewer=mentee) == [
        Contact(
            name=mentor.display_name, email="mentor@example.org", phone="", preferred_channel=""
        )
    ]


def test_nobody_outside_and_nobody_after_an_ending_sees_them(
    client, scheme, mentor, mentee, outsider, coordinator, admin_user, phones
):
    pair = start_pair(scheme, mentor, mentee)
    for person in (outsider, coordinator, admin_user):
        client.force_login(person)
        assert client.get(pair.get_absolute_url()).status_code == 404
        assert (
            MENTOR_PHONE
            not in client.get(f"/admin/sessions_log/relationship/{pair.pk}/change/").text
        )
        assert MENTOR_PHONE not in client.get(f"/admin/accounts/user/{mentor.pk}/change/").text
    services.relationship_end_early(relationship=pair, by=mentor)
    client.force_login(mentee)
    assert MENTOR_PHONE not in client.get(pair.get_absolute_url()).text


def test_partner_before_acceptance_sees_no_contact_then_confirmation_has_reply_to(
    client, scheme, mentor, mentee, admin_user, phones, django_capture_on_commit_callbacks
):
    run = finished_run(scheme, by=admin_user)
    prop = proposal(
        run,
        accepted(scheme, role=Role.MENTOR, user=mentor),
        accepted(scheme, role=Role.MENTEE, user=mentee),
    )
    matching_services.run_approve(run=run, by=admin_user)
    prop.refresh_from_db()
    matching_services.proposal_respond(proposal=prop, user=mentee, accept=True)
    client.force_login(mentee)
    page = client.get(reverse("matching:detail", kwargs={"pk": prop.pk})).text
    assert MENTOR_PHONE not in page
    assert "mentor@example.org" not in page
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        matching_services.proposal_respond(proposal=prop, user=mentor, accept=True)
    by_to = {m.to[0]: m for m in mail.outbox}
    to_mentee, to_mentor = by_to["mentee@example.org"], by_to["mentor@example.org"]
    assert to_mentee.reply_to == ["mentor@example.org"]
    assert to_mentor.reply_to == ["mentee@example.org"]
    assert f"mentor@example.org, {MENTOR_PHONE} (prefers text message)" in to_mentee.body
    assert MENTOR_PHONE in to_mentee.alternatives[0][0]
    assert MENTEE_PHONE in to_mentor.body
    assert MENTEE_PHONE not in to_mentee.body


def test_circle_confirmation_replies_to_every_other_member(
    scheme, django_capture_on_commit_callbacks
):
    people = [
        ProfileFactory(user__email=f"peer{i}@example.org", user__first_name=n).user
        for i, n in enumerate(("Amira", "Kenji", "Siobhán"))
    ]
    circle = relationship_start(
        scheme=scheme,
        members=[(p, MemberRole.PEER, None) for p in people],
        kind=RelationshipKind.CIRCLE,
        accepted_on=date(2026, 1, 5),
    )
    emails = [c.email for c in contacts_for(relationship=circle, viewer=people[0])]
    assert emails == ["peer1@example.org", "peer2@example.org"]


def test_contact_settings_page_saves_and_refuses_a_bad_phone(client, mentee):
    client.force_login(mentee)
    url = reverse("accounts:contact")
    bad = {"phone": "call me maybe", "preferred_channel": "phone", "message_emails": "daily"}
    response = client.post(url, bad)
    assert response.status_code == 400
    assert list(response.context["form"].errors) == ["phone"]
    assert response.context["form"]["phone"].value() == "call me maybe"  # kept
    assert not ContactSettings.objects.exists()
    good = {**bad, "phone": " +81 3-1234-5678 "}
    assert client.post(url, good).status_code == 302
    saved = ContactSettings.objects.get(user=mentee)
    # How new messages are emailed is chosen in one place, the email preferences page: a
    # value posted here changes nothing.
    assert (saved.phone, saved.preferred_channel, saved.message_emails) == (
        "+81 3-1234-5678",
        "phone",
        "each",
    )


def test_contact_settings_are_in_the_member_s_data_export(client, mentee, phones):
    client.force_login(mentee)
    data = client.get(reverse("member_data")).json()
    assert data["contact_settings"] == {
        "phone": MENTEE_PHONE,
        "preferred_channel": "",
        "message_emails": "each",
    }
