"""Circles with a facilitator: the service, the admin action and the portal (their CPD:
tests/cpd/test_selectors.py)."""

from datetime import date

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from schemes.models import ApplicationStatus, SchemeKind
from sessions_log.admin import NO_CANDIDATE
from sessions_log.models import MemberRole, RelationshipKind, RelationshipStatus
from sessions_log.services import (
    circle_facilitator_set,
    facilitator_answer,
    relationship_start,
    session_log,
)
from tests.factories import (
    ApplicationFactory,
    ProfileFactory,
    ProgrammeTemplateFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def circle_scheme(scheme):
    scheme.kind = SchemeKind.GROUP
    scheme.circles_have_facilitator = True
    scheme.save()
    return scheme


@pytest.fixture
def circle(circle_scheme, mentor, mentee):
    peers = [mentor, mentee, ProfileFactory(user__email="third@example.org").user]
    return relationship_start(
        scheme=circle_scheme,
        members=[(user, MemberRole.PEER, None) for user in peers],
        kind=RelationshipKind.CIRCLE,
        template=ProgrammeTemplateFactory(steps=4),
        accepted_on=date(2026, 1, 5),
    )


def _applied(scheme, user):
    ApplicationFactory(scheme=scheme, applicant=user, status=ApplicationStatus.ACCEPTED)
    return user


@pytest.fixture
def facilitator(circle_scheme):
    return _applied(circle_scheme, ProfileFactory(user__email="facilitator@example.org").user)


def _roles(circle):
    return sorted(circle.members.values_list("user__email", "role"))


def _appoint(circle, facilitator, by):
    """Propose ``facilitator`` and have every member of the circle accept them."""
    consents = circle_facilitator_set(relationship=circle, user=facilitator, by=by)
    joined = None
    for consent in consents:
        joined = facilitator_answer(relationship=circle, by=consent.member, accept=True)
    return joined


def test_facilitator_joins_circle_and_everyone_is_told(
    circle, facilitator, admin_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _appoint(circle, facilitator, admin_user)

    mail.outbox[:] = [m for m in mail.outbox if "Do you accept" not in m.subject]
    assert _roles(circle) == [
        ("facilitator@example.org", MemberRole.FACILITATOR),
        ("mentee@example.org", MemberRole.PEER),
        ("mentor@example.org", MemberRole.PEER),
        ("third@example.org", MemberRole.PEER),
    ]
    name = circle.scheme.name
    assert sorted((m.to[0], m.subject) for m in mail.outbox) == [
        ("facilitator@example.org", f"You are facilitating a circle in {name}"),
        ("mentee@example.org", f"Your circle in {name} has a facilitator"),
        ("mentor@example.org", f"Your circle in {name} has a facilitator"),
        ("third@example.org", f"Your circle in {name} has a facilitator"),
    ]
    link = f"/portal/relationships/{circle.pk}/"
    to_facilitator = next(m for m in mail.outbox if m.to == ["facilitator@example.org"])
    assert link in to_facilitator.body
    assert link in to_facilitator.alternatives[0][0]


def test_facilitator_sees_circle(client, circle, facilitator, admin_user):
    _appoint(circle, facilitator, admin_user)
    client.force_login(facilitator)
    assert client.get(reverse("sessions_log:relationship", args=[circle.pk])).status_code == 200


def test_replacing_a_facilitator_before_any_session(circle, facilitator, admin_user):
    _appoint(circle, facilitator, admin_user)
    second = _applied(circle.scheme, UserFactory(email="second@example.org"))

    _appoint(circle, second, admin_user)

    assert list(
        circle.members.filter(role=MemberRole.FACILITATOR).values_list("user__email", flat=True)
    ) == ["second@example.org"]


def test_facilitator_who_has_facilitated_stays(circle, facilitator, admin_user, mentor):
    _appoint(circle, facilitator, admin_user)
    session_log(
        session=circle.sessions.get(number=1),
        by=mentor,
        held_on=date(2026, 1, 20),
        duration_minutes=90,
        mode="online",
    )
    with pytest.raises(ValidationError) as exc:
        circle_facilitator_set(
            relationship=circle,
            user=_applied(circle.scheme, UserFactory(email="x@example.org")),
            by=admin_user,
        )
    assert exc.value.messages == [
        f"{facilitator.display_name} has facilitated sessions of this circle, so stays its "
        "facilitator."
    ]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ("pair", "Only a circle has a facilitator."),
        ("no_facilitators", "does not use facilitators"),
        ("ended", "This circle has finished."),
        ("member", "is a member of this circle."),
        ("stranger", "has not applied to"),
    ],
)
def test_facilitator_refused(circle, facilitator, admin_user, mentor, change, message):
    user = facilitator
    if change == "pair":
        circle.kind = RelationshipKind.PAIR
        circle.save()
    elif change == "no_facilitators":
        circle.scheme.circles_have_facilitator = False
        circle.scheme.save()
    elif change == "ended":
        circle.status = RelationshipStatus.COMPLETED
        circle.save()
    elif change == "stranger":
        user = UserFactory(email="stranger@example.org")
    else:
        user = mentor
    with pytest.raises(ValidationError) as exc:
        circle_facilitator_set(relationship=circle, user=user, by=admin_user)
    assert message in exc.value.messages[0]
    assert circle.members.filter(role=MemberRole.FACILITATOR).count() == 0


def _action(client, circle, **data):
    return client.post(
        reverse("admin:sessions_log_relationship_changelist"),
        {"action": "assign_facilitator", "_selected_action": [circle.pk], **data},
    )


def test_admin_action_asks_for_email_then_assigns(client, circle, facilitator, coordinator):
    client.force_login(coordinator)
    page = _action(client, circle)
    assert page.status_code == 200
    assert page.context["form"].is_bound is False

    done = _action(client, circle, apply="1", email="FACILITATOR@example.org")

    assert done.status_code == 302
    # Proposed, not yet a member: each member of the circle is asked first.
    assert circle.members.filter(role=MemberRole.FACILITATOR).count() == 0
    assert sorted(
        circle.facilitator_consents.values_list("member__email", "facilitator__email")
    ) == [
        (email, "facilitator@example.org")
        for email in ("mentee@example.org", "mentor@example.org", "third@example.org")
    ]


def test_admin_action_bad_email_keeps_it_and_changes_nothing(client, circle, coordinator):
    client.force_login(coordinator)
    page = _action(client, circle, apply="1", email="nobody@example.org")
    assert page.status_code == 200
    assert page.context["form"].errors == {
        "email": [NO_CANDIDATE.format(scheme=circle.scheme.name, email="nobody@example.org")]
    }
    assert 'value="nobody@example.org"' in page.content.decode()
    assert circle.members.filter(role=MemberRole.FACILITATOR).count() == 0


@pytest.mark.parametrize("applied_elsewhere", [False, True])
def test_admin_action_answers_alike_for_no_account_and_not_an_applicant(
    client, circle, coordinator, other_scheme, applied_elsewhere
):
    """No account-existence oracle: an existing member who did not apply to the scheme
    (inactive, or an applicant of another coordinator's scheme) gets the very message of
    an address with no account."""
    stranger = ProfileFactory(
        user__email="stranger@example.org", user__is_active=applied_elsewhere
    ).user
    if applied_elsewhere:
        _applied(other_scheme, stranger)
    client.force_login(coordinator)

    known = _action(client, circle, apply="1", email="stranger@example.org")
    unknown = _action(client, circle, apply="1", email="nobody@example.org")

    def shown(page, email):
        return [e.replace(email, "EMAIL") for e in page.context["form"].errors["email"]]

    assert shown(known, "stranger@example.org") == shown(unknown, "nobody@example.org")
    assert "stranger@example.org" not in str(known.context["form"].non_field_errors())
    assert not circle.facilitator_consents.exists()


def test_admin_action_service_refusal_is_shown(client, circle, coordinator, mentor):
    _applied(circle.scheme, mentor)
    client.force_login(coordinator)
    page = _action(client, circle, apply="1", email=mentor.email)
    assert page.context["form"].non_field_errors() == [
        f"{mentor.display_name} is a member of this circle."
    ]


def test_admin_action_is_not_offered_for_other_schemes_circles(
    client, circle, facilitator, other_coordinator
):
    client.force_login(other_coordinator)
    _action(client, circle, apply="1", email=facilitator.email)
    assert circle.members.filter(role=MemberRole.FACILITATOR).count() == 0


def test_a_coordinator_who_did_not_apply_cannot_facilitate(circle, coordinator, admin_user):
    # A facilitator reads the circle's notes and goals: staff never do by coordinating.
    with pytest.raises(ValidationError, match="has not applied to"):
        circle_facilitator_set(relationship=circle, user=coordinator, by=admin_user)
    assert circle.members.filter(role=MemberRole.FACILITATOR).count() == 0


def test_nobody_appoints_themselves(circle, circle_scheme, coordinator):
    _applied(circle_scheme, coordinator)
    with pytest.raises(ValidationError, match="Nobody can appoint themselves"):
        circle_facilitator_set(relationship=circle, user=coordinator, by=coordinator)
    assert circle.members.filter(role=MemberRole.FACILITATOR).count() == 0


@pytest.mark.parametrize("appointer", ["other_coordinator", "mentor", "outsider"])
def test_only_the_schemes_coordinators_appoint(circle, facilitator, appointer, request):
    with pytest.raises(PermissionDenied):
        circle_facilitator_set(
            relationship=circle, user=facilitator, by=request.getfixturevalue(appointer)
        )
    assert circle.members.filter(role=MemberRole.FACILITATOR).count() == 0


def test_the_schemes_coordinator_appoints_a_member_who_applied(circle, facilitator, coordinator):
    _appoint(circle, facilitator, coordinator)
    assert (facilitator.email, MemberRole.FACILITATOR) in _roles(circle)
