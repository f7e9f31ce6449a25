"""Organisations as data: normalised names, resolving typed names, aliases and merging in
the admin (administrators only)."""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from accounts.models import Organisation, OrganisationAlias, Profile, User
from accounts.organisations import organisation_key, organisation_names
from accounts.services import organisation_find, organisation_for_name, profile_update
from tests.accounts.test_admin_members_import import HEADER
from tests.factories import ProfileFactory
from tests.schemes.test_import import confirm, upload


@pytest.mark.parametrize(
    "spelling",
    [
        "NHS Trust A",
        "N.H.S. Trust A",
        "N. H. S. Trust A",
        "  nhs   TRUST a ",
        "The NHS Trust A",
        "NHS Trust A Ltd",
        "NHS Trust A Limited.",
        "NHS Trust A, plc",
        "NHS-Trust A",
    ],
)
def test_organisation_key_ignores_case_spacing_punctuation_and_suffixes(spelling):
    assert organisation_key(spelling) == "nhs trust a"


def test_organisation_key_keeps_what_tells_organisations_apart():
    keys = [
        organisation_key(n)
        for n in (
            "NHS Trust A",
            "NHS Trust B",
            "St. Mary's Hospice",
            "Smith & Co LLP",
            "The",
            "Ltd",
            "Zürich Klinik GmbH",
            "",
        )
    ]
    assert keys == [
        "nhs trust a",
        "nhs trust b",
        "st marys hospice",
        "smith and co",
        "the",
        "ltd",
        "zurich klinik",
        "",
    ]


def test_organisation_names_takes_the_most_common_spelling():
    typed = ["N.H.S. Trust A", "NHS Trust A", "NHS Trust A ", "nhs trust a", "", "Leeds Uni"]
    assert organisation_names(typed) == {"nhs trust a": "NHS Trust A", "leeds uni": "Leeds Uni"}


def test_organisation_for_name_resolves_spellings_and_aliases(db):
    first = organisation_for_name(name="NHS Trust A")
    OrganisationAlias.objects.create(organisation=first, name="Riverside Hospitals")
    assert [
        organisation_for_name(name=n)
        for n in ("N.H.S. Trust A", "the nhs trust a ltd", "Riverside Hospitals plc")
    ] == [first, first, first]
    assert (organisation_for_name(name="  "), Organisation.objects.count()) == (None, 1)


def test_profile_update_links_organisation_and_keeps_the_typed_text(db):
    profile = ProfileFactory(organisation="")
    existing = organisation_for_name(name="NHS Trust A")
    profile_update(user=profile.user, data={"organisation": "N.H.S. Trust A"})
    profile.refresh_from_db()
    assert (profile.organisation, profile.organisation_record) == ("N.H.S. Trust A", existing)


def test_import_members_resolves_organisations(client, admin_user):
    client.force_login(admin_user)
    rows = [
        f"m{i}@example.org,A,B,M{i},OT,{org},UK,4,mid,,,,online,,\n"
        for i, org in enumerate(["N.H.S. Trust A", "NHS Trust A Ltd", "Leeds University"])
    ]
    confirm(client, "accounts_user", upload(client, "accounts_user", User, HEADER + "".join(rows)))
    linked = dict(
        Profile.objects.filter(user__email__startswith="m").values_list(
            "organisation", "organisation_record__name"
        )
    )
    assert linked == {
        "N.H.S. Trust A": "N.H.S. Trust A",
        "NHS Trust A Ltd": "N.H.S. Trust A",
        "Leeds University": "Leeds University",
    }


def merge_post(client, keep, *organisations):
    return client.post(
        reverse("admin:accounts_organisation_changelist"),
        {
            "action": "merge_organisations",
            ACTION_CHECKBOX_NAME: [o.pk for o in organisations],
            "apply": "1",
            "keep": keep.pk,
        },
    )


def test_admin_merge_moves_members_and_keeps_the_other_name_as_alias(client, admin_user):
    nhs = organisation_for_name(name="Riverside NHS Trust")
    other = organisation_for_name(name="Riverside Hospitals")
    OrganisationAlias.objects.create(organisation=other, name="RH")
    moved = [ProfileFactory(organisation="Riverside Hospitals") for _ in range(2)]
    for p in moved:
        profile_update(user=p.user, data={})
    client.force_login(admin_user)
    confirm_page = client.post(
        reverse("admin:accounts_organisation_changelist"),
        {"action": "merge_organisations", ACTION_CHECKBOX_NAME: [nhs.pk, other.pk]},
    )
    assert confirm_page.templates[0].name == "admin/accounts/organisation/merge.html"
    response = merge_post(client, nhs, nhs, other)
    assert response.status_code == 302
    assert (
        list(Organisation.objects.values_list("name", flat=True)),
        sorted(nhs.aliases.values_list("name", flat=True)),
        set(
            Profile.objects.filter(pk__in=[p.pk for p in moved]).values_list(
                "organisation_record", flat=True
            )
        ),
        organisation_find(name="Riverside Hospitals Ltd"),
    ) == (["Riverside NHS Trust"], ["RH", "Riverside Hospitals"], {nhs.pk}, nhs)


def test_admin_merge_refused_to_coordinator(client, coordinator):
    nhs = organisation_for_name(name="Riverside NHS Trust")
    other = organisation_for_name(name="Riverside Hospitals")
    client.force_login(coordinator)
    assert merge_post(client, nhs, nhs, other).status_code == 403
    assert client.get(reverse("admin:accounts_organisation_changelist")).status_code == 403
    assert (Organisation.objects.count(), OrganisationAlias.objects.count()) == (2, 0)


def test_admin_merge_without_a_choice_asks_again_and_changes_nothing(client, admin_user):
    nhs = organisation_for_name(name="Riverside NHS Trust")
    other = organisation_for_name(name="Riverside Hospitals")
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:accounts_organisation_changelist"),
        {
            "action": "merge_organisations",
            ACTION_CHECKBOX_NAME: [nhs.pk, other.pk],
            "apply": "1",
            "keep": "999999",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["keep"] == [
        "Select a valid choice. That choice is not one of the available choices."
    ]
    assert (Organisation.objects.count(), OrganisationAlias.objects.count()) == (2, 0)


def test_admin_alias_spelt_like_another_organisation_is_refused(client, admin_user):
    nhs = organisation_for_name(name="Riverside NHS Trust")
    organisation_for_name(name="Leeds University")
    client.force_login(admin_user)
    url = reverse("admin:accounts_organisation_change", args=[nhs.pk])
    response = client.post(
        url,
        {
            "name": "Riverside NHS Trust",
            "aliases-TOTAL_FORMS": "1",
            "aliases-INITIAL_FORMS": "0",
            "aliases-MIN_NUM_FORMS": "0",
            "aliases-MAX_NUM_FORMS": "1000",
            "aliases-0-name": "The Leeds University Ltd",
        },
    )
    assert response.status_code == 200
    assert response.context["inline_admin_formsets"][0].formset.errors == [
        {"name": ["This is the name of Leeds University (spelt alike)."]}
    ]
    assert "The Leeds University Ltd" in response.content.decode()
    assert OrganisationAlias.objects.count() == 0


def test_admin_two_aliases_spelt_alike_are_refused_beside_the_field(client, admin_user):
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:accounts_organisation_add"),
        {
            "name": "Riverside NHS Trust",
            "aliases-TOTAL_FORMS": "3",
            "aliases-INITIAL_FORMS": "0",
            "aliases-MIN_NUM_FORMS": "0",
            "aliases-MAX_NUM_FORMS": "1000",
            "aliases-0-name": "Riverside Hospitals",
            "aliases-1-name": "riverside hospitals ltd",
            "aliases-2-name": "The Riverside N.H.S. Trust",
        },
    )
    assert response.status_code == 200
    assert response.context["inline_admin_formsets"][0].formset.errors == [
        {},
        {"name": ["This is spelt like the name or another alias here."]},
        {"name": ["This is spelt like the name or another alias here."]},
    ]
    assert (Organisation.objects.count(), OrganisationAlias.objects.count()) == (0, 0)
