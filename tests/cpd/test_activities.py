"""The CPD record page, manual activities with evidence uploads, and standards tags."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cpd.models import ActivityTag, Evidence, Framework, ManualActivity, Standard
from cpd.validators import MAX_EVIDENCE_BYTES
from tests.cpd.factories import attended_event, held, manual, pair

pytestmark = pytest.mark.django_db

OTHERS = ["outsider", "coordinator", "other_coordinator", "admin_user"]
PDF = b"%PDF-1.4\n%test\n"


def _form(**extra):
    return {
        "title": "Supervision course",
        "activity_type": "course",
        "role": "participant",
        "date": "2025-04-01",
        "hours": "3.5",
        "description": "Learned to supervise.",
        "evidence_description": "Certificate",
        **extra,
    }


def test_hcpc_standards_ship_as_data():
    framework = Framework.objects.get(name="HCPC standards for CPD")
    assert [s.number for s in framework.standards.all()] == [1, 2, 3, 4, 5]
    assert framework.standards.get(number=4).text == (
        "Seek to ensure that their CPD benefits the service user."
    )


def test_record_shows_hours_and_activities(client, scheme, mentor, mentee):
    held(pair(scheme, mentor, mentee), 1, minutes=90)
    manual(mentor, hours="2")
    client.force_login(mentor)
    response = client.get(reverse("cpd:record"))
    assert response.status_code == 200
    assert response.context["summary"].total == Decimal("3.50")
    assert [a.source_type for a in response.context["activities"]] == ["session", "manual"]


def test_record_period_filter(client, mentor):
    manual(mentor, on=date(2025, 1, 1))
    manual(mentor, on=date(2025, 6, 1))
    client.force_login(mentor)
    response = client.get(reverse("cpd:record"), {"start": "2025-05-01", "end": "2025-12-31"})
    assert [a.date for a in response.context["activities"]] == [date(2025, 6, 1)]


@pytest.mark.parametrize("count", [1, 40])
def test_record_query_count_constant(
    client, scheme, mentor, mentee, count, django_assert_num_queries
):
    rel = pair(scheme, mentor, mentee)
    for i in range(count):
        held(rel, i + 1)
        manual(mentor)
        attended_event(scheme, mentor)
    client.force_login(mentor)
    with django_assert_num_queries(11):
        response = client.get(reverse("cpd:record"))
    assert len(response.context["activities"]) == 3 * count


def test_add_activity_with_evidence(client, mentor):
    client.force_login(mentor)
    standard = Standard.objects.get(number=2)
    response = client.post(
        reverse("cpd:activity_add"),
        _form(
            standards=[standard.pk],
            evidence_file=SimpleUploadedFile("cert.pdf", PDF, content_type="application/pdf"),
        ),
    )
    assert response.url == reverse("cpd:record")
    activity = ManualActivity.objects.get()
    evidence = activity.evidence.get()
    assert (activity.user, activity.hours, list(activity.standards.all())) == (
        mentor,
        Decimal("3.50"),
        [standard],
    )
    assert (evidence.original_name, evidence.content_type, evidence.size) == (
        "cert.pdf",
        "application/pdf",
        len(PDF),
    )
    assert evidence.file.read() == PDF


@pytest.mark.parametrize(
    ("name", "content", "content_type", "message"),
    [
        (
            "big.pdf",
            b"%PDF-" + b"0" * MAX_EVIDENCE_BYTES,
            "application/pdf",
            "The file is 5.0 MB; the limit is 5 MB.",
        ),
        (
            "run.exe",
            b"MZ",
            "application/octet-stream",
            "Upload a PDF, PNG, JPEG, Word (.docx) or plain text file.",
        ),
        (
            "fake.pdf",
            b"MZ\x90\x00",
            "application/pdf",
            "The file's content does not match its name (.pdf).",
        ),
        (
            "photo.png",
            b"\x89PNG\r\n\x1a\n",
            "application/pdf",
            "The file's type does not match its name (.png).",
        ),
        ("notes.txt", b"a\x00b", "text/plain", "This is not a plain text file."),
        ("empty.txt", b"", "text/plain", "The submitted file is empty."),
    ],
)
def test_rejected_upload_keeps_the_rest_of_the_form(
    client, mentor, name, content, content_type, message
):
    client.force_login(mentor)
    response = client.post(
        reverse("cpd:activity_add"),
        _form(evidence_file=SimpleUploadedFile(name, content, content_type=content_type)),
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {"evidence_file": [message]}
    body = response.content.decode()
    assert 'value="Supervision course"' in body
    assert "Learned to supervise." in body
    assert (ManualActivity.objects.count(), Evidence.objects.count()) == (0, 0)


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("a.png", b"\x89PNG\r\n\x1a\nrest", "image/png"),
        ("a.jpg", b"\xff\xd8\xff\xe0rest", "image/jpeg"),
        (
            "a.docx",
            b"PK\x03\x04rest",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        ("a.txt", "notes café".encode(), "text/plain"),
    ],
)
def test_allowed_uploads(client, mentor, name, content, content_type):
    client.force_login(mentor)
    client.post(
        reverse("cpd:activity_add"),
        _form(evidence_file=SimpleUploadedFile(name, content, content_type=content_type)),
    )
    assert Evidence.objects.get().original_name == name


def test_add_activity_bad_input(client, mentor):
    client.force_login(mentor)
    response = client.post(
        reverse("cpd:activity_add"), _form(hours="0", date="2999-01-01", activity_type="x")
    )
    assert sorted(response.context["form"].errors) == ["activity_type", "date", "hours"]
    assert ManualActivity.objects.count() == 0


def test_evidence_download_for_owner(client, mentor):
    client.force_login(mentor)
    client.post(
        reverse("cpd:activity_add"),
        _form(evidence_file=SimpleUploadedFile("cert.pdf", PDF, content_type="application/pdf")),
    )
    evidence = Evidence.objects.get()
    response = client.get(reverse("cpd:evidence", args=[evidence.pk]))
    assert (response.status_code, b"".join(response.streaming_content)) == (200, PDF)
    assert response["Content-Disposition"] == 'attachment; filename="cert.pdf"'


@pytest.mark.parametrize("who", ["mentee", *OTHERS])
def test_evidence_and_activity_are_404_for_others(client, mentor, who, request):
    activity = manual(mentor)
    evidence = Evidence.objects.create(
        activity=activity,
        file=SimpleUploadedFile("x.pdf", PDF),
        original_name="x.pdf",
        content_type="application/pdf",
        size=len(PDF),
    )
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("cpd:evidence", args=[evidence.pk])).status_code == 404
    assert client.post(reverse("cpd:activity_delete", args=[activity.pk])).status_code == 404
    url = reverse("cpd:activity_standards", args=["manual", activity.pk])
    assert client.get(url).status_code == 404
    assert ManualActivity.objects.count() == 1


def test_delete_own_activity_removes_evidence_file(
    client, mentor, django_capture_on_commit_callbacks
):
    client.force_login(mentor)
    client.post(
        reverse("cpd:activity_add"),
        _form(evidence_file=SimpleUploadedFile("cert.pdf", PDF, content_type="application/pdf")),
    )
    evidence = Evidence.objects.get()
    storage, name = evidence.file.storage, evidence.file.name
    with django_capture_on_commit_callbacks(execute=True):
        url = reverse("cpd:activity_delete", args=[evidence.activity_id])
        page = client.get(url)
        unconfirmed = client.post(url)
        assert (page.status_code, unconfirmed.status_code) == (200, 200)
        assert ManualActivity.objects.count() == 1  # nothing happens before "Yes"
        client.post(url, {"confirm": "yes"})
    assert (ManualActivity.objects.count(), storage.exists(name)) == (0, False)


def test_tag_standards_on_a_held_session(client, scheme, mentor, mentee):
    session = held(pair(scheme, mentor, mentee), 1)
    s1, s3 = Standard.objects.filter(number__in=[1, 3]).order_by("number")
    client.force_login(mentor)
    url = reverse("cpd:activity_standards", args=["session", session.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"standards": [s1.pk, s3.pk]})
    assert response.url == reverse("cpd:record")
    assert sorted(ActivityTag.objects.values_list("user", "source_id", "standard__number")) == [
        (mentor.pk, session.pk, 1),
        (mentor.pk, session.pk, 3),
    ]
    client.post(url, {"standards": [s3.pk]})
    assert list(ActivityTag.objects.values_list("standard__number", flat=True)) == [3]


def test_tag_standards_on_manual_activity(client, mentor):
    activity = manual(mentor)
    standard = Standard.objects.get(number=5)
    client.force_login(mentor)
    client.post(
        reverse("cpd:activity_standards", args=["manual", activity.pk]),
        {"standards": [standard.pk]},
    )
    assert list(activity.standards.all()) == [standard]


@pytest.mark.parametrize("who", ["outsider", "coordinator", "admin_user"])
def test_tag_someone_elses_session_is_404(client, scheme, mentor, mentee, who, request):
    session = held(pair(scheme, mentor, mentee), 1)
    client.force_login(request.getfixturevalue(who))
    url = reverse("cpd:activity_standards", args=["session", session.pk])
    assert client.post(url, {"standards": []}).status_code == 404
    assert client.get(reverse("cpd:activity_standards", args=["bogus", 1])).status_code == 404


PAGES = [
    "cpd:record",
    "cpd:activity_add",
    "cpd:reflections",
    "cpd:reflection_create",
    "cpd:profile",
    "cpd:export",
    "cpd:export_csv",
    "member_data",
]


@pytest.mark.parametrize("name", PAGES)
def test_pages_need_sign_in(client, name):
    response = client.get(reverse(name))
    assert (response.status_code, response.url.split("?")[0]) == (302, "/accounts/login/")


@pytest.mark.parametrize("name", PAGES)
@pytest.mark.parametrize("who", ["outsider", "coordinator", "admin_user"])
def test_pages_show_only_own_empty_record(client, scheme, mentor, mentee, name, who, request):
    held(pair(scheme, mentor, mentee), 1, title="Mentor's private session")
    client.force_login(request.getfixturevalue(who))
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert "Mentor&#x27;s private session" not in response.content.decode()
    assert "Mentor's private session" not in response.content.decode()


def test_add_evidence_to_existing_activity(client, mentor):
    activity = manual(mentor)
    client.force_login(mentor)
    url = reverse("cpd:evidence_add", args=[activity.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "evidence_file": SimpleUploadedFile("cert.pdf", PDF, content_type="application/pdf"),
            "evidence_description": "Certificate of completion",
        },
    )
    assert response.url == reverse("cpd:record")
    evidence = activity.evidence.get()
    assert (evidence.original_name, evidence.description, evidence.file.read()) == (
        "cert.pdf",
        "Certificate of completion",
        PDF,
    )
    record = client.get(reverse("cpd:record")).content.decode()
    assert reverse("cpd:evidence_add", args=[activity.pk]) in record
    assert reverse("cpd:evidence", args=[evidence.pk]) in record


def test_add_evidence_bad_file_keeps_description_and_stores_nothing(client, mentor):
    activity = manual(mentor)
    client.force_login(mentor)
    response = client.post(
        reverse("cpd:evidence_add", args=[activity.pk]),
        {
            "evidence_file": SimpleUploadedFile("run.exe", b"MZ", "application/octet-stream"),
            "evidence_description": "My certificate",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "evidence_file": ["Upload a PDF, PNG, JPEG, Word (.docx) or plain text file."]
    }
    assert 'value="My certificate"' in response.content.decode()
    assert Evidence.objects.count() == 0


def test_add_evidence_needs_a_file(client, mentor):
    activity = manual(mentor)
    client.force_login(mentor)
    response = client.post(reverse("cpd:evidence_add", args=[activity.pk]), {})
    assert response.context["form"].errors == {"evidence_file": ["This field is required."]}
    assert Evidence.objects.count() == 0


@pytest.mark.parametrize("who", ["mentee", *OTHERS])
def test_add_evidence_to_someone_elses_activity_is_404(client, mentor, who, request):
    activity = manual(mentor)
    client.force_login(request.getfixturevalue(who))
    url = reverse("cpd:evidence_add", args=[activity.pk])
    assert client.get(url).status_code == 404
    upload = SimpleUploadedFile("cert.pdf", PDF, content_type="application/pdf")
    assert client.post(url, {"evidence_file": upload}).status_code == 404
    assert Evidence.objects.count() == 0


def test_add_evidence_needs_sign_in(client, mentor):
    activity = manual(mentor)
    response = client.get(reverse("cpd:evidence_add", args=[activity.pk]))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
