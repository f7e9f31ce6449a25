"""Countries as ISO codes: reading typed text, the member import, the profile form and the
mapping the data migration uses."""

import pytest
from django.urls import reverse

from accounts.countries import country_code, country_from_text, country_name
from accounts.models import Profile, User
from tests.accounts.test_admin_members_import import HEADER
from tests.factories import ProfileFactory, UserFactory
from tests.schemes.test_import import confirm, upload


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("United Kingdom", "GB"),
        ("UK", "GB"),
        ("u.k.", "GB"),
        ("  great   BRITAIN ", "GB"),
        ("England", "GB"),
        ("Wales", "GB"),
        ("N. Ireland", "GB"),
        ("NI", "NI"),  # Nicaragua's code, not Northern Ireland
        ("USA", "US"),
        ("U.S.A.", "US"),
        ("United States", "US"),
        ("united states of america", "US"),
        ("Kenya", "KE"),
        ("KEN", "KE"),
        ("ke", "KE"),
        ("Brasil", "BR"),
        ("Polska", "PL"),
        ("Côte d'Ivoire", "CI"),
        ("Cote d’Ivoire", "CI"),
        ("Türkiye", "TR"),
        ("Turkey", "TR"),
        ("The Netherlands", "NL"),
        ("Holland", "NL"),
        ("Czech Republic", "CZ"),
        ("South Korea", "KR"),
        ("Ελλάδα", "GR"),
        ("日本", "JP"),
    ],
)
def test_country_code_reads_names_aliases_and_codes(typed, code):
    assert country_code(typed) == code


@pytest.mark.parametrize("typed", ["Narnia", "Europe", "U K K", "12", "<script>", "Englandshire"])
def test_country_code_unknown_is_none(typed):
    assert country_code(typed) is None


@pytest.mark.parametrize("typed", ["", "   ", None])
def test_country_code_blank_is_blank(typed):
    assert country_code(typed) == ""


def test_country_from_text_maps_known_keeps_unknown():
    assert [
        country_from_text(t)
        for t in ("UK", "  united states ", "", "Angleterre", "Rep.  of   Wakanda", "x" * 90)
    ] == [
        ("GB", ""),
        ("US", ""),
        ("", ""),
        ("", "Angleterre"),
        ("", "Rep. of Wakanda"),
        ("", "x" * 80),
    ]


def test_country_name_of_code_and_blank():
    assert (country_name("GB"), country_name("US"), country_name("")) == (
        "United Kingdom",
        "United States of America",
        "",
    )


def row(email: str, country: str, organisation: str = "Trust A") -> str:
    return (
        f"{email},Łukasz,Wiśniewski,M1,OT,{organisation},{country},4,mid,management,"
        ",Tuesday 18:00-20:00,online,Polish,\n"
    )


def test_import_members_accepts_country_aliases_and_stores_codes(client, admin_user):
    client.force_login(admin_user)
    text = HEADER + "".join(
        row(f"p{i}@example.org", country)
        for i, country in enumerate(["UK", "United Kingdom", '"U.S.A."', "Polska", "KE", ""])
    )
    confirm(client, "accounts_user", upload(client, "accounts_user", User, text))
    stored = dict(
        Profile.objects.filter(user__email__startswith="p").values_list("user__email", "country")
    )
    assert stored == {
        "p0@example.org": "GB",
        "p1@example.org": "GB",
        "p2@example.org": "US",
        "p3@example.org": "PL",
        "p4@example.org": "KE",
        "p5@example.org": "",
    }


def test_import_members_unknown_country_is_a_row_error_and_imports_nothing(client, admin_user):
    client.force_login(admin_user)
    text = HEADER + row("a@example.org", "UK") + row("b@example.org", "Narnia")
    response = upload(client, "accounts_user", User, text)
    errors = {r.number: r.error_dict for r in response.context["result"].invalid_rows}
    assert (response.context.get("confirm_form"), errors) == (
        None,
        {
            2: {
                "country": [
                    "'Narnia' is not a country we know: write its name (e.g. United Kingdom) "
                    "or its two-letter code (e.g. GB)."
                ]
            }
        },
    )
    assert not User.objects.filter(email__in=["a@example.org", "b@example.org"]).exists()


def test_profile_form_names_unrecognised_country_and_clears_it_once_chosen(client, db):
    profile = ProfileFactory(country="", country_as_entered="Angleterre")
    client.force_login(profile.user)
    page = client.get(reverse("accounts:profile")).content.decode()
    assert "You wrote “Angleterre”, which is not on the list: choose your country." in page
    data = {
        "first_name": "Ann",
        "last_name": "Lee",
        "job_title": "OT",
        "organisation": "North Trust",
        "country": "FR",
        "years_experience": "3",
        "career_stage": "early",
        "preferred_mode": "online",
    }
    assert client.post(reverse("accounts:profile"), data).status_code == 302
    profile.refresh_from_db()
    assert (profile.country, profile.country_as_entered) == ("FR", "")


def test_profile_form_refuses_a_country_not_on_the_list(client, db):
    user = UserFactory()
    client.force_login(user)
    data = {"first_name": "A", "last_name": "B", "job_title": "OT", "organisation": "T"}
    response = client.post(
        reverse("accounts:profile"),
        {**data, "country": "Narnia", "years_experience": "3", "career_stage": "early"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["country"] == [
        "Select a valid choice. Narnia is not one of the available choices."
    ]
    assert not Profile.objects.filter(user=user, job_title="OT").exists()


def test_admin_filters_members_whose_country_is_not_recognised(client, admin_user):
    kept = ProfileFactory(country="", country_as_entered="Angleterre")
    ProfileFactory(country="GB")
    client.force_login(admin_user)
    response = client.get(
        reverse("admin:accounts_user_changelist"), {"country_status": "unrecognised"}
    )
    assert [u.email for u in response.context["cl"].result_list] == [kept.user.email]
