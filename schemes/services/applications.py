"""An applicant's own steps: open a draft, save it, submit it (with the scheme's
supply-and-demand rule), withdraw it."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.emails.outbox import notify
from accounts.models import NotificationKind, Profile, User
from core.history import with_history_user

from .. import selectors
from ..models import (
    Application,
    ApplicationStatus,
    OverThresholdAction,
    Question,
    Role,
    Scheme,
)
from ..notes import AUTO_WAITLIST_NOTE, decision_note_lazy
from .eligibility import eligibility_error
from .receipts import application_receipt_send
from .supply_demand import scheme_apply_supply_demand_rule
from .waitlist import waitlist_offer_places


@transaction.atomic
def application_start(*, scheme: Scheme, applicant: User, role: str) -> Application:
    """Open a draft application (or return the applicant's draft for this scheme)."""
    live = Application.objects.live().filter(scheme=scheme, applicant=applicant).first()
    if live is not None and live.is_editable:
        return live
    if live is not None:
        raise ValidationError(gettext("You already have an application to this scheme."))
    if not scheme.recruitment_open_for(role):
        raise ValidationError(
            gettext("%(name)s is not taking applications for this role now.")
            % {"name": scheme.name}
        )
    profile = Profile.objects.filter(user=applicant).first()
    error = eligibility_error(scheme=scheme, profile=profile, role=role)
    if error:
        raise ValidationError(error)
    application = Application(scheme=scheme, applicant=applicant, role=role)
    application.full_clean()
    application.save()
    return application


@transaction.atomic
def application_save_draft(*, application: Application, data: dict[str, Any]) -> Application:
    """Store what the applicant typed so far; only drafts can change."""
    application = Application.objects.select_for_update().get(pk=application.pk)
    if not application.is_editable:
        raise ValidationError(
            gettext("This application has been submitted and can no longer change.")
        )
    for field in ("goals_areas", "hopes", "capacity", "answers"):
        if field in data:
            setattr(application, field, data[field])
    application.full_clean()
    application.save()
    return application


def unanswered_required_questions(*, application: Application) -> list[str]:
    """Labels of the required questions of the application's form left empty."""
    questions = Question.objects.filter(
        form__scheme=application.scheme_id, form__role=application.role, required=True
    )
    answers = application.answers or {}
    return [q.label for q in questions if answers.get(str(q.pk)) in (None, "", [])]


#: The code of ``application_submit``'s refusal for an incomplete profile: the application
#: page shows it as the profile's own message, with the link to the profile.
PROFILE_INCOMPLETE = "profile_incomplete"


def profile_incomplete_text(profile: Profile | None) -> str:
    """Why an application cannot be submitted yet: the profile fields still missing."""
    if profile is None:
        return gettext("Complete your profile before you submit an application.")
    return gettext(
        "Complete your profile before you submit an application: add your %(fields)s."
    ) % {"fields": profile.missing_fields_text}


@transaction.atomic
def application_submit(*, application: Application, by: User) -> Application:
    """Submit a saved draft (save it first with ``application_save_draft``).

    Checks the profile is complete and the eligibility rule; then, for a mentee, applies the
    scheme's supply-and-demand rule (the application may be waitlisted; the scheme may close).
    ``by`` is recorded as the author in the application's history.
    Side effects: coordinators are emailed when the rule trips; the applicant is sent a
    receipt (RECEIPT).
    """
    application = Application.objects.select_for_update().get(pk=application.pk)
    if not application.is_editable:
        raise ValidationError(gettext("This application has already been submitted."))
    profile = Profile.objects.filter(user=application.applicant).first()
    if profile is None or not profile.is_complete:
        raise ValidationError(profile_incomplete_text(profile), code=PROFILE_INCOMPLETE)
    error = eligibility_error(scheme=application.scheme, profile=profile, role=application.role)
    if error:
        raise ValidationError(error)
    missing = unanswered_required_questions(application=application)
    if missing:
        raise ValidationError(
            gettext("Answer every required question before you submit: ") + "; ".join(missing)
        )
    scheme = Scheme.objects.select_for_update().get(pk=application.scheme_id)
    if not scheme.recruitment_open_for(application.role):
        raise ValidationError(
            gettext("%(name)s is not taking applications for this role now.")
            % {"name": scheme.name}
        )
    over = application.role == Role.MENTEE and selectors.supply_demand(scheme=scheme).exceeds(
        scheme.demand_threshold
    )
    if over and scheme.over_threshold_action == OverThresholdAction.CLOSE:
        raise ValidationError(CLOSED_OVER_THRESHOLD.format(scheme=scheme.name))
    application.status = ApplicationStatus.SUBMITTED
    application.submitted_at = timezone.now()
    with_history_user(application, by).save(update_fields=["status", "submitted_at", "updated_at"])
    if (
        application.role == Role.MENTEE
        and scheme.over_threshold_action == OverThresholdAction.WAITLIST
        and selectors.supply_demand(scheme=scheme).exceeds(scheme.demand_threshold)
    ):
        _waitlist_automatically(application)
    scheme_apply_supply_demand_rule(scheme=scheme)
    application_receipt_send(application=application)
    return application


CLOSED_OVER_THRESHOLD = _(
    "{scheme} is not taking new mentee applications now: more mentees are waiting than "
    "its mentors have places. Your draft is kept; register your interest on the scheme's "
    "page to hear when it reopens."
)


def _waitlist_automatically(application: Application) -> None:
    """The supply-and-demand rule waitlists a mentee's new application, and tells them.
    Side effects: an APPLICATION_DECISION email (once)."""
    application.status = ApplicationStatus.WAITLISTED
    application.decided_at = timezone.now()
    application.decision_note = AUTO_WAITLIST_NOTE
    application.save(update_fields=["status", "decided_at", "decision_note", "updated_at"])
    notify(
        kind=NotificationKind.APPLICATION_DECISION,
        key=f"application:{application.pk}:{application.status}",
        template="application_decision",
        context={
            "application": application,
            "scheme": application.scheme,
            "note": decision_note_lazy(AUTO_WAITLIST_NOTE),
        },
        user=application.applicant,
        scheme=application.scheme,
    )


@transaction.atomic
def application_withdraw(*, application: Application, by: User) -> Application:
    """The applicant withdraws a live application that is not yet matched.

    ``by`` is recorded as the author in the application's history. Side effects: a
    mentee's place freed is offered to the waiting list (``waitlist_offer_places``).
    """
    application = Application.objects.select_for_update().get(pk=application.pk)
    if not application.can_withdraw:
        if application.status == ApplicationStatus.MATCHED:
            raise ValidationError(
                gettext("You are already matched; end the relationship from its page instead.")
            )
        raise ValidationError(gettext("This application is already closed."))
    freed = application.role == Role.MENTEE and application.status in (
        ApplicationStatus.supply_states
    )
    application.status = ApplicationStatus.WITHDRAWN
    application.decided_at = timezone.now()
    with_history_user(application, by).save(update_fields=["status", "decided_at", "updated_at"])
    if freed:
        waitlist_offer_places(scheme=application.scheme)
    return application
