"""Reflections: drafts, complete, links, sharing and privacy for the whole cast."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from cpd import services
from cpd.models import Reflection, ReflectionStatus, SchemeCpdSetting
from sessions_log.models import Goal
from tests.cpd.factories import attended_event, held, pair, reflection
from tests.factories import ProfileFactory

pytestmark = pytest.mark.django_db

OTHERS = ["outsider", "coordinator", "other_coordinator", "admin_user"]


@pytest.fixture
def rel(scheme, mentor, mentee):
    return pair(scheme, mentor, mentee)


# --- services ------------------------------------------------------------------------------


def test_save_draft_keeps_partial_answers(mentor):
    saved = services.reflection_save(
        author=mentor,
        title="Thinking",
        model="gibbs",
        entries={"description": " It happened ", "stray": "dropped"},
        complete=False,
        reflected_on=date(2025, 2, 1),
    )
    saved.refresh_from_db()
    assert (saved.status, saved.entries) == (
        ReflectionStatus.DRAFT,
        {
            "description": "It happened",
            "feelings": "",
            "evaluation": "",
            "analysis": "",
            "conclusion": "",
            "action_plan": "",
        },
    )


def test_complete_needs_every_prompt(mentor):
    with pytest.raises(ValidationError) as exc:
        services.reflection_save(
            author=mentor, title="T", model="what_so_what", entries={"what": "x"}, complete=True
        )
    assert exc.value.message_dict == {
        "entries": ["Answer every prompt to complete it: So what?, Now what?."]
    }
    assert Reflection.objects.count() == 0


def test_session_link_sets_relationship(rel, mentor):
    session = held(rel, 1)
    saved = services.reflection_save(
        author=mentor,
        title="T",
        model="free",
        entries={"text": "x"},
        complete=True,
        session=session,
    )
    assert (saved.session, saved.relationship) == (session, rel)


def test_link_to_someone_elses_relationship_is_refused(rel, outsider):
    with pytest.raises(ValidationError) as exc:
        services.reflection_save(
            author=outsider,
            title="T",
            model="free",
            entries={"text": "x"},
            complete=True,
            session=held(rel, 1),
        )
    assert exc.value.message_dict == {
        "relationship": ["You are not a member of this relationship."]
    }


def test_goal_and_event_links(rel, scheme, mentee):
    goal = Goal.objects.create(relationship=rel, owner=mentee, what="Lead a team")
    event = attended_event(scheme, mentee)
    saved = services.reflection_save(
        author=mentee,
        title="T",
        model="free",
        entries={"text": "x"},
        complete=True,
        goal=goal,
        event=event,
    )
    assert (saved.goal, saved.relationship, saved.event) == (goal, rel, event)


def test_events_of_the_same_title_and_day_are_told_apart_by_scheme(
    client, scheme, other_scheme, mentee
):
    scheme.name, other_scheme.name = "Leaders", "New starters"
    scheme.save()
    other_scheme.save()
    for s in (scheme, other_scheme):
        attended_event(s, mentee, title="Mentee briefing", on=date(2026, 10, 12))
    attended_event(scheme, mentee, title="Not mine", attended=False)  # replied, not attended
    client.force_login(mentee)
    html = client.get(reverse("cpd:reflection_create")).content.decode()
    assert ">Leaders: Mentee briefing (12 Oct 2026)</option>" in html
    assert ">New starters: Mentee briefing (12 Oct 2026)</option>" in html


def test_event_not_registered_is_refused(scheme, mentee):
    event = attended_event(scheme, ProfileFactory().user)
    with pytest.raises(ValidationError):
        services.reflection_save(
            author=mentee,
            title="T",
            model="free",
            entries={"text": "x"},
            complete=True,
            event=event,
        )


def test_share_without_relationship_is_refused(mentor):
    with pytest.raises(ValidationError) as exc:
        services.reflection_save(
            author=mentor,
            title="T",
            model="free",
            entries={"text": "x"},
            complete=True,
            shared_with_partner=True,
        )
    assert list(exc.value.message_dict) == ["shared_with_partner"]


def test_only_author_may_change(rel, mentor, mentee):
    mine = reflection(mentor, relationship=rel)
    with pytest.raises(ValidationError):
        services.reflection_save(
            author=mentee, reflection=mine, title="X", model="free", entries={}, complete=False
        )


# --- views: privacy ------------------------------------------------------------------------


def test_author_reads_own_reflection(client, rel, mentor):
    r = reflection(mentor, relationship=rel)
    client.force_login(mentor)
    response = client.get(reverse("cpd:reflection", args=[r.pk]))
    assert response.status_code == 200
    assert response.context["sections"] == [
        ("What?", "We met."),
        ("So what?", "It mattered."),
        ("Now what?", "Read more."),
    ]


@pytest.mark.parametrize("who", ["mentee", *OTHERS])
def test_private_reflection_is_404_for_everyone_else(client, rel, mentor, who, request):
    r = reflection(mentor, relationship=rel)
    client.force_login(request.getfixturevalue(who))
    for name in ("cpd:reflection", "cpd:reflection_edit"):
        assert client.get(reverse(name, args=[r.pk])).status_code == 404
    assert client.post(reverse("cpd:reflection_delete", args=[r.pk])).status_code == 404
    assert r.title not in client.get(reverse("cpd:reflections")).content.decode()


def test_shared_reflection_readable_by_partner_only(client, rel, mentor, mentee):
    r = reflection(mentor, relationship=rel, shared_with_partner=True, title="Shared one")
    client.force_login(mentee)
    response = client.get(reverse("cpd:reflection", args=[r.pk]))
    assert (response.status_code, response.context["is_author"]) == (200, False)
    assert list(client.get(reverse("cpd:reflections")).context["shared"]) == [r]
    assert client.get(reverse("cpd:reflection_edit", args=[r.pk])).status_code == 404


@pytest.mark.parametrize("who", OTHERS)
def test_shared_reflection_is_404_for_non_partners(client, rel, mentor, who, request):
    r = reflection(mentor, relationship=rel, shared_with_partner=True)
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("cpd:reflection", args=[r.pk])).status_code == 404


def test_shared_draft_is_not_shown_to_partner(client, rel, mentor, mentee):
    r = reflection(mentor, relationship=rel, shared_with_partner=True, status="draft")
    client.force_login(mentee)
    assert client.get(reverse("cpd:reflection", args=[r.pk])).status_code == 404


def test_anonymous_is_sent_to_login(client):
    response = client.get(reverse("cpd:reflections"))
    assert (response.status_code, response.url.split("?")[0]) == (302, "/accounts/login/")


# --- views: writing ------------------------------------------------------------------------


def _post(**extra):
    return {
        "title": "Session one",
        "model": "what_so_what",
        "reflected_on": "2025-02-04",
        "entry_what": "We met",
        "entry_so_what": "",
        "entry_now_what": "",
        **extra,
    }


def test_create_draft_then_complete(client, mentor):
    client.force_login(mentor)
    response = client.post(reverse("cpd:reflection_create"), _post(draft="1"))
    r = Reflection.objects.get()
    assert (response.url, r.status) == (reverse("cpd:reflection_edit", args=[r.pk]), "draft")
    response = client.post(
        reverse("cpd:reflection_edit", args=[r.pk]),
        _post(entry_so_what="Mattered", entry_now_what="Act", complete="1"),
    )
    r.refresh_from_db()
    assert (response.url, r.status, r.entries) == (
        reverse("cpd:reflection", args=[r.pk]),
        "complete",
        {"what": "We met", "so_what": "Mattered", "now_what": "Act"},
    )


def test_complete_with_gaps_shows_error_and_keeps_text(client, mentor):
    client.force_login(mentor)
    response = client.post(reverse("cpd:reflection_create"), _post(complete="1"))
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "Answer every prompt to complete it: So what?, Now what?."
    ]
    assert "We met" in response.content.decode()
    # kept as a draft with what was typed (tests/cpd/test_reflection_autosave.py)
    assert Reflection.objects.get().status == ReflectionStatus.DRAFT


def test_create_rejects_someone_elses_session(client, scheme, mentor, mentee, outsider):
    session = held(pair(scheme, mentor, mentee), 1)
    client.force_login(outsider)
    response = client.post(reverse("cpd:reflection_create"), _post(session=session.pk, draft="1"))
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["session"]


def test_session_link_prefills_with_scheme_model(client, rel, mentor):
    SchemeCpdSetting.objects.create(scheme=rel.scheme, reflection_model="gibbs")
    session = held(rel, 2, title="Objectives")
    client.force_login(mentor)
    response = client.get(reverse("cpd:reflection_for_session", args=[session.pk]))
    form = response.context["form"]
    assert (response.context["model"], form.initial["title"], form.initial["session"]) == (
        "gibbs",
        "Session 2: Objectives",
        session.pk,
    )
    assert "entry_action_plan" in form.fields


@pytest.mark.parametrize("who", OTHERS)
def test_session_link_is_404_for_non_members(client, rel, who, request):
    session = held(rel, 1)
    client.force_login(request.getfixturevalue(who))
    url = reverse("cpd:reflection_for_session", args=[session.pk])
    assert client.get(url).status_code == 404


def test_session_link_post_saves_linked_reflection(client, rel, mentee):
    session = held(rel, 1)
    client.force_login(mentee)
    client.post(
        reverse("cpd:reflection_for_session", args=[session.pk]),
        {
            "title": "S1",
            "model": "free",
            "reflected_on": "2025-02-04",
            "session": session.pk,
            "entry_text": "Good",
            "shared_with_partner": "on",
            "complete": "1",
        },
    )
    r = Reflection.objects.get()
    assert (r.author, r.session, r.relationship, r.shared_with_partner) == (
        mentee,
        session,
        rel,
        True,
    )


def test_delete_own_reflection(client, mentor):
    r = reflection(mentor)
    client.force_login(mentor)
    url = reverse("cpd:reflection_delete", args=[r.pk])
    assert "Yes, delete the reflection" in client.get(url).content.decode()
    assert client.post(url).status_code == 200  # unconfirmed: the page again
    assert Reflection.objects.count() == 1
    response = client.post(url, {"confirm": "yes"})
    assert (response.url, Reflection.objects.count()) == (reverse("cpd:reflections"), 0)


@pytest.mark.parametrize("count", [1, 25])
def test_list_query_count_constant(client, rel, mentor, mentee, count, django_assert_num_queries):
    for i in range(count):
        reflection(mentor, relationship=rel, session=held(rel, i + 1))
        reflection(mentee, relationship=rel, shared_with_partner=True)
    client.force_login(mentor)
    with django_assert_num_queries(5):
        response = client.get(reverse("cpd:reflections"))
    assert (len(response.context["mine"]), len(response.context["shared"])) == (count, count)
