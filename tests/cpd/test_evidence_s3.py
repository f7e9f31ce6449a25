"""CPD evidence on S3-compatible object storage (a real server: tests/s3_server.py): the file
is uploaded as a private object, reaches only its owner through the access-checked view
(streamed, or by a signed link that expires within a minute) and is deleted with its
activity."""

import urllib.parse
import urllib.request

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cpd.models import Evidence
from tests.cpd.factories import manual
from tests.s3_server import s3_endpoint, s3_storage  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%evidence on s3\n"
ALL_USERS = "http://acs.amazonaws.com/groups/global/AllUsers"


def _upload(client, user) -> Evidence:
    client.force_login(user)
    response = client.post(
        reverse("cpd:activity_add"),
        {
            "title": "Supervision course",
            "activity_type": "course",
            "role": "participant",
            "date": "2025-04-01",
            "hours": "3.5",
            "description": "Learned to supervise.",
            "evidence_description": "Certificate",
            "evidence_file": SimpleUploadedFile("cert.pdf", PDF, content_type="application/pdf"),
        },
    )
    assert response.status_code == 302
    return Evidence.objects.get()


def test_upload_is_a_private_object_in_the_bucket(client, mentor, s3_storage):  # noqa: F811
    evidence = _upload(client, mentor)
    assert s3_storage.keys() == [evidence.file.name]
    assert evidence.file.name.startswith("cpd/evidence/")
    body = s3_storage.client.get_object(Bucket=s3_storage.bucket, Key=evidence.file.name)["Body"]
    assert body.read() == PDF
    acl = s3_storage.client.get_object_acl(Bucket=s3_storage.bucket, Key=evidence.file.name)
    grantees = [grant["Grantee"] for grant in acl["Grants"]]
    assert [g.get("URI") for g in grantees if g.get("Type") == "Group"] == []
    assert [grant["Permission"] for grant in acl["Grants"]] == ["FULL_CONTROL"]


def test_owner_downloads_through_the_view(client, mentor, s3_storage):  # noqa: F811
    evidence = _upload(client, mentor)
    response = client.get(reverse("cpd:evidence", args=[evidence.pk]))
    assert (response.status_code, b"".join(response.streaming_content)) == (200, PDF)
    assert response["Content-Disposition"] == 'attachment; filename="cert.pdf"'
    assert response["Cache-Control"] == "private, no-store"
    assert s3_storage.endpoint not in str(response.headers)


def test_signed_redirect_serves_the_file_and_expires_in_a_minute(
    client,
    mentor,
    s3_storage,  # noqa: F811
    settings,
):
    settings.S3_PRESIGNED_REDIRECT = True
    evidence = _upload(client, mentor)
    response = client.get(reverse("cpd:evidence", args=[evidence.pk]))
    assert response.status_code == 302
    assert response["Cache-Control"] == "private, no-store"
    url = response["Location"]
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(url).query)
    assert url.startswith(f"{s3_storage.endpoint}/{s3_storage.bucket}/cpd/evidence/")
    assert (query["X-Amz-Expires"], "X-Amz-Signature" in query) == (["60"], True)
    with urllib.request.urlopen(url, timeout=10) as served:  # noqa: S310 (the test's server)
        assert served.read() == PDF
        assert served.headers["Content-Type"] == "application/pdf"
        assert served.headers["Content-Disposition"] == 'attachment; filename="cert.pdf"'


@pytest.mark.parametrize("redirect", [False, True])
@pytest.mark.parametrize("who", ["mentee", "outsider", "coordinator", "admin_user"])
def test_anyone_else_gets_404_and_no_link(
    client,
    mentor,
    s3_storage,  # noqa: F811
    settings,
    request,
    who,
    redirect,
):
    settings.S3_PRESIGNED_REDIRECT = redirect
    evidence = _upload(client, mentor)
    client.force_login(request.getfixturevalue(who))
    response = client.get(reverse("cpd:evidence", args=[evidence.pk]))
    assert response.status_code == 404
    assert "Location" not in response
    assert s3_storage.endpoint not in response.content.decode()


def test_deleting_the_activity_deletes_the_object(
    client,
    mentor,
    s3_storage,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    evidence = _upload(client, mentor)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("cpd:activity_delete", args=[evidence.activity_id]), {"confirm": "yes"}
        )
    assert response.status_code == 302
    assert (Evidence.objects.count(), s3_storage.keys()) == (0, [])


def test_rejected_upload_writes_nothing_to_the_bucket(client, mentor, s3_storage):  # noqa: F811
    client.force_login(mentor)
    activity = manual(mentor)
    response = client.post(
        reverse("cpd:evidence_add", args=[activity.pk]),
        {"evidence_file": SimpleUploadedFile("run.exe", b"MZ", "application/octet-stream")},
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "evidence_file": ["Upload a PDF, PNG, JPEG, Word (.docx) or plain text file."]
    }
    assert (Evidence.objects.count(), s3_storage.keys()) == (0, [])
