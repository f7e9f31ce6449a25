"""The guided set-up of a scheme: the checklist of what it still needs before recruitment can
open, each item linking to the admin page where it is put right.

It reads every app's part of a scheme (its programme, forms, matching rules, feedback
questions, rating dimensions, events and coordinators), so it lives in this layer, above
them all; the scheme admin shows it on the scheme's page (``insights.admin``). Reads only, in
a fixed number of queries whatever the scheme holds.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, ngettext

from matching.models import MatchingSettings
from schemes.models import ApplicationForm, EventKind, Intake, PreparationModule, Scheme
from sessions_log.models import EvaluationDimension, FeedbackQuestion


@dataclass(frozen=True)
class ChecklistItem:
    """One thing a scheme needs: whether it is ``done``, what is there or missing
    (``detail``), and the admin page that puts it right (``url``)."""

    key: str
    label: str
    done: bool
    detail: str
    url: str


def _admin(name: str, *args: object, **query: object) -> str:
    url = reverse(f"admin:{name}", args=args)
    return f"{url}?{urlencode(query)}" if query else url


def _scheme_page(scheme: Scheme, field: str) -> str:
    return _admin("schemes_scheme_change", scheme.pk) + f"#id_{field}"


def _dates(scheme: Scheme) -> ChecklistItem:
    if scheme.intake == Intake.ROLLING:
        return ChecklistItem(
            "dates",
            gettext("Intake"),
            True,
            gettext("Rolling: each applicant is paired within %(target_window_days)s days.")
            % {"target_window_days": scheme.target_window_days},
            _scheme_page(scheme, "intake"),
        )
    launch = scheme.launch_date
    return ChecklistItem(
        "dates",
        gettext("Recruitment windows and launch"),
        launch is not None,
        gettext("Launch on %(date)s.") % {"date": f"{launch.day} {launch:%B %Y}"}
        if launch
        else gettext("No launch date yet."),
        _scheme_page(scheme, "launch_date"),
    )


def _programme(scheme: Scheme) -> ChecklistItem:
    template = scheme.programme_template
    return ChecklistItem(
        "programme",
        gettext("Programme of sessions"),
        template is not None,
        f"{template.name}."
        if template
        else gettext("No programme: pairs would have no planned sessions."),
        _scheme_page(scheme, "programme_template"),
    )


def _forms(scheme: Scheme) -> list[ChecklistItem]:
    forms = {
        form.role: form
        for form in ApplicationForm.objects.filter(scheme=scheme).annotate(
            n_questions=Count("questions")
        )
    }
    items = []
    for role in scheme.roles:
        form = forms.get(role)
        label = gettext("Application form: %(role)s") % {"role": scheme.role_label(role).lower()}
        if form is None:
            url = _admin("schemes_applicationform_add", scheme=scheme.pk, role=role)
            items.append(ChecklistItem(f"form-{role}", label, False, gettext("No form yet."), url))
            continue
        count = form.n_questions
        items.append(
            ChecklistItem(
                f"form-{role}",
                label,
                count > 0,
                ngettext("%(count)s question.", "%(count)s questions.", count) % {"count": count}
                if count
                else gettext("The form has no question."),
                _admin("schemes_applicationform_change", form.pk),
            )
        )
    return items


def _matching(scheme: Scheme) -> ChecklistItem:
    found = MatchingSettings.objects.filter(scheme=scheme).values_list("pk", flat=True).first()
    if found is None:
        return ChecklistItem(
            "matching",
            gettext("Matching rules"),
            False,
            gettext("No matching rules yet."),
            _admin("matching_matchingsettings_add", scheme=scheme.pk),
        )
    return ChecklistItem(
        "matching",
        gettext("Matching rules"),
        True,
        gettext("Weights and preferences set (review them for this scheme)."),
        _admin("matching_matchingsettings_change", found),
    )


def _counted(scheme: Scheme) -> tuple[int, int]:
    """The scheme's feedback questions and rating dimensions."""
    return (
        FeedbackQuestion.objects.filter(scheme=scheme).count(),
        EvaluationDimension.objects.filter(scheme=scheme).count(),
    )


def _feedback(scheme: Scheme, questions: int) -> ChecklistItem:
    return ChecklistItem(
        "feedback",
        gettext("Feedback questions"),
        questions > 0,
        ngettext("%(questions)s question.", "%(questions)s questions.", questions)
        % {"questions": questions}
        if questions
        else gettext("None: the feedback form would hold only a consent box."),
        _admin("sessions_log_feedbackquestion_changelist", scheme__id__exact=scheme.pk),
    )


def _dimensions(scheme: Scheme, dimensions: int) -> ChecklistItem:
    return ChecklistItem(
        "dimensions",
        gettext("Self-rating dimensions (pilot)"),
        dimensions > 0,
        ngettext("%(dimensions)s dimension.", "%(dimensions)s dimensions.", dimensions)
        % {"dimensions": dimensions}
        if dimensions
        else gettext("None: the pilot could not show a change from baseline to exit."),
        _admin("sessions_log_evaluationdimension_changelist", scheme__id__exact=scheme.pk),
    )


def _events(scheme: Scheme) -> ChecklistItem:
    """A cohort scheme needs its launch event; a scheme that requires preparation needs its
    online preparation or an upcoming event that completes it for each role; otherwise
    events are optional."""
    upcoming = list(
        scheme.events.filter(ends_at__gte=timezone.now()).values_list(
            "kind", "satisfies_preparation_for"
        )
    )
    missing = []
    if scheme.intake == Intake.COHORT and not any(k == EventKind.LAUNCH for k, _ in upcoming):
        missing.append(gettext("a launch event"))
    online = (  # the online module prepares every role
        scheme.preparation_required and PreparationModule.objects.filter(scheme=scheme).exists()
    )
    if scheme.preparation_required and not online:
        prepared = {role for _, role in upcoming if role}
        missing += [
            gettext("a preparation event (or the online preparation) for %(role)ss")
            % {"role": scheme.role_label(role).lower()}
            for role in scheme.roles
            if role not in prepared
        ]
    detail = (
        gettext("Missing ") + gettext(" and ").join(missing) + "."
        if missing
        else ngettext(
            "%(upcoming)s upcoming event.", "%(upcoming)s upcoming events.", len(upcoming)
        )
        % {"upcoming": len(upcoming)}
    )
    return ChecklistItem(
        "events",
        gettext("Events"),
        not missing,
        detail,
        _admin("schemes_schemeevent_changelist", scheme__id__exact=scheme.pk),
    )


def _coordinators(scheme: Scheme) -> ChecklistItem:
    names = [user.display_name for user in scheme.coordinators.all()]
    return ChecklistItem(
        "coordinators",
        gettext("Coordinators"),
        bool(names),
        ", ".join(names) + "."
        if names
        else gettext("Nobody would hear of stalled pairs or concerns."),
        _scheme_page(scheme, "coordinators"),
    )


def scheme_checklist(*, scheme: Scheme) -> list[ChecklistItem]:
    """Everything the scheme needs before recruitment can open, in the order to do it.
    Rating dimensions are asked of cohort (pilot) schemes only."""
    questions, dimensions = _counted(scheme)
    items = [
        _dates(scheme),
        _programme(scheme),
        *_forms(scheme),
        _matching(scheme),
        _feedback(scheme, questions),
    ]
    if scheme.intake == Intake.COHORT:
        items.append(_dimensions(scheme, dimensions))
    return [*items, _events(scheme), _coordinators(scheme)]


def missing_items(items: list[ChecklistItem]) -> list[ChecklistItem]:
    """What is not done yet: recruitment should not open while this is not empty."""
    return [item for item in items if not item.done]
