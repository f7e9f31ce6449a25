"""Erasure in the authorization world: every member erased, every figure the same, and no
marker of theirs left in any table or in the file storage."""

from __future__ import annotations

import zipfile
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.db import connection
from django.urls import reverse

from accounts.erasure import ERASED_TEXT, user_erase
from accounts.models import (
    DataExport,
    ErasureRequest,
    ErasureRequestStatus,
    Organisation,
    Profile,
    User,
)
from accounts.services import profile_resolve
from cpd.models import Evidence, IssuedCertificate
from cpd.selectors import cpd_activities_for_user, hours_summary
from cpd.services import certificate_issue
from insights.exports import EXPORTS, export_csv
from insights.metrics import scheme_health
from mentoring_site.data_export import data_export_build
from schemes.models import Scheme
from sessions_log import services as rel_services
from sessions_log.models import Goal
from tests.authz import world as w

pytestmark = pytest.mark.django_db

# Written by staff, not by a member: erasing members leaves them.
STAFF_MARKERS = {w.PLANNING.text, w.DRAFT_NEWS.text}


def figures() -> dict:
    """The dashboard's figures for every scheme, every funder export of every scheme, and
    each member's CPD hours."""
    schemes = Scheme.objects.order_by("pk")
    found: dict = {"dashboard": scheme_health(schemes=schemes)}
    for scheme in schemes:
        for kind in EXPORTS:
            found[(scheme.pk, kind)] = export_csv(kind=kind, scheme=scheme, start=None, end=None)
    for user in User.objects.filter(is_staff=False).order_by("pk"):
        found[("cpd", user.pk)] = hours_summary(cpd_activities_for_user(user=user))
    return found


def text_in_database(needles: set[str]) -> dict[str, set[str]]:
    """Every table, every column: which needles each table still holds (case-insensitive)."""
    lowered = {n.lower(): n for n in needles}
    found: dict[str, set[str]] = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            for row in cursor.fetchall():
                text = " ".join(
                    bytes(c).decode("utf-8", "replace")
                    if isinstance(c, bytes | memoryview)
                    else str(c)
                    for c in row
                ).lower()
                for low, needle in lowered.items():
                    if low in text:
                        found.setdefault(table, set()).add(needle)
    return found


def members() -> list[User]:
    return list(User.objects.filter(is_staff=False, is_superuser=False).order_by("pk"))


def identity(users: list[User]) -> set[str]:
    found = set()
    for user in users:
        found.add(user.email)
        if user.get_full_name().strip():
            found.add(user.get_full_name())
    return found


@pytest.fixture
def world():
    return w.build_world()


def test_erasing_every_member_keeps_the_figures_and_leaves_no_marker(
    world, django_capture_on_commit_callbacks
):
    admin = world.user(w.ADMIN)
    people = members()
    # What a member adds for their CPD portfolio: a registration number and a certificate
    # that prints their name (its verification page must go with them).
    mentee = world.user(w.MENTEE)
    Profile.objects.filter(user=mentee).update(
        registration_number="OT-SECRET-REG-123", profession="Occupational therapist"
    )
    certificate_issue(
        user=mentee,
        relationship=world.rel_done,
        member_name=mentee.get_full_name(),
        role_label="Mentee",
        hours=Decimal("6.00"),
        sessions=3,
    )
    # The organisation they typed, which nobody else belongs to.
    profile = Profile.objects.get(user=mentee)
    profile.organisation = "ZQXORG1 Council"
    profile_resolve(profile=profile)
    profile.save()
    # The package of everything held about them, made before the erasure (not expired).
    export = data_export_build(export_id=DataExport.objects.create(user=mentee).pk)
    with zipfile.ZipFile(export.file.open("rb")) as package:
        assert mentee.email in package.read("my-data.json").decode()
        assert any(n.startswith("cpd-evidence/") for n in package.namelist())
    markers = {m.text for m in w.MARKERS} - STAFF_MARKERS | identity(people)
    markers.update({"OT-SECRET-REG-123", "ZQXORG1 Council"})
    before = figures()
    assert text_in_database(markers), "the world holds the markers to begin with"
    # The world's own files (another test's world may have left files in the in-memory
    # storage of this process: only these must go).
    evidence = [e.file.name for e in Evidence.objects.all()]
    assert any(w.EVIDENCE.text.encode() in default_storage.open(n).read() for n in evidence)
    photos = [p.photo.name for p in Profile.objects.exclude(photo="")]
    packages = [e.file.name for e in DataExport.objects.exclude(file="")]
    assert packages
    assert all(default_storage.exists(name) for name in packages)
    assert photos, "the world's members have photos"
    assert all(default_storage.exists(name) for name in photos)

    with django_capture_on_commit_callbacks(execute=True):
        for person in people:
            user_erase(user=person, by=admin)

    assert figures() == before
    assert text_in_database(markers) == {}
    assert [n for n in evidence + photos + packages if default_storage.exists(n)] == []
    assert not DataExport.objects.filter(user__in=people).exists()
    assert not Organisation.objects.filter(name="ZQXORG1 Council").exists()
    erased = User.objects.filter(pk__in=[p.pk for p in people])
    assert all(u.erased_at and not u.is_active and not u.has_usable_password() for u in erased)
    assert {u.display_name for u in erased} == {"Former member"}
    assert not IssuedCertificate.objects.filter(user__in=people).exists()


def test_the_partner_keeps_their_own_records_without_the_erased_persons_identity(
    world, client, django_capture_on_commit_callbacks
):
    mentee, mentor = world.user(w.MENTEE), world.mentor
    name, email = mentee.get_full_name(), mentee.email
    rel_services.message_send(relationship=world.rel, by=mentor, body=f"Thanks {name}!")
    with django_capture_on_commit_callbacks(execute=True):
        user_erase(user=mentee, by=world.user(w.ADMIN))

    client.force_login(mentor)
    page = client.get(world.rel.get_absolute_url()).content.decode()
    assert w.NOTE.text in page  # the pair's session notes stay for the partner
    conversation = client.get(reverse("sessions_log:messages", args=[world.rel.pk]))
    assert conversation.status_code == 200
    text = conversation.content.decode()
    assert w.MESSAGE.text in text  # the mentor's own message is theirs to read
    for gone in (name, email, w.OWN_MESSAGE.text, w.EXPECTATION.text, w.GOAL.text):
        assert gone not in page
        assert gone not in text
    assert Goal.objects.get(pk=world.objects["goal"].pk).what == ERASED_TEXT
    assert "Thanks Former member!" in text  # the partner's words stay, without the name


def test_the_partners_words_lose_even_a_first_name_and_nothing_is_sent_to_the_placeholder(
    world, client, mailoutbox, django_capture_on_commit_callbacks
):
    """A first name in the pair's shared records ("Jamie: ask ...") goes too, and nothing
    is ever emailed to the erased account's placeholder address. (The relationship keeps
    its status: every figure stays as it was; its coordinators decide what happens next.)"""
    mentee, mentor = world.user(w.MENTEE), world.mentor
    first = mentee.first_name
    assert len(first) >= 3
    rel_services.message_send(
        relationship=world.rel, by=mentor, body=f"{first}: see you on Tuesday, {first}."
    )
    with django_capture_on_commit_callbacks(execute=True):
        user_erase(user=mentee, by=world.user(w.ADMIN))

    client.force_login(mentor)
    conversation = client.get(reverse("sessions_log:messages", args=[world.rel.pk])).text
    assert "Former member: see you on Tuesday, Former member." in conversation
    assert f"{first}:" not in conversation
    mentee.refresh_from_db()
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        rel_services.message_send(relationship=world.rel, by=mentor, body="Still there?")
    assert "Still there?" in client.get(reverse("sessions_log:messages", args=[world.rel.pk])).text
    assert all(mentee.email not in m.to for m in mailoutbox)


def test_a_member_cannot_erase_anyone(world):
    with pytest.raises(PermissionDenied):
        user_erase(user=world.user(w.OUTSIDER), by=world.user(w.MENTEE))
    with pytest.raises(PermissionDenied):
        user_erase(user=world.user(w.MENTEE), by=world.user(w.MENTEE))
    assert not User.objects.filter(erased_at__isnull=False).exists()


def test_a_coordinator_cannot_erase_anyone(world):
    with pytest.raises(PermissionDenied):
        user_erase(user=world.user(w.MENTEE), by=world.user(w.COORD))
    assert not User.objects.filter(erased_at__isnull=False).exists()


def test_bad_input_is_refused_and_changes_nothing(world, django_capture_on_commit_callbacks):
    admin, mentee = world.user(w.ADMIN), world.user(w.MENTEE)
    with pytest.raises(ValidationError, match="your own account"):
        user_erase(user=admin, by=admin)
    other_admin = User.objects.create_superuser("second-admin@example.org", "x")
    with pytest.raises(ValidationError, match="administrator rights"):
        user_erase(user=other_admin, by=admin)
    with django_capture_on_commit_callbacks(execute=True):
        user_erase(user=mentee, by=admin)
    with pytest.raises(ValidationError, match="already been erased"):
        user_erase(user=User.objects.get(pk=mentee.pk), by=admin)
    assert User.objects.get(pk=other_admin.pk).erased_at is None


def test_the_scheduled_run_marks_a_pending_request_done(world, django_capture_on_commit_callbacks):
    outsider = world.user(w.OUTSIDER)
    request = ErasureRequest.objects.get(user=outsider)
    with django_capture_on_commit_callbacks(execute=True):
        user_erase(user=outsider, by=None)
    request.refresh_from_db()
    assert request.status == ErasureRequestStatus.DONE
    assert request.decided_by is None


def test_an_erased_coordinator_coordinates_nothing(world, django_capture_on_commit_callbacks):
    coordinator = world.user(w.COORD)
    assert coordinator.coordinated_schemes.exists()
    with django_capture_on_commit_callbacks(execute=True):
        user_erase(user=coordinator, by=world.user(w.ADMIN))
    erased = User.objects.get(pk=coordinator.pk)
    assert not erased.coordinated_schemes.exists()
    assert not erased.is_staff
    assert not erased.groups.exists()
    assert text_in_database({coordinator.get_full_name()}) == {}
    # (other-coord@example.org holds the address as a part of its own)
    assert not User.objects.filter(email__iexact=coordinator.email).exists()
