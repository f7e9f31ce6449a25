"""The review page of a run still working polls its progress (JSON) instead of refreshing
itself every 3 seconds."""

import pytest
from django.urls import reverse

from matching.models import MatchingRun, RunStatus

pytestmark = pytest.mark.django_db


def _running(scheme) -> MatchingRun:
    return MatchingRun.objects.create(scheme=scheme, status=RunStatus.RUNNING, progress=40)


def test_progress_is_json_for_the_schemes_coordinator(client, coordinator, scheme):
    run = _running(scheme)
    client.force_login(coordinator)
    response = client.get(reverse("admin:matching_matchingrun_progress", args=[run.pk]))
    assert response.json() == {"status": "Running", "progress": 40, "running": True}


def test_review_page_polls_instead_of_refreshing(client, coordinator, scheme):
    run = _running(scheme)
    client.force_login(coordinator)
    page = client.get(reverse("admin:matching_matchingrun_review", args=[run.pk]))
    html = page.content.decode()
    assert "http-equiv" not in html
    assert "js/run_progress.js" in html
    progress = reverse("admin:matching_matchingrun_progress", args=[run.pk])
    assert f'data-run-progress="{progress}"' in html
    assert 'aria-live="polite"' in html


def test_progress_of_another_schemes_run_is_404(client, other_coordinator, scheme):
    run = _running(scheme)
    client.force_login(other_coordinator)
    response = client.get(reverse("admin:matching_matchingrun_progress", args=[run.pk]))
    assert response.status_code == 404
