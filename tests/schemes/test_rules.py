"""The one rule for "does this user coordinate this scheme / which schemes" (schemes.rules),
checked against the fixed cast plus the staff members it must not let through."""

import pytest
from django.contrib.auth.models import AnonymousUser

from accounts.roles import user_is_administrator, user_is_staff_member
from schemes.models import Application, Question, Role, Scheme
from schemes.rules import filter_coordinated_by, schemes_coordinated_by, user_coordinates_scheme
from tests.factories import (
    ApplicationFactory,
    ApplicationFormFactory,
    QuestionFactory,
    SchemeFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def cast(
    admin_user,
    coordinator,
    other_coordinator,
    coordinator_group,
    mentor,
    mentee,
    outsider,
    scheme,
    other_scheme,
):
    """Everyone, by name. The mentor and mentee applied to ``scheme``; ``inactive`` and
    ``former`` are still listed as its coordinators but can no longer sign in or are no
    longer staff; ``staff_only`` is staff without the Coordinators group or any scheme."""
    ApplicationFactory(scheme=scheme, applicant=mentor, role=Role.MENTOR)
    ApplicationFactory(scheme=scheme, applicant=mentee, role=Role.MENTEE)
    inactive = UserFactory(email="inactive@example.org", is_staff=True, is_active=False)
    inactive.groups.add(coordinator_group)
    former = UserFactory(email="former@example.org", is_staff=False)
    scheme.coordinators.add(inactive, former)
    return {
        "administrator": admin_user,
        "coordinator": coordinator,
        "other coordinator": other_coordinator,
        "mentor": mentor,
        "mentee": mentee,
        "outsider": outsider,
        "inactive coordinator": inactive,
        "former coordinator": former,
        "staff without group": UserFactory(email="staff@example.org", is_staff=True),
        "anonymous": AnonymousUser(),
    }


def test_user_coordinates_scheme_for_the_cast(cast, scheme, other_scheme):
    answers = {
        name: (
            user_coordinates_scheme(user=user, scheme=scheme),
            user_coordinates_scheme(user=user, scheme=other_scheme),
        )
        for name, user in cast.items()
    }

    assert answers == {
        "administrator": (True, True),
        "coordinator": (True, False),
        "other coordinator": (False, True),
        "mentor": (False, False),
        "mentee": (False, False),
        "outsider": (False, False),
        "inactive coordinator": (False, False),
        "former coordinator": (False, False),
        "staff without group": (False, False),
        "anonymous": (False, False),
    }


def test_schemes_coordinated_by_for_the_cast(cast, scheme, other_scheme):
    both = {scheme.name, other_scheme.name}

    answers = {
        name: set(schemes_coordinated_by(user=user).values_list("name", flat=True))
        for name, user in cast.items()
    }

    assert answers == {
        "administrator": both,
        "coordinator": {scheme.name},
        "other coordinator": {other_scheme.name},
        "mentor": set(),
        "mentee": set(),
        "outsider": set(),
        "inactive coordinator": set(),
        "former coordinator": set(),
        "staff without group": set(),
        "anonymous": set(),
    }


def test_filter_coordinated_by_for_the_cast(cast, scheme, other_scheme):
    theirs = ApplicationFactory(scheme=other_scheme)
    in_scheme = set(Application.objects.filter(scheme=scheme).values_list("pk", flat=True))

    answers = {
        name: set(
            filter_coordinated_by(Application.objects.all(), user=user).values_list("pk", flat=True)
        )
        for name, user in cast.items()
    }

    assert answers == {
        "administrator": in_scheme | {theirs.pk},
        "coordinator": in_scheme,
        "other coordinator": {theirs.pk},
        "mentor": set(),
        "mentee": set(),
        "outsider": set(),
        "inactive coordinator": set(),
        "former coordinator": set(),
        "staff without group": set(),
        "anonymous": set(),
    }


def test_filter_coordinated_by_follows_the_scheme_path(coordinator, scheme, other_scheme):
    mine = QuestionFactory(form=ApplicationFormFactory(scheme=scheme))
    QuestionFactory(form=ApplicationFormFactory(scheme=other_scheme))

    questions = filter_coordinated_by(
        Question.objects.all(), user=coordinator, scheme_path="form__scheme"
    )
    schemes = filter_coordinated_by(Scheme.objects.all(), user=coordinator, scheme_path="")

    assert list(questions) == [mine]
    assert list(schemes) == [scheme]


def test_filter_coordinated_by_leaves_an_administrators_queryset_alone(admin_user):
    queryset = Application.objects.filter(role=Role.MENTOR)

    assert filter_coordinated_by(queryset, user=admin_user) is queryset


def test_the_coordinators_list_not_the_group_says_which_schemes(coordinator_group, scheme):
    """The group grants the model permissions (accounts.roles); the scheme's list of
    coordinators says which schemes a staff member coordinates."""
    listed = UserFactory(email="listed@example.org", is_staff=True)
    scheme.coordinators.add(listed)

    assert user_coordinates_scheme(user=listed, scheme=scheme) is True
    assert list(schemes_coordinated_by(user=listed)) == [scheme]


def test_role_predicates_for_the_cast(cast):
    answers = {
        name: (user_is_staff_member(user=user), user_is_administrator(user=user))
        for name, user in cast.items()
    }

    assert answers == {
        "administrator": (True, True),
        "coordinator": (True, False),
        "other coordinator": (True, False),
        "mentor": (False, False),
        "mentee": (False, False),
        "outsider": (False, False),
        "inactive coordinator": (False, False),
        "former coordinator": (False, False),
        "staff without group": (True, False),
        "anonymous": (False, False),
    }


def test_a_superuser_who_is_not_staff_administers_nothing(scheme):
    """Administrators are staff superusers, as the admin site itself requires."""
    user = UserFactory(email="not-staff@example.org", is_staff=False, is_superuser=True)

    assert user_is_administrator(user=user) is False
    assert user_coordinates_scheme(user=user, scheme=scheme) is False
    assert list(schemes_coordinated_by(user=user)) == []


@pytest.mark.parametrize("count", [1, 5])
def test_schemes_coordinated_by_takes_one_query(
    count, admin_user, coordinator, django_assert_num_queries
):
    SchemeFactory.create_batch(count, coordinators=[coordinator])

    with django_assert_num_queries(1):
        assert len(list(schemes_coordinated_by(user=coordinator))) == count
    with django_assert_num_queries(1):
        assert len(list(schemes_coordinated_by(user=admin_user))) == count


def test_schemes_coordinated_by_takes_no_query_for_someone_not_staff(
    outsider, django_assert_num_queries
):
    SchemeFactory.create_batch(3)

    with django_assert_num_queries(0):
        assert list(schemes_coordinated_by(user=outsider)) == []
        assert list(schemes_coordinated_by(user=AnonymousUser())) == []


def test_user_coordinates_scheme_query_counts(
    admin_user, coordinator, outsider, scheme, django_assert_num_queries
):
    with django_assert_num_queries(0):
        assert user_coordinates_scheme(user=admin_user, scheme=scheme) is True
        assert user_coordinates_scheme(user=outsider, scheme=scheme) is False
    with django_assert_num_queries(1):
        assert user_coordinates_scheme(user=coordinator, scheme=scheme) is True
