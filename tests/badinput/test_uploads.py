"""Oversized uploads: CPD evidence over 5 MB (cpd.validators.MAX_EVIDENCE_BYTES), import
CSVs over 5 MB (core.imports.IMPORT_MAX_BYTES), and form bodies over
DATA_UPLOAD_MAX_MEMORY_SIZE are refused with a message, and nothing is stored."""

from __future__ import annotations

from django.conf import settings
from django.contrib.admin.sites import site
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.models import Profile, User
from core.imports import IMPORT_MAX_BYTES
from cpd.validators import MAX_EVIDENCE_BYTES
from schemes.models import Application
from tests.cpd.factories import manual

from .harness import changed_tables, table_counts
from .test_cpd_forms import stored_files

TOO_BIG_EVIDENCE = "The file is 5.0 MB; the limit is 5 MB."
TOO_BIG_IMPORT = "The file is 5.0 MB; the limit for an import is 5 MB. Split it into smaller files."


def big_pdf(size: int) -> SimpleUploadedFile:
    return SimpleUploadedFile("big.pdf", b"%PDF-1.4\n" + b"0" * (size - 9), "application/pdf")


def test_evidence_limit_is_within_upload_settings():
    assert (MAX_EVIDENCE_BYTES, IMPORT_MAX_BYTES) == (5 * 1024 * 1024, 5 * 1024 * 1024)
    assert (
        settings.FILE_UPLOAD_MAX_MEMORY_SIZE
        == settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        == (5 * 1024 * 1024)
    )


def test_activity_with_oversized_evidence_refused_and_kept(client, mentee):
    client.force_login(mentee)
    before, files = table_counts(), stored_files()
    response = client.post(
        reverse("cpd:activity_add"),
        {
            "title": "Course on supervision",
            "activity_type": "course",
            "role": "participant",
            "date": "2026-03-01",
            "hours": "3.5",
            "evidence_file": big_pdf(MAX_EVIDENCE_BYTES + 1),
        },
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors == {"evidence_file": [TOO_BIG_EVIDENCE]}
    html = response.content.decode()
    assert TOO_BIG_EVIDENCE in html
    assert 'id="error_1_id_evidence_file"' in html
    assert 'value="Course on supervision"' in html
    assert (changed_tables(before, table_counts()), stored_files()) == ({}, files)


def test_evidence_exactly_at_limit_accepted(client, mentee):
    client.force_login(mentee)
    activity = manual(mentee)
    response = client.post(
        reverse("cpd:evidence_add", kwargs={"pk": activity.pk}),
        {"evidence_file": big_pdf(MAX_EVIDENCE_BYTES)},
    )
    assert response.status_code == 302
    assert list(activity.evidence.values_list("size", flat=True)) == [MAX_EVIDENCE_BYTES]


def test_evidence_over_limit_on_existing_activity_refused(client, mentee):
    client.force_login(mentee)
    activity = manual(mentee)
    before, files = table_counts(), stored_files()
    response = client.post(
        reverse("cpd:evidence_add", kwargs={"pk": activity.pk}),
        {"evidence_file": big_pdf(MAX_EVIDENCE_BYTES + 1), "evidence_description": "Cert"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {"evidence_file": [TOO_BIG_EVIDENCE]}
    assert 'value="Cert"' in response.content.decode()
    assert (changed_tables(before, table_counts()), stored_files()) == ({}, files)


def _csv_index(model) -> int:
    formats = site.get_model_admin(model).get_import_formats()
    return next(i for i, f in enumerate(formats) if f().get_title() == "csv")


def _oversized_csv(header: str, row: str) -> bytes:
    body = header.encode()
    line = row.encode()
    repeats = (IMPORT_MAX_BYTES - len(body)) // len(line) + 1
    return body + line * repeats


def test_member_import_over_limit_refused(client, admin_user):
    client.force_login(admin_user)
    data = _oversized_csv("email,first_name\n", "someone@example.org,Someone\n")
    assert len(data) > IMPORT_MAX_BYTES
    before = table_counts()
    response = client.post(
        reverse("admin:accounts_user_import"),
        {
            "format": _csv_index(User),
            "import_file": SimpleUploadedFile("members.csv", data, "text/csv"),
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {"import_file": [TOO_BIG_IMPORT]}
    assert TOO_BIG_IMPORT in response.content.decode()
    assert response.context.get("result") is None
    assert changed_tables(before, table_counts()) == {}


def test_application_import_over_limit_refused(client, coordinator, scheme):
    client.force_login(coordinator)
    data = _oversized_csv(
        "scheme,applicant_email,role\n", f"{scheme.slug},someone@example.org,mentee\n"
    )
    before = table_counts()
    response = client.post(
        reverse("admin:schemes_application_import"),
        {
            "format": _csv_index(Application),
            "import_file": SimpleUploadedFile("applications.csv", data, "text/csv"),
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {"import_file": [TOO_BIG_IMPORT]}
    assert changed_tables(before, table_counts()) == {}


def test_form_body_over_data_upload_limit_refused(client, mentee):
    """Text fields are not files: a body over DATA_UPLOAD_MAX_MEMORY_SIZE is a 400 with a
    page that says why, and the profile is unchanged."""
    client.force_login(mentee)
    before = list(Profile.objects.filter(user=mentee).values())
    response = client.post(
        reverse("accounts:profile"),
        {"job_title": "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)},
    )
    assert response.status_code == 400
    assert list(Profile.objects.filter(user=mentee).values()) == before
