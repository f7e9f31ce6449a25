"""The guided set-up: a scheme made with its defaults (matching settings, feedback
questions), the checklist of what it still needs, and who may see it."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from insights.services import scheme_create
from insights.setup import missing_items, scheme_checklist
from matching.models import MatchingSettings
from schemes.models import (
    EventKind,
    Intake,
    PreparationModule,
    Role,
    Scheme,
    SchemeEvent,
    SchemeKind,
)
from sessions_log.models import EvaluationDimension, FeedbackQuestion
from tests.factories import (
    ApplicationFormFactory,
    ProgrammeTemplateFactory,
    QuestionFactory,
)

pytestmark = pytest.mark.django_db

PILOT_DATES = {
    "mentor_recruitment_opens": date(2026, 12, 1),
    "mentor_recruitment_closes": date(2026, 12, 31),
    "mentee_recruitment_opens": date(2027, 1, 1),
    "mentee_recruitment_closes": date(2027, 2, 28),
    "launch_date": date(2027, 3, 1),
    "programme_length_months": 3,
}


def new_scheme(by, *, slug="ot-pilot", kind=SchemeKind.SENIOR_JUNIOR, **fields) -> Scheme:
    cohort = fields.get("intake", Intake.COHORT) == Intake.COHORT
    values = {
        "name": f"Scheme {slug}",
        "slug": slug,
        "summary": "Mentoring for occupational therapists.",
        "kind": kind,
        "intake": Intake.COHORT,
        **(PILOT_DATES if cohort else {}),
        **fields,
    }
    return scheme_create(scheme=Scheme(**values), by=by)


def states(scheme) -> list[tuple[str, bool]]:
    return [(item.key, item.done) for item in scheme_checklist(scheme=scheme)]


def test_scheme_create_makes_matching_settings_and_feedback_questions(admin_user):
    buddies = new_scheme(admin_user, slug="buddies", kind=SchemeKind.BUDDY, intake=Intake.ROLLING)

    settings = MatchingSettings.objects.get(scheme=buddies)
    assert (settings.gap_min_years, settings.gap_max_years) == (0, 3)
    assert list(buddies.feedback_questions.values_list("label", "type", "role")) == [
        ("How useful was the scheme to you, from 1 (not at all) to 5 (very)?", "number", ""),
        ("How well did your buddy suit you, from 1 (poorly) to 5 (very well)?", "number", ""),
        ("Would you recommend the scheme to a colleague?", "yes_no", ""),
        ("What difference has it made to your practice?", "long_text", ""),
        ("What would you change about the scheme?", "long_text", ""),
        ("Did your buddy help you settle in?", "yes_no", ""),
    ]
    assert buddies.history.get().history_user == admin_user


def test_pair_scheme_feedback_asks_each_role_its_own_question(admin_user):
    pilot = new_scheme(admin_user)

    assert list(pilot.feedback_questions.exclude(role="").values_list("label", "role")) == [
        ("Did you reach the goals you set at the start?", Role.MENTEE),
        ("What did you learn from mentoring?", Role.MENTOR),
    ]


def test_scheme_create_with_bad_dates_saves_nothing(admin_user):
    with pytest.raises(ValidationError) as caught:
        new_scheme(admin_user, launch_date=date(2027, 1, 15))

    assert list(caught.value.message_dict) == ["launch_date"]
    assert (Scheme.objects.count(), MatchingSettings.objects.count()) == (0, 0)
    assert FeedbackQuestion.objects.count() == 0


def test_new_pilot_checklist_says_what_is_missing(admin_user):
    pilot = new_scheme(admin_user)

    assert states(pilot) == [
        ("dates", True),
        ("programme", False),
        ("form-mentor", False),
        ("form-mentee", False),
        ("matching", True),
        ("feedback", True),
        ("dimensions", False),
        ("events", False),
        ("coordinators", False),
    ]
    events = next(i for i in scheme_checklist(scheme=pilot) if i.key == "events")
    assert events.detail == "Missing a launch event."
    assert events.url == (
        reverse("admin:schemes_schemeevent_changelist") + f"?scheme__id__exact={pilot.pk}"
    )


def test_pilot_with_everything_in_place_is_ready(admin_user, coordinator):
    pilot = new_scheme(admin_user, preparation_required=True)
    pilot.programme_template = ProgrammeTemplateFactory(duration_months=3, steps=3)
    pilot.save()
    pilot.coordinators.add(coordinator)
    for role in (Role.MENTOR, Role.MENTEE):
        QuestionFactory(form=ApplicationFormFactory(scheme=pilot, role=role))
    EvaluationDimension.objects.create(scheme=pilot, name="Confidence")
    starts = timezone.now() + timedelta(days=30)
    for kind, role in ((EventKind.LAUNCH, ""), (EventKind.MENTOR_PREPARATION, Role.MENTOR)):
        SchemeEvent.objects.create(
            scheme=pilot,
            kind=kind,
            title=kind.label,
            starts_at=starts,
            ends_at=starts + timedelta(hours=2),
            satisfies_preparation_for=role,
        )

    items = scheme_checklist(scheme=pilot)
    assert [(i.key, i.detail) for i in missing_items(items)] == [
        (
            "events",
            "Missing a preparation event (or the online preparation) for the junior partner "
            "(mentee) role.",
        )
    ]
    # The online preparation prepares every role.
    PreparationModule.objects.create(scheme=pilot, text="Read this.", code_of_conduct="Be kind.")
    assert missing_items(scheme_checklist(scheme=pilot)) == []


def test_rolling_peer_scheme_asks_for_one_form_and_no_dimensions(admin_user):
    peers = new_scheme(admin_user, slug="peers", kind=SchemeKind.RECIPROCAL, intake=Intake.ROLLING)
    form = ApplicationFormFactory(scheme=peers, role=Role.PEER)

    assert states(peers) == [
        ("dates", True),
        ("programme", False),
        ("form-peer", False),
        ("matching", True),
        ("feedback", True),
        ("events", True),
        ("coordinators", False),
    ]
    QuestionFactory(form=form)
    assert ("form-peer", True) in states(peers)


def test_checklist_queries_do_not_grow_with_the_scheme(
    admin_user, coordinator, django_assert_num_queries
):
    pilot = new_scheme(admin_user, programme_template=ProgrammeTemplateFactory())
    pilot = Scheme.objects.get(pk=pilot.pk)
    with django_assert_num_queries(8):
        scheme_checklist(scheme=pilot)
    pilot.coordinators.add(coordinator)
    for role in (Role.MENTOR, Role.MENTEE):
        form = ApplicationFormFactory(scheme=pilot, role=role)
        QuestionFactory.create_batch(5, form=form)
    EvaluationDimension.objects.create(scheme=pilot, name="Confidence")
    pilot = Scheme.objects.get(pk=pilot.pk)
    with django_assert_num_queries(8):
        scheme_checklist(scheme=pilot)


def test_cohort_dashboard_shows_windows_and_launch_not_a_target_window(client, admin_user):
    pilot = new_scheme(admin_user)
    client.force_login(admin_user)

    page = client.get(reverse("insights:dashboard_scheme", args=[pilot.slug])).content.decode()

    assert (
        "Mentor recruitment 1 Dec 2026 to 31 Dec 2026 · Mentee recruitment 1 Jan 2027 to "
        "28 Feb 2027 · launch 1 Mar 2027, planned end 1 Jun 2027 · momentum check"
    ) in page
    assert "Target window" not in page
    assert "A cohort scheme pairs its applicants for its launch date" in page


def test_flash_checklist_and_dashboard_do_not_promise_pairing(client, admin_user):
    flash = new_scheme(admin_user, slug="flash", kind=SchemeKind.FLASH, intake=Intake.ROLLING)
    [dates] = [item for item in scheme_checklist(scheme=flash) if item.key == "dates"]
    assert "nobody is paired" in dates.detail
    client.force_login(admin_user)
    page = client.get(reverse("insights:dashboard_scheme", args=[flash.slug])).content.decode()
    assert "paired within" not in page
    assert "Target window 90 days" not in page  # the lead line of the scheme's settings
    assert "Members book conversations from the mentors" in page
