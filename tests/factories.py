"""Core factories shared by every app's tests. App-specific factories live in
tests/<app>/factories.py."""

import factory
from django.utils import timezone

from accounts.models import CareerStage, Profile, User
from schemes.models import (
    Application,
    ApplicationForm,
    ApplicationStatus,
    Intake,
    Phase,
    Question,
    QuestionType,
    Role,
    Scheme,
    SchemeKind,
)
from sessions_log.models import ProgrammeStep, ProgrammeTemplate

PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"member{n}@example.org")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def verified(obj, create, extracted, **kwargs):
        """Members have a verified primary email unless ``verified=False``."""
        if create and extracted is not False:
            from allauth.account.models import EmailAddress

            EmailAddress.objects.create(user=obj, email=obj.email, verified=True, primary=True)


class ProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Profile

    user = factory.SubFactory(UserFactory)
    membership_number = factory.Sequence(lambda n: f"M{n:06d}")
    job_title = "Occupational therapist"
    organisation = factory.Sequence(lambda n: f"Trust {n % 7}")
    country = "GB"
    years_experience = 5
    career_stage = CareerStage.MID
    expertise = factory.LazyFunction(lambda: ["management", "clinical"])
    interests = factory.LazyFunction(lambda: ["leadership"])
    availability = factory.LazyFunction(lambda: ["tue 18:00-20:00", "thu 18:00-20:00"])


class ProgrammeTemplateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgrammeTemplate
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Programme {n}")
    duration_months = 6
    min_sessions = 6

    @factory.post_generation
    def steps(obj, create, extracted, **kwargs):
        count = 6 if extracted is None else extracted
        if create:
            for i in range(1, count + 1):
                ProgrammeStep.objects.create(
                    template=obj, number=i, title=f"Session {i}", offset_days=(i - 1) * 30
                )


class SchemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Scheme
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Scheme {n}")
    slug = factory.Sequence(lambda n: f"scheme-{n}")
    summary = "Mentoring for members."
    kind = SchemeKind.SENIOR_JUNIOR
    intake = Intake.ROLLING
    phase = Phase.RECRUITING
    # The model has no rule by default; most tests' schemes have the usual two years
    # (kinds with a senior and a junior partner only: ``Scheme.junior_role``).
    senior_min_years = factory.LazyAttribute(
        lambda o: 2 if o.kind in (SchemeKind.SENIOR_JUNIOR, SchemeKind.REVERSE) else None
    )

    @factory.post_generation
    def coordinators(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.coordinators.set(extracted)


class ApplicationFormFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ApplicationForm

    scheme = factory.SubFactory(SchemeFactory)
    role = Role.MENTEE


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Question

    form = factory.SubFactory(ApplicationFormFactory)
    label = factory.Sequence(lambda n: f"Question {n}")
    type = QuestionType.SHORT_TEXT
    required = True
    order = factory.Sequence(int)


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Application

    scheme = factory.SubFactory(SchemeFactory)
    applicant = factory.SubFactory(UserFactory)
    role = Role.MENTEE
    status = ApplicationStatus.SUBMITTED
    goals_areas = factory.LazyFunction(lambda: ["leadership"])
    hopes = "To grow as a leader."
    submitted_at = factory.LazyFunction(timezone.now)
