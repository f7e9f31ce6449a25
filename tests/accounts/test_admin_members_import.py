"""Member CSV import and export (user and profile) through the real admin views."""

import csv
import io

from allauth.account.models import EmailAddress
from django.urls import reverse

from accounts.models import Profile, User
from tests.factories import ProfileFactory
from tests.schemes.test_import import confirm, export_csv, upload

HEADER = (
    "email,first_name,last_name,membership_number,job_title,organisation,country,"
    "years_experience,career_stage,expertise,interests,availability,preferred_mode,languages,"
    "do_not_pair_with\n"
)
GOOD = (
    "New.Person@Example.org,Nia,Jones,M1,OT,Trust A,Wales,4,mid,management;clinical,"
    "dementia care;housing,Tuesday 18:00-20:00;sat 10:00-11:30,online,English;Welsh,"
    "boss@example.org\n"
)


def profile_rows():
    return sorted(
        Profile.objects.values_list(
            "user__email", "job_title", "years_experience", "career_stage", "expertise"
        )
    )


def test_import_members_good_file_creates_user_profile_and_email(client, admin_user):
    client.force_login(admin_user)
    response = upload(client, "accounts_user", User, HEADER + GOOD)
    assert response.context["confirm_form"] is not None
    assert not User.objects.filter(email="new.person@example.org").exists()
    confirm(client, "accounts_user", response)
    user = User.objects.get(email="new.person@example.org")
    profile = user.profile
    assert (user.first_name, user.last_name, user.has_usable_password()) == ("Nia", "Jones", False)
    assert (
        profile.membership_number,
        profile.job_title,
        profile.organisation,
        profile.country,
        profile.years_experience,
        profile.career_stage,
        profile.expertise,
        profile.interests,
        profile.availability,
        profile.preferred_mode,
        profile.languages,
        profile.do_not_pair_with,
    ) == (
        "M1",
        "OT",
        "Trust A",
        "GB",
        4,
        "mid",
        ["management", "clinical"],
        ["dementia care", "housing"],
        ["tue 18:00-20:00", "sat 10:00-11:30"],
        "online",
        ["English", "Welsh"],
        ["boss@example.org"],
    )
    assert list(EmailAddress.objects.filter(user=user).values_list("email", "primary")) == [
        ("new.person@example.org", True)
    ]


def test_import_members_updates_existing_profile(client, admin_user):
    existing = ProfileFactory(user__email="new.person@example.org", job_title="Old")
    client.force_login(admin_user)
    confirm(client, "accounts_user", upload(client, "accounts_user", User, HEADER + GOOD))
    existing.refresh_from_db()
    assert (User.objects.filter(email="new.person@example.org").count(), existing.job_title) == (
        1,
        "OT",
    )


def test_import_members_bad_row_in_middle_changes_nothing(client, admin_user, mentor):
    before = profile_rows()
    users_before = User.objects.count()
    bad = "not-an-email,A,B,M2,OT,Trust,UK,lots,guru,flying,,sundays,carrier pigeon,,someone\n"
    good2 = GOOD.replace("New.Person", "second")
    client.force_login(admin_user)
    response = upload(client, "accounts_user", User, HEADER + GOOD + bad + good2)
    assert response.context.get("confirm_form") is None
    errors = {row.number: row.error_dict for row in response.context["result"].invalid_rows}
    assert errors == {
        2: {
            "years_experience": ["'lots' is not a whole number."],
            "career_stage": ["'guru' is not one of: student, early, mid, senior, leader."],
            "expertise": [
                "Unknown code flying; use any of: management, leadership, interpersonal, "
                "specialist, clinical, research, education, career, wellbeing, digital, "
                "policy, enterprise."
            ],
            "availability": [
                "“sundays” is not a weekly time: write a day and two times, e.g. "
                "Tuesday 18:00-20:00 or weekdays 07:30-08:30."
            ],
            "preferred_mode": ["'carrier pigeon' is not one of: online, in_person, either."],
            "do_not_pair_with": ["'someone' is not an email address."],
            "email": ["Enter a valid email address."],
        }
    }
    assert (profile_rows(), User.objects.count()) == (before, users_before)


def test_import_members_denied_to_coordinator(client, coordinator):
    client.force_login(coordinator)
    assert client.get(reverse("admin:accounts_user_import")).status_code == 403


def test_export_members_parsed_back(client, admin_user):
    ProfileFactory(
        user__email="ann@example.org",
        user__first_name="Ann",
        user__last_name="Lee",
        membership_number="M9",
        expertise=["management"],
        languages=["English"],
        do_not_pair_with=["x@example.org"],
        timezone="Europe/Warsaw",
    )
    client.force_login(admin_user)
    rows = export_csv(client, "accounts_user", "memberresource")
    ann = next(r for r in rows if r["email"] == "ann@example.org")
    admin_row = next(r for r in rows if r["email"] == admin_user.email)
    assert ann == {
        "email": "ann@example.org",
        "first_name": "Ann",
        "last_name": "Lee",
        "membership_number": "M9",
        "job_title": "Occupational therapist",
        "organisation": ann["organisation"],
        "country": "United Kingdom",
        "timezone": "Europe/Warsaw",
        "years_experience": "5",
        "career_stage": "mid",
        "expertise": "management",
        "interests": "leadership",
        "availability": "tue 18:00-20:00;thu 18:00-20:00",
        "preferred_mode": "either",
        "languages": "English",
        "do_not_pair_with": "x@example.org",
        "profession": "",
        "registration_number": "",
        "bio": "",
    }
    assert ann["organisation"].startswith("Trust ")
    assert admin_row["job_title"] == ""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerow(ann)
    before = profile_rows()
    confirm(client, "accounts_user", upload(client, "accounts_user", User, out.getvalue()))
    assert profile_rows() == before


ZONE_HEADER = "email,first_name,last_name,timezone\n"


def test_import_members_time_zones_stored_as_given(client, admin_user):
    rows = (
        "wei@example.org,伟,王,Australia/Sydney\n"
        "amara@example.org,Amara,Okafor,Africa/Nairobi\n"
        "joao@example.org,João,Silva,America/Sao_Paulo\n"
        "blank@example.org,Sam,Blank,\n"
    )
    client.force_login(admin_user)
    confirm(client, "accounts_user", upload(client, "accounts_user", User, ZONE_HEADER + rows))
    assert dict(Profile.objects.values_list("user__email", "timezone")) == {
        "wei@example.org": "Australia/Sydney",
        "amara@example.org": "Africa/Nairobi",
        "joao@example.org": "America/Sao_Paulo",
        "blank@example.org": "",
    }


def test_import_members_unknown_time_zone_is_a_row_error(client, admin_user):
    rows = (
        "ok@example.org,Ola,Nowak,Europe/Warsaw\n"
        "bad@example.org,Łukasz,Wiśniewski,Europe/Krakow\n"
        "gmt@example.org,Tom,Page,GMT+1\n"
    )
    client.force_login(admin_user)
    response = upload(client, "accounts_user", User, ZONE_HEADER + rows)
    assert response.context.get("confirm_form") is None
    errors = {row.number: row.error_dict for row in response.context["result"].invalid_rows}
    message = (
        "“{}” is not a time zone: give an IANA name such as Europe/London, "
        "Australia/Sydney or America/Sao_Paulo."
    )
    assert errors == {
        2: {"timezone": [message.format("Europe/Krakow")]},
        3: {"timezone": [message.format("GMT+1")]},
    }
    assert not User.objects.filter(email__in=["ok@example.org", "bad@example.org"]).exists()
