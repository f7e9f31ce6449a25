"""Every run records what the engine proved about its answer, and the admin shows it.

Tied scores (members who left their profiles blank) are where the engine used to return a
non-optimal answer as if it were optimal; here each kind of scheme is run through the real
task and the status is read back from the run, the review page and the run admin.
"""

import pytest
from django.urls import reverse

from matching import services
from matching.models import MatchingRun, Optimality, RunStatus
from schemes.models import Role, SchemeKind
from tests.factories import SchemeFactory
from tests.matching.factories import accepted, finished_run

pytest.importorskip("matching.engine")
pytestmark = pytest.mark.django_db

BLANK = {"expertise": [], "interests": [], "country": "", "organisation": ""}


def _run(scheme, by, callbacks) -> MatchingRun:
    with callbacks(execute=True):
        run = services.run_start(scheme=scheme, by=by)
    run.refresh_from_db()
    assert run.status == RunStatus.FINISHED, run.error
    return run


def test_one_to_many_run_with_tied_scores_is_proven_optimal(
    scheme, admin_user, django_capture_on_commit_callbacks
):
    for _ in range(2):
        accepted(scheme, role=Role.MENTOR, capacity=2, **BLANK)
    for _ in range(6):
        accepted(scheme, goals=(), **BLANK)  # blank profiles: every pair ties

    run = _run(scheme, admin_user, django_capture_on_commit_callbacks)

    assert (run.optimality, run.optimality_gap) == (Optimality.PROVEN, None)
    assert run.proposals.count() == 4  # every place is used, however tied the scores
    assert len(run.unmatched) == 2


def test_shortlist_run_is_proven_optimal(admin_user, django_capture_on_commit_callbacks):
    scheme = SchemeFactory(mentee_choice=True, shortlist_size=3)
    for _ in range(3):
        accepted(scheme, role=Role.MENTOR, capacity=2, **BLANK)
    for _ in range(2):
        accepted(scheme, **BLANK)

    run = _run(scheme, admin_user, django_capture_on_commit_callbacks)

    assert run.optimality == Optimality.PROVEN
    # 6 places, 2 taken by first options: each mentee gets the 2 alternatives k allows.
    assert sorted(run.proposals.values_list("rank", flat=True)) == [1, 1, 2, 2, 3, 3]


def test_pool_run_records_the_pool_solvers_proof(admin_user, django_capture_on_commit_callbacks):
    scheme = SchemeFactory(kind=SchemeKind.RECIPROCAL)
    for _ in range(5):
        accepted(scheme, role=Role.PEER, **BLANK)

    run = _run(scheme, admin_user, django_capture_on_commit_callbacks)

    assert run.optimality == Optimality.PROVEN
    assert run.proposals.count() == 2


def test_circle_run_records_what_the_engine_proved(admin_user, django_capture_on_commit_callbacks):
    scheme = SchemeFactory(kind=SchemeKind.GROUP, circle_size_min=3, circle_size_max=4)
    for i in range(7):
        accepted(scheme, role=Role.PEER, interests=["leadership"] if i % 2 else [])

    run = _run(scheme, admin_user, django_capture_on_commit_callbacks)

    # seven people in circles of 3-4: all can be placed, and that is proven
    assert (run.placed, run.placed_max) == (7, 7)
    assert run.placement_text == (
        "7 people placed: proven the most any set of circles could place."
    )
    # Seven people: the engine's exact path usually proves the optimum within its time
    # limit; on a busy machine it may stop first and report the gap to its bound.
    if run.optimality == Optimality.PROVEN:
        assert run.optimality_gap is None
        assert run.upper_bound == pytest.approx(run.objective, abs=0.1)
    else:
        expected = (run.upper_bound - run.objective) / abs(run.upper_bound)
        assert run.optimality == Optimality.BOUNDED
        assert run.optimality_gap == pytest.approx(expected, abs=0.01)


def test_review_page_and_admin_say_plainly_when_a_run_is_unproven(client, coordinator, scheme):
    proven = finished_run(scheme)
    unproven = finished_run(scheme)
    MatchingRun.objects.filter(pk=proven.pk).update(optimality=Optimality.PROVEN)
    MatchingRun.objects.filter(pk=unproven.pk).update(optimality=Optimality.UNPROVEN)
    client.force_login(coordinator)

    page = client.get(reverse("admin:matching_matchingrun_review", args=[unproven.pk]))
    good = client.get(reverse("admin:matching_matchingrun_review", args=[proven.pk]))
    listing = client.get(reverse("admin:matching_matchingrun_changelist"))
    change = client.get(reverse("admin:matching_matchingrun_change", args=[unproven.pk]))

    assert "<strong>NOT proven optimal: the engine could not prove" in page.text
    assert "Proven optimal: no other proposal set" in good.text
    assert "NOT proven" not in good.text
    assert listing.text.count("Not proven optimal") >= 2  # the row and the filter
    assert "Proven optimal" in listing.text
    assert "NOT proven optimal" in change.text


def test_bounded_run_shows_its_gap(client, coordinator, scheme):
    run = finished_run(scheme)
    MatchingRun.objects.filter(pk=run.pk).update(
        optimality=Optimality.BOUNDED, optimality_gap=0.0042, upper_bound=10.0
    )
    client.force_login(coordinator)

    page = client.get(reverse("admin:matching_matchingrun_review", args=[run.pk]))
    listing = client.get(reverse("admin:matching_matchingrun_changelist"))

    assert "proven within 0.42 % of the best possible total score" in page.text
    assert "Within a proven gap of the best possible (0.42 %)" in listing.text


def test_circle_run_shows_how_many_were_placed_of_the_most_possible(client, coordinator):
    scheme = SchemeFactory(kind=SchemeKind.GROUP, coordinators=[coordinator])
    short = finished_run(scheme)
    full = finished_run(scheme)
    MatchingRun.objects.filter(pk=short.pk).update(
        optimality=Optimality.BOUNDED, optimality_gap=0.02, placed=598, placed_max=600
    )
    MatchingRun.objects.filter(pk=full.pk).update(
        optimality=Optimality.PROVEN, placed=600, placed_max=600
    )
    client.force_login(coordinator)

    page = client.get(reverse("admin:matching_matchingrun_review", args=[short.pk]))
    good = client.get(reverse("admin:matching_matchingrun_review", args=[full.pk]))
    listing = client.get(reverse("admin:matching_matchingrun_changelist"))
    change = client.get(reverse("admin:matching_matchingrun_change", args=[short.pk]))

    assert (
        "<strong>598 people placed of at most 600 (a proven bound): up to 2 more might be "
        "placed.</strong>" in page.text
    )
    assert "600 people placed: proven the most any set of circles could place." in good.text
    assert "(2 %); placed 598 of at most 600" in listing.text
    assert "placed 600 of at most 600" in listing.text
    assert "598 people placed of at most 600" in change.text


def test_pair_run_says_nothing_of_circles(client, coordinator, scheme):
    run = finished_run(scheme)
    client.force_login(coordinator)

    page = client.get(reverse("admin:matching_matchingrun_review", args=[run.pk]))

    assert (run.placement_text, "People placed" in page.text) == ("", False)


def test_other_coordinator_does_not_see_the_runs_status(client, other_coordinator, scheme):
    run = finished_run(scheme)
    MatchingRun.objects.filter(pk=run.pk).update(optimality=Optimality.UNPROVEN)
    client.force_login(other_coordinator)

    page = client.get(reverse("admin:matching_matchingrun_review", args=[run.pk]))
    listing = client.get(reverse("admin:matching_matchingrun_changelist"))

    assert page.status_code == 404
    assert "NOT proven" not in listing.text


def test_run_list_filter_by_optimality_rejects_an_unknown_value(client, coordinator, scheme):
    finished_run(scheme)
    client.force_login(coordinator)
    url = reverse("admin:matching_matchingrun_changelist")

    assert client.get(url, {"optimality__exact": "proven"}).status_code == 200
    bad = client.get(url, {"optimality__exact": "nonsense"})
    assert bad.status_code == 200  # the admin lists nothing rather than failing
    assert "0 matching runs" in bad.text
