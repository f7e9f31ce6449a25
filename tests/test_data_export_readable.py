"""The member's package for people: the evidence files themselves and what each is, dates
in the member's zone, choices and countries by name, human headings, no empty section;
the JSON beside it stays complete and machine-readable."""

from __future__ import annotations

import io
import json
import re
import zipfile
from datetime import UTC, date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.dateformat import format as date_format
from pypdf import PdfReader

from accounts.models import ConsentRecord, DataExport, Profile
from cpd import services as cpd_services
from cpd.models import Evidence
from mentoring_site.data_export import data_export_build, package_write
from mentoring_site.data_export_readable import is_named, summary_sections
from mentoring_site.data_export_words import HEADINGS
from mentoring_site.member_data import member_data, member_data_values
from tests.factories import ProfileFactory
from tests.member_data_world import full_record

pytestmark = pytest.mark.django_db

EVIDENCE_BYTES = b"Certificate of attendance: ZQX-EVIDENCE-BYTES\n"


def _evidence(user, *, name="certificate.txt", description="ZQX attendance certificate"):
    activity = cpd_services.manual_activity_create(
        user=user,
        title="Course on supervision",
        activity_type="course",
        role="participant",
        date=date(2025, 4, 1),
        hours=Decimal("3.5"),
        evidence_file=SimpleUploadedFile(name, EVIDENCE_BYTES, content_type="text/plain"),
        evidence_description=description,
    )
    return activity.evidence.get()


def _package(user) -> zipfile.ZipFile:
    export = data_export_build(export_id=DataExport.objects.create(user=user).pk)
    with export.file.open("rb") as stored:
        return zipfile.ZipFile(io.BytesIO(stored.read()))


def _pdf_text(archive: zipfile.ZipFile) -> str:
    pdf = PdfReader(io.BytesIO(archive.read("my-data.pdf")))
    return " ".join(page.extract_text() for page in pdf.pages)


# -- 4. the evidence itself, and what it is ------------------------------------------------


def test_the_evidence_files_are_in_the_package_where_the_data_names_them(mentee):
    evidence = _evidence(mentee)
    archive = _package(mentee)
    data = json.loads(archive.read("my-data.json"))
    exported = data["cpd_activities"][0]["evidence"][0]
    assert exported["description"] == "ZQX attendance certificate"
    assert exported["file"] == f"cpd-evidence/{evidence.pk}-certificate.txt"
    assert archive.read(exported["file"]) == EVIDENCE_BYTES
    html = archive.read("my-data.html").decode()
    assert f'href="{exported["file"]}"' in html
    assert "ZQX attendance certificate" in html
    assert "ZQX attendance certificate" in _pdf_text(archive)


def test_only_the_members_own_evidence_is_in_their_package(mentee, mentor):
    _evidence(mentor, description="ZQX the mentor's")
    mine = _evidence(mentee)
    archive = _package(mentee)
    files = [n for n in archive.namelist() if n.startswith("cpd-evidence/")]
    assert files == [f"cpd-evidence/{mine.pk}-certificate.txt"]
    assert "ZQX the mentor's" not in archive.read("my-data.json").decode()


def test_an_evidence_name_cannot_leave_its_folder(mentee):
    evidence = _evidence(mentee)
    Evidence.objects.filter(pk=evidence.pk).update(original_name="../../etc/passwd")
    names = _package(mentee).namelist()
    (name,) = [n for n in names if n.startswith("cpd-evidence/")]
    assert ".." not in name
    assert "/" not in name.removeprefix("cpd-evidence/")


def test_an_evidence_file_missing_from_storage_leaves_the_package_whole(mentee):
    evidence = _evidence(mentee)
    evidence.file.storage.delete(evidence.file.name)
    archive = _package(mentee)
    assert {"my-data.json", "my-data.html", "my-data.pdf"} <= set(archive.namelist())
    assert not [n for n in archive.namelist() if n.startswith("cpd-evidence/")]
    data = json.loads(archive.read("my-data.json"))
    assert data["cpd_activities"][0]["evidence"][0]["name"] == "certificate.txt"


def test_a_large_evidence_file_is_copied_whole(mentee):
    evidence = _evidence(mentee)
    big = EVIDENCE_BYTES * 200_000  # ~9 MB: past the in-memory spool and several chunks
    evidence.file.storage.delete(evidence.file.name)
    evidence.file.storage.save(evidence.file.name, io.BytesIO(big))
    content = io.BytesIO()
    package_write(user=mentee, into=content)
    with zipfile.ZipFile(content) as archive:
        assert archive.read(f"cpd-evidence/{evidence.pk}-certificate.txt") == big


# -- 5. readable for people ----------------------------------------------------------------

PROMPTS = {"what", "so_what", "now_what"}
ISO = re.compile(r"\d{4}-\d\d-\d\d(T\d\d:\d\d)?")


@pytest.fixture
def record(scheme, mentor, mentee, outsider):
    full_record(scheme, mentee, mentor, outsider, n=1)
    Profile.objects.filter(user=mentee).update(career_stage="early", country="GB")


def test_the_readable_versions_use_labels_names_and_dates_for_people(record, mentee):
    archive = _package(mentee)
    html = archive.read("my-data.html").decode()
    pdf = _pdf_text(archive)
    for text in (html, pdf):
        assert "Reading my written feedback individually" in text  # the consent's topic
        assert "feedback_sharing" not in text
        assert "United Kingdom" in text
        assert "Early career" in text
        assert "Your CPD activities" in text
        assert "Two-factor authentication" in text
        assert "Cpd activities" not in text
        assert "Two factor devices" not in text
    assert ISO.search(re.sub(r"<[^>]+>", " ", html)) is None, ISO.search(html)
    data = json.loads(archive.read("my-data.json"))
    assert data["consents"][0]["topic"] == "feedback_sharing"  # the JSON keeps the codes
    assert data["profile"]["country"] == "GB"
    assert data["profile"]["career_stage"] == "early"


def test_staff_only_and_empty_sections_are_left_out_of_the_readable_versions(record, mentee):
    archive = _package(mentee)
    for text in (archive.read("my-data.html").decode(), _pdf_text(archive)):
        assert "Matching runs" not in text
        assert "Schemes you coordinate" not in text
        assert "Nothing held" not in text
    data = json.loads(archive.read("my-data.json"))
    assert data["matching_runs_started"] == []  # complete in the JSON
    assert data["schemes_coordinated"] == []


def test_dates_are_in_the_members_own_zone(mentee):
    moment = datetime(2026, 1, 15, 15, 0, tzinfo=UTC)
    ConsentRecord.objects.create(
        user=mentee,
        topic="feedback_sharing",
        given=True,
        wording="w",
        source="s",
        recorded_at=moment,
    )
    Profile.objects.filter(user=mentee).update(timezone="America/New_York")
    html = _package(mentee).read("my-data.html").decode()
    new_york = date_format(moment.astimezone(ZoneInfo("America/New_York")), "P")
    london = date_format(moment.astimezone(ZoneInfo("Europe/London")), "P")
    assert f"{new_york} EST" in html
    assert f"{london} GMT" not in html


def test_every_section_has_a_heading_and_every_field_a_label(record, mentee, coordinator):
    """A section or field added to the export without words fails here (a reflection's
    entries are keyed by its model's prompts)."""
    for user in (mentee, coordinator):
        data = member_data(user=user)
        assert set(data) - {"exported_at"} <= set(HEADINGS)

    def walk(path: str, value) -> list[str]:
        missing = []
        if isinstance(value, dict):
            for key, inner in value.items():
                if not is_named(path, key) and key not in PROMPTS:
                    missing.append(f"{path}.{key}")
                missing += walk(f"{path}.{key}" if isinstance(inner, list | dict) else path, inner)
        elif isinstance(value, list):
            for inner in value:
                missing += walk(path, inner)
        return missing

    values = member_data_values(user=mentee)
    missing = [m for key, value in values.items() for m in walk(key, value)]
    assert missing == []


def test_a_member_with_nothing_but_an_account_gets_a_short_summary(mentee):
    with timezone.override(ZoneInfo("Europe/London")):
        sections = summary_sections(member_data_values(user=mentee))
    titles = [s.title for s in sections]
    assert titles[:2] == ["Your account", "Your profile"]
    assert "Messages" not in titles


def test_the_package_takes_as_many_queries_for_a_busy_record_as_for_a_small_one(
    scheme, other_scheme, mentor, mentee, outsider
):
    """The readable summaries label what was already fetched: the package's queries are the
    export's own and its evidence files', whatever the number of rows."""
    full_record(scheme, mentee, mentor, outsider, n=1)
    _evidence(mentee)
    busy = ProfileFactory().user
    full_record(other_scheme, busy, ProfileFactory().user, outsider, n=7)
    for n in range(3):
        _evidence(busy, name=f"certificate-{n}.txt")
    used = []
    for user in (mentee, busy):
        with CaptureQueriesContext(connection) as queries:
            package_write(user=user, into=io.BytesIO())
        used.append(len(queries.captured_queries))
    assert used[0] == used[1], used
