"""The member's data: what the export holds (their own records and their relationships'
shared record, never a partner's private words), its constant number of queries, and the
full package prepared in the background, emailed as a link only its owner can open."""

from __future__ import annotations

import io
import json
import re
import uuid
import zipfile
from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from accounts.data_exports import data_exports_purge
from accounts.models import DataExport, DataExportStatus, NotificationKind, SentNotification
from mentoring_site.data_export import data_export_build, data_export_request
from mentoring_site.member_data import PART_MODULES, member_data
from tests.factories import ProfileFactory
from tests.member_data_world import MINE, PRIVATE, SHARED, STRANGER, full_record

pytestmark = pytest.mark.django_db


@pytest.fixture
def record(scheme, mentor, mentee, outsider):
    """The mentee's full record, with their partner (the mentor) and a stranger beside."""
    full_record(scheme, mentee, mentor, outsider, n=2)


def test_export_holds_the_members_records_and_the_shared_record_only(record, mentee):
    text = json.dumps(member_data(user=mentee))
    for kind in ("expect", "goal", "progress", "action", "message", "notes"):
        assert f"{SHARED} {kind}" in text, kind
    for kind in ("email", "body", "consent", "answer", "event", "report", "concern", "feedback"):
        assert f"{MINE} {kind}" in text, kind
    for kind in ("ending", "course", "reflection", "practice", ".pdf"):
        assert f"{MINE} {kind}" in text or f"{MINE}{kind}" in text, kind
    assert PRIVATE not in text
    assert STRANGER not in text


def test_the_partners_export_has_the_shared_record_but_not_the_members_own_words(record, mentor):
    text = json.dumps(member_data(user=mentor))
    assert f"{MINE} goal" in text  # the mentee's goal is the pair's
    for kind in ("concern", "feedback", "report", "ending", "reflection", "email", "consent"):
        assert f"{MINE} {kind}" not in text, kind


def _queries_per_part(user) -> list[int]:
    counts = []
    for module in PART_MODULES:
        with CaptureQueriesContext(connection) as queries:
            module.member_data(user=user)
        counts.append(len(queries.captured_queries))
    return counts


def test_export_queries_do_not_grow_with_the_rows(scheme, other_scheme, mentor, mentee, outsider):
    full_record(scheme, mentee, mentor, outsider, n=1)
    few = _queries_per_part(mentee)
    busy = ProfileFactory().user
    full_record(other_scheme, busy, ProfileFactory().user, outsider, n=7)
    assert len(member_data(user=busy)["messages"]) == 14
    # accounts, schemes, matching, sessions_log, cpd, insights: as each part's docstring says
    assert few == _queries_per_part(busy) == [10, 9, 4, 25, 11, 2]


# -- the package, prepared in the background and emailed as a link -----------------------


def _link(text: str) -> str:
    return re.search(r"https?://\S+/portal/my-data/[0-9a-f-]+/", text).group(0)


def test_member_asks_and_gets_an_emailed_link_to_their_package(
    client, record, mentee, django_capture_on_commit_callbacks
):
    client.force_login(mentee)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("my_data"))
    assert response.status_code == 302
    export = DataExport.objects.get(user=mentee)
    assert export.status == DataExportStatus.READY
    sent = SentNotification.objects.get(recipient=mentee, kind=NotificationKind.DATA_EXPORT)
    assert str(export.token) in sent.body_text

    path = _link(sent.body_text).split("://", 1)[1].split("/", 1)[1]
    download = client.get("/" + path)
    assert download.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content)))
    assert sorted(archive.namelist()) == ["my-data.html", "my-data.json", "my-data.pdf"]
    data = json.loads(archive.read("my-data.json"))
    assert data["account"]["email"] == mentee.email
    html = archive.read("my-data.html").decode()
    for shown in (f"{MINE} goal", f"{SHARED} notes", "<h2>Goals</h2>"):
        assert shown in html
    pdf = PdfReader(io.BytesIO(archive.read("my-data.pdf")))
    pdf_text = " ".join(page.extract_text() for page in pdf.pages)
    assert f"{MINE} goal" in pdf_text
    for text in (html, pdf_text, archive.read("my-data.json").decode()):
        assert PRIVATE not in text
        assert STRANGER not in text
    page = client.get(reverse("my_data")).content.decode()
    assert reverse("data_export_download", args=[export.token]) in page


def test_the_email_goes_out(client, mentee, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        export = data_export_request(user=mentee)
    # the delivery task queued on commit of the build ran eagerly too
    assert [m.to for m in mail.outbox] == [[mentee.email]]
    assert str(export.token) in mail.outbox[0].body


def _ready(user) -> DataExport:
    export = DataExport.objects.create(user=user)
    return data_export_build(export_id=export.pk)


@pytest.mark.parametrize("who", ["mentor", "outsider", "coordinator", "admin_user"])
def test_nobody_but_the_member_downloads_it(client, mentee, who, request):
    export = _ready(mentee)
    client.force_login(request.getfixturevalue(who))
    response = client.get(reverse("data_export_download", args=[export.token]))
    assert response.status_code == 404


def test_signed_out_is_asked_to_sign_in(client, mentee):
    export = _ready(mentee)
    response = client.get(reverse("data_export_download", args=[export.token]))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_an_unknown_link_is_a_404(client, mentee):
    client.force_login(mentee)
    assert client.get(reverse("data_export_download", args=[uuid.uuid4()])).status_code == 404
    assert client.get("/portal/my-data/not-a-token/").status_code == 404


def test_an_expired_link_is_gone_and_the_file_deleted(client, mentee):
    export = _ready(mentee)
    name = export.file.name
    storage = export.file.storage
    assert storage.exists(name)
    DataExport.objects.filter(pk=export.pk).update(expires_at=timezone.now() - timedelta(1))
    client.force_login(mentee)
    response = client.get(reverse("data_export_download", args=[export.token]))
    assert response.status_code == 410
    assert "expired" in response.content.decode()

    assert data_exports_purge() == 1
    assert not storage.exists(name)
    export.refresh_from_db()
    assert (export.status, export.file.name) == (DataExportStatus.EXPIRED, "")
    assert client.get(reverse("data_export_download", args=[export.token])).status_code == 410


def test_a_package_still_being_prepared_says_so(client, mentee):
    export = DataExport.objects.create(user=mentee)
    client.force_login(mentee)
    response = client.get(reverse("data_export_download", args=[export.token]))
    assert response.status_code == 409
    assert "still being prepared" in response.content.decode()


def test_a_second_request_while_one_is_prepared_is_refused(client, mentee):
    DataExport.objects.create(user=mentee)
    client.force_login(mentee)
    response = client.post(reverse("my_data"), follow=True)
    assert "already being prepared" in response.content.decode()
    assert DataExport.objects.filter(user=mentee).count() == 1


def test_a_retried_build_does_nothing_twice(mentee):
    export = _ready(mentee)
    again = data_export_build(export_id=export.pk)
    assert again.file.name == export.file.name
    assert SentNotification.objects.filter(kind=NotificationKind.DATA_EXPORT).count() == 1


def test_a_failed_build_lets_the_member_ask_again(mentee, settings):
    export = DataExport.objects.create(user=mentee)
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [], "APP_DIRS": False}]
    with pytest.raises(Exception, match="member_data/summary.html"):
        data_export_build(export_id=export.pk)
    export.refresh_from_db()
    assert export.status == DataExportStatus.FAILED
    assert data_export_request(user=mentee).status == DataExportStatus.PENDING


@pytest.mark.parametrize("count", [1, 5])
def test_data_page_lists_the_members_packages_in_constant_queries(
    client, mentee, outsider, count, django_assert_num_queries
):
    for _ in range(count):
        _ready(mentee)
    _ready(outsider)
    client.force_login(mentee)
    # the session, the user, the packages
    with django_assert_num_queries(3):
        page = client.get(reverse("my_data")).content.decode()
    assert page.count("Download (zip)") == count
