"""The scheme admin's guided set-up: "add" makes the scheme with its defaults, bad dates
are refused beside their field with nothing saved, the checklist shows on the scheme's page
to its coordinators and administrators only, and the admin index folds the technical
sections away."""

import importlib
import json
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.apps import apps
from django.urls import reverse

from matching.models import MatchingSettings
from schemes.models import Intake, Phase, Scheme, SchemeKind
from tests.factories import SchemeFactory

pytestmark = pytest.mark.django_db

ADD = "admin:schemes_scheme_add"


def form_data(**fields) -> dict:
    """What the admin's add form posts for a new cohort pilot."""
    return {
        "name": "Occupational therapy leadership pilot",
        "slug": "ot-pilot",
        "summary": "Three months of mentoring, then evaluated for benefit and impact.",
        "kind": SchemeKind.SENIOR_JUNIOR,
        "intake": Intake.COHORT,
        "phase": Phase.FOUNDATIONS,
        "target_window_days": "90",
        "at_risk_fraction": "0.67",
        "mentor_recruitment_opens": "2026-12-01",
        "mentor_recruitment_closes": "2026-12-31",
        "mentee_recruitment_opens": "2027-01-01",
        "mentee_recruitment_closes": "2027-02-28",
        "launch_date": "2027-03-01",
        "programme_length_months": "3",
        "momentum_weeks": "6",
        "senior_min_years": "",  # the add form starts empty: no seniority rule
        "circle_size_min": "4",
        "circle_size_max": "6",
        "shortlist_size": "3",
        "over_threshold_action": "waitlist",
        "accepting_applications": "on",
        **fields,
    }


def test_admin_add_makes_the_scheme_with_its_defaults_and_shows_the_checklist(client, admin_user):
    client.force_login(admin_user)

    response = client.post(reverse(ADD), form_data(_continue="1"))

    scheme = Scheme.objects.get()
    assert response.status_code == 302
    assert MatchingSettings.objects.filter(scheme=scheme).count() == 1
    assert scheme.feedback_questions.count() == 7
    page = client.get(response.url).content.decode()
    assert "6 of 9 still to do before recruitment can open." in page
    assert 'data-item="programme"' in page


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        (
            {"mentor_recruitment_closes": "2026-11-30"},
            "mentor_recruitment_closes",
            "Recruitment closes (30 November 2026) before it opens (1 December 2026)",
        ),
        (
            {"launch_date": "2027-02-01"},
            "launch_date",
            "The launch (1 February 2027) is before junior partner (mentee) recruitment",
        ),
        ({"launch_date": ""}, "launch_date", "A cohort scheme starts its pairs on a launch date"),
        (
            {"kind": SchemeKind.GROUP, "intake": Intake.ROLLING, "circle_size_max": "3"},
            "circle_size_max",
            "The largest circle (3) is smaller than the smallest (4): make it at least 4.",
        ),
    ],
)
def test_admin_add_refuses_bad_dates_beside_the_field_and_keeps_the_input(
    client, admin_user, fields, field, message
):
    client.force_login(admin_user)
    data = form_data(**fields)
    if data["intake"] == Intake.ROLLING:
        data.update(
            dict.fromkeys([k for k in data if "recruitment" in k or k == "launch_date"], "")
        )
        data["programme_length_months"] = ""

    response = client.post(reverse(ADD), data)

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert list(errors) == [field]
    assert errors[field][0].startswith(message)
    assert "Constraint" not in response.content.decode()
    assert response.context["adminform"].form["name"].value() == data["name"]
    assert (Scheme.objects.count(), MatchingSettings.objects.count()) == (0, 0)


def test_change_page_hides_the_fields_its_kind_does_not_use(client, admin_user):
    scheme = SchemeFactory(kind=SchemeKind.RECIPROCAL, intake=Intake.ROLLING)
    client.force_login(admin_user)

    form = (
        client.get(reverse("admin:schemes_scheme_change", args=[scheme.pk]))
        .context["adminform"]
        .form
    )

    assert "target_window_days" in form.fields
    hidden = {"circle_size_min", "circle_size_max", "launch_date", "mentor_recruitment_opens"}
    assert hidden.isdisjoint(form.fields)


def test_coordinator_sees_the_checklist_of_their_scheme_only(
    client, coordinator, scheme, other_scheme
):
    client.force_login(coordinator)

    own = client.get(reverse("admin:schemes_scheme_change", args=[scheme.pk]))
    other = client.get(reverse("admin:schemes_scheme_change", args=[other_scheme.pk]))

    assert "before recruitment can open" in own.content.decode()
    assert (other.status_code, other.url) == (302, reverse("admin:index"))


def test_saving_a_recruiting_scheme_warns_of_what_it_still_needs(client, admin_user):
    scheme = SchemeFactory(name="Peer network", kind=SchemeKind.RECIPROCAL)
    client.force_login(admin_user)
    data = form_data(
        name="Peer network",
        slug=scheme.slug,
        kind=SchemeKind.RECIPROCAL,
        intake=Intake.ROLLING,
        phase=Phase.RECRUITING,
        mentor_recruitment_opens="",
        mentor_recruitment_closes="",
        mentee_recruitment_opens="",
        mentee_recruitment_closes="",
        launch_date="",
        programme_length_months="",
    )

    response = client.post(
        reverse("admin:schemes_scheme_change", args=[scheme.pk]), data, follow=True
    )

    assert [str(m) for m in response.context["messages"]][0] == (
        "Peer network is recruiting but still needs: programme of sessions; application "
        "form: peer; matching rules; feedback questions; coordinators. See its set-up "
        "checklist."
    )


def test_admin_index_folds_the_technical_sections_away(client, admin_user):
    client.force_login(admin_user)

    context = client.get(reverse("admin:index")).context

    assert [a["app_label"] for a in context["app_list"]][:3] == [
        "schemes",
        "sessions_log",
        "matching",
    ]
    assert {a["app_label"] for a in context["technical_app_list"]} == {
        "django_celery_beat",
        "account",
        "mfa",
        "sites",
    }


def test_migration_gives_every_older_scheme_its_matching_settings():
    buddies = SchemeFactory(kind=SchemeKind.BUDDY)
    pairs = SchemeFactory()
    migration = importlib.import_module(
        "matching.migrations.0004_matching_settings_for_every_scheme"
    )

    migration.create_missing(apps, None)

    gaps = MatchingSettings.objects.order_by("scheme_id").values_list(
        "scheme_id", "gap_min_years", "gap_max_years"
    )
    field = MatchingSettings._meta.get_field
    assert list(gaps) == [
        (buddies.pk, 0, 3),
        (pairs.pk, field("gap_min_years").default, field("gap_max_years").default),
    ]


def test_add_form_names_the_fields_each_kind_and_intake_leave_unused(client, admin_user):
    client.force_login(admin_user)

    response = client.get(reverse(ADD))

    kind = response.context["adminform"].form.fields["kind"]
    unused = json.loads(kind.widget.attrs["data-unused-fields"])
    assert unused["senior_junior:rolling"] == [
        "circle_size_max",
        "circle_size_min",
        "circles_have_facilitator",
        "flash_bookings_max",
        "launch_date",
        "mentee_recruitment_closes",
        "mentee_recruitment_opens",
        "mentor_recruitment_closes",
        "mentor_recruitment_opens",
        "programme_length_months",
    ]
    assert unused["group:cohort"] == [
        "demand_threshold",
        "flash_bookings_max",
        "mentee_choice",
        "mentor_recruitment_closes",
        "mentor_recruitment_opens",
        "over_threshold_action",
        "over_threshold_since",
        "senior_min_years",
        "shortlist_size",
        "target_window_days",
        "waitlist_offers_need_approval",
    ]
    assert "flash_bookings_max" not in unused["flash:rolling"]
    page = response.content.decode()
    assert "js/scheme_kind_fields.js" in page
    assert 'id="id_circle_size_min"' in page  # the script hides it; the server keeps it


def test_add_refuses_a_value_in_a_field_the_kind_does_not_use(client, admin_user):
    client.force_login(admin_user)

    response = client.post(reverse(ADD), form_data(circle_size_min="3"))

    errors = response.context["adminform"].form.errors
    assert errors == {
        "circle_size_min": [
            "Circles are for group schemes; this is a senior/junior mentoring scheme."
        ]
    }
    assert Scheme.objects.count() == 0


def test_coordinator_cannot_reach_the_add_form(client, coordinator):
    client.force_login(coordinator)

    response = client.get(reverse(ADD))

    assert response.status_code == 403


@pytest.fixture
def new_member(db):
    from tests.factories import ProfileFactory

    return ProfileFactory(years_experience=0).user


@time_machine.travel(datetime(2026, 12, 10, 10, tzinfo=ZoneInfo("Europe/London")))
def test_seniority_rule_left_empty_on_the_add_form_is_no_rule_on_the_apply_page(
    client, admin_user, new_member
):
    """The OT pilot: "Minimum years to be the senior partner" left empty ("Empty: no
    rule") lets a member with no years' experience apply as a mentor."""
    client.force_login(admin_user)
    add_form = client.get(reverse(ADD)).context["adminform"].form
    assert add_form["senior_min_years"].value() is None  # the form starts empty

    client.post(reverse(ADD), form_data(phase=Phase.RECRUITING, senior_min_years=""))

    scheme = Scheme.objects.get()
    assert scheme.senior_min_years is None
    client.force_login(new_member)
    page = client.get(reverse("schemes:apply", args=[scheme.slug]))
    assert page.context["form"].fields["role"].choices == [("mentor", "Senior partner (mentor)")]
    assert "experience" not in page.text  # nothing about years, only the mentee window's date


@time_machine.travel(datetime(2026, 12, 10, 10, tzinfo=ZoneInfo("Europe/London")))
def test_seniority_rule_set_on_the_add_form_keeps_newer_members_to_the_junior_role(
    client, admin_user, new_member
):
    client.force_login(admin_user)
    client.post(reverse(ADD), form_data(phase=Phase.RECRUITING, senior_min_years="2"))

    scheme = Scheme.objects.get()
    client.force_login(new_member)
    page = client.get(reverse("schemes:apply", args=[scheme.slug]))
    assert page.context["form"].fields["role"].choices == []
    assert "With under 2 years&#x27; experience you can apply" in page.text


@pytest.mark.parametrize("value", ["-1", "two"])
def test_seniority_rule_refuses_a_value_that_is_not_a_number_of_years(client, admin_user, value):
    client.force_login(admin_user)

    response = client.post(reverse(ADD), form_data(senior_min_years=value))

    assert list(response.context["adminform"].form.errors) == ["senior_min_years"]
    assert not Scheme.objects.exists()


def test_migration_clears_the_old_default_rule_of_kinds_without_a_senior_partner():
    migration = importlib.import_module("schemes.migrations.0012_scheme_rule_defaults")
    peers = SchemeFactory(kind=SchemeKind.RECIPROCAL)
    pairs = SchemeFactory(kind=SchemeKind.SENIOR_JUNIOR, senior_min_years=2)
    Scheme.objects.filter(pk=peers.pk).update(senior_min_years=2)

    migration.clear_unused_seniority_rule(apps, None)

    assert list(Scheme.objects.order_by("pk").values_list("senior_min_years", flat=True)) == [
        None,
        2,
    ]
    assert pairs.kind == SchemeKind.SENIOR_JUNIOR


def test_cohort_scheme_page_says_its_at_risk_fraction_counts_the_time_to_the_launch(
    client, admin_user
):
    """A cohort has no target window (hidden); its applicants' window is the time to the
    launch, and the at-risk fraction is of that (``Scheme.pairing_window_days``)."""
    cohort = SchemeFactory(
        intake=Intake.COHORT,
        mentor_recruitment_opens="2026-12-01",
        mentor_recruitment_closes="2026-12-31",
        mentee_recruitment_opens="2027-01-01",
        mentee_recruitment_closes="2027-02-28",
        launch_date="2027-03-01",
    )
    rolling = SchemeFactory()
    client.force_login(admin_user)

    def form(scheme):
        page = client.get(reverse("admin:schemes_scheme_change", args=[scheme.pk]))
        return page.context["adminform"].form

    cohort_form, rolling_form = form(cohort), form(rolling)
    assert "target_window_days" not in cohort_form.fields
    assert "time from their application to the launch" in cohort_form["at_risk_fraction"].help_text
    assert "target window" not in cohort_form["at_risk_fraction"].help_text
    assert "target window in a rolling scheme" in rolling_form["at_risk_fraction"].help_text


@pytest.mark.parametrize("value", ["0", "1.5"])
def test_at_risk_fraction_outside_zero_to_one_is_refused(client, admin_user, value):
    client.force_login(admin_user)

    response = client.post(reverse(ADD), form_data(at_risk_fraction=value))

    assert list(response.context["adminform"].form.errors) == ["at_risk_fraction"]
    assert not Scheme.objects.exists()
