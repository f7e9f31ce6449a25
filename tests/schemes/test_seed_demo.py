"""``manage.py seed_demo``: realistic, complete and idempotent."""

from io import StringIO

import pytest
from allauth.account.models import EmailAddress
from django.core.management import call_command

from accounts.models import Profile, User
from accounts.roles import COORDINATOR_GROUP
from schemes.demo.people import PASSWORD
from schemes.models import (
    Application,
    ApplicationStatus,
    EventAttendance,
    EventKind,
    Intake,
    NewsItem,
    Phase,
    Question,
    QuestionType,
    Scheme,
    SchemeEvent,
    SchemeKind,
    Subscription,
)
from sessions_log.models import ProgrammeTemplate

MODELS = (
    User,
    Profile,
    EmailAddress,
    Scheme,
    Application,
    Question,
    SchemeEvent,
    EventAttendance,
    Subscription,
    NewsItem,
)


def counts():
    return {model.__name__: model.objects.count() for model in MODELS}


def seed(*args):
    out = StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_seed_demo_twice_does_not_duplicate():
    first_output = seed()
    first = counts()
    second_output = seed()
    assert counts() == first
    assert first_output.splitlines()[:-1] == second_output.splitlines()[:-1]


@pytest.mark.django_db
def test_seed_demo_reset_recreates_same_data():
    seed()
    first = counts()
    seed("--reset")
    assert counts() == first


@pytest.mark.django_db
def test_seed_demo_covers_every_kind_status_and_question_type():
    seed()
    assert set(Scheme.objects.values_list("kind", flat=True)) == set(SchemeKind.values)
    assert set(Application.objects.values_list("status", flat=True)) == set(
        ApplicationStatus.values
    )
    assert set(Question.objects.values_list("type", flat=True)) == set(QuestionType.values)
    assert {
        EventKind.LAUNCH,
        EventKind.BRIEFING,
        EventKind.MENTOR_PREPARATION,
        EventKind.LEARNING_SET,
    } <= set(SchemeEvent.objects.values_list("kind", flat=True))
    assert EventAttendance.objects.filter(attended=True).exists()
    assert Subscription.objects.exists() and NewsItem.objects.exists()


@pytest.mark.django_db
def test_seed_demo_schemes_configured_as_briefed():
    seed()
    rolling = Scheme.objects.get(slug="career-mentoring")
    assert (rolling.intake, rolling.target_window_days, rolling.demand_threshold is not None) == (
        Intake.ROLLING,
        90,
        True,
    )
    pilot = Scheme.objects.get(intake=Intake.COHORT)
    assert (
        pilot.mentor_recruitment_opens.month,
        pilot.mentee_recruitment_opens.month,
        pilot.mentee_recruitment_closes.month,
        pilot.launch_date.month,
        pilot.programme_length_months,
    ) == (12, 1, 2, 3, 3)
    foundations = Scheme.objects.get(phase=Phase.FOUNDATIONS)
    assert foundations.applications.count() == 0
    assert foundations.subscriptions.count() > 0
    assert foundations.need != ""
    template = ProgrammeTemplate.objects.order_by("pk").first()
    assert set(Scheme.objects.values_list("programme_template", flat=True)) == {
        template.pk if template else None
    }


@pytest.mark.django_db
def test_seed_demo_people_can_log_in_and_are_complete(client):
    output = seed()
    members = Profile.objects.filter(user__email__endswith="@demo.example")
    assert members.count() >= 100
    assert all(p.is_complete for p in members)
    assert len(set(members.values_list("country", flat=True))) >= 5
    assert members.exclude(do_not_pair_with=[]).count() >= 3
    demo_users = User.objects.filter(email__endswith="@demo.example")
    assert EmailAddress.objects.filter(user__in=demo_users, verified=True).count() == (
        demo_users.count()
    )
    coordinators = User.objects.filter(groups__name=COORDINATOR_GROUP)
    assert sorted(coordinators.values_list("email", flat=True)) == [
        "coordinator2@demo.example",
        "coordinator@demo.example",
    ]
    assert User.objects.get(email="admin@demo.example").is_superuser is True
    assert client.login(email="mentee@demo.example", password=PASSWORD)
    for login in (
        "admin@demo.example",
        "coordinator@demo.example",
        "mentor@demo.example",
        "mentee@demo.example",
        "peer@demo.example",
        PASSWORD,
        "/admin/",
    ):
        assert login in output
