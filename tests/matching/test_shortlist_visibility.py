"""A shortlist option is visible only to the mentee who chooses and to its own mentor
(``matching.rules.chooses_shortlist``, ``selectors.shortlist_for``, ``option_to_choose``)."""

import pytest
from django.http import Http404
from django.urls import reverse

from matching import rules, selectors, services
from matching.models import ProposalKind
from schemes.models import Role
from tests.factories import ProfileFactory
from tests.matching.factories import accepted, finished_run, proposal

pytestmark = pytest.mark.django_db


@pytest.fixture
def shortlist(scheme, mentee, admin_user):
    """Two approved options for ``mentee``: Ada's (ranked first) and Bea's."""
    scheme.mentee_choice = True
    scheme.save()
    mentee_app = accepted(scheme, user=mentee)
    ada = ProfileFactory(user__first_name="Ada", user__last_name="Rival").user
    bea = ProfileFactory(user__first_name="Bea", user__last_name="Own").user
    run = finished_run(scheme)
    options = []
    for rank, (user, why) in enumerate(((ada, "Reason-ada"), (bea, "Reason-bea")), start=1):
        option = proposal(
            run, accepted(scheme, role=Role.MENTOR, user=user), mentee_app,
            kind=ProposalKind.OPTION, rank=rank,
        )  # fmt: skip
        # a reason telling no profile part (``matching.reason_visibility``)
        option.reasons = [{"criterion": "mode", "points": 1.0, "text": why, "plain": why}]
        option.save()
        options.append(option)
    services.run_approve(run=run, by=admin_user)
    return {"ada": ada, "bea": bea, "a": options[0], "b": options[1]}


def test_the_mentee_sees_every_option(client, shortlist, mentee):
    client.force_login(mentee)
    page = client.get(reverse("matching:detail", args=[shortlist["b"].pk])).content.decode()
    for text in ("Ada Rival", "Reason-ada", "Bea Own", "Reason-bea", "Option 1", "Option 2"):
        assert text in page
    assert selectors.shortlist_for(proposal=shortlist["b"], user=mentee) == [
        shortlist["a"],
        shortlist["b"],
    ]


def test_an_options_mentor_sees_their_own_option_only(client, shortlist):
    bea = shortlist["bea"]
    client.force_login(bea)
    detail = client.get(reverse("matching:detail", args=[shortlist["b"].pk])).content.decode()
    listing = client.get(reverse("matching:list")).content.decode()

    assert "Reason-bea" in detail
    assert "is choosing a mentor" in detail
    for page in (detail, listing):
        assert "Ada Rival" not in page
        assert "Reason-ada" not in page
        assert "Option 2" not in page
        assert "option 2" not in page
    assert selectors.shortlist_for(proposal=shortlist["b"], user=bea) == []
    assert rules.chooses_shortlist(user=bea, proposal=shortlist["b"]) is False
    assert client.get(reverse("matching:detail", args=[shortlist["a"].pk])).status_code == 404


def test_an_options_mentor_cannot_choose_it(client, shortlist):
    client.force_login(shortlist["bea"])
    response = client.post(reverse("matching:choose", args=[shortlist["b"].pk]))
    assert response.status_code == 404
    with pytest.raises(Http404):
        selectors.option_to_choose(user=shortlist["bea"], pk=shortlist["b"].pk)
    shortlist["b"].refresh_from_db()
    assert shortlist["b"].kind == ProposalKind.OPTION


@pytest.mark.parametrize("pk", [0, 999_999])
def test_choosing_an_option_that_does_not_exist_is_404(client, shortlist, mentee, pk):
    client.force_login(mentee)
    assert client.post(reverse("matching:choose", args=[pk])).status_code == 404


def test_the_mentee_chooses_and_only_the_chosen_mentor_is_told(
    client, shortlist, mentee, django_capture_on_commit_callbacks
):
    from django.core import mail

    mail.outbox.clear()
    client.force_login(mentee)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("matching:choose", args=[shortlist["b"].pk]))

    assert [m.to for m in mail.outbox] == [[shortlist["bea"].email]]
    sent = mail.outbox[0]
    html = "".join(str(a[0]) for a in sent.alternatives)
    assert "Reason-bea" in sent.body
    for text in (sent.subject, sent.body, html):
        assert "Ada" not in text
        assert "Reason-ada" not in text
