"""The one rule for "is a member of this relationship" (sessions_log.rules): only the
relationship's members, never its scheme's coordinator or an administrator."""

import pytest
from django.contrib.auth.models import AnonymousUser

from sessions_log.models import MemberRole, Relationship, Session
from sessions_log.rules import filter_member_of, relationship_membership
from tests.sessions_log.factories import start_pair

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair(scheme, mentor, mentee):
    return start_pair(scheme, mentor, mentee, steps=2)


def test_relationship_membership_for_the_cast(
    pair, admin_user, coordinator, other_coordinator, mentor, mentee, outsider
):
    cast = {
        "administrator": admin_user,
        "coordinator": coordinator,
        "other coordinator": other_coordinator,
        "mentor": mentor,
        "mentee": mentee,
        "outsider": outsider,
        "anonymous": AnonymousUser(),
    }

    answers = {}
    for name, user in cast.items():
        member = relationship_membership(user=user, relationship=pair)
        answers[name] = None if member is None else member.role

    assert answers == {
        "administrator": None,
        "coordinator": None,
        "other coordinator": None,
        "mentor": MemberRole.MENTOR,
        "mentee": MemberRole.MENTEE,
        "outsider": None,
        "anonymous": None,
    }


def test_relationship_membership_reads_prefetched_members(
    pair, mentee, outsider, django_assert_num_queries
):
    relationship = Relationship.objects.prefetch_related("members").get(pk=pair.pk)

    with django_assert_num_queries(0):
        assert relationship_membership(user=mentee, relationship=relationship).user_id == mentee.pk
        assert relationship_membership(user=outsider, relationship=relationship) is None


def test_filter_member_of_keeps_the_members_rows(other_scheme, pair, mentee, outsider, mentor):
    other = start_pair(other_scheme, mentor, outsider, steps=1)
    relationships = Relationship.objects.order_by("pk")

    mentees = filter_member_of(relationships, user=mentee, relationship_path="")
    mentors = filter_member_of(relationships, user=mentor, relationship_path="")
    sessions = filter_member_of(Session.objects.all(), user=mentee)

    assert list(mentees) == [pair]
    assert list(mentors) == [pair, other]
    assert sorted(sessions.values_list("relationship", "number")) == [(pair.pk, 1), (pair.pk, 2)]
