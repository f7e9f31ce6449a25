"""The CPD pages, forms and documents in the pseudo-locale: every label, help text, choice
and heading is translated. What the member typed is seeded in Greek (as the browser walk
does), so a run of plain Latin letters is an untranslated string."""

from __future__ import annotations

import csv
import io
import re
from datetime import date
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from accounts.models import Profile
from cpd import services
from cpd.exports import activities_csv
from cpd.forms import ManualActivityForm, ReflectionForm, relationship_label, session_label
from cpd.models import CpdProfile, Framework, Standard
from cpd.pdf import Certificate, Portfolio, certificate_pdf, portfolio_pdf
from cpd.selectors import cpd_activities_for_user, hours_summary
from sessions_log.models import Goal, RelationshipStatus
from tests.cpd.factories import held, pair, reflection
from tests.i18n.fixtures import pseudo_locale, pseudo_locale_build  # noqa: F401
from tests.i18n.untranslated import untranslated

pytestmark = pytest.mark.django_db

GREEK = str.maketrans(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
    "αβψδεφγηιξκλμνοπ;ρστθωςχυζΑΒΨΔΕΦΓΗΙΞΚΛΜΝΟΠ;ΡΣΤΘΩΣΧΥΖ",
)
SKIPPED = {"script", "style", "template", "code", "pre"}
ATTRIBUTES = ("placeholder", "aria-label", "title", "alt")


class _Visible(HTMLParser):
    """What a person can read or hear on a page, as the walk collects it: text (hidden
    menus and screen reader text included), labels, placeholders, titles, button values."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.skipping: list[str] = []

    def handle_starttag(self, tag, attrs):
        found = dict(attrs)
        if tag in SKIPPED:
            self.skipping.append(tag)
        self.out += [found[name] or "" for name in ATTRIBUTES if found.get(name)]
        if tag == "input" and found.get("type") in ("submit", "button"):
            self.out.append(found.get("value") or "")

    def handle_endtag(self, tag):
        if self.skipping and self.skipping[-1] == tag:
            self.skipping.pop()

    def handle_data(self, data):
        if not self.skipping:
            self.out.append(data)


def visible(page: str) -> str:
    parser = _Visible()
    parser.feed(page)
    return "\n".join(parser.out)


@pytest.fixture
def cpd_world(scheme, mentor, mentee, pseudo_locale):  # noqa: F811
    """A mentor with a held session, a goal, a reflection, an edited activity, a completed
    relationship and a CPD profile; everything typed in Greek, the mentor reading the
    pseudo-locale."""
    scheme.name = "Ηγέτες του αύριο"
    scheme.save(update_fields=["name"])
    for user, (first, last) in ((mentor, ("Ελένη", "Γεωργίου")), (mentee, ("Σοφία", "Νίκου"))):
        user.first_name, user.last_name = first, last
        user.save(update_fields=["first_name", "last_name"])
    Profile.objects.filter(user=mentor).update(
        language=pseudo_locale, profession="Λογοθεραπεύτρια", registration_number="4242"
    )
    for framework in Framework.objects.all():
        framework.name, framework.body = framework.name.translate(GREEK), "ΗΨΠΨ"
        framework.save()
    for standard in Standard.objects.all():
        standard.text = standard.text.translate(GREEK)
        standard.save()
    rel = pair(scheme, mentor, mentee, started_on=date(2025, 1, 6))
    session = held(rel, 1, on=date(2025, 2, 3), title="Γνωριμία")
    goal = Goal.objects.create(relationship=rel, owner=mentor, what="Να ηγηθώ μιας ομάδας")
    written = reflection(
        mentor,
        title="Ακούω περισσότερο",
        entries={"what": "Συναντηθήκαμε.", "so_what": "Βοήθησε.", "now_what": "Διαβάζω."},
        session=session,
        relationship=rel,
        goal=goal,
    )
    standards = list(Standard.objects.order_by("number")[:2])
    activity = services.manual_activity_create(
        user=mentor,
        title="Σεμινάριο εποπτείας",
        activity_type="course",
        role="participant",
        date=date(2025, 4, 1),
        hours=Decimal("3"),
        description="Έμαθα να εποπτεύω.",
        standards=standards,
    )
    services.manual_activity_edit(
        user=mentor,
        activity=activity,
        title="Σεμινάριο εποπτείας (2)",
        activity_type="course",
        role="participant",
        date=date(2025, 4, 1),
        hours=Decimal("3.5"),
        description="Έμαθα να εποπτεύω.",
        standards=standards,
    )
    pair(
        scheme,
        mentor,
        mentee,
        started_on=date(2024, 1, 8),
        status=RelationshipStatus.COMPLETED,
        ended_on=date(2024, 7, 1),
    )
    framework = Framework.objects.first()
    assert framework is not None
    services.cpd_profile_save(
        user=mentor,
        framework=framework,
        summary_of_practice="Εργάζομαι με παιδιά.",
        statements={str(s.pk): "Το έκανα." for s in framework.standards.all()},
    )
    return {"session": session, "reflection": written, "activity": activity}


def _pages(world) -> list[str]:
    activity, written = world["activity"], world["reflection"]
    return [
        reverse("cpd:record"),
        reverse("cpd:activity_add"),
        reverse("cpd:activity_edit", args=[activity.pk]),
        reverse("cpd:evidence_add", args=[activity.pk]),
        reverse("cpd:activity_standards", args=["manual", activity.pk]),
        reverse("cpd:activity_standards", args=["session", world["session"].pk]),
        reverse("cpd:profile"),
        reverse("cpd:export"),
        reverse("cpd:reflections"),
        reverse("cpd:reflection_create"),
        reverse("cpd:reflection_for_session", args=[world["session"].pk]),
        reverse("cpd:reflection", args=[written.pk]),
        reverse("cpd:reflection_edit", args=[written.pk]),
    ]


def test_cpd_pages_have_no_untranslated_text(client, mentor, cpd_world, pseudo_locale):  # noqa: F811
    client.force_login(mentor)
    found = {}
    for path in _pages(cpd_world):
        response = client.get(path)
        assert response.status_code == 200, path
        assert f'<html lang="{pseudo_locale}"' in response.text, path
        problems = untranslated(visible(response.text))
        if problems:
            found[path] = problems
    assert found == {}


def test_refused_evidence_and_versions_are_translated(client, mentor, cpd_world):
    """The evidence form's refusal and the edit page's earlier versions (shown only once
    there are some) are in the member's language too."""
    client.force_login(mentor)
    activity = cpd_world["activity"]
    upload = io.BytesIO(b"MZ\x90\x00")
    upload.name = "ψ.exe"
    url = reverse("cpd:evidence_add", args=[activity.pk])
    response = client.post(url, {"evidence_file": upload})
    assert response.context["form"].errors["evidence_file"]
    assert untranslated(visible(response.text)) == []
    edit = client.get(reverse("cpd:activity_edit", args=[activity.pk])).text
    assert "<details" in edit  # the earlier version is listed
    assert untranslated(visible(edit)) == []


def test_verify_certificate_page_is_translated(client, mentor, cpd_world, pseudo_locale):  # noqa: F811
    client.force_login(mentor)
    rel = mentor.memberships.get(relationship__status="completed").relationship
    client.get(reverse("cpd:certificate", args=[rel.pk]))
    code = mentor.certificates.get().code
    page = client.get(reverse("verify_certificate", args=[code]))
    assert untranslated(visible(page.text), allow=(code,)) == []


# The shared document's page numbers ("page 2 of 3", core.pdf) are not the CPD app's.
PAGE_NUMBER = re.compile(r"\bpage \d+ of \d+")


def _pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    text = "\n".join(p.extract_text().replace("\x00", "") for p in reader.pages)
    return PAGE_NUMBER.sub(" ", text)


def test_portfolio_certificate_and_csv_in_the_pseudo_locale(mentor, cpd_world, pseudo_locale):  # noqa: F811
    profile = CpdProfile.objects.select_related("framework").get(user=mentor)
    assert profile.framework is not None
    with translation.override(pseudo_locale):
        activities = cpd_activities_for_user(user=mentor)
        portfolio = portfolio_pdf(
            Portfolio(
                member_name=mentor.display_name,
                start=date(2024, 1, 1),
                end=date(2025, 12, 31),
                activities=activities,
                summary=hours_summary(activities),
                reflections=[cpd_world["reflection"]],
                framework_name=profile.framework.name,
                standards=list(profile.framework.standards.all()),
                summary_of_practice=profile.summary_of_practice,
                statements=profile.statements,
                profession="Λογοθεραπεύτρια",
                registration_number="4242",
                body="",
                prepared_on=date(2026, 1, 5),
            )
        )
        certificate = certificate_pdf(
            Certificate(
                member_name=mentor.display_name,
                role_label=str(translation.gettext("Mentor")),
                scheme_name="Ηγέτες του αύριο",
                started_on=date(2024, 1, 8),
                ended_on=date(2024, 7, 1),
                hours=Decimal("9"),
                sessions=6,
                code="ΑΒΓΔ",
                issued_on=date(2024, 7, 2),
            )
        )
        table = activities_csv(activities)
    assert untranslated(_pdf_text(portfolio)) == []
    assert untranslated(_pdf_text(certificate)) == []
    assert untranslated(table) == []


def test_english_labels_and_choices_unchanged(mentor, cpd_world):
    form = ManualActivityForm()
    assert [str(form.fields[n].label) for n in ("title", "role", "date", "hours")] == [
        "Title",
        "Role",
        "Date",
        "Hours",
    ]
    assert str(form.fields["description"].label) == "Description"
    assert str(form.fields["evidence_file"].help_text) == (
        "PDF, PNG, JPEG, Word (.docx) or plain text; at most 5 MB."
    )
    reflection_form = ReflectionForm(user=mentor, model="what_so_what")
    assert [str(reflection_form.fields[n].label) for n in ("session", "relationship", "goal")] == [
        "Session",
        "Relationship",
        "Goal",
    ]
    assert session_label(cpd_world["session"]) == "Ηγέτες του αύριο: session 1 on 3 Feb 2025"
    assert relationship_label(cpd_world["session"].relationship) == (
        "Ηγέτες του αύριο, from 6 Jan 2025"
    )
    standard = Standard.objects.filter(number=1).first()
    assert standard is not None
    assert standard.label == f"Standard 1: {standard.text}"
    header = next(csv.reader(io.StringIO(activities_csv([]))))
    assert header == [
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


def test_the_check_sees_english_labels(client, mentor):
    """The page check reads labels: in the site's language, they are what it reports."""
    client.force_login(mentor)
    page = client.get(reverse("cpd:activity_add")).text
    found = untranslated(visible(page))
    assert {"Title", "Hours"} <= set(found)
