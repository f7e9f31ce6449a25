"""What erasure removes beside the member's own rows: the packages of their data they
asked for (file and row, at once, expired or not) and the organisation only they named
(one somebody else belongs to stays)."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accounts.erasure import user_erase
from accounts.models import (
    DataExport,
    DataExportStatus,
    NotificationKind,
    Organisation,
    OrganisationAlias,
    SentNotification,
)
from accounts.services import organisation_merge, profile_resolve
from mentoring_site import data_export
from mentoring_site.data_export import data_export_build

pytestmark = pytest.mark.django_db


def _belongs(user, name: str) -> Organisation:
    profile = user.profile
    profile.organisation = name
    profile_resolve(profile=profile)
    profile.save()
    return profile.organisation_record


def _erase(user, by, capture) -> None:
    with capture(execute=True):
        user_erase(user=user, by=by)


def test_every_package_goes_at_once_with_its_file(
    mentee, admin_user, django_capture_on_commit_callbacks
):
    ready = data_export_build(export_id=DataExport.objects.create(user=mentee).pk)
    expired = DataExport.objects.create(user=mentee, status=DataExportStatus.EXPIRED)
    pending = DataExport.objects.create(user=mentee)
    storage, name = ready.file.storage, ready.file.name
    assert storage.exists(name)

    _erase(mentee, admin_user, django_capture_on_commit_callbacks)

    assert not storage.exists(name)
    assert not DataExport.objects.filter(pk__in=[ready.pk, expired.pk, pending.pk]).exists()


def test_another_members_package_stays(
    mentee, outsider, admin_user, django_capture_on_commit_callbacks
):
    theirs = data_export_build(export_id=DataExport.objects.create(user=outsider).pk)
    _erase(mentee, admin_user, django_capture_on_commit_callbacks)
    assert theirs.file.storage.exists(theirs.file.name)
    assert DataExport.objects.filter(pk=theirs.pk).exists()


def test_a_package_being_prepared_when_they_are_erased_is_never_stored(
    mentee, admin_user, monkeypatch, django_capture_on_commit_callbacks
):
    export = DataExport.objects.create(user=mentee)
    write = data_export.package_write

    def erased_meanwhile(*, user, into) -> None:
        write(user=user, into=into)  # the package is made, then the erasure commits
        _erase(mentee, admin_user, django_capture_on_commit_callbacks)

    monkeypatch.setattr(data_export, "package_write", erased_meanwhile)
    built = data_export_build(export_id=export.pk)
    assert not built.file
    assert not DataExport.objects.filter(user=mentee).exists()
    assert not SentNotification.objects.filter(kind=NotificationKind.DATA_EXPORT).exists()


def test_the_organisation_only_they_named_goes_with_its_aliases(
    mentee, admin_user, django_capture_on_commit_callbacks
):
    mine = _belongs(mentee, "ZQXORG1 Council")
    OrganisationAlias.objects.create(organisation=mine, name="ZQXORG1 Borough Council")
    _erase(mentee, admin_user, django_capture_on_commit_callbacks)
    assert not Organisation.objects.filter(pk=mine.pk).exists()
    assert not OrganisationAlias.objects.filter(name__startswith="ZQXORG1").exists()


def test_an_organisation_someone_else_belongs_to_stays(
    mentee, mentor, admin_user, django_capture_on_commit_callbacks
):
    shared = _belongs(mentee, "Shared Trust")
    # The other member typed it differently: the same organisation.
    assert _belongs(mentor, "the shared trust ltd") == shared
    _erase(mentee, admin_user, django_capture_on_commit_callbacks)
    assert Organisation.objects.filter(pk=shared.pk).exists()
    mentor.profile.refresh_from_db()
    assert mentor.profile.organisation_record == shared


def test_a_merged_organisation_stays_when_the_other_name_has_members(
    mentee, mentor, admin_user, django_capture_on_commit_callbacks
):
    mine = _belongs(mentee, "ZQXORG2 Unit")
    other = _belongs(mentor, "Another Unit")
    organisation_merge(keep=mine, others=[other])
    _erase(mentee, admin_user, django_capture_on_commit_callbacks)
    assert Organisation.objects.filter(pk=mine.pk).exists()


def test_a_member_with_no_organisation_erases_cleanly_and_the_list_is_untouched(
    mentee, admin_user, django_capture_on_commit_callbacks
):
    unrelated = Organisation.objects.create(name="Nobody's Yet")
    _erase(mentee, admin_user, django_capture_on_commit_callbacks)
    assert Organisation.objects.filter(pk=unrelated.pk).exists()


def test_a_refused_erasure_keeps_the_package_and_the_organisation(
    mentee, django_capture_on_commit_callbacks
):
    mine = _belongs(mentee, "ZQXORG3 Office")
    export = data_export_build(export_id=DataExport.objects.create(user=mentee).pk)
    with pytest.raises(PermissionDenied):
        _erase(mentee, mentee, django_capture_on_commit_callbacks)  # only an administrator
    assert Organisation.objects.filter(pk=mine.pk).exists()
    assert export.file.storage.exists(export.file.name)


def test_a_second_erasure_of_the_same_person_is_refused(
    mentee, admin_user, django_capture_on_commit_callbacks
):
    _erase(mentee, admin_user, django_capture_on_commit_callbacks)
    with pytest.raises(ValidationError):
        _erase(mentee, admin_user, django_capture_on_commit_callbacks)
