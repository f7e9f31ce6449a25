"""The CPD portfolio read as an HCPC auditor reads it: the profile's order, the evidence
numbered and referred to from the statement, uploaded evidence appended as pages, the
member's profession and registration number, word limits, the two-year default period."""

import io
import re
from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image
from pypdf import PdfReader

from accounts.models import Profile
from core.pdf import Document
from cpd import services
from cpd.models import ActivityTag, CpdProfile, Framework, SourceType
from sessions_log.models import RelationshipStatus
from tests.accounts.test_profile_and_preferences import PROFILE
from tests.core.test_pdf import NAMES, pdf_lines
from tests.cpd.factories import held, pair, reflection

pytestmark = pytest.mark.django_db

PERIOD = {"start": "2024-01-01", "end": "2025-12-31"}


def _pages(content: bytes) -> list[str]:
    """Each page's text, one line of words per page (pypdf's NULs of CFF fonts dropped)."""
    reader = PdfReader(io.BytesIO(content))
    return [" ".join(p.extract_text().replace("\x00", "").split()) for p in reader.pages]


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (400, 300), (30, 90, 160)).save(buffer, format="PNG")
    return buffer.getvalue()


def _certificate_pdf() -> bytes:
    pdf = Document()
    for text in ("Course certificate: supervision skills", "Second page of the certificate"):
        pdf.add_page()
        pdf.para(text)
    return pdf.render()


def _upload(user, activity, name, content, content_type, description=""):
    return services.evidence_add(
        user=user,
        activity=activity,
        upload=SimpleUploadedFile(name, content, content_type=content_type),
        description=description,
    )


@pytest.fixture
def hcpc_member(settings, tmp_path, scheme, mentor, mentee):
    """A mentor with a profile for the HCPC: a tagged session and reflection on it, and a
    course with a PDF certificate, a photo and a Word file as evidence."""
    settings.MEDIA_ROOT = tmp_path
    Profile.objects.update_or_create(
        user=mentor,
        defaults={"profession": "Occupational therapist", "registration_number": "OT54321"},
    )
    framework = Framework.objects.get(name="HCPC standards for CPD")
    s1, s4 = framework.standards.get(number=1), framework.standards.get(number=4)
    rel = pair(scheme, mentor, mentee)
    session = held(rel, 1, on=date(2025, 2, 3), minutes=90, title="Getting to know")
    ActivityTag.objects.create(
        user=mentor, source_type=SourceType.SESSION, source_id=session.pk, standard=s4
    )
    chosen = reflection(mentor, title="Listening more", on=date(2025, 2, 4), session=session)
    course = services.manual_activity_create(
        user=mentor,
        title="Supervision course",
        activity_type="course",
        role="participant",
        date=date(2025, 3, 1),
        hours=Decimal("6"),
        standards=[s1, s4],
    )
    _upload(mentor, course, "certificate.pdf", _certificate_pdf(), "application/pdf", "Certificate")
    _upload(mentor, course, "notes.png", _png(), "image/png", "Whiteboard notes")
    _upload(mentor, course, "plan.docx", b"PK\x03\x04 a word file", "application/zip")
    CpdProfile.objects.create(
        user=mentor,
        framework=framework,
        summary_of_practice="I lead a community occupational therapy team.",
        statements={str(s1.pk): "I keep a record.", str(s4.pk): "My supervision improved."},
    )
    return chosen


def test_portfolio_reads_as_an_hcpc_profile(client, hcpc_member, mentor):
    client.force_login(mentor)
    response = client.get(reverse("cpd:export_pdf"), {**PERIOD, "reflections": [hcpc_member.pk]})
    assert response.status_code == 200
    pages = _pages(response.content)
    text = " ".join(pages)
    # the cover: who, profession, registration number, period
    assert pages[0].startswith(
        f"Continuing professional development CPD profile {mentor.display_name} "
        "Occupational therapist Registration number: OT54321 "
        "Period: 01 Jan 2024 to 31 Dec 2025 Prepared against: HCPC standards for CPD"
    )
    # the profile's order
    order = [
        "1. Summary of practice",
        "2. Personal statement",
        "3. Summary of supporting evidence",
        "4. Record of CPD activities",
        "5. Evidence",
    ]
    body = " ".join(pages[1:])
    positions = [body.find(heading) for heading in order]
    assert -1 not in positions
    assert positions == sorted(positions)
    # numbered evidence, oldest first, referred to from each standard's statement
    assert "Standard 1 " in body
    assert "I keep a record. Supporting evidence: 2, 3, 4" in body
    assert "My supervision improved. Supporting evidence: 1, 2, 3, 4" in body
    index = body[body.find(order[2]) : body.find(order[3])]
    for row in (
        "1 Reflection: Listening more (for Mentoring session 1: Getting to know) 04 Feb 2025 4",
        "2 Certificate (for Supervision course) 01 Mar 2025 1, 4 Pages appended",
        "3 Whiteboard notes (for Supervision course) 01 Mar 2025 1, 4 Image",
        "4 plan.docx (for Supervision course) 01 Mar 2025 1, 4 Listed only",
    ):
        assert row in index
    # the evidence: the reflection in full, the PDF's pages appended, the image, the list
    evidence = body[body.find(order[4]) :]
    assert "Evidence 1: Reflection: Listening more (04 Feb 2025) Model:" in evidence
    appended = [p for p in pages if "Evidence 2: certificate.pdf: page" in p]
    assert len(appended) == 2
    assert "Course certificate: supervision skills" in appended[0]
    assert "Second page of the certificate" in appended[1]
    assert "Evidence 3: Whiteboard notes (01 Mar 2025)" in evidence
    assert "plan.docx: listed only, this file type is not included in the PDF" in evidence
    # every page after the cover: the running header and "page n of m"
    total = len(pages)
    for number, page in enumerate(pages[1:], start=2):
        assert page.startswith(f"CPD profile: {mentor.display_name}, Occupational therapist")
        assert f"page {number} of {total}" in page
    assert "OT54321" in text
    # no page holds only its header and footer (about 17 words)
    assert [len(page.split()) for page in pages if len(page.split()) < 22] == []


def test_portfolio_pdf_is_tagged(client, hcpc_member, mentor):
    client.force_login(mentor)
    response = client.get(reverse("cpd:export_pdf"), PERIOD)
    reader = PdfReader(io.BytesIO(response.content))
    root = reader.trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"])
    assert root["/Lang"] == "en-GB"
    assert bool(root["/ViewerPreferences"]["/DisplayDocTitle"])
    assert reader.metadata.title == f"CPD profile of {mentor.display_name}"
    kinds = {k.get_object()["/S"] for k in root["/StructTreeRoot"]["/K"][0]["/K"]}
    assert {"/H1", "/H3", "/P", "/Table", "/Figure"} <= kinds
    tables = [k.get_object() for k in root["/StructTreeRoot"]["/K"][0]["/K"] if k["/S"] == "/Table"]
    rows = [r.get_object() for t in tables for r in t["/K"]]
    assert {r["/S"] for r in rows} == {"/TR"}
    assert {c.get_object()["/S"] for c in rows[0]["/K"]} == {"/TH"}
    figures = [
        k.get_object() for k in root["/StructTreeRoot"]["/K"][0]["/K"] if k["/S"] == "/Figure"
    ]
    assert "Evidence 2: Whiteboard notes" in [f.get("/Alt") for f in figures]


def _page_with(pages: list[str], text: str) -> int:
    """The first page after the cover (whose contents list the sections) showing ``text``."""
    return next(n for n, page in enumerate(pages) if n and text in page)


@pytest.mark.parametrize("chosen", [True, False], ids=["after a reflection", "first evidence"])
def test_a_pdfs_heading_opens_its_first_appended_page(client, hcpc_member, mentor, chosen):
    """The evidence's heading and "its pages follow" are not left alone on the page before
    the appended pages; nor is "5. Evidence" when a PDF is the first evidence."""
    client.force_login(mentor)
    params = {**PERIOD, "reflections": [hcpc_member.pk]} if chosen else PERIOD
    pages = _pages(client.get(reverse("cpd:export_pdf"), params).content)
    number = 2 if chosen else 1
    first = _page_with(pages, f"Evidence {number}: certificate.pdf: page 1 of 2")
    heading = f"Evidence {number}: Certificate (01 Mar 2025) certificate.pdf: its pages follow."
    assert heading in pages[first]
    assert pages[first].index(heading) < pages[first].index("Course certificate")
    assert [n for n, page in enumerate(pages) if "its pages follow" in page] == [first]
    if chosen:
        assert _page_with(pages, "Evidence 1: Reflection: Listening more") < first
    else:
        assert _page_with(pages, "5. Evidence") == first
    # After the two appended pages, the next evidence starts a page of its own.
    assert f"Evidence {number + 1}: Whiteboard notes" in pages[first + 2]
    # Every reflection and file here supports a standard: no "none" to explain.
    assert "not linked to an activity tagged" not in " ".join(pages)


def test_two_pdfs_in_a_row_leave_no_page_between(client, hcpc_member, mentor):
    course = services.manual_activity_create(
        user=mentor,
        title="Second course",
        activity_type="course",
        role="participant",
        date=date(2025, 3, 2),
        hours=Decimal("2"),
    )
    _upload(mentor, course, "second.pdf", _certificate_pdf(), "application/pdf", "Handout")
    client.force_login(mentor)
    pages = _pages(client.get(reverse("cpd:export_pdf"), PERIOD).content)
    second = _page_with(pages, "Evidence 4: second.pdf: page 1 of 2")
    assert "Evidence 4: Handout (02 Mar 2025) second.pdf: its pages follow." in pages[second]
    assert "Evidence 4: Handout" not in pages[second - 1]
    assert "Evidence 4: second.pdf: page 2 of 2" in pages[second + 1]
    # The index says what "none" means for evidence of no tagged activity.
    text = " ".join(pages)
    assert "4 Handout (for Second course) 02 Mar 2025 none Pages appended" in text
    assert '"none": not linked to an activity tagged with one of the standards.' in text


def test_damaged_evidence_is_listed_not_appended(client, settings, tmp_path, mentor):
    settings.MEDIA_ROOT = tmp_path
    course = services.manual_activity_create(
        user=mentor,
        title="Course",
        activity_type="course",
        role="participant",
        date=date(2025, 3, 1),
        hours=Decimal("1"),
    )
    _upload(mentor, course, "broken.pdf", b"%PDF-1.4 not really a pdf", "application/pdf")
    _upload(mentor, course, "broken.png", b"\x89PNG\r\n\x1a\nnot an image", "image/png")
    client.force_login(mentor)
    response = client.get(reverse("cpd:export_pdf"), PERIOD)
    assert response.status_code == 200
    text = " ".join(_pages(response.content))
    assert text.count("listed only, the file could not be read") == 2


@pytest.mark.parametrize("who", ["mentee", "outsider", "coordinator", "admin_user"])
def test_only_the_member_gets_their_portfolio(client, hcpc_member, mentor, who, request):
    """Anyone else downloading "the portfolio" gets their own, never the mentor's words."""
    client.force_login(request.getfixturevalue(who))
    response = client.get(reverse("cpd:export_pdf"), PERIOD)
    text = " ".join(_pages(response.content))
    assert mentor.display_name not in text
    assert "OT54321" not in text
    assert "community occupational therapy" not in text
    assert "Whiteboard notes" not in text


def test_portfolio_needs_sign_in(client):
    response = client.get(reverse("cpd:export_pdf"), PERIOD)
    assert response.status_code == 302
    assert "login" in response.url


def test_default_period_is_two_years(client, mentor):
    client.force_login(mentor)
    form = client.get(reverse("cpd:export")).context["form"]
    start, end = form.initial["start"], form.initial["end"]
    assert (end.year - start.year, end.month, end.day) == (2, start.month, start.day)


def test_profile_form_counts_words_and_refuses_over_the_limits(client, mentor):
    framework = Framework.objects.get(name="HCPC standards for CPD")
    s1, s2 = framework.standards.get(number=1), framework.standards.get(number=2)
    client.force_login(mentor)
    page = client.get(reverse("cpd:profile")).content.decode()
    assert 'data-word-limit="500"' in page
    assert 'data-word-limit="1500"' in page
    assert "js/word_count.js" in page
    too_long = "word " * 501
    response = client.post(
        reverse("cpd:profile"),
        {
            "framework": framework.pk,
            "summary_of_practice": too_long,
            f"statement_{s1.pk}": "one " * 800,
            f"statement_{s2.pk}": "two " * 701,
        },
    )
    form = response.context["form"]
    assert form.errors["summary_of_practice"] == [
        "The summary of practice is 501 words; the limit is 500. Shorten it by 1 words: "
        "nothing was saved, and what you typed is kept below."
    ]
    # Beside its longest part (a field error, as the summary's: the page opens on an error
    # summary linking to it), not a plain message above the form.
    assert form.errors[f"statement_{s1.pk}"] == [
        "The personal statement (all parts) is 1,501 words; the limit is 1,500. Shorten it by "
        "1 words: nothing was saved, and what you typed is kept below."
    ]
    assert f"statement_{s2.pk}" not in form.errors
    assert form.non_field_errors() == []
    assert form["summary_of_practice"].value() == too_long
    assert form[f"statement_{s2.pk}"].value() == "two " * 701
    assert not CpdProfile.objects.filter(user=mentor).exists()


def test_profile_form_accepts_text_at_the_limits(client, mentor):
    framework = Framework.objects.get(name="HCPC standards for CPD")
    s1 = framework.standards.get(number=1)
    client.force_login(mentor)
    client.post(
        reverse("cpd:profile"),
        {
            "framework": framework.pk,
            "summary_of_practice": "word " * 500,
            f"statement_{s1.pk}": "one " * 1500,
        },
    )
    saved = CpdProfile.objects.get(user=mentor)
    assert len(saved.summary_of_practice.split()) == 500


def test_profession_and_registration_number_on_the_profile_form(client, mentor):
    client.force_login(mentor)
    page = client.get(reverse("accounts:profile")).content.decode()
    assert 'name="profession"' in page
    assert 'name="registration_number"' in page
    assert re.search(
        r"Your profession and registration number go on the cover: not given",
        client.get(reverse("cpd:profile")).content.decode(),
    )
    data = {**PROFILE, "profession": "Speech and language therapist"}
    client.post(reverse("accounts:profile"), {**data, "registration_number": "SL 0042"})
    page = client.get(reverse("cpd:profile")).content.decode()
    assert "Speech and language therapist, registration number SL 0042" in page


@pytest.mark.parametrize("name", NAMES.values(), ids=NAMES.keys())
def test_portfolio_and_certificate_give_back_every_script_exactly(
    client, scheme, mentor, mentee, name
):
    """The name, a reflection's title and text and the summary of practice, in each script,
    come back from the PDF line for line."""
    mentee.first_name, mentee.last_name = name, ""
    mentee.save()
    rel = pair(
        scheme, mentor, mentee, status=RelationshipStatus.COMPLETED, ended_on=date(2025, 7, 1)
    )
    chosen = reflection(mentee, title=name, entries={"what": name, "so_what": "", "now_what": ""})
    CpdProfile.objects.create(user=mentee, summary_of_practice=name)
    client.force_login(mentee)
    portfolio = client.get(reverse("cpd:export_pdf"), {**PERIOD, "reflections": [chosen.pk]})
    lines = pdf_lines(portfolio.content)
    # cover, summary of practice, reflection's text
    assert lines.count(name) == 3
    # A line mixing directions comes back in the order its runs are drawn (it renders in
    # reading order): the name is compared as one run of it.
    heading = [line for line in lines if line.startswith("Evidence 1: Reflection:")]
    assert len(heading) == 1
    assert name in heading[0]
    assert "04 Feb 2025" in heading[0]
    certificate = client.get(reverse("cpd:certificate", args=[rel.pk]))
    assert name in pdf_lines(certificate.content)
