"""A file whose rows do not fit its header, on every import page (the shared mixin)."""

import pytest
from django.apps import apps
from django.contrib.admin.sites import site
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.models import User
from core.imports import AllOrNothingImportMixin, first_overlong_line
from schemes.models import Application
from tests.schemes.test_import import HEADER as APPLICATION_HEADER
from tests.schemes.test_import import csv_index, upload

PAGES = [("accounts_user", User), ("schemes_application", Application)]


def test_every_import_page_uses_the_shared_mixin():
    admins = [site.get_model_admin(m) for m in apps.get_models() if site.is_registered(m)]
    importers = [a for a in admins if hasattr(a, "import_action")]
    assert importers
    assert all(isinstance(a, AllOrNothingImportMixin) for a in importers)


def test_first_overlong_line_names_line_and_counts():
    text = 'a,b,c\n1,2,3\n\n"x\ny",2,3\n1,2,3,4\n1,2,3,4,5\n'
    assert first_overlong_line(text, ",") == (6, 4, 3)
    assert first_overlong_line("a,b\n1,2\n3\n", ",") is None
    assert first_overlong_line("", ",") is None
    assert first_overlong_line("a\tb\n1\t2\t3\n", "\t") == (2, 3, 2)


@pytest.mark.parametrize(("page", "model"), PAGES)
def test_too_many_columns_names_the_line_and_keeps_the_field_list(
    client, admin_user, scheme, page, model
):
    header = APPLICATION_HEADER if model is Application else "email,first_name,last_name\n"
    width = header.count(",") + 1
    good = ",".join(["x"] * width) + "\n"
    bad = ",".join(["x"] * (width + 2)) + "\n"
    client.force_login(admin_user)
    response = upload(client, page, model, header + good + bad + bad)
    assert response.status_code == 200
    errors = response.context["form"].errors["import_file"]
    assert errors == [
        f"Line 3 has {width + 2} columns but the header line has {width} columns. "
        "A value containing the separator must be in double quotes. "
        "Correct the line and upload the file again."
    ]
    body = response.content.decode()
    assert "InvalidDimensions" not in body
    names, columns = response.context["fields_list"][0]
    assert "email" in columns or "applicant_email" in columns
    assert "applicant_email" in body or "first_name" in body
    assert response.context.get("confirm_form") is None
    # The form stays usable: the corrected file is read as usual.
    again = upload(client, page, model, header + good)
    assert "import_file" not in again.context["form"].errors
    assert again.context["result"] is not None


def test_a_refused_file_of_another_kind_keeps_the_field_list(client, admin_user):
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:schemes_application_import"),
        {
            "format": csv_index(Application),
            "import_file": SimpleUploadedFile("data.csv", b"", "text/csv"),
        },
    )
    assert response.context["form"].errors
    assert response.context["fields_list"][0][1]
