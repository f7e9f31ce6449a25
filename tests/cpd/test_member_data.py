"""The CPD part of a member's data export: their own reflections, activities and profile."""

from datetime import date
from decimal import Decimal

import pytest

from cpd.member_data import member_data
from tests.cpd.factories import held, manual, pair, reflection

pytestmark = pytest.mark.django_db


def test_cpd_part_holds_the_members_own_records(scheme, mentor, mentee, outsider):
    rel = pair(scheme, mentor, mentee)
    held(rel, 1, on=date(2025, 2, 3), minutes=90)
    mine = reflection(mentor, title="Mentor's reflection", relationship=rel)
    reflection(mentee, title="Mentee's reflection", relationship=rel, shared_with_partner=True)
    manual(mentor, title="Mentor's course", on=date(2025, 3, 1), hours="2")
    manual(outsider, title="Outsider's course")

    data = member_data(user=mentor)

    assert [(r["id"], r["title"]) for r in data["reflections"]] == [
        (mine.pk, "Mentor's reflection")
    ]
    assert [(a["source"], a["title"], a["hours"]) for a in data["cpd_activities"]] == [
        ("session", "Mentoring session 1", Decimal("1.50")),
        ("manual", "Mentor's course", Decimal("2.00")),
    ]
    assert data["cpd_profile"]["framework"] == "HCPC standards for CPD"
    for words in ("Mentee's", "Outsider's"):
        assert words not in repr(data)
