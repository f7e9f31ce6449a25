"""A peer scheme's admin pages show what applies to peers: no seniority rule, no mentee
shortlist, no mentor places against mentee demand, but the peers waiting for a match (as
the "Applicants waiting" page counts them)."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from schemes.admin.scheme import _peers_waiting
from schemes.models import ApplicationStatus, Intake, Role, SchemeKind
from schemes.models.scheme_rules import scheme_rule_errors
from tests.factories import ApplicationFactory, SchemeFactory
from tests.i18n.fixtures import pseudo_locale, pseudo_locale_build  # noqa: F401
from tests.i18n.untranslated import untranslated

pytestmark = pytest.mark.django_db

MENTORING_ONLY = {
    "senior_min_years",
    "mentee_choice",
    "shortlist_size",
    "demand_threshold",
    "over_threshold_action",
    "waitlist_offers_need_approval",
}


@pytest.fixture
def peers(coordinator):
    scheme = SchemeFactory(
        kind=SchemeKind.RECIPROCAL, intake=Intake.ROLLING, coordinators=[coordinator]
    )
    ApplicationFactory.create_batch(
        2, scheme=scheme, role=Role.PEER, status=ApplicationStatus.ACCEPTED
    )
    ApplicationFactory(  # matched: no longer waiting
        scheme=scheme, role=Role.PEER, status=ApplicationStatus.ACCEPTED, matched_at=timezone.now()
    )
    ApplicationFactory(scheme=scheme, role=Role.PEER)  # submitted, not accepted yet
    return scheme


def _change(scheme) -> str:
    return reverse("admin:schemes_scheme_change", args=[scheme.pk])


def test_peer_scheme_page_hides_mentoring_fields_and_shows_peers_waiting(
    client, coordinator, peers
):
    client.force_login(coordinator)
    page = client.get(_change(peers))
    assert MENTORING_ONLY.isdisjoint(page.context["adminform"].form.fields)
    assert "2 peers waiting for a match" in page.text
    assert "mentor places" not in page.text
    assert "may only apply as the junior" not in page.text


def test_mentoring_scheme_page_keeps_its_fields(client, coordinator, scheme):
    client.force_login(coordinator)
    page = client.get(_change(scheme))
    assert set(page.context["adminform"].form.fields) >= MENTORING_ONLY
    assert "0 mentor places, 0 mentees waiting (no places)" in page.text


def test_changelist_shows_peers_waiting_for_a_peer_scheme(client, admin_user, peers, scheme):
    ApplicationFactory(scheme=scheme, role=Role.MENTOR, capacity=2)
    ApplicationFactory(scheme=scheme, role=Role.MENTEE)
    client.force_login(admin_user)
    changelist = client.get(reverse("admin:schemes_scheme_changelist")).context["cl"]
    admin_obj = changelist.model_admin
    shown = {
        row.pk: (
            admin_obj.places_display(row),
            admin_obj.demand_display(row),
            admin_obj.ratio_display(row),
        )
        for row in changelist.result_list
    }
    assert shown == {
        peers.pk: ("–", "2 peers waiting for a match", "–"),
        scheme.pk: (2, 1, "0.50"),
    }


def test_other_coordinator_cannot_open_the_peer_scheme(client, other_coordinator, peers):
    client.force_login(other_coordinator)
    response = client.get(_change(peers))
    assert (response.status_code, response.url) == (302, reverse("admin:index"))


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("mentee_choice", True, "pairs peers with each other"),
        ("demand_threshold", 2, "pairs peers with each other"),
        ("senior_min_years", 5, "has no senior or junior partner"),
    ],
)
def test_a_mentoring_value_in_a_peer_scheme_is_refused_and_stays_shown(
    client, coordinator, peers, field, value, message
):
    setattr(peers, field, value)
    with pytest.raises(ValidationError) as caught:
        peers.full_clean()
    assert message in caught.value.message_dict[field][0]
    peers.save()
    client.force_login(coordinator)
    assert field in client.get(_change(peers)).context["adminform"].form.fields


def test_peer_texts_translate(peers, pseudo_locale):  # noqa: F811
    peers.mentee_choice, peers.senior_min_years = True, 5
    with translation.override(pseudo_locale):
        texts = [_peers_waiting(1), _peers_waiting(3), *scheme_rule_errors(peers).values()]
    assert len(texts) == 4
    assert [t for t in texts if untranslated(t)] == []
