"""Malformed CSV imports of members and applications through the real admin views.

Every generated file is a good file spoiled in some ways: a bad encoding, a missing or an
extra column, a duplicated row, formula text, one bad cell in one row among good ones.
Whatever the file, the upload (a dry run) never answers 500 and stores nothing; a file
with any bad row offers no confirmation, names each bad row and its problem, and a forced
confirm imports nothing; a clean file imports every row.
"""

from __future__ import annotations

import csv
import io

from django.contrib.admin.sites import site
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.html import escape
from hypothesis import event, given
from hypothesis import strategies as st

from accounts.models import User
from accounts.resources import MemberResource
from schemes.models import Application
from tests.factories import ProfileFactory

from .harness import BAD_INPUT, MARKUP, changed_tables, nasty, rolled_back, table_counts

MEMBER_COLUMNS = list(MemberResource.Meta.fields)
APPLICATION_COLUMNS = [
    "scheme",
    "applicant_email",
    "role",
    "status",
    "goals_areas",
    "hopes",
    "capacity",
    "submitted_at",
]


def member_row(n: int) -> dict:
    return {
        "email": f"person{n}@example.org",
        "first_name": "Nia",
        "last_name": "Jones",
        "membership_number": f"M{n}",
        "job_title": "OT",
        "organisation": "Trust A",
        "country": "Wales",
        "timezone": "Europe/London",
        "years_experience": "4",
        "career_stage": "mid",
        "expertise": "management;clinical",
        "interests": "dementia care",
        "availability": "Tuesday 18:00-20:00;thu 18:00-20:00",
        "preferred_mode": "online",
        "languages": "English;Welsh",
        "do_not_pair_with": "boss@example.org",
    }


def application_row(n: int, slug: str) -> dict:
    return {
        "scheme": slug,
        "applicant_email": f"applicant{n}@example.org",
        "role": "mentee",
        "status": "submitted",
        "goals_areas": "leadership",
        "hopes": "To grow",
        "capacity": "1",
        "submitted_at": "2026-01-05",
    }


@st.composite
def spoiled_csv(draw, rows: list[dict], columns: list[str]):
    """(the file's bytes, the spoiled row numbers, the missing column, the encoding)."""
    rows = [dict(r) for r in rows]
    columns = list(columns)
    spoiled: set[int] = set()
    if draw(st.booleans()):  # one bad cell in one row
        n = draw(st.integers(0, len(rows) - 1))
        column = draw(st.sampled_from(columns))
        rows[n][column] = draw(nasty)
        spoiled.add(n + 1)
    if draw(st.booleans()):  # formula text in a free-text cell
        n = draw(st.integers(0, len(rows) - 1))
        text_column = "first_name" if "first_name" in columns else "hopes"
        rows[n][text_column] = draw(st.sampled_from(MARKUP))
    if draw(st.booleans()):  # a duplicated row
        rows.append(dict(rows[draw(st.integers(0, len(rows) - 1))]))
    missing = draw(st.one_of(st.none(), st.sampled_from(columns)))
    if missing is not None:
        columns.remove(missing)
    if draw(st.booleans()):
        columns.append("unexpected")
        for r in rows:
            r["unexpected"] = "?"
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    text = out.getvalue()
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "latin-1", "utf-16", "garbage"]))
    if encoding == "garbage":
        data = draw(st.binary(min_size=1, max_size=300))
    else:
        data = text.encode(encoding, errors="replace")
    return data, spoiled, missing, encoding


def _csv_index(model) -> int:
    formats = site.get_model_admin(model).get_import_formats()
    return next(i for i, f in enumerate(formats) if f().get_title() == "csv")


def _check_upload(client, model, name: str, payload, snapshot):
    data = payload[0]
    before, state_before = table_counts(), snapshot()
    response = client.post(
        reverse(f"admin:{name}_import"),
        {
            "format": _csv_index(model),
            "import_file": SimpleUploadedFile("data.csv", data, "text/csv"),
        },
    )
    assert response.status_code == 200
    assert changed_tables(before, table_counts()) == {}  # the upload is a dry run
    assert snapshot() == state_before
    html = response.content.decode()
    confirm_form = response.context.get("confirm_form")
    result = response.context.get("result")
    event("refused" if confirm_form is None else "clean file, confirmed")
    if confirm_form is None:
        _check_refusal_shown(response.context["form"], result, html)
        return None
    # a clean file: confirming imports every row of it
    done = client.post(reverse(f"admin:{name}_process_import"), confirm_form.initial, follow=True)
    assert done.status_code == 200
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))


def _check_refusal_shown(form, result, html: str) -> None:
    """A refused upload's page says why: the form's errors, the import's errors, or each
    invalid row with its messages."""
    if result is None:  # refused as a whole: unreadable file or missing column
        assert form.errors
        for message in [m for ms in form.errors.values() for m in ms]:
            assert escape(message) in html
        return
    assert result.has_validation_errors() or result.has_errors()
    if result.has_errors():  # shown instead of the table of invalid rows
        _check_import_errors_shown(result, html)
        return
    for row in result.invalid_rows:
        assert f"<td>{row.number} </td>" in html  # the report names the row
        for messages in row.error_dict.values():
            for message in messages:
                assert escape(message) in html


def _check_import_errors_shown(result, html: str) -> None:
    for error in result.base_errors:
        assert escape(str(error.error)) in html
    for line, errors in result.row_errors():
        for error in errors:
            assert f"Line number: {line} - {escape(str(error.error))}" in html


@BAD_INPUT
@given(payload=spoiled_csv([member_row(n) for n in range(1, 4)], MEMBER_COLUMNS))
def test_member_import_malformed_csv(client, admin_user, payload):
    client.force_login(admin_user)

    def snapshot():
        return sorted(User.objects.values_list("email", "first_name"))

    with rolled_back():
        rows = _check_upload(client, User, "accounts_user", payload, snapshot)
        if rows is not None:
            stored = set(User.objects.values_list("email", flat=True))
            assert {r["email"].strip().lower() for r in rows} <= stored


@BAD_INPUT
@given(data=st.data())
def test_application_import_malformed_csv(client, coordinator, scheme, data):
    client.force_login(coordinator)
    with rolled_back():
        for n in range(1, 4):
            ProfileFactory(user__email=f"applicant{n}@example.org")
        payload = data.draw(
            spoiled_csv([application_row(n, scheme.slug) for n in range(1, 4)], APPLICATION_COLUMNS)
        )

        def snapshot():
            return sorted(Application.objects.values_list("applicant__email", "status"))

        rows = _check_upload(client, Application, "schemes_application", payload, snapshot)
        if rows is not None:
            applied = set(
                Application.objects.filter(scheme=scheme).values_list("applicant__email", flat=True)
            )
            assert {r["applicant_email"].strip().lower() for r in rows} <= applied


@BAD_INPUT
@given(data=st.data())
def test_import_forced_confirm_of_bad_file_imports_nothing(client, admin_user, data):
    """A confirm posted with a stored file that has a bad row (stale or crafted) imports
    none of its rows and says so."""
    client.force_login(admin_user)
    with rolled_back():
        good = [member_row(n) for n in range(1, 4)]
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=MEMBER_COLUMNS)
        writer.writeheader()
        writer.writerows(good)
        response = client.post(
            reverse("admin:accounts_user_import"),
            {
                "format": _csv_index(User),
                "import_file": SimpleUploadedFile("data.csv", out.getvalue().encode(), "text/csv"),
            },
        )
        initial = response.context["confirm_form"].initial
        column, value = data.draw(
            st.sampled_from(
                [("email", "not-an-email"), ("years_experience", "lots"), ("career_stage", "guru")]
            )
        )
        writer.writerow({**good[1], "email": "person9@example.org", column: value})
        storage = site.get_model_admin(User).get_tmp_storage_class()(
            name=initial["import_file_name"], encoding="utf-8-sig", read_mode="r"
        )
        storage.save(out.getvalue())
        before = table_counts()
        done = client.post(reverse("admin:accounts_user_process_import"), initial, follow=True)
        assert changed_tables(before, table_counts()) == {}
        assert [str(m) for m in done.context["messages"]] == [
            "Nothing was imported: some rows have errors. Upload the file again to see which."
        ]
