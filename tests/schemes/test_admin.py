"""Scheme setup admin: changelists scoped to the coordinator, constant queries, actions."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from schemes.models import (
    ApplicationStatus,
    EventAttendance,
    EventKind,
    NewsItem,
    Role,
    Scheme,
    SchemeEvent,
    Subscription,
)
from tests.factories import (
    ApplicationFactory,
    ApplicationFormFactory,
    QuestionFactory,
    SchemeFactory,
    UserFactory,
)


def make_event(scheme, **kwargs):
    start = timezone.now() - timedelta(days=1)
    return SchemeEvent.objects.create(
        scheme=scheme,
        kind=kwargs.pop("kind", EventKind.BRIEFING),
        title=kwargs.pop("title", "Briefing"),
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        **kwargs,
    )


def objects_for(scheme):
    """One object of every scheme-owned model for ``scheme``; returns their pks by model."""
    form = ApplicationFormFactory(scheme=scheme)
    QuestionFactory(form=form)
    application = ApplicationFactory(scheme=scheme)
    event = make_event(scheme)
    attendance = EventAttendance.objects.create(event=event, user=application.applicant)
    subscription = Subscription.objects.create(scheme=scheme, email=f"{scheme.slug}@example.org")
    news = NewsItem.objects.create(scheme=scheme, title=f"News of {scheme.slug}", body="Hello")
    return {
        "scheme": scheme.pk,
        "applicationform": form.pk,
        "application": application.pk,
        "schemeevent": event.pk,
        "eventattendance": attendance.pk,
        "subscription": subscription.pk,
        "newsitem": news.pk,
    }


MODELS = [
    "scheme",
    "applicationform",
    "application",
    "schemeevent",
    "eventattendance",
    "subscription",
    "newsitem",
]


@pytest.mark.parametrize("model", MODELS)
def test_changelist_coordinator_sees_only_own_schemes_objects(
    client, coordinator, scheme, other_scheme, model
):
    own = objects_for(scheme)
    other = objects_for(other_scheme)
    client.force_login(coordinator)
    response = client.get(reverse(f"admin:schemes_{model}_changelist"))
    assert response.status_code == 200
    shown = [obj.pk for obj in response.context["cl"].result_list]
    assert shown == [own[model]]
    assert other[model] != own[model]


@pytest.mark.parametrize("model", MODELS)
def test_change_page_other_scheme_is_not_found_for_coordinator(
    client, coordinator, scheme, other_scheme, model
):
    other = objects_for(other_scheme)
    client.force_login(coordinator)
    response = client.get(reverse(f"admin:schemes_{model}_change", args=[other[model]]))
    # The admin redirects to the index with "doesn't exist" for objects outside the queryset.
    assert response.status_code == 302
    assert response.url == reverse("admin:index")


@pytest.mark.parametrize("model", ["scheme", "application"])
def test_history_other_scheme_is_not_found_for_coordinator(
    client, coordinator, other_scheme, model
):
    other = objects_for(other_scheme)
    client.force_login(coordinator)
    response = client.get(reverse(f"admin:schemes_{model}_history", args=[other[model]]))
    assert response.status_code == 404


@pytest.mark.parametrize("model", MODELS)
def test_changelist_administrator_sees_every_scheme(
    client, admin_user, scheme, other_scheme, model
):
    own = objects_for(scheme)
    other = objects_for(other_scheme)
    client.force_login(admin_user)
    response = client.get(reverse(f"admin:schemes_{model}_changelist"))
    assert response.status_code == 200
    assert sorted(obj.pk for obj in response.context["cl"].result_list) == sorted(
        [own[model], other[model]]
    )


@pytest.mark.parametrize("model", MODELS)
def test_changelist_outsider_cannot_enter_admin(client, outsider, scheme, model):
    client.force_login(outsider)
    response = client.get(reverse(f"admin:schemes_{model}_changelist"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))


def _count_queries(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("model", MODELS)
@pytest.mark.parametrize("who", ["admin_user", "coordinator"])
def test_changelist_query_count_constant(client, request, scheme, model, who):
    user = request.getfixturevalue(who)
    client.force_login(user)
    url = reverse(f"admin:schemes_{model}_changelist")
    objects_for(scheme)
    one = _count_queries(client, url)
    for _ in range(5):
        objects_for(SchemeFactory(coordinators=list(scheme.coordinators.all())))
    many = _count_queries(client, url)
    assert len(client.get(url).context["cl"].result_list) == 6
    assert one == many


def test_scheme_changelist_shows_supply_and_demand(client, admin_user, scheme):
    ApplicationFactory.create_batch(3, scheme=scheme, role=Role.MENTEE)
    ApplicationFactory(scheme=scheme, role=Role.MENTOR, capacity=2)
    ApplicationFactory(scheme=scheme, role=Role.MENTEE, status=ApplicationStatus.DRAFT)
    client.force_login(admin_user)
    response = client.get(reverse("admin:schemes_scheme_changelist"))
    row = response.context["cl"].result_list[0]
    admin_obj = response.context["cl"].model_admin
    assert (
        admin_obj.places_display(row),
        admin_obj.demand_display(row),
        admin_obj.ratio_display(row),
    ) == (2, 3, "1.50")


def test_scheme_coordinators_readonly_for_coordinator(
    client, coordinator, other_coordinator, scheme
):
    client.force_login(coordinator)
    url = reverse("admin:schemes_scheme_change", args=[scheme.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert "coordinators" not in response.context["adminform"].form.fields
    assert "name" in response.context["adminform"].form.fields


def test_scheme_coordinators_editable_by_administrator(client, admin_user, scheme):
    client.force_login(admin_user)
    response = client.get(reverse("admin:schemes_scheme_change", args=[scheme.pk]))
    assert "coordinators" in response.context["adminform"].form.fields


def test_scheme_add_denied_to_coordinator(client, coordinator):
    client.force_login(coordinator)
    response = client.get(reverse("admin:schemes_scheme_add"))
    assert response.status_code == 403


def test_scheme_action_apply_supply_demand_rule_emails_coordinator(
    client, admin_user, coordinator, scheme, mailoutbox, django_capture_on_commit_callbacks
):
    scheme.demand_threshold = 1
    scheme.save()
    ApplicationFactory.create_batch(3, scheme=scheme, role=Role.MENTEE)
    client.force_login(admin_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:schemes_scheme_changelist"),
            {"action": "apply_supply_demand_rule", "_selected_action": [scheme.pk]},
        )
    assert response.status_code == 302
    scheme.refresh_from_db()
    assert scheme.over_threshold_since is not None
    assert [m.to for m in mailoutbox] == [[coordinator.email]]


def test_event_action_marks_yes_rsvps_attended(client, coordinator, scheme):
    event = make_event(scheme)
    yes, no = UserFactory(), UserFactory()
    EventAttendance.objects.create(event=event, user=yes, rsvp=EventAttendance.Rsvp.YES)
    EventAttendance.objects.create(event=event, user=no, rsvp=EventAttendance.Rsvp.NO)
    client.force_login(coordinator)
    response = client.post(
        reverse("admin:schemes_schemeevent_changelist"),
        {"action": "mark_rsvps_attended", "_selected_action": [event.pk]},
    )
    assert response.status_code == 302
    assert dict(event.attendances.values_list("user__email", "attended")) == {
        yes.email: True,
        no.email: False,
    }


def test_attendance_action_marks_selected_attended(client, coordinator, scheme):
    event = make_event(scheme)
    first, second = UserFactory(), UserFactory()
    a = EventAttendance.objects.create(event=event, user=first)
    EventAttendance.objects.create(event=event, user=second)
    client.force_login(coordinator)
    response = client.post(
        reverse("admin:schemes_eventattendance_changelist"),
        {"action": "mark_attended", "_selected_action": [a.pk]},
    )
    assert response.status_code == 302
    assert dict(event.attendances.values_list("user__email", "attended")) == {
        first.email: True,
        second.email: False,
    }


def test_attendance_action_ignores_other_scheme_for_coordinator(
    client, coordinator, scheme, other_scheme
):
    event = make_event(other_scheme)
    a = EventAttendance.objects.create(event=event, user=UserFactory())
    client.force_login(coordinator)
    client.post(
        reverse("admin:schemes_eventattendance_changelist"),
        {"action": "mark_attended", "_selected_action": [a.pk]},
    )
    a.refresh_from_db()
    assert a.attended is False


def test_applicationform_questions_inline_ordered(client, admin_user, scheme):
    form = ApplicationFormFactory(scheme=scheme)
    QuestionFactory(form=form, label="Second", order=2)
    QuestionFactory(form=form, label="First", order=1)
    client.force_login(admin_user)
    response = client.get(reverse("admin:schemes_applicationform_change", args=[form.pk]))
    formset = response.context["inline_admin_formsets"][0].formset
    assert [f.instance.label for f in formset.forms] == ["First", "Second"]


def test_scheme_filter_lists_only_coordinators_schemes(client, coordinator, scheme, other_scheme):
    objects_for(scheme)
    objects_for(other_scheme)
    client.force_login(coordinator)
    response = client.get(reverse("admin:schemes_application_changelist"))
    assert other_scheme.name not in response.content.decode()
    assert Scheme.objects.count() == 2


@pytest.mark.parametrize("model", MODELS)
@pytest.mark.parametrize("who", ["admin_user", "coordinator"])
def test_change_page_own_scheme_loads(client, request, scheme, model, who):
    own = objects_for(scheme)
    client.force_login(request.getfixturevalue(who))
    response = client.get(reverse(f"admin:schemes_{model}_change", args=[own[model]]))
    assert response.status_code == 200
    assert response.context["original"].pk == own[model]


@pytest.mark.parametrize(
    "url_name",
    [
        "admin:sessions_log_relationship_changelist",
        "admin:sessions_log_session_changelist",
        "admin:sessions_log_feedbackquestion_changelist",
        "admin:insights_evaluationreport_changelist",
    ],
)
def test_scheme_list_filter_offers_only_coordinated_schemes(
    client, coordinator, scheme, other_scheme, url_name
):
    second = SchemeFactory(name="Second scheme of mine", coordinators=[coordinator])
    client.force_login(coordinator)
    response = client.get(reverse(url_name))
    assert response.status_code == 200
    page = response.content.decode()
    assert (scheme.name in page, second.name in page, other_scheme.name in page) == (
        True,
        True,
        False,
    )


def test_scheme_list_filter_offers_every_scheme_to_administrator(client, admin_user, scheme):
    other = SchemeFactory(name="Scheme nobody coordinates")
    client.force_login(admin_user)
    page = client.get(reverse("admin:sessions_log_relationship_changelist")).content.decode()
    assert (scheme.name in page, other.name in page) == (True, True)
