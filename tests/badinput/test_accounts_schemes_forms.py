"""Bad input through the member portal's own forms: profile, email preferences, registering
interest, starting an application, the application form with every question type, RSVPs."""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from accounts.models import Area, CareerStage, DigestFrequency, PreferredMode, Profile
from schemes.forms import SAVE_DRAFT, SUBMIT
from schemes.models import (
    Application,
    ApplicationStatus,
    EventAttendance,
    EventKind,
    QuestionType,
    Role,
    SchemeEvent,
)
from tests.factories import ApplicationFormFactory, QuestionFactory

from .harness import (
    BAD_INPUT,
    FormCase,
    check_form_post,
    choice_or,
    form_data,
    many_of,
    rolled_back,
    text_or,
)

PROFILE_FIELDS = {
    "first_name": text_or("Nia"),
    "last_name": text_or("Jones"),
    "membership_number": text_or("M123"),
    "job_title": text_or("Occupational therapist"),
    "organisation": text_or("Trust A"),
    "country": choice_or(["GB", "KE", "BR", "PL"]),
    "timezone": choice_or(["Australia/Sydney", "America/Sao_Paulo", "Asia/Calcutta"]),
    "years_experience": text_or("4", "0", "60"),
    "career_stage": choice_or(CareerStage.values),
    "expertise": many_of(Area.values),
    "interests": text_or("dementia care, housing"),
    "availability": text_or("Tuesday 18:00-20:00", "weekdays 07:30-08:30\nSat 10:00-12:00"),
    "preferred_mode": choice_or(PreferredMode.values),
    "languages": text_or("English, Welsh"),
    "do_not_pair_with": text_or("boss@example.org", "a@example.org, b@example.org"),
}
PROFILE_TEXT = tuple(
    n
    for n in PROFILE_FIELDS
    if n not in ("career_stage", "country", "expertise", "availability", "timezone")
)
PROFILE_TEXT = tuple(n for n in PROFILE_TEXT if n != "preferred_mode")


@BAD_INPUT
@given(data=form_data(PROFILE_FIELDS))
def test_profile_form_bad_input(client, mentee, data):
    client.force_login(mentee)

    def state():
        return list(Profile.objects.filter(user=mentee).values())

    case = FormCase(url=reverse("accounts:profile"), fields=PROFILE_FIELDS, kept=PROFILE_TEXT)
    case.state = state
    with rolled_back():
        check_form_post(client, case, data)


@BAD_INPUT
@given(data=form_data({"digest_frequency": choice_or(DigestFrequency.values)}))
def test_email_preferences_bad_input(client, coordinator, data):
    """Staff choose how often the digest comes; anything else is refused with a message."""
    client.force_login(coordinator)
    case = FormCase(url=reverse("accounts:email_preferences"), fields={})
    with rolled_back():
        check_form_post(client, case, data)


SUBSCRIPTION_FIELDS = {
    "name": text_or("Ann"),
    "email": text_or("ann@example.org", "ANN@Example.org"),
    "interested_as": choice_or(["", "mentor", "mentee"]),
    "wants_news": text_or("on"),
}


@BAD_INPUT
@given(data=form_data(SUBSCRIPTION_FIELDS), signed_in=st.booleans())
def test_subscription_form_bad_input(client, scheme, outsider, data, signed_in):
    if signed_in:
        client.force_login(outsider)
    else:
        client.logout()
    case = FormCase(
        url=scheme.get_absolute_url(),
        fields=SUBSCRIPTION_FIELDS,
        kept=("name", "email"),
        creates="accounts_sentnotification",  # the confirmation email (double opt-in)
    )
    with rolled_back():
        check_form_post(client, case, data)


@BAD_INPUT
@given(data=form_data({"role": choice_or(Role.values)}))
def test_start_application_bad_input(client, scheme, mentee, data):
    client.force_login(mentee)
    case = FormCase(
        url=reverse("schemes:apply", kwargs={"slug": scheme.slug}),
        fields={},
        creates="schemes_application",
    )
    with rolled_back():
        check_form_post(client, case, data)


def _all_question_types(scheme):
    """A mentee form with one required question of each of the six types."""
    form = ApplicationFormFactory(scheme=scheme, role=Role.MENTEE)
    questions = {}
    for qtype in QuestionType:
        choices = "Red\nGreen\n<b>Blue</b>" if "choice" in qtype else ""
        questions[qtype] = QuestionFactory(form=form, type=qtype, choices=choices, required=True)
    return questions


def _answer(qtype):
    good = {
        QuestionType.SHORT_TEXT: text_or("Short answer"),
        QuestionType.LONG_TEXT: text_or("A long\nanswer"),
        QuestionType.SINGLE_CHOICE: choice_or(["Red", "Green", "<b>Blue</b>"]),
        QuestionType.MULTIPLE_CHOICE: many_of(["Red", "Green", "<b>Blue</b>"]),
        QuestionType.NUMBER: text_or("3", "0", "-2.5", "9999999999.99"),
        QuestionType.YES_NO: choice_or(["yes", "no"]),
    }
    return good[qtype]


@BAD_INPUT
@given(st.data())
def test_application_form_all_question_types_bad_input(client, scheme, mentee, data):
    """The dynamic form: a draft keeps whatever is valid; a submit with errors keeps every
    typed value on the page, stays a draft and creates nothing."""
    client.force_login(mentee)
    with rolled_back():
        questions = _all_question_types(scheme)
        application = Application.objects.create(
            scheme=scheme, applicant=mentee, role=Role.MENTEE, status=ApplicationStatus.DRAFT
        )
        fields = {
            "goals_areas": many_of(Area.values),
            "hopes": text_or("To grow as a leader."),
            **{f"q_{q.pk}": _answer(qtype) for qtype, q in questions.items()},
        }
        text_fields = ("hopes", *(f"q_{q.pk}" for t, q in questions.items() if "text" in t))
        number = f"q_{questions[QuestionType.NUMBER].pk}"
        posted = data.draw(form_data(fields))
        button = data.draw(st.sampled_from([SAVE_DRAFT, SUBMIT]))

        def state():
            a = Application.objects.get(pk=application.pk)
            if button == SUBMIT:  # an invalid submit saves the valid draft parts, by design
                return a.status
            return (a.status, a.goals_areas, a.hopes, a.answers)

        case = FormCase(
            url=application.get_absolute_url(),
            fields=fields,
            kept=(*text_fields, number),
            extra={button: "1"},
            may_change=("schemes_historicalapplication",),
        )
        case.state = state
        response = check_form_post(client, case, posted)
        if response.status_code == 302 and button == SUBMIT:
            assert Application.objects.get(pk=application.pk).status != ApplicationStatus.DRAFT


@BAD_INPUT
@given(data=form_data({"rsvp": choice_or(EventAttendance.Rsvp.values)}))
def test_event_rsvp_bad_input(client, scheme, mentee, data):
    start = timezone.now() + timedelta(days=10)
    event = SchemeEvent.objects.get_or_create(
        scheme=scheme,
        kind=EventKind.BRIEFING,
        title="Briefing",
        defaults={"starts_at": start, "ends_at": start + timedelta(hours=1)},
    )[0]
    client.force_login(mentee)
    case = FormCase(
        url=reverse("schemes:event_rsvp", kwargs={"pk": event.pk}),
        fields={},
        creates="schemes_eventattendance",
    )
    with rolled_back():
        check_form_post(client, case, data)
