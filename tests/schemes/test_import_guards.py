"""What an application import may not do: open another scheme's member to a coordinator
(an application shows its applicant's profile), tell a coordinator whether an account
exists, or make a decision the decision service did not make."""

from django.urls import reverse

from schemes.models import Application, ApplicationStatus, Role
from schemes.resources import DECIDED, NOT_BEFORE_DECISION, NOT_YOUR_APPLICANT
from tests.factories import ApplicationFactory, ProfileFactory
from tests.schemes.test_import import HEADER, confirm, invalid_rows, upload


def test_coordinator_cannot_import_another_schemes_member_nor_learn_they_exist(
    client, coordinator, scheme, other_scheme
):
    peer = ApplicationFactory(scheme=other_scheme, applicant__email="peer@example.org").applicant
    ProfileFactory(user=peer)
    text = HEADER + (
        f"{scheme.slug},peer@example.org,mentee,submitted,,,1,\n"
        f"{scheme.slug},nobody@example.org,mentee,submitted,,,1,\n"
    )
    client.force_login(coordinator)

    response = upload(client, "schemes_application", Application, text)

    assert response.context.get("confirm_form") is None
    errors = invalid_rows(response)
    assert errors == {
        1: {"applicant_email": [NOT_YOUR_APPLICANT.format(email="peer@example.org")]},
        2: {"applicant_email": [NOT_YOUR_APPLICANT.format(email="nobody@example.org")]},
    }
    assert not Application.objects.filter(scheme=scheme).exists()
    # Nor through a crafted confirm of the same file.
    client.post(reverse("admin:schemes_application_process_import"), {}, follow=True)
    assert not Application.objects.filter(scheme=scheme).exists()


def test_coordinator_imports_for_their_own_applicants(client, coordinator, scheme):
    ann = ApplicationFactory(
        scheme=scheme, applicant__email="ann@example.org", status=ApplicationStatus.WITHDRAWN
    ).applicant
    text = HEADER + f"{scheme.slug},ann@example.org,mentor,submitted,,Again,1,\n"
    client.force_login(coordinator)

    confirm(client, "schemes_application", upload(client, "schemes_application", Application, text))

    assert Application.objects.live().get(applicant=ann).role == Role.MENTOR


def test_administrator_imports_for_any_member(client, admin_user, scheme, other_scheme):
    ApplicationFactory(scheme=other_scheme, applicant__email="peer@example.org")
    text = HEADER + f"{scheme.slug},peer@example.org,mentee,submitted,,,1,\n"
    client.force_login(admin_user)

    confirm(client, "schemes_application", upload(client, "schemes_application", Application, text))

    assert Application.objects.filter(scheme=scheme, applicant__email="peer@example.org").exists()


def test_an_import_makes_no_decision(client, admin_user, scheme):
    ProfileFactory(user__email="ann@example.org")
    text = HEADER + (
        f"{scheme.slug},ann@example.org,mentee,accepted,,,1,\n"
        f"{scheme.slug},ann@example.org,mentee,matched,,,1,\n"
    )
    client.force_login(admin_user)

    response = upload(client, "schemes_application", Application, text)

    assert invalid_rows(response) == {
        1: {"status": [NOT_BEFORE_DECISION]},
        2: {"status": [NOT_BEFORE_DECISION]},
    }
    assert not Application.objects.exists()


def test_an_import_does_not_undo_a_decision(client, admin_user, scheme):
    decided = ApplicationFactory(
        scheme=scheme, applicant__email="ann@example.org", status=ApplicationStatus.ACCEPTED
    )
    text = HEADER + f"{scheme.slug},ann@example.org,mentee,submitted,,Changed,1,\n"
    client.force_login(admin_user)

    response = upload(client, "schemes_application", Application, text)

    assert invalid_rows(response) == {1: {"status": [DECIDED.format(status="accepted")]}}
    decided.refresh_from_db()
    assert (decided.status, decided.hopes) == (ApplicationStatus.ACCEPTED, "To grow as a leader.")
