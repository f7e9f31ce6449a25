"""Bad input through the CPD pages: activities with evidence, standards, reflections, the
CPD profile, and the period and portfolio forms of the exports."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.html import escape
from hypothesis import given
from hypothesis import strategies as st

from cpd.models import (
    MANUAL_TYPES,
    ActivityRole,
    CpdProfile,
    Framework,
    Reflection,
    ReflectionModel,
    Standard,
)
from cpd.prompts import prompts_for
from tests.cpd.factories import held, manual, reflection

from .harness import (
    BAD_INPUT,
    DATES,
    FormCase,
    check_form_post,
    choice_or,
    form_data,
    many_of,
    nasty,
    rolled_back,
    text_or,
)

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def _file(name, content, content_type):
    return SimpleUploadedFile(name, content, content_type)


uploads = st.one_of(
    st.just(None),
    st.builds(_file, st.just("evidence.pdf"), st.just(PDF), st.just("application/pdf")),
    st.builds(_file, st.just("notes.txt"), st.just(b"plain notes"), st.just("text/plain")),
    # a renamed executable, a wrong declared type, an empty file, a binary "text" file
    st.builds(_file, st.just("cv.pdf"), st.just(b"MZ\x90\x00"), st.just("application/pdf")),
    st.builds(_file, st.just("photo.png"), st.just(PNG), st.just("application/pdf")),
    st.builds(_file, st.just("empty.pdf"), st.just(b""), st.just("application/pdf")),
    st.builds(_file, st.just("notes.txt"), st.just(b"a\x00b"), st.just("text/plain")),
    st.builds(_file, st.just("run.exe"), st.just(b"MZ"), st.just("application/octet-stream")),
    # hostile or absurd names on good content
    st.builds(
        _file,
        nasty.map(lambda n: (n[:300] or "x") + ".pdf"),
        st.just(PDF),
        st.just("application/pdf"),
    ),
)


def stored_files(path: str = "") -> set[str]:
    """Every file in the default storage (in memory in tests)."""
    try:
        dirs, files = default_storage.listdir(path)
    except FileNotFoundError:
        return set()
    found = {f"{path}{f}" for f in files}
    for d in dirs:
        found |= stored_files(f"{path}{d}/")
    return found


def _framework():
    return Framework.objects.prefetch_related("standards").first()


def _standard_ids():
    return [str(pk) for pk in Standard.objects.values_list("pk", flat=True)[:3]]


ACTIVITY_TEXT = ("title", "date", "hours", "description", "evidence_description")


def _activity_fields():
    return {
        "title": text_or("Course on supervision"),
        "activity_type": choice_or([v for v, _ in MANUAL_TYPES]),
        "role": choice_or(ActivityRole.values),
        "date": text_or("2026-03-01", *DATES),
        "hours": text_or("3.5", "0.25", "500", "0.24", "500.01", "1e3"),
        "description": text_or("What I learned"),
        "standards": many_of(_standard_ids() + ["999999"]),
        "evidence_description": text_or("Certificate"),
    }


@BAD_INPUT
@given(data=st.data())
def test_manual_activity_form_bad_input(client, mentee, data):
    client.force_login(mentee)
    with rolled_back():
        fields = _activity_fields()
        posted = data.draw(form_data(fields))
        upload = data.draw(uploads)
        files_before = stored_files()
        case = FormCase(
            reverse("cpd:activity_add"),
            fields,
            kept=ACTIVITY_TEXT,
            creates="cpd_manualactivity",
            extra={"evidence_file": upload} if upload is not None else {},
        )
        response = check_form_post(client, case, posted)
        if response.status_code == 200:
            assert stored_files() == files_before


@BAD_INPUT
@given(data=st.data())
def test_evidence_form_bad_input(client, mentee, data):
    client.force_login(mentee)
    with rolled_back():
        activity = manual(mentee)
        fields = {"evidence_description": text_or("Certificate")}
        posted = data.draw(form_data(fields))
        upload = data.draw(uploads)
        files_before = stored_files()
        case = FormCase(
            reverse("cpd:evidence_add", kwargs={"pk": activity.pk}),
            fields,
            kept=("evidence_description",),
            creates="cpd_evidence",
            extra={"evidence_file": upload} if upload is not None else {},
        )
        response = check_form_post(client, case, posted)
        if response.status_code == 200:
            assert stored_files() == files_before


@BAD_INPUT
@given(data=st.data())
def test_activity_standards_bad_input(client, mentee, data):
    client.force_login(mentee)
    with rolled_back():
        activity = manual(mentee)
        fields = {"standards": many_of(_standard_ids() + ["999999", "-1"])}

        def state():
            return sorted(activity.standards.values_list("pk", flat=True))

        url = reverse(
            "cpd:activity_standards", kwargs={"source_type": "manual", "source_id": activity.pk}
        )
        check_form_post(client, FormCase(url, fields, state=state), data.draw(form_data(fields)))


def _reflection_fields(model, *, session, relationship):
    fields = {
        "title": text_or("After session one"),
        "model": choice_or([model]),
        "reflected_on": text_or("2026-03-01", *DATES),
        "session": choice_or([str(session.pk), "999999"]),
        "relationship": choice_or([str(relationship.pk), "999999"]),
        "goal": choice_or(["", "999999"]),
        "event": choice_or(["", "999999"]),
        "shared_with_partner": text_or("on"),
    }
    for p in prompts_for(model):
        fields[f"entry_{p.key}"] = text_or("We met and talked.")
    return fields


@pytest.mark.parametrize("editing", [False, True], ids=["create", "edit"])
@BAD_INPUT
@given(data=st.data())
def test_reflection_form_bad_input(client, relationship, mentee, editing, data):
    client.force_login(mentee)
    with rolled_back():
        session = held(relationship, 9, on=date(2026, 2, 2))
        model = data.draw(st.sampled_from(ReflectionModel.values))
        fields = _reflection_fields(model, session=session, relationship=relationship)
        posted = data.draw(form_data(fields))
        button = data.draw(st.sampled_from(["complete", "save_draft"]))
        kept = ("title", "reflected_on", *(n for n in fields if n.startswith("entry_")))
        if editing:
            existing = reflection(mentee, title="Mine", model=model, entries={})
            url = reverse("cpd:reflection_edit", kwargs={"pk": existing.pk})
            creates = None
        else:
            url = reverse("cpd:reflection_create") + f"?model={model}"
            creates = "cpd_reflection"

        def state():
            return list(Reflection.objects.filter(author=mentee).values())

        case = FormCase(url, fields, kept=kept, creates=creates, extra={button: "1"})
        case.state = state
        check_form_post(client, case, posted)


@BAD_INPUT
@given(data=st.data())
def test_cpd_profile_form_bad_input(client, mentee, data):
    client.force_login(mentee)
    with rolled_back():
        framework = _framework()
        fields = {
            "framework": choice_or([str(framework.pk), "999999"]),
            "summary_of_practice": text_or("I work in a hospital."),
            **{f"statement_{s.pk}": text_or("I met it.") for s in framework.standards.all()},
        }
        CpdProfile.objects.create(user=mentee, framework=framework)

        def state():
            return list(CpdProfile.objects.filter(user=mentee).values())

        kept = tuple(n for n in fields if n != "framework")
        case = FormCase(reverse("cpd:profile"), fields, kept=kept)
        case.state = state
        check_form_post(client, case, data.draw(form_data(fields)))


PERIOD = {"start": text_or("2025-01-01", *DATES), "end": text_or("2026-12-31", *DATES)}


@BAD_INPUT
@given(data=form_data(PERIOD))
def test_record_period_filter_bad_input(client, mentee, data):
    """The record's period filter (GET): a bad period shows its error, keeps what was typed,
    and the page still works."""
    client.force_login(mentee)
    response = client.get(reverse("cpd:record"), data)
    assert response.status_code == 200
    form = response.context["form"]
    if form.is_bound and not form.is_valid():
        html = response.content.decode()
        for message in [m for ms in form.errors.values() for m in ms]:
            assert escape(message) in html


@BAD_INPUT
@given(data=st.data())
def test_portfolio_pdf_bad_input(client, mentee, data):
    """The PDF export: a valid period gives a PDF, anything else the export page with the
    error (status 400) and nothing stored."""
    client.force_login(mentee)
    with rolled_back():
        mine = reflection(mentee)
        fields = {**PERIOD, "reflections": many_of([str(mine.pk), "999999", "x"])}
        posted = data.draw(form_data(fields))
        case = FormCase(reverse("cpd:export_pdf"), fields, kept=("start", "end"), method="get")
        response = check_form_post(client, case, posted)
        if response.status_code == 200 and response["Content-Type"] == "application/pdf":
            assert response.content.startswith(b"%PDF-")


@BAD_INPUT
@given(data=form_data({f"csv-{k}": v for k, v in PERIOD.items()}))
def test_activities_csv_bad_input(client, mentee, data):
    client.force_login(mentee)
    response = client.get(reverse("cpd:export_csv"), data)
    if response.status_code == 400:  # the export page again, with the period's errors
        assert response.context["csv_form"].errors
    else:
        assert response.status_code == 200
        assert response["Content-Type"] == "text/csv; charset=utf-8"
