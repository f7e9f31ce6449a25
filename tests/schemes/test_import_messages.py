"""Row messages of the applications import: an unknown scheme slug worded for who imports,
with the slugs they can use, and a capacity under 1 refused."""

import pytest

from schemes.models import Application
from schemes.resources import CAPACITY_AT_LEAST_ONE
from tests.factories import ProfileFactory, SchemeFactory

from .test_import import HEADER, invalid_rows, upload


def row(slug, capacity="1", role="mentor"):
    return f"{slug},ann@example.org,{role},submitted,,Give back,{capacity},2026-01-05\n"


@pytest.fixture
def fe19(db, coordinator):
    one = SchemeFactory(slug="fe19-one-to-many", coordinators=[coordinator])
    SchemeFactory(slug="fe19-peer", coordinators=[coordinator])
    return one


def test_administrator_reads_no_scheme_has_the_slug_with_the_closest_first(
    client, admin_user, fe19, other_scheme
):
    ProfileFactory(user__email="ann@example.org")
    client.force_login(admin_user)
    response = upload(client, "schemes_application", Application, HEADER + row("fe19-one-to-mny"))
    errors = invalid_rows(response)[1]["scheme"]
    assert errors == [
        "No scheme has the slug 'fe19-one-to-mny'. "
        f"Use one of: fe19-one-to-many, fe19-peer, {other_scheme.slug}."
    ]
    assert "you coordinate" not in response.content.decode()


def test_administrator_sees_at_most_four_slugs_and_how_many_more(client, admin_user, fe19):
    for n in range(5):
        SchemeFactory(slug=f"zz-{n}")
    ProfileFactory(user__email="ann@example.org")
    client.force_login(admin_user)
    response = upload(client, "schemes_application", Application, HEADER + row("fe19-peeer"))
    (message,) = invalid_rows(response)[1]["scheme"]
    assert message == (
        "No scheme has the slug 'fe19-peeer'. "
        "Use one of: fe19-peer, fe19-one-to-many, zz-0, zz-1 (or 3 others)."
    )


def test_coordinator_is_offered_only_their_own_slugs(client, coordinator, fe19, other_scheme):
    ProfileFactory(user__email="ann@example.org")
    client.force_login(coordinator)
    response = upload(client, "schemes_application", Application, HEADER + row(other_scheme.slug))
    (message,) = invalid_rows(response)[1]["scheme"]
    assert message.startswith(
        f"No scheme you coordinate has the slug '{other_scheme.slug}'. Use one of: "
    )
    assert "fe19-one-to-many" in message
    assert "fe19-peer" in message
    assert other_scheme.slug not in message.split("Use one of:")[1]


def test_a_known_slug_is_accepted(client, admin_user, fe19):
    ProfileFactory(user__email="ann@example.org")
    client.force_login(admin_user)
    response = upload(client, "schemes_application", Application, HEADER + row(fe19.slug))
    assert invalid_rows(response) == {}
    assert response.context["confirm_form"] is not None


@pytest.mark.parametrize("capacity", ["0", "-1"])
def test_capacity_under_one_is_refused(client, admin_user, fe19, capacity):
    ProfileFactory(user__email="ann@example.org")
    client.force_login(admin_user)
    response = upload(client, "schemes_application", Application, HEADER + row(fe19.slug, capacity))
    assert invalid_rows(response) == {1: {"capacity": [CAPACITY_AT_LEAST_ONE]}}
    assert response.context.get("confirm_form") is None
    assert not Application.objects.exists()


@pytest.mark.parametrize(("capacity", "stored"), [("1", 1), ("3", 3), ("", 1)])
def test_capacity_of_one_or_more_or_empty_is_accepted(client, admin_user, fe19, capacity, stored):
    ProfileFactory(user__email="ann@example.org")
    client.force_login(admin_user)
    response = upload(client, "schemes_application", Application, HEADER + row(fe19.slug, capacity))
    assert invalid_rows(response) == {}
    from .test_import import confirm

    confirm(client, "schemes_application", response)
    assert Application.objects.get().capacity == stored
