"""Adding to a scheme's lists from its set-up: the checklist's "add" links, and the admin's
"Add" button on a list filtered by scheme (``_changelist_filters``), have the scheme
chosen; a scheme the user does not coordinate, or a filter that names no scheme, chooses
nothing."""

from urllib.parse import urlencode

import pytest
from django.urls import reverse

from insights.setup import scheme_checklist
from tests.factories import SchemeFactory

from .test_setup import new_scheme

pytestmark = pytest.mark.django_db

LISTS = ("sessions_log_evaluationdimension", "schemes_schemeevent", "sessions_log_feedbackquestion")


def chosen_scheme(client, url: str):
    response = client.get(url)
    assert response.status_code == 200
    return response.context["adminform"].form["scheme"].value()


def test_checklist_add_links_choose_the_scheme(client, admin_user):
    pilot = new_scheme(admin_user)
    client.force_login(admin_user)
    items = {item.key: item for item in scheme_checklist(scheme=pilot)}

    for key, label in (
        ("dimensions", "Add a dimension"),
        ("events", "Add an event"),
        ("feedback", "Add a feedback question"),
    ):
        assert items[key].add_label == label
        assert str(chosen_scheme(client, items[key].add_url)) == str(pilot.pk)
    page = client.get(reverse("admin:schemes_scheme_change", args=[pilot.pk])).text
    assert f'href="{items["events"].add_url.replace("&", "&amp;")}">Add an event</a>' in page


@pytest.mark.parametrize("name", LISTS)
def test_add_page_from_a_list_filtered_by_scheme_chooses_it(client, coordinator, scheme, name):
    client.force_login(coordinator)
    filters = urlencode({"_changelist_filters": f"scheme__id__exact={scheme.pk}"})

    assert chosen_scheme(client, f"{reverse(f'admin:{name}_add')}?{filters}") == str(scheme.pk)


def test_add_page_chooses_no_scheme_the_coordinator_does_not_coordinate(
    client, coordinator, scheme
):
    elsewhere = SchemeFactory(name="Somebody else's scheme")
    client.force_login(coordinator)
    filters = urlencode({"_changelist_filters": f"scheme__id__exact={elsewhere.pk}"})

    response = client.get(f"{reverse('admin:schemes_schemeevent_add')}?{filters}")

    field = response.context["adminform"].form.fields["scheme"]
    assert list(field.queryset) == [scheme]
    assert "Somebody else" not in response.text
    assert "selected>Scheme" not in response.text


@pytest.mark.parametrize("filters", ["scheme__id__exact=abc", "kind__exact=launch", "%%%"])
def test_add_page_with_a_filter_naming_no_scheme_chooses_none(client, admin_user, filters):
    client.force_login(admin_user)
    query = urlencode({"_changelist_filters": filters})

    assert chosen_scheme(client, f"{reverse('admin:schemes_schemeevent_add')}?{query}") is None
