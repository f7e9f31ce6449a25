"""PDF portfolio and certificate (text extracted back), CSV (parsed back), JSON export."""

import csv
import io
import json
from datetime import date

import pytest
from django.urls import reverse
from pypdf import PdfReader

from cpd.models import (
    ActivityTag,
    CpdProfile,
    Framework,
    IssuedCertificate,
    SourceType,
    Standard,
)
from sessions_log.models import Goal, RelationshipStatus
from tests.cpd.factories import held, manual, pair, reflection
from tests.factories import ApplicationFactory

pytestmark = pytest.mark.django_db

OTHERS = ["outsider", "coordinator", "other_coordinator", "admin_user"]


def _text(response) -> str:
    """The PDF's text; pypdf reads a NUL before each glyph of the Chinese (CFF) font."""
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    return "\n".join(page.extract_text() for page in reader.pages).replace("\x00", "")


def _squash(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture
def portfolio(scheme, mentor, mentee):
    rel = pair(scheme, mentor, mentee)
    session = held(rel, 1, on=date(2025, 2, 3), minutes=90, title="Getting to know")
    held(rel, 2, on=date(2024, 12, 1), minutes=60)  # outside the period
    manual(mentor, title="Supervision course", on=date(2025, 3, 1), hours="2")
    s3 = Standard.objects.get(number=3)
    ActivityTag.objects.create(
        user=mentor, source_type=SourceType.SESSION, source_id=session.pk, standard=s3
    )
    chosen = reflection(
        mentor,
        title="Listening more",
        entries={"what": "She talked – I listened.", "so_what": "Trust grew.", "now_what": "Ask."},
        on=date(2025, 2, 4),
    )
    reflection(mentor, title="Not chosen", on=date(2025, 2, 5))
    CpdProfile.objects.create(
        user=mentor,
        framework=Framework.objects.get(name="HCPC standards for CPD"),
        summary_of_practice="I lead a community team.",
        statements={str(s3.pk): "Mentoring improved my supervision."},
    )
    return rel, chosen


def test_portfolio_pdf_contents(client, portfolio, mentor, scheme):
    _, chosen = portfolio
    client.force_login(mentor)
    response = client.get(
        reverse("cpd:export_pdf"),
        {"start": "2025-01-01", "end": "2025-12-31", "reflections": [chosen.pk]},
    )
    assert response.status_code == 200
    text = _squash(_text(response))
    expected = [
        f"CPD profile {mentor.display_name} Period: 01 Jan 2025 to 31 Dec 2025 "
        "Prepared against: HCPC standards for CPD 3.50 hours in 2 activities; "
        "1 piece of evidence",
        "1. Summary of practice I lead a community team.",
        "Standard 3 Seek to ensure that their CPD has contributed",
        "Mentoring improved my supervision. Supporting evidence: none tagged to this standard.",
        "3. Summary of supporting evidence No. Evidence Date Supports Where "
        "1 Reflection: Listening more 04 Feb 2025 none In full in section 5 "
        '"none": not linked to an activity tagged with one of the standards. A reflection '
        "supports a standard when it is about a session or event tagged with it.",
        "Mentoring session Mentor 1.50",
        "Course or training Participant 2.00",
        "Mentoring session 1: Getting to know",
        "Evidence 1: Reflection: Listening more (04 Feb 2025) Model: What? So what? Now what? "
        "What? She talked – I listened. So what? Trust grew. Now what? Ask.",
    ]
    assert [part for part in expected if part not in text] == []
    assert "Not chosen" not in text
    assert "words" not in text  # the form's word counters are not the document's
    assert "01 Dec 2024" not in text


def test_portfolio_pdf_bad_period_is_400(client, mentor):
    client.force_login(mentor)
    response = client.get(reverse("cpd:export_pdf"), {"start": "2025-12-01", "end": "2025-01-01"})
    assert response.status_code == 400
    assert response.context["form"].non_field_errors() == [
        "The end of the period is before its start."
    ]


def test_portfolio_cannot_include_someone_elses_reflection(client, portfolio, mentee):
    _, chosen = portfolio
    client.force_login(mentee)
    response = client.get(
        reverse("cpd:export_pdf"),
        {"start": "2025-01-01", "end": "2025-12-31", "reflections": [chosen.pk]},
    )
    assert response.status_code == 400
    assert list(response.context["form"].errors) == ["reflections"]


def test_portfolio_of_empty_period(client, outsider):
    client.force_login(outsider)
    response = client.get(reverse("cpd:export_pdf"), {"start": "2025-01-01", "end": "2025-01-31"})
    text = _squash(_text(response))
    assert "No activities were recorded in this period." in text
    assert "(Not written yet.)" in text
    assert "No evidence was chosen or uploaded for this period." in text


def test_csv_parsed_back_with_formulas_neutralised(client, mentor):
    manual(
        mentor,
        title='=HYPERLINK("http://evil")',
        on=date(2025, 3, 1),
        hours="1.5",
        description="@SUM(A1)",
    )
    manual(mentor, title="+cmd", on=date(2025, 3, 2), description="-2+3")
    manual(mentor, title="\tTabbed", on=date(2025, 3, 3), description="\rCR")
    manual(mentor, title="Plain, with comma", on=date(2025, 3, 4))
    client.force_login(mentor)
    response = client.get(
        reverse("cpd:export_csv"), {"csv-start": "2025-01-01", "csv-end": "2025-12-31"}
    )
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == [
        "Date",
        "Activity",
        "Type",
        "Role",
        "Hours",
        "Scheme",
        "Source",
        "Standards",
        "Description",
        "Evidence",
    ]
    assert [(r[1], r[8]) for r in rows[1:]] == [
        ('\'=HYPERLINK("http://evil")', "'@SUM(A1)"),
        ("'+cmd", "'-2+3"),
        ("'\tTabbed", "'\rCR"),
        ("Plain, with comma", ""),
    ]
    assert rows[1][:8] == [
        "2025-03-01",
        '\'=HYPERLINK("http://evil")',
        "Course or training",
        "Participant",
        "1.50",
        "",
        "Added by the member",
        "",
    ]


def test_csv_bad_period_is_400(client, mentor):
    client.force_login(mentor)
    response = client.get(reverse("cpd:export_csv"), {"csv-start": "nonsense"})
    assert response.status_code == 400


def test_json_export_contents(client, scheme, mentor, mentee):
    ApplicationFactory(scheme=scheme, applicant=mentor, role="mentor", hopes="To give back")
    rel = pair(scheme, mentor, mentee)
    held(rel, 1, on=date(2025, 2, 3), minutes=60, notes="Private pair notes")
    Goal.objects.create(relationship=rel, owner=mentee, what="Lead a team")
    mine = reflection(mentor, relationship=rel)
    reflection(mentee, title="Mentee's own")
    client.force_login(mentor)
    response = client.get(reverse("member_data"))
    data = json.loads(response.content)
    assert response["Content-Disposition"] == 'attachment; filename="my-data.json"'
    assert data["account"]["email"] == mentor.email
    assert data["profile"]["years_experience"] == 12
    assert [(a["scheme"], a["role"], a["hopes"]) for a in data["applications"]] == [
        (scheme.name, "mentor", "To give back")
    ]
    [relationship] = data["relationships"]
    assert (relationship["id"], relationship["my_role"], relationship["started_on"]) == (
        rel.pk,
        "mentor",
        "2025-01-06",
    )
    assert [
        (s["number"], s["status"], s["held_on"], s["duration_minutes"], s["notes"])
        for s in relationship["sessions"]
    ] == [(1, "held", "2025-02-03", 60, "Private pair notes")]
    # The mentee's goal is part of the pair's shared record, which the mentor reads.
    assert [(g["by"], g["goal"]) for g in data["goals"]] == [
        (mentee.get_full_name(), "Lead a team")
    ]
    assert [r["id"] for r in data["reflections"]] == [mine.pk]
    assert [(a["source"], a["hours"], a["role"]) for a in data["cpd_activities"]] == [
        ("session", "1.00", "mentor")
    ]
    assert "Mentee's own" not in response.content.decode()


def test_json_export_goals_owned(client, scheme, mentor, mentee):
    rel = pair(scheme, mentor, mentee)
    Goal.objects.create(relationship=rel, owner=mentee, what="Lead a team")
    client.force_login(mentee)
    data = json.loads(client.get(reverse("member_data")).content)
    assert [(g["relationship_id"], g["goal"]) for g in data["goals"]] == [(rel.pk, "Lead a team")]


def _many(scheme, mentor, mentee, n):
    rel = pair(scheme, mentor, mentee)
    for i in range(1, n + 1):
        held(rel, i, on=date(2025, 1, 1 + i % 28))
        manual(mentor, on=date(2025, 2, 1 + i % 28))
        reflection(mentor, on=date(2025, 3, 1 + i % 28))


@pytest.mark.parametrize("count", [1, 150])
def test_exports_query_count_constant(
    client, scheme, mentor, mentee, count, django_assert_num_queries
):
    _many(scheme, mentor, mentee, count)
    client.force_login(mentor)
    # 3 for the request, then each app's part: accounts 10, schemes 9, matching 4,
    # sessions_log 25, cpd 11, insights 2
    with django_assert_num_queries(64):
        data = json.loads(client.get(reverse("member_data")).content)
    assert len(data["cpd_activities"]) == 2 * count
    with django_assert_num_queries(9):
        client.get(reverse("cpd:export_csv"))
    # 12, and the member's profile (profession, registration number)
    with django_assert_num_queries(13):
        response = client.get(
            reverse("cpd:export_pdf"), {"start": "2025-01-01", "end": "2025-12-31"}
        )
    assert response.status_code == 200


def test_export_page(client, mentor):
    reflection(mentor, title="Pick me")
    reflection(mentor, title="Draft", status="draft")
    client.force_login(mentor)
    response = client.get(reverse("cpd:export"))
    assert [r.title for r in response.context["form"].fields["reflections"].queryset] == ["Pick me"]


def test_certificate_pdf(client, scheme, mentor, mentee, settings):
    settings.SITE_NAME = "Library Mentoring Network"
    rel = pair(
        scheme, mentor, mentee, status=RelationshipStatus.COMPLETED, ended_on=date(2025, 7, 1)
    )
    held(rel, 1, minutes=90)
    held(rel, 2, minutes=60)
    client.force_login(mentee)
    response = client.get(reverse("cpd:certificate", args=[rel.pk]))
    issued = IssuedCertificate.objects.get(user=mentee, relationship=rel)
    assert _squash(_text(response)) == (
        f"Library Mentoring Network Certificate of participation This certifies that "
        f"{mentee.display_name} took part as mentee in {scheme.name} from 06 Jan 2025 to "
        "01 Jul 2025 2 sessions, 2.50 hours of mentoring "
        f"Issued on {issued.issued_on:%d %b %Y} by Library Mentoring Network "
        f"Verification code: {issued.code} "
        f"Check it at http://testserver/verify/{issued.code}/"
    )
    again = client.get(reverse("cpd:certificate", args=[rel.pk]))
    assert issued.code in _text(again)  # the code is kept
    assert IssuedCertificate.objects.count() == 1
    listed = client.get(reverse("cpd:record")).context["certificates"]
    assert list(listed) == [rel]


@pytest.mark.parametrize(
    ("first", "last"),
    [("Łucja", "Wiśniewska"), ("Αλέξανδρος", "Παπαδόπουλος"), ("فاطمة", "الزهراء"), ("秀英", "王")],
    ids=["polish", "greek", "arabic", "chinese"],
)
def test_portfolio_and_certificate_print_a_name_in_any_script(
    client, scheme, mentor, mentee, first, last
):
    mentee.first_name, mentee.last_name = first, last
    mentee.save()
    rel = pair(
        scheme, mentor, mentee, status=RelationshipStatus.COMPLETED, ended_on=date(2025, 7, 1)
    )
    client.force_login(mentee)
    portfolio = client.get(reverse("cpd:export_pdf"), {"start": "2025-01-01", "end": "2025-12-31"})
    certificate = client.get(reverse("cpd:certificate", args=[rel.pk]))
    for response in (portfolio, certificate):
        assert mentee.display_name in _text(response).splitlines()


def test_certificate_of_active_relationship_is_404(client, scheme, mentor, mentee):
    rel = pair(scheme, mentor, mentee)
    client.force_login(mentor)
    assert client.get(reverse("cpd:certificate", args=[rel.pk])).status_code == 404


@pytest.mark.parametrize("who", OTHERS)
def test_certificate_is_404_for_non_members(client, scheme, mentor, mentee, who, request):
    rel = pair(
        scheme, mentor, mentee, status=RelationshipStatus.COMPLETED, ended_on=date(2025, 7, 1)
    )
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("cpd:certificate", args=[rel.pk])).status_code == 404


def test_cpd_profile_save(client, mentor):
    framework = Framework.objects.get(name="HCPC standards for CPD")
    s1 = framework.standards.get(number=1)
    client.force_login(mentor)
    assert client.get(reverse("cpd:profile")).status_code == 200
    response = client.post(
        reverse("cpd:profile"),
        {
            "framework": framework.pk,
            "summary_of_practice": " I work. ",
            f"statement_{s1.pk}": "I keep this record.",
        },
    )
    assert response.url == reverse("cpd:profile")
    profile = CpdProfile.objects.get(user=mentor)
    assert (profile.framework, profile.summary_of_practice, profile.statements) == (
        framework,
        "I work.",
        {str(s1.pk): "I keep this record."},
    )


def test_cpd_profile_bad_framework(client, mentor):
    client.force_login(mentor)
    response = client.post(reverse("cpd:profile"), {"framework": 999999})
    assert list(response.context["form"].errors) == ["framework"]
    assert CpdProfile.objects.count() == 0


def test_portfolio_with_unicode_text(client, mentor):
    mentor.first_name, mentor.last_name = "Zoë", "Łukasz 李"
    mentor.save()
    reflection(mentor, title="Emoji 🙂 and “quotes”")
    r = reflection(mentor, title="Plain")
    client.force_login(mentor)
    response = client.get(
        reverse("cpd:export_pdf"),
        {"start": "2025-01-01", "end": "2025-12-31", "reflections": [r.pk]},
    )
    assert "Zoë Łukasz 李" in _text(response)
