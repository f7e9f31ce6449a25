"""The body's own list of areas: seeded from the old hard-coded choices, edited by
administrators in the admin (coordinators view it), offered on the profile and application
forms, and shown by label wherever a code is shown; a retired area stays readable."""

import importlib

import pytest
from django.apps import apps
from django.urls import reverse

from accounts.areas import ExpertiseArea, area_choices, area_text, area_use
from accounts.forms import ProfileForm
from accounts.models import Area, Profile
from accounts.resources import AreaListWidget
from matching.pool import candidate_for
from matching.scoring import Weights, score_pair
from matching.scoring.criteria import area_word
from schemes.models import Role
from tests.factories import ApplicationFactory, ProfileFactory

seed = importlib.import_module("accounts.migrations.0019_expertise_areas_seed")

CHANGELIST = "admin:accounts_expertisearea_changelist"
ADD = "admin:accounts_expertisearea_add"


def _change(area: ExpertiseArea) -> str:
    return reverse("admin:accounts_expertisearea_change", args=[area.pk])


def _area_post(**values) -> dict:
    return {"label": "Data science", "code": "data-science", "position": "5", **values}


def test_the_old_choices_are_the_seeded_list_in_their_order(db):
    rows = list(ExpertiseArea.objects.values_list("code", "label", "retired"))
    assert rows == [(a.value, a.label, False) for a in Area]


def test_seeding_keeps_every_stored_code_and_is_idempotent(db):
    ExpertiseArea.objects.filter(code="policy").delete()  # as if the list were new
    ProfileFactory(expertise=["management", "Old-Thing"])
    ApplicationFactory(goals_areas=["policy", "legacy_code"])
    seed.seed(apps, None)
    seed.seed(apps, None)
    areas = {a.code: a for a in ExpertiseArea.objects.all()}
    assert areas["policy"].label == "Policy and influencing"
    assert not areas["policy"].retired
    assert (areas["Old-Thing"].label, areas["Old-Thing"].retired) == ("Old-Thing", True)
    assert (areas["legacy_code"].label, areas["legacy_code"].retired) == ("legacy_code", True)
    assert len(areas) == len(Area) + 2


def test_administrator_adds_an_area_members_then_choose_it(client, admin_user, mentee):
    client.force_login(admin_user)
    response = client.post(reverse(ADD), _area_post())
    assert response.status_code == 302
    area = ExpertiseArea.objects.get(code="data-science")
    assert (area.label, area.position, area.retired) == ("Data science", 5, False)
    # First on the forms (position 5 comes before the seeded 10, 20, ...).
    assert area_choices()[0] == ("data-science", "Data science")
    client.force_login(mentee)
    page = client.get(reverse("accounts:profile"))
    assert "Data science" in page.content.decode()
    form = ProfileForm(
        data={**_profile_data(mentee), "expertise": ["data-science"]},
        instance=mentee.profile,
        user=mentee,
    )
    assert form.is_valid(), form.errors
    form.save()
    mentee.profile.refresh_from_db()
    assert mentee.profile.expertise == ["data-science"]
    assert area_text(mentee.profile.expertise) == "Data science"


def test_the_code_is_fixed_once_saved_and_the_label_can_change(client, admin_user):
    client.force_login(admin_user)
    area = ExpertiseArea.objects.get(code="clinical")
    response = client.post(
        _change(area), {"label": "Clinical work", "code": "changed", "position": "1"}
    )
    assert response.status_code == 302
    area.refresh_from_db()
    assert (area.code, area.label, area.position) == ("clinical", "Clinical work", 1)


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"label": "management"}, "label", "An area with this label already exists."),
        ({"code": "management"}, "code", "already exists"),
        ({"code": "Data Science"}, "code", "Use lower-case letters"),
        ({"label": ""}, "label", "This field is required."),
    ],
)
def test_bad_area_is_refused_with_a_message_and_keeps_the_typing(
    client, admin_user, values, field, message
):
    client.force_login(admin_user)
    before = ExpertiseArea.objects.count()
    response = client.post(reverse(ADD), _area_post(**values))
    assert response.status_code == 200
    form = response.context["adminform"].form
    errors = " ".join(form.errors.get(field, []) + form.non_field_errors())
    assert message in errors
    assert form["position"].value() == "5"  # nothing typed is lost
    assert ExpertiseArea.objects.count() == before


def test_coordinator_views_the_list_but_cannot_edit_it(client, coordinator):
    client.force_login(coordinator)
    area = ExpertiseArea.objects.get(code="research")
    assert client.get(reverse(CHANGELIST)).status_code == 200
    assert client.get(_change(area)).status_code == 200  # read-only view
    assert client.get(reverse(ADD)).status_code == 403
    response = client.post(_change(area), {"label": "Hacked", "code": "research", "position": 1})
    assert response.status_code == 403
    area.refresh_from_db()
    assert area.label == "Research and evidence"


def test_members_cannot_open_the_list_and_nobody_deletes_an_area(client, admin_user, mentee):
    area = ExpertiseArea.objects.get(code="research")
    client.force_login(mentee)
    assert client.get(reverse(CHANGELIST)).status_code == 302  # to the admin's sign-in
    client.force_login(admin_user)
    delete = reverse("admin:accounts_expertisearea_delete", args=[area.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert ExpertiseArea.objects.filter(pk=area.pk).exists()


def test_retired_area_in_use_stays_readable_and_kept(client, admin_user, mentee):
    mentee.profile.expertise = ["clinical", "research"]
    mentee.profile.save()
    application = ApplicationFactory(applicant=mentee, goals_areas=["clinical"])
    client.force_login(admin_user)
    area = ExpertiseArea.objects.get(code="clinical")
    assert "1 profile and 1 application" in client.get(_change(area)).content.decode()
    area.retired = True
    area.save()
    # Not offered to someone who never chose it: choosing it now is refused with a message.
    newcomer = ProfileFactory(expertise=[]).user
    form = ProfileForm(
        data={**_profile_data(newcomer), "expertise": ["clinical"]},
        instance=newcomer.profile,
        user=newcomer,
    )
    assert not form.is_valid()
    assert "Select a valid choice" in str(form.errors["expertise"])
    # Offered and kept for the member who chose it: saving changes nothing else.
    form = ProfileForm(
        data={**_profile_data(mentee), "expertise": ["clinical", "research"]},
        instance=mentee.profile,
        user=mentee,
    )
    assert form.is_valid(), form.errors
    form.save()
    assert Profile.objects.get(pk=mentee.profile.pk).expertise == ["clinical", "research"]
    # Its label is still shown to staff, in the application's review.
    page = client.get(reverse("admin:schemes_application_change", args=[application.pk]))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Clinical practice, Research and evidence" in text
    assert area_use("clinical") == (1, 1)


def test_application_form_offers_the_list_and_keeps_a_retired_choice(db):
    from schemes.forms import ApplicationForm

    ExpertiseArea.objects.filter(code="policy").update(retired=True)
    application = ApplicationFactory(goals_areas=["policy"])
    kept = ApplicationForm(
        initial=ApplicationForm.initial_from(application),
        scheme=application.scheme,
        role=Role.MENTEE,
        questions=[],
        submitting=False,
    )
    fresh = ApplicationForm(
        scheme=application.scheme, role=Role.MENTEE, questions=[], submitting=False
    )
    assert ("policy", "Policy and influencing") in kept.fields["goals_areas"].choices
    assert "policy" not in dict(fresh.fields["goals_areas"].choices)


def test_import_accepts_listed_codes_retired_too_and_names_unknown_ones(db):
    ExpertiseArea.objects.create(code="data-science", label="Data science")
    ExpertiseArea.objects.filter(code="policy").update(retired=True)
    widget = AreaListWidget()
    assert widget.clean("Data-Science; policy") == ["data-science", "policy"]
    with pytest.raises(ValueError, match="Unknown code"):
        widget.clean("management; astrology")


def test_reasons_speak_the_bodys_labels(db):
    ExpertiseArea.objects.create(code="hiv", label="HIV medicine")
    ExpertiseArea.objects.filter(code="clinical").update(label="Bedside practice")
    giver = ProfileFactory(expertise=["hiv", "clinical"]).user
    receiver = ProfileFactory(expertise=[]).user
    a = candidate_for(ApplicationFactory(applicant=giver, role=Role.MENTOR))
    b = candidate_for(ApplicationFactory(applicant=receiver, goals_areas=["hiv", "clinical"]))
    score = score_pair(a, b, Weights(), directed=True)
    reason = next(r for r in score.reasons if r.criterion == "expertise")
    assert reason.text == "offers HIV medicine and bedside practice, sought by the other"
    assert reason.plain == (
        "one of you has experience in HIV medicine and bedside practice, "
        "which the other hopes to develop"
    )


@pytest.mark.parametrize(
    ("label", "word"),
    [
        ("Clinical practice", "clinical practice"),
        ("NHS leadership", "NHS leadership"),
        ("HIV", "HIV"),
        ("x", "x"),
        ("eHealth", "eHealth"),
    ],
)
def test_labels_read_mid_sentence(label, word):
    assert area_word(label) == word


def _profile_data(user) -> dict:
    p = user.profile
    return {
        "first_name": user.first_name or "Ann",
        "last_name": user.last_name or "Lee",
        "membership_number": p.membership_number,
        "job_title": p.job_title,
        "organisation": p.organisation,
        "country": str(p.country),
        "years_experience": str(p.years_experience),
        "career_stage": p.career_stage,
        "preferred_mode": p.preferred_mode,
        "interests": ", ".join(p.interests),
        "languages": "",
        "availability": "",
        "do_not_pair_with": "",
    }


def test_admin_profile_ticks_areas_by_label_and_refuses_an_unknown_code(client, admin_user, mentor):
    from tests.badinput.admin_harness import page_data

    ExpertiseArea.objects.filter(code="clinical").update(retired=True)
    mentor.profile.expertise = ["clinical"]
    mentor.profile.save()
    client.force_login(admin_user)
    url = reverse("admin:accounts_user_change", args=[mentor.pk])
    page = client.get(url)
    assert "Clinical practice" in page.content.decode()  # retired, chosen: still ticked
    post = page_data(page)
    post["profile-0-expertise"] = ["clinical", "astrology"]
    response = client.post(url, post)
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    post["profile-0-expertise"] = ["clinical", "research"]
    assert client.post(url, post).status_code == 302
    mentor.profile.refresh_from_db()
    assert mentor.profile.expertise == ["clinical", "research"]
