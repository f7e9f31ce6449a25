"""Profile bio, photo and what is shown before a match: the photo pipeline (limits,
redrawn, metadata gone, random name), the profile form and the visibility consents."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from accounts import services
from accounts.models import ConsentRecord, ConsentTopic, Profile
from accounts.photos import PHOTO_EDGE, photo_prepare
from accounts.profile_cards import ProfileContext, ProfilePart, visible_profile
from tests.factories import ProfileFactory

pytestmark = pytest.mark.django_db

GPS_TAG = 0x8825


def image_bytes(size=(800, 600), fmt="JPEG", *, gps=False, color="teal") -> bytes:
    image = Image.new("RGB", size, color)
    out = io.BytesIO()
    if gps:
        exif = Image.Exif()
        exif[0x010F] = "MarkerCam"  # Make
        exif.get_ifd(GPS_TAG)[2] = (51.0, 30.0, 12.0)  # GPSLatitude
        image.save(out, format=fmt, exif=exif.tobytes())
    else:
        image.save(out, format=fmt)
    return out.getvalue()


def upload(data: bytes, name="me.jpg", content_type="image/jpeg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


def test_photo_prepare_redraws_small_jpeg_without_metadata():
    original = image_bytes((1600, 1200), gps=True)
    assert b"MarkerCam" in original
    prepared = photo_prepare(upload(original, name="holiday-in-leeds.jpg"))
    data = prepared.read()
    stored = Image.open(io.BytesIO(data))
    assert (stored.format, max(stored.size)) == ("JPEG", PHOTO_EDGE)
    assert dict(stored.getexif()) == {}
    assert stored.getexif().get_ifd(GPS_TAG) == {}
    assert b"MarkerCam" not in data
    assert "leeds" not in prepared.name
    assert prepared.name.endswith(".jpg")


def test_photo_prepare_accepts_png_with_transparency():
    image = Image.new("RGBA", (300, 200), (255, 0, 0, 0))
    out = io.BytesIO()
    image.save(out, format="PNG")
    prepared = photo_prepare(upload(out.getvalue(), name="me.png", content_type="image/png"))
    assert Image.open(io.BytesIO(prepared.read())).size == (300, 200)


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"MZ\x90\x00 not a picture at all", "not_image"),
        (image_bytes()[:200], "not_image"),  # truncated
        (b"", "not_image"),
        (image_bytes((4001, 10), fmt="PNG"), "too_many_pixels"),
    ],
    ids=["executable", "truncated", "empty", "too_wide"],
)
def test_photo_prepare_refuses_bad_files(data, code):
    with pytest.raises(ValidationError) as exc:
        photo_prepare(upload(data))
    assert exc.value.code == code


def test_photo_prepare_refuses_a_decompression_bomb():
    """A tiny file announcing a huge picture is refused from its header, never decoded."""
    image = Image.new("1", (20000, 20000))
    out = io.BytesIO()
    image.save(out, format="PNG")
    assert len(out.getvalue()) < 100_000
    with pytest.raises(ValidationError) as exc:
        photo_prepare(upload(out.getvalue(), name="bomb.png", content_type="image/png"))
    assert exc.value.code == "too_many_pixels"


def test_photo_prepare_refuses_a_file_over_5_mb():
    big = SimpleUploadedFile("big.jpg", b"\xff\xd8\xff" + b"0" * (5 * 1024 * 1024), "image/jpeg")
    with pytest.raises(ValidationError) as exc:
        photo_prepare(big)
    assert exc.value.code == "too_big"


def test_photo_set_replaces_and_removes_the_stored_file(django_capture_on_commit_callbacks):
    profile = ProfileFactory()
    with django_capture_on_commit_callbacks(execute=True):
        services.profile_photo_set(user=profile.user, upload=upload(image_bytes()))
    first = Profile.objects.get(pk=profile.pk).photo
    storage, first_name = first.storage, first.name
    assert storage.exists(first_name)
    with django_capture_on_commit_callbacks(execute=True):
        services.profile_photo_set(user=profile.user, upload=upload(image_bytes(color="red")))
    second_name = Profile.objects.get(pk=profile.pk).photo.name
    assert (storage.exists(first_name), storage.exists(second_name)) == (False, True)
    with django_capture_on_commit_callbacks(execute=True):
        services.profile_photo_remove(user=profile.user)
    assert (Profile.objects.get(pk=profile.pk).photo.name, storage.exists(second_name)) == (
        "",
        False,
    )


def test_visibility_choices_are_recorded_as_consents_and_withdrawable():
    profile = ProfileFactory(bio="Ward sister for twenty years")
    user = profile.user
    services.profile_visibility_set(user=user, parts=["bio", "work"], source="test")
    services.profile_visibility_set(user=user, parts=["work"], source="test")
    records = ConsentRecord.objects.filter(user=user, topic=ConsentTopic.PROFILE_VISIBILITY)
    assert [(r.subject, r.given) for r in records.order_by("pk")] == [
        ("profile:bio", True),
        ("profile:work", True),
        ("profile:bio", False),
    ]
    user.profile.refresh_from_db()
    card = visible_profile(subject=user, context=ProfileContext.PROPOSED)
    assert (card.bio, card.job_title) == ("", "Occupational therapist")


def test_hidden_by_default_before_a_match_whole_for_partners():
    profile = ProfileFactory(bio="Ward sister", languages=["Welsh"])
    assert profile.shown_before_match == []
    before = visible_profile(subject=profile.user, context=ProfileContext.PROPOSED)
    after = visible_profile(subject=profile.user, context=ProfileContext.PARTNER)
    assert before.is_blank
    assert before.name == profile.user.display_name
    assert (after.bio, after.languages, after.country) == (
        "Ward sister",
        ["Welsh"],
        "United Kingdom",
    )


# --- the profile form --------------------------------------------------------------------


def _form_data(profile: Profile, **extra) -> dict:
    data = {
        "first_name": "Siân",
        "last_name": "Ó Briain",
        "job_title": "Charge nurse",
        "organisation": "Cardiff and Vale UHB",
        "country": "GB",
        "years_experience": "9",
        "career_stage": "mid",
        "expertise": ["management"],
        "preferred_mode": "either",
        "bio": "I run a stroke unit and like teaching.",
    }
    return {**data, **extra}


def test_profile_form_saves_bio_photo_and_choices(client):
    profile = ProfileFactory()
    client.force_login(profile.user)
    photo = upload(image_bytes(gps=True))
    response = client.post(
        reverse("accounts:profile"),
        _form_data(profile, photo=photo, shown_before_match=["bio", "photo"]),
    )
    assert response.status_code == 302
    profile.refresh_from_db()
    assert profile.bio == "I run a stroke unit and like teaching."
    assert profile.shown_before_match == [ProfilePart.BIO, ProfilePart.PHOTO]
    with profile.photo.open("rb") as stored:
        data = stored.read()
    assert b"MarkerCam" not in data
    assert Image.open(io.BytesIO(data)).getexif().get_ifd(GPS_TAG) == {}
    page = client.get(reverse("accounts:profile")).content.decode()
    assert "I run a stroke unit and like teaching." in page
    assert reverse("matching:profile_photo", args=[profile.user.pk]) in page


def test_profile_form_bad_photo_keeps_what_was_typed(client):
    profile = ProfileFactory()
    client.force_login(profile.user)
    response = client.post(
        reverse("accounts:profile"),
        _form_data(profile, photo=upload(b"not a picture"), shown_before_match=["bio"]),
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["photo"] == [
        "This file is not a photo we can read: upload a JPEG, PNG, WebP or GIF picture."
    ]
    body = response.content.decode()
    assert "I run a stroke unit and like teaching." in body
    assert "Cardiff and Vale UHB" in body
    profile.refresh_from_db()
    assert (profile.bio, profile.photo.name, profile.shown_before_match) == ("", "", [])


def test_profile_form_refuses_a_bio_over_600_characters(client):
    profile = ProfileFactory()
    client.force_login(profile.user)
    long_bio = "ā" * 601
    response = client.post(reverse("accounts:profile"), _form_data(profile, bio=long_bio))
    assert response.status_code == 200
    assert response.context["form"].errors["bio"] == [
        "Ensure this value has at most 600 characters (it has 601)."
    ]
    assert long_bio in response.content.decode()


def test_profile_form_remove_photo(client):
    profile = ProfileFactory()
    services.profile_photo_set(user=profile.user, upload=upload(image_bytes()))
    client.force_login(profile.user)
    client.post(reverse("accounts:profile"), _form_data(profile, photo_remove="on"))
    profile.refresh_from_db()
    assert profile.photo.name == ""


# --- the member's data export ---------------------------------------------------------------


def test_export_holds_bio_choices_and_the_photo():
    import json
    import zipfile

    from mentoring_site.data_export import package_write

    profile = ProfileFactory(bio="Export-bio: Gàidhlig speaker")
    services.profile_photo_set(user=profile.user, upload=upload(image_bytes()))
    services.profile_visibility_set(user=profile.user, parts=["expertise"], source="test")
    content = io.BytesIO()
    package_write(user=profile.user, into=content)
    with zipfile.ZipFile(content) as archive:
        data = json.loads(archive.read("my-data.json"))
        photo = archive.read("profile-photo.jpg")
    exported = data["profile"]
    assert (exported["bio"], exported["shown_before_match"], exported["photo"]) == (
        "Export-bio: Gàidhlig speaker",
        ["expertise"],
        "profile-photo.jpg",
    )
    with Profile.objects.get(pk=profile.pk).photo.open("rb") as stored:
        assert photo == stored.read()
