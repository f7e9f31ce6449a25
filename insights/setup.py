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
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from matching.models import MatchingSettings
from schemes.models import ApplicationForm, EventKind, Intake, Phase, PreparationModule, Scheme
from sessions_log.models import EvaluationDimension, FeedbackQuestion
from sessions_log.programme_fit import programme_overrun


@dataclass(frozen=True)
class ChecklistItem:
    """One thing a scheme needs: whether it is ``done``, what is there or missing
    (``detail``), and the admin page that puts it right (``url``); for a list, the page
    that adds one more with the scheme chosen (``add_url``, named ``add_label``)."""

    key: str
    label: str
    done: bool
    detail: str
    url: str
    add_url: str = ""
    add_label: str = ""


def _admin(name: str, *args: object, **query: object) -> str:
    url = reverse(f"admin:{name}", args=args)
    return f"{url}?{urlencode(query)}" if query else url


def _scheme_page(scheme: Scheme, field: str) -> str:
    return _admin("schemes_scheme_change", scheme.pk) + f"#id_{field}"


def _dates(scheme: Scheme) -> ChecklistItem:
    if scheme.is_booked:
        return ChecklistItem(
            "dates",
            _("Intake"),
            True,
            _("Rolling: accepted mentees book the mentors' slots; nobody is paired."),
            _scheme_page(scheme, "intake"),
        )
    if scheme.intake == Intake.ROLLING:
        days = scheme.target_window_days
        return ChecklistItem(
            "dates",
            _("Intake"),
            True,
            ngettext(
                "Rolling: each applicant is paired within %(count)d day.",
                "Rolling: each applicant is paired within %(count)d days.",
                days,
            )
            % {"count": days},
            _scheme_page(scheme, "intake"),
        )
    launch = scheme.launch_date
    return ChecklistItem(
        "dates",
        _("Recruitment windows and launch"),
        launch is not None,
        _("Launch on %(date)s.") % {"date": date_format(launch, "j F Y")}
        if launch
        else _("No launch date yet."),
        _scheme_page(scheme, "launch_date"),
    )


def _programme(scheme: Scheme) -> ChecklistItem:
    if scheme.is_booked:
        return ChecklistItem(
            "programme",
            _("Programme of sessions"),
            True,
            _("None needed: each flash booking is one conversation."),
            _scheme_page(scheme, "programme_template"),
        )
    template = scheme.programme_template
    overrun = programme_overrun(template=template, scheme=scheme)
    if template is None:
        detail = _("No programme: pairs would have no planned sessions.")
    else:
        detail = overrun or _("%(name)s.") % {"name": template.name}
    return ChecklistItem(
        "programme",
        _("Programme of sessions"),
        template is not None and overrun is None,
        detail,
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
        label = _("Application form: %(role)s") % {"role": scheme.role_label(role).lower()}
        if form is None:
            url = _admin("schemes_applicationform_add", scheme=scheme.pk, role=role)
            items.append(ChecklistItem(f"form-{role}", label, False, _("No form yet."), url))
            continue
        count = form.n_questions
        items.append(
            ChecklistItem(
                f"form-{role}",
                label,
                count > 0,
                ngettext("%(count)d question.", "%(count)d questions.", count) % {"count": count}
                if count
                else _("The form has no question."),
                _admin("schemes_applicationform_change", form.pk),
            )
        )
    return items


def _matching(scheme: Scheme) -> ChecklistItem:
    if scheme.is_booked:
        return ChecklistItem(
            "matching",
            _("Matching rules"),
            True,
            _("None needed: members book flash conversations from the mentors' slots."),
            _scheme_page(scheme, "kind"),
        )
    found = MatchingSettings.objects.filter(scheme=scheme).values_list("pk", flat=True).first()
    if found is None:
        return ChecklistItem(
            "matching",
            _("Matching rules"),
            False,
            _("No matching rules yet."),
            _admin("matching_matchingsettings_add", scheme=scheme.pk),
        )
    return ChecklistItem(
        "matching",
        _("Matching rules"),
        True,
        _("Weights and preferences set (review them for this scheme)."),
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
        _("Feedback questions"),
        questions > 0,
        ngettext("%(count)d question.", "%(count)d questions.", questions) % {"count": questions}
        if questions
        else _("None: the feedback form would hold only a consent box."),
        _admin("sessions_log_feedbackquestion_changelist", scheme__id__exact=scheme.pk),
        _admin("sessions_log_feedbackquestion_add", scheme=scheme.pk),
        _("Add a feedback question"),
    )


def _dimensions(scheme: Scheme, dimensions: int) -> ChecklistItem:
    return ChecklistItem(
        "dimensions",
        _("Self-rating dimensions (pilot)"),
        dimensions > 0,
        ngettext("%(count)d dimension.", "%(count)d dimensions.", dimensions)
        % {"count": dimensions}
        if dimensions
        else _("None: the pilot could not show a change from baseline to exit."),
        _admin("sessions_log_evaluationdimension_changelist", scheme__id__exact=scheme.pk),
        _admin("sessions_log_evaluationdimension_add", scheme=scheme.pk),
        _("Add a dimension"),
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
        missing.append(_("a launch event"))
    online = (  # the online module prepares every role
        scheme.preparation_required and PreparationModule.objects.filter(scheme=scheme).exists()
    )
    if scheme.preparation_required and not online:
        prepared = {role for _, role in upcoming if role}
        missing += [
            _("a preparation event (or the online preparation) for the %(role)s role")
            % {"role": scheme.role_label(role).lower()}
            for role in scheme.roles
            if role not in prepared
        ]
    detail = (
        _("Missing %(what)s.") % {"what": _(" and ").join(missing)}
        if missing
        else ngettext("%(count)d upcoming event.", "%(count)d upcoming events.", len(upcoming))
        % {"count": len(upcoming)}
    )
    return ChecklistItem(
        "events",
        _("Events"),
        not missing,
        detail,
        _admin("schemes_schemeevent_changelist", scheme__id__exact=scheme.pk),
        _admin("schemes_schemeevent_add", scheme=scheme.pk),
        _("Add an event"),
    )


def _coordinators(scheme: Scheme) -> ChecklistItem:
    names = [user.display_name for user in scheme.coordinators.all()]
    return ChecklistItem(
        "coordinators",
        _("Coordinators"),
        bool(names),
        ", ".join(names) + "." if names else _("Nobody would hear of stalled pairs or concerns."),
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


@dataclass(frozen=True)
class RecruitmentStep:
    """The last step of the set-up: recruitment opens when the scheme's phase is changed to
    "Recruiting" (its phase field, at ``url``); ``is_open`` once it is."""

    is_open: bool
    text: str
    url: str


def recruitment_step(*, scheme: Scheme) -> RecruitmentStep:
    """How recruitment opens for ``scheme``, or that it is open."""
    recruiting = Phase.RECRUITING.label
    if scheme.phase in Phase.recruiting_states:
        text = _("The scheme is in its “%(phase)s” phase.") % {"phase": scheme.get_phase_display()}
    else:
        text = _(
            "Recruitment opens when you change the scheme's phase to “%(recruiting)s” "
            "(under “Lifecycle and foundations”) and save."
        ) % {"recruiting": recruiting}
    return RecruitmentStep(
        scheme.phase in Phase.recruiting_states, text, _scheme_page(scheme, "phase")
    )


def missing_items(items: list[ChecklistItem]) -> list[ChecklistItem]:
    """What is not done yet: recruitment should not open while this is not empty."""
    return [item for item in items if not item.done]
