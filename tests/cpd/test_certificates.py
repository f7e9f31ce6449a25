"""Certificate verification at a public address: the code confirms name, scheme, dates and
hours, and nothing else; an unknown code says so."""

from datetime import date

import pytest
from django.urls import reverse

from cpd.models import IssuedCertificate
from sessions_log.models import RelationshipStatus
from tests.cpd.factories import held, pair

pytestmark = pytest.mark.django_db


@pytest.fixture
def issued(client, scheme, mentor, mentee):
    rel = pair(
        scheme, mentor, mentee, status=RelationshipStatus.COMPLETED, ended_on=date(2025, 7, 1)
    )
    held(rel, 1, minutes=90, notes="Private notes of the pair", title="About my manager")
    client.force_login(mentee)
    client.get(reverse("cpd:certificate", args=[rel.pk]))
    client.logout()
    return IssuedCertificate.objects.get(user=mentee)


def test_verification_confirms_a_certificate_to_anyone(client, issued, mentee, scheme):
    response = client.get(reverse("verify_certificate", args=[issued.code]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "This certificate is genuine." in page
    for shown in (mentee.display_name, scheme.name, "6 January 2025", "1 July 2025", "1.50"):
        assert shown in page


def test_verification_discloses_nothing_confidential(client, issued, mentee, mentor):
    page = client.get(reverse("verify_certificate", args=[issued.code])).content.decode()
    for hidden in (
        "Private notes of the pair",
        "About my manager",
        mentee.email,
        mentor.display_name,
        mentor.email,
        "mentee",  # the role is on the paper, not on the public page
    ):
        assert hidden not in page


def test_verification_accepts_the_code_as_typed(client, issued):
    typed = issued.code.replace("-", " ").lower()
    response = client.get(reverse("verify_certificate_lookup"), {"code": typed})
    assert response.status_code == 302
    assert client.get(response.url).status_code == 200


@pytest.mark.parametrize("code", ["ABCD-EFGH-JKMN", "short", "ÄÖÜ-<script>"])
def test_unknown_code_is_a_clear_404(client, issued, code):
    response = client.get(reverse("verify_certificate", args=[code]))
    assert response.status_code == 404
    page = response.content.decode()
    assert "No certificate has the code" in page
    assert "This certificate is genuine." not in page
    assert "<script>" not in page


def test_lookup_form_with_nothing_typed(client):
    response = client.get(reverse("verify_certificate_lookup"), {"code": "//"})
    assert response.status_code == 200
    assert "Verification code, as printed on the certificate" in response.content.decode()


def test_certificate_codes_differ(client, scheme, other_scheme, mentor, mentee):
    for s in (scheme, other_scheme):
        rel = pair(
            s, mentor, mentee, status=RelationshipStatus.COMPLETED, ended_on=date(2025, 7, 1)
        )
        client.force_login(mentee)
        client.get(reverse("cpd:certificate", args=[rel.pk]))
    codes = list(IssuedCertificate.objects.values_list("code", flat=True))
    assert len(set(codes)) == 2
