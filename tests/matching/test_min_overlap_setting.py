"""The scheme's minimum overlap (hours a week free at the same time), set in the admin."""

from decimal import Decimal

from django.urls import reverse

from matching.models import MatchingSettings


def _post(client, settings_row, hours: str):
    url = reverse("admin:matching_matchingsettings_change", args=[settings_row.pk])
    form = client.get(url).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None}
    data.update(scheme=settings_row.scheme_id, min_overlap_hours=hours)
    data = {k: ("on" if v is True else v) for k, v in data.items() if v is not False}
    return client.post(url, data)


def test_min_overlap_defaults_off_and_is_set_by_the_coordinator(client, scheme, coordinator):
    row = MatchingSettings.objects.create(scheme=scheme)
    assert row.min_overlap_hours == Decimal("0")
    client.force_login(coordinator)
    assert _post(client, row, "2").status_code == 302
    row.refresh_from_db()
    assert row.min_overlap_hours == Decimal("2.0")


def test_min_overlap_refuses_negative_and_impossible_hours(client, scheme, admin_user):
    row = MatchingSettings.objects.create(scheme=scheme, min_overlap_hours=Decimal("1.5"))
    client.force_login(admin_user)
    errors = {}
    for hours in ("-1", "200", "two"):
        errors[hours] = (
            _post(client, row, hours).context["adminform"].form.errors["min_overlap_hours"]
        )
    assert errors == {
        "-1": ["Ensure this value is greater than or equal to 0."],
        "200": ["Ensure this value is less than or equal to 40."],
        "two": ["Enter a number."],
    }
    row.refresh_from_db()
    assert row.min_overlap_hours == Decimal("1.5")


def test_min_overlap_of_another_scheme_is_out_of_reach(client, other_scheme, coordinator):
    row = MatchingSettings.objects.create(scheme=other_scheme, min_overlap_hours=Decimal("1"))
    client.force_login(coordinator)
    url = reverse("admin:matching_matchingsettings_change", args=[row.pk])
    assert client.get(url).status_code in (302, 404)
    assert client.post(url, {"min_overlap_hours": "0"}).status_code in (302, 403, 404)
    row.refresh_from_db()
    assert row.min_overlap_hours == Decimal("1")
