"""CSV import and export through the real admin views: upload, report of bad rows,
confirm, and all-or-nothing."""

import csv
import io

import pytest
from django.contrib.admin.sites import site
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from schemes.models import Application, ApplicationStatus, Role, Subscription
from schemes.resources import NOT_YOUR_APPLICANT
from tests.factories import ApplicationFactory, ProfileFactory

HEADER = "scheme,applicant_email,role,status,goals_areas,hopes,capacity,submitted_at\n"


def csv_index(model):
    formats = site.get_model_admin(model).get_import_formats()
    return next(i for i, f in enumerate(formats) if f().get_title() == "csv")


def upload(client, model_name, model, text):
    return client.post(
        reverse(f"admin:{model_name}_import"),
        {
            "format": csv_index(model),
            "import_file": SimpleUploadedFile("data.csv", text.encode(), "text/csv"),
        },
    )


def confirm(client, model_name, response):
    form = response.context["confirm_form"]
    return client.post(reverse(f"admin:{model_name}_process_import"), form.initial, follow=True)


def snapshot():
    return sorted(
        Application.objects.values_list("scheme__slug", "applicant__email", "role", "status")
    )


def invalid_rows(response):
    result = response.context["result"]
    return {row.number: row.error_dict for row in result.invalid_rows}


def test_import_applications_good_file(client, admin_user, scheme):
    a = ProfileFactory(user__email="ann@example.org").user
    b = ProfileFactory(user__email="bob@example.org").user
    text = HEADER + (
        f"{scheme.slug},ANN@example.org,mentee,submitted,leadership;career,Grow,1,2026-01-05\n"
        f"{scheme.slug},bob@example.org,mentor,draft,,Give back,3,2026-01-06 09:30\n"
    )
    client.force_login(admin_user)
    response = upload(client, "schemes_application", Application, text)
    assert response.status_code == 200
    assert response.context["confirm_form"] is not None
    assert Application.objects.count() == 0  # the upload is a dry run
    done = confirm(client, "schemes_application", response)
    assert done.status_code == 200
    rows = list(
        Application.objects.order_by("applicant__email").values_list(
            "applicant", "role", "status", "goals_areas", "capacity"
        )
    )
    assert rows == [
        (a.pk, Role.MENTEE, ApplicationStatus.SUBMITTED, ["leadership", "career"], 1),
        (b.pk, Role.MENTOR, ApplicationStatus.DRAFT, [], 3),
    ]
    submitted = Application.objects.get(applicant=b).submitted_at
    assert timezone.localtime(submitted).strftime("%Y-%m-%d %H:%M") == "2026-01-06 09:30"


def test_import_applications_updates_live_application(client, admin_user, scheme):
    existing = ApplicationFactory(
        scheme=scheme, applicant__email="ann@example.org", status=ApplicationStatus.DRAFT
    )
    text = HEADER + f"{scheme.slug},ann@example.org,mentee,submitted,,Later,1,2026-01-05\n"
    client.force_login(admin_user)
    confirm(client, "schemes_application", upload(client, "schemes_application", Application, text))
    existing.refresh_from_db()
    assert (Application.objects.count(), existing.status, existing.hopes) == (
        1,
        ApplicationStatus.SUBMITTED,
        "Later",
    )


def test_import_applications_bad_row_in_middle_changes_nothing(
    client, coordinator, scheme, other_scheme
):
    kept = ApplicationFactory(scheme=scheme, applicant__email="cat@example.org")
    before = snapshot()
    text = HEADER + (
        f"{scheme.slug},cat@example.org,mentee,submitted,leadership,Grow,1,2026-01-05\n"
        f"nope,nobody@example.org,boss,maybe,flying,x,many,yesterday\n"
        f"{other_scheme.slug},cat@example.org,peer,submitted,,x,1,\n"
        f"{scheme.slug},cat@example.org,mentor,submitted,,Give,2,2026-01-05\n"
    )
    client.force_login(coordinator)
    response = upload(client, "schemes_application", Application, text)
    assert response.status_code == 200
    assert response.context.get("confirm_form") is None
    errors = invalid_rows(response)
    assert sorted(errors) == [2, 3]
    assert errors[2] == {
        "scheme": [f"No scheme you coordinate has the slug 'nope'. Use one of: {scheme.slug}."],
        "applicant_email": [NOT_YOUR_APPLICANT.format(email="nobody@example.org")],
        "role": ["'boss' is not one of: mentor, mentee, peer."],
        "status": [
            "'maybe' is not one of: draft, submitted, accepted, waitlisted, declined, "
            "withdrawn, matched."
        ],
        "goals_areas": [
            "Unknown code flying; use any of: management, leadership, interpersonal, "
            "specialist, clinical, research, education, career, wellbeing, digital, policy, "
            "enterprise."
        ],
        "capacity": ["'many' is not a whole number."],
        "submitted_at": ["'yesterday' is not a date and time; use YYYY-MM-DD or YYYY-MM-DD HH:MM."],
    }
    # Another coordinator's scheme is unknown to this coordinator.
    assert errors[3] == {
        "scheme": [
            f"No scheme you coordinate has the slug '{other_scheme.slug}'. "
            f"Use one of: {scheme.slug}."
        ]
    }
    assert "No scheme you coordinate has the slug" in response.content.decode()
    assert snapshot() == before
    assert kept.pk == Application.objects.get().pk


def test_import_applications_role_not_in_scheme(client, admin_user, scheme):
    ProfileFactory(user__email="ann@example.org")
    text = HEADER + f"{scheme.slug},ann@example.org,peer,submitted,,x,1,\n"
    client.force_login(admin_user)
    response = upload(client, "schemes_application", Application, text)
    assert invalid_rows(response) == {
        1: {"role": [f"{scheme.slug} takes applications only as: mentor, mentee."]}
    }


def test_import_confirm_with_bad_file_imports_nothing(client, admin_user, scheme):
    """A crafted confirm of a file with a bad row must not import its good rows."""
    ProfileFactory(user__email="ann@example.org")
    good = HEADER + f"{scheme.slug},ann@example.org,mentee,submitted,,x,1,\n"
    client.force_login(admin_user)
    response = upload(client, "schemes_application", Application, good)
    initial = response.context["confirm_form"].initial
    # Replace the stored file with one that has a bad row, then confirm.
    model_admin = site.get_model_admin(Application)
    storage = model_admin.get_tmp_storage_class()(
        name=initial["import_file_name"], encoding="utf-8-sig", read_mode="r"
    )
    storage.save(good + "nope,ann@example.org,mentee,submitted,,x,1,\n")
    done = client.post(reverse("admin:schemes_application_process_import"), initial, follow=True)
    assert Application.objects.count() == 0
    assert [str(m) for m in done.context["messages"]] == [
        "Nothing was imported: some rows have errors. Upload the file again to see which."
    ]


def test_import_denied_to_outsider(client, outsider):
    client.force_login(outsider)
    response = client.get(reverse("admin:schemes_application_import"))
    assert response.status_code == 302


def export_csv(client, model_name, resource_name):
    url = reverse(f"admin:{model_name}_export")
    form = client.get(url).context["form"]
    csv_choice = next(v for v, label in form.fields["format"].choices if label == "csv")
    data = {"format": csv_choice, "resource": 0}
    data.update({name: "on" for name in form.fields if name.startswith(resource_name)})
    response = client.post(url, data)
    assert response.status_code == 200
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


@pytest.mark.django_db
def test_export_applications_parsed_back(client, coordinator, scheme, other_scheme):
    application = ApplicationFactory(
        scheme=scheme,
        applicant__email="ann@example.org",
        goals_areas=["leadership", "career"],
        capacity=2,
        role=Role.MENTOR,
    )
    ApplicationFactory(scheme=other_scheme)
    client.force_login(coordinator)
    rows = export_csv(client, "schemes_application", "applicationresource")
    assert rows == [
        {
            "scheme": scheme.slug,
            "applicant_email": "ann@example.org",
            "role": "mentor",
            "status": "submitted",
            "goals_areas": "leadership;career",
            "hopes": "To grow as a leader.",
            "capacity": "2",
            "submitted_at": timezone.localtime(application.submitted_at).strftime("%Y-%m-%d %H:%M"),
        }
    ]


def test_export_round_trip_reimports_unchanged(client, admin_user, scheme):
    ApplicationFactory(scheme=scheme, applicant__email="ann@example.org")
    ProfileFactory(user=Application.objects.get().applicant)
    client.force_login(admin_user)
    rows = export_csv(client, "schemes_application", "applicationresource")
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    before = snapshot()
    confirm(
        client,
        "schemes_application",
        upload(client, "schemes_application", Application, out.getvalue()),
    )
    assert snapshot() == before


def test_export_subscriptions_scoped(client, coordinator, scheme, other_scheme):
    Subscription.objects.create(
        scheme=scheme, email="a@example.org", name="A", interested_as="mentee"
    )
    Subscription.objects.create(scheme=other_scheme, email="b@example.org")
    client.force_login(coordinator)
    rows = export_csv(client, "schemes_subscription", "subscriptionresource")
    assert [
        (r["scheme"], r["email"], r["name"], r["interested_as"], r["wants_news"]) for r in rows
    ] == [(scheme.slug, "a@example.org", "A", "mentee", "1")]
