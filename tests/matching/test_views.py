"""Member portal and admin pages of matching, checked with the fixed cast."""

import pytest
from django.core import mail
from django.urls import reverse

from matching import services
from matching.models import MatchingRun, ProposalStatus, Response
from schemes.models import Role
from tests.matching.factories import accepted, finished_run, proposal

pytestmark = pytest.mark.django_db


@pytest.fixture
def approved(scheme, mentor, mentee, admin_user):
    run = finished_run(scheme, by=admin_user)
    prop = proposal(
        run, accepted(scheme, role=Role.MENTOR, user=mentor), accepted(scheme, user=mentee)
    )
    services.run_approve(run=run, by=admin_user)
    return prop


# --- member portal ---------------------------------------------------------------------


def test_list_shows_my_match_with_partner(client, approved, mentee, mentor):
    client.force_login(mentee)
    response = client.get(reverse("matching:list"))
    assert response.status_code == 200
    assert [row["proposal"] for row in response.context["rows"]] == [approved]
    assert mentor.display_name in response.content.decode()


def test_list_hides_proposals_awaiting_approval(client, scheme, mentee):
    run = finished_run(scheme)
    proposal(run, accepted(scheme, role=Role.MENTOR), accepted(scheme, user=mentee))
    client.force_login(mentee)
    assert client.get(reverse("matching:list")).context["rows"] == []


@pytest.mark.parametrize("who", ["outsider", "coordinator", "admin_user", "other_coordinator"])
def test_detail_of_someone_elses_match_is_404(client, approved, who, request):
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("matching:detail", args=[approved.pk])).status_code == 404
    assert (
        client.post(
            reverse("matching:detail", args=[approved.pk]), {"decision": "accept"}
        ).status_code
        == 404
    )


def test_detail_anonymous_redirects_to_login(client, approved):
    response = client.get(reverse("matching:detail", args=[approved.pk]))
    assert (response.status_code, response.url.split("?")[0]) == (302, "/accounts/login/")


def test_detail_shows_plain_reasons_and_form(client, approved, mentee):
    client.force_login(mentee)
    response = client.get(reverse("matching:detail", args=[approved.pk]))
    body = response.content.decode()
    assert response.context["can_answer"] is True
    assert "<li>You both prefer to meet online</li>" in body


def test_detail_post_accept_records_answer(client, approved, mentee):
    client.force_login(mentee)
    response = client.post(reverse("matching:detail", args=[approved.pk]), {"decision": "accept"})
    assert response.url == reverse("matching:detail", args=[approved.pk])
    assert approved.members.get(application__applicant=mentee).response == Response.ACCEPTED


def test_detail_post_decline_with_reason(client, approved, mentor):
    client.force_login(mentor)
    client.post(
        reverse("matching:detail", args=[approved.pk]),
        {"decision": "decline", "reason": "We work together"},
    )
    approved.refresh_from_db()
    member = approved.members.get(application__applicant=mentor)
    assert (approved.status, member.response, member.response_reason) == (
        ProposalStatus.DECLINED,
        Response.DECLINED,
        "We work together",
    )


def test_detail_post_bad_decision_changes_nothing(client, approved, mentee):
    client.force_login(mentee)
    response = client.post(reverse("matching:detail", args=[approved.pk]), {"decision": "maybe"})
    assert response.status_code == 200
    assert "decision" in response.context["form"].errors
    assert approved.members.get(application__applicant=mentee).response == Response.PENDING


def test_both_accept_through_portal_emails_confirmation(
    client, approved, mentee, mentor, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    for user in (mentee, mentor):
        client.force_login(user)
        with django_capture_on_commit_callbacks(execute=True):
            client.post(reverse("matching:detail", args=[approved.pk]), {"decision": "accept"})
    approved.refresh_from_db()
    assert approved.status == ProposalStatus.CONFIRMED
    assert sorted(m.to[0] for m in mail.outbox) == ["mentee@example.org", "mentor@example.org"]


def test_choose_someone_elses_option_is_404(client, approved, outsider):
    client.force_login(outsider)
    assert client.post(reverse("matching:choose", args=[approved.pk])).status_code == 404


def test_choose_a_pair_shows_error(client, approved, mentee):
    client.force_login(mentee)
    response = client.post(reverse("matching:choose", args=[approved.pk]), follow=True)
    assert [str(m) for m in response.context["messages"]] == ["This option is no longer available."]


@pytest.mark.parametrize("rows", [1, 5])
def test_list_query_count_is_constant(
    client, scheme, mentee, admin_user, rows, django_assert_num_queries
):
    mentee_app = accepted(scheme, user=mentee)
    for _ in range(rows):
        run = finished_run(scheme)
        prop = proposal(run, accepted(scheme, role=Role.MENTOR), mentee_app)
        services.run_approve(run=run, by=admin_user)
        services.proposal_respond(proposal=prop, user=mentee, accept=False)
    client.force_login(mentee)
    # session, user, proposals, members, directories, flash schemes
    with django_assert_num_queries(6):
        response = client.get(reverse("matching:list"))
    assert len(response.context["rows"]) == rows


# --- admin -----------------------------------------------------------------------------


def test_admin_review_lists_proposals_and_unmatched(client, coordinator, scheme):
    run = finished_run(scheme)
    prop = proposal(run, accepted(scheme, role=Role.MENTOR), accepted(scheme))
    run.unmatched = [
        {"application": 1, "name": "Ann Lee", "role": "mentee", "reason": "capacity exhausted"}
    ]
    run.save()
    client.force_login(coordinator)
    response = client.get(reverse("admin:matching_matchingrun_review", args=[run.pk]))
    body = response.content.decode()
    assert [row["proposal"] for row in response.context["rows"]] == [prop]
    assert "<td>capacity exhausted</td>" in body
    assert "both prefer to meet online (20.0)" in body


@pytest.mark.parametrize(
    ("who", "status"), [("other_coordinator", 404), ("admin_user", 200), ("mentee", 302)]
)
def test_admin_review_scoped_to_coordinators_schemes(client, scheme, who, status, request):
    run = finished_run(scheme)
    client.force_login(request.getfixturevalue(who))
    assert (
        client.get(reverse("admin:matching_matchingrun_review", args=[run.pk])).status_code
        == status
    )


def test_admin_review_approve_emails_members(
    client, coordinator, scheme, django_capture_on_commit_callbacks
):
    run = finished_run(scheme)
    prop = proposal(run, accepted(scheme, role=Role.MENTOR), accepted(scheme))
    client.force_login(coordinator)
    url = reverse("admin:matching_matchingrun_review", args=[run.pk])
    with django_capture_on_commit_callbacks(execute=True):
        asked = client.post(url, {"action": "approve"})
        prop.refresh_from_db()
        assert (prop.status, len(mail.outbox)) == (ProposalStatus.PROPOSED, 0)
        response = client.post(url, {"action": "approve", "confirm": "yes"})
    prop.refresh_from_db()
    assert "1 proposal awaits approval. Approving it emails its 2 members" in asked.content.decode()
    assert (response.status_code, prop.status, len(mail.outbox)) == (
        302,
        ProposalStatus.APPROVED,
        2,
    )


@pytest.mark.parametrize("pairs", [1, 12])
def test_approve_all_confirmation_query_count_is_constant(
    client, admin_user, scheme, pairs, django_assert_num_queries
):
    run = finished_run(scheme)
    for _ in range(pairs):
        proposal(run, accepted(scheme, role=Role.MENTOR), accepted(scheme))
    client.force_login(admin_user)
    url = reverse("admin:matching_matchingrun_review", args=[run.pk])
    # session, user, the run and its scheme, the proposals counted, their members counted
    with django_assert_num_queries(6):
        page = client.post(url, {"action": "approve"}).content.decode()
    assert f"emails {'its' if pairs == 1 else 'their'} {2 * pairs} members" in page


def test_admin_review_preview_shows_score_change(client, coordinator, scheme):
    run = finished_run(scheme)
    mentor_app = accepted(scheme, role=Role.MENTOR)
    other = accepted(scheme, role=Role.MENTOR)
    prop = proposal(run, mentor_app, accepted(scheme))
    member = prop.members.get(application=mentor_app)
    client.force_login(coordinator)
    response = client.post(
        reverse("admin:matching_matchingrun_review", args=[run.pk]),
        {
            "action": "preview",
            "proposal": prop.pk,
            f"p{prop.pk}-member": member.pk,
            f"p{prop.pk}-application": other.applicant.email,
        },
    )
    changes = response.context["preview"]["changes"]
    assert [(c.proposal.pk, c.before) for c in changes] == [(prop.pk, 70.0)]
    assert "Change in score if you apply this change" in response.content.decode()


def test_admin_review_reject_by_other_coordinator_is_404(client, other_coordinator, scheme):
    run = finished_run(scheme)
    prop = proposal(run, accepted(scheme, role=Role.MENTOR), accepted(scheme))
    client.force_login(other_coordinator)
    response = client.post(
        reverse("admin:matching_matchingrun_review", args=[run.pk]),
        {"action": "reject", "proposal": prop.pk},
    )
    prop.refresh_from_db()
    assert (response.status_code, prop.status) == (404, ProposalStatus.PROPOSED)


def test_admin_start_offers_only_own_schemes(client, coordinator, scheme, other_scheme):
    client.force_login(coordinator)
    response = client.get(reverse("admin:matching_matchingrun_start"))
    assert list(response.context["form"].fields["scheme"].queryset) == [scheme]
    response = client.post(reverse("admin:matching_matchingrun_start"), {"scheme": other_scheme.pk})
    assert (response.status_code, MatchingRun.objects.count()) == (200, 0)


def test_admin_run_changelist_scoped(client, coordinator, scheme, other_scheme):
    mine = finished_run(scheme)
    finished_run(other_scheme)
    client.force_login(coordinator)
    response = client.get(reverse("admin:matching_matchingrun_changelist"))
    assert list(response.context["cl"].result_list) == [mine]


@pytest.mark.parametrize("rows", [1, 4])
def test_admin_run_changelist_query_count(
    client, admin_user, scheme, rows, django_assert_max_num_queries
):
    for _ in range(rows):
        finished_run(scheme)
    client.force_login(admin_user)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("admin:matching_matchingrun_changelist"))
    assert len(response.context["cl"].result_list) == rows


def test_admin_settings_changelist_scoped(client, coordinator, scheme, other_scheme):
    from matching.pool import settings_for

    mine = settings_for(scheme)
    settings_for(other_scheme)
    client.force_login(coordinator)
    response = client.get(reverse("admin:matching_matchingsettings_changelist"))
    assert list(response.context["cl"].result_list) == [mine]


# "My requests to mentors" is for those who can ask mentors: mentees of member-led schemes.
REQUESTS_LINK = "My requests to mentors"


def test_a_mentors_matches_page_has_no_requests_to_mentors_link(client, approved, mentor):
    client.force_login(mentor)
    page = client.get(reverse("matching:list")).content.decode()
    assert REQUESTS_LINK not in page
    assert f'href="{reverse("matching:requests")}"' not in page


def test_only_a_member_led_mentee_is_offered_their_requests_to_mentors(client):
    from tests.matching.member_led import member_led_scheme

    scheme = member_led_scheme()
    mentee, mentor = accepted(scheme).applicant, accepted(scheme, role=Role.MENTOR).applicant
    for user, offered in ((mentee, True), (mentor, False)):
        client.force_login(user)
        page = client.get(reverse("matching:list")).content.decode()
        assert (REQUESTS_LINK in page) is offered
