"""Writes about schemes and applications. Views, admin actions, tasks, commands and
tests all call these; no rule is written twice."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import InterfaceError, OperationalError, transaction
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


def eligible_roles(*, scheme: Scheme, profile: Profile | None) -> list[str]:
    """The roles a member may apply for, by the scheme's eligibility rule.

    Default rule: under ``senior_min_years`` years' experience, only the junior partner's
    role; with that many or more, either. Peer schemes have one role.
    """
    roles = list(scheme.roles)
    junior = scheme.junior_role
    if junior is None or scheme.senior_min_years is None:
        return roles
    years = profile.years_experience if profile else None
    if years is None or years < scheme.senior_min_years:
        return [junior]
    return roles


def eligibility_error(
    *, scheme: Scheme, profile: Profile | None, role: str, accepted: bool = False
) -> str | None:
    """Why ``role`` is not open to this member, or None.

    Years of experience left blank are not "under" the threshold: a member applying is
    asked to add them; an application staff have already ``accepted`` (after checking, or
    imported from their own records) stays eligible, since nothing says otherwise.
    """
    if role not in scheme.roles:
        return gettext("%(name)s does not take applications as %(role)s.") % {
            "name": scheme.name,
            "role": role,
        }
    if role in eligible_roles(scheme=scheme, profile=profile):
        return None
    if profile is None or profile.years_experience is None:
        if accepted:
            return None
        return gettext(
            "Add your years of experience to your profile to apply to "
            "%(name)s as the %(role)s: it takes %(senior_min_years)s "
            "years or more."
        ) % {
            "name": scheme.name,
            "role": scheme.role_label(role).lower(),
            "senior_min_years": scheme.senior_min_years,
        }
    label = scheme.role_label(scheme.junior_role or role)
    return gettext(
        "With under %(senior_min_years)s years' experience you can "
        "apply to %(name)s only as the %(role)s."
    ) % {"senior_min_years": scheme.senior_min_years, "name": scheme.name, "role": label.lower()}


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
        raise ValidationError(gettext("Complete your profile before you submit an application."))
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


@transaction.atomic
def application_decide(
    *, application: Application, status: str, by: User | None, note: str = ""
) -> Application:
    """Accept, waitlist or decline an application waiting for a match.

    ``by`` is recorded as the one who decided, in the application's history (None: the
    waiting list's automatic offer). Side effects: an email to the applicant (once per
    decision); on acceptance, the preparation notice when preparation is still to do.
    """
    if status not in ApplicationStatus.decision_states:
        raise ValidationError(gettext("'%(status)s' is not a decision.") % {"status": status})
    application = (
        Application.objects.select_for_update()
        .select_related("scheme", "applicant")
        .get(pk=application.pk)
    )
    if application.status not in ApplicationStatus.waiting_states or application.status == status:
        now = application.get_status_display().lower()
        article = "an" if now[:1] in "aeiou" else "a"
        raise ValidationError(
            gettext("Cannot mark %(article)s %(now)s application as %(status)s.")
            % {"article": article, "now": now, "status": status}
        )
    application.status = status
    application.decided_at = timezone.now()
    application.decision_note = note
    if status == ApplicationStatus.ACCEPTED:
        application.accepted_at = application.decided_at
    with_history_user(application, by).save()
    shown = decision_note_lazy(note) if note else ""  # in the recipient's language
    notify(
        kind=NotificationKind.APPLICATION_DECISION,
        key=f"application:{application.pk}:{status}",
        template="application_decision",
        context={"application": application, "scheme": application.scheme, "note": shown},
        user=application.applicant,
        scheme=application.scheme,
    )
    if status == ApplicationStatus.ACCEPTED:
        preparation_blocked_notify(application=application)
    return application


def applications_decide(
    *, applications: Iterable[Application], status: str, by: User, note: str = ""
) -> tuple[int, list[str]]:
    """Bulk decision, each application in its own transaction; returns (how many changed,
    a message naming each one that did not: not open to the decision, or the database busy
    or out of reach past its timeout, when nothing of that application changed).

    Side effects: as ``application_decide``, for each one changed.
    """
    done, problems = 0, []
    for application in applications:
        try:
            application_decide(application=application, status=status, by=by, note=note)
            done += 1
        except ValidationError as exc:
            problems.append(
                gettext("%(application)s: %(messages)s")
                % {"application": application, "messages": " ".join(exc.messages)}
            )
        except (OperationalError, InterfaceError):
            problems.append(
                gettext(
                    "%(application)s: not changed, the database was busy or out "
                    "of reach; select it and try again."
                )
                % {"application": application}
            )
    return done, problems


@transaction.atomic
def application_mark_matched(
    *, application: Application, by: User, places_left: bool = False
) -> Application:
    """Record that the application joined a confirmed match (called by matching).

    ``matched_at`` is set the first time. The status becomes MATCHED, unless
    ``places_left`` (a mentor with places still free), who stays ACCEPTED, in the pool.
    ``by`` (the member whose answer confirmed the match) is recorded in the history.
    Side effects: none.
    """
    application = Application.objects.select_for_update().get(pk=application.pk)
    application.matched_at = application.matched_at or timezone.now()
    fields = ["matched_at", "updated_at"]
    if not places_left:
        application.status = ApplicationStatus.MATCHED
        fields.append("status")
    with_history_user(application, by).save(update_fields=fields)
    return application


@transaction.atomic
def application_return_to_pool(*, application: Application, by: User) -> Application:
    """Put a matched (or accepted) application back in the matching pool, as ACCEPTED,
    after its relationship ended early. Other statuses are left as they are.

    ``by`` (the member who asked) is recorded in the history. Side effects: none.
    """
    application = Application.objects.select_for_update().get(pk=application.pk)
    if application.status in ApplicationStatus.accepted_states:
        application.status = ApplicationStatus.ACCEPTED
        application.full_clean()
        with_history_user(application, by).save(update_fields=["status", "updated_at"])
    return application


@transaction.atomic
def scheme_apply_supply_demand_rule(*, scheme: Scheme) -> bool:
    """Trip or reset the scheme's supply-and-demand rule; return whether it is tripped.

    When demand per mentor place first passes the threshold: record when and email its
    coordinators once. While it is over and the rule is "close", the scheme is closed to
    new applicants (so switching the action to "close" takes effect at the next check: a
    save in the admin, a submission, the half-hourly task). When it falls back below, the
    record is cleared (re-opening stays a human decision). Either way, places not spoken
    for are offered to the waiting list (``waitlist_offer_places``).
    """
    scheme = Scheme.objects.select_for_update().get(pk=scheme.pk)
    sd = selectors.supply_demand(scheme=scheme)
    tripped = sd.exceeds(scheme.demand_threshold)
    closing = (
        tripped
        and scheme.over_threshold_action == OverThresholdAction.CLOSE
        and scheme.accepting_applications
    )
    if closing:
        scheme.accepting_applications = False
        scheme.save(update_fields=["accepting_applications", "updated_at"])
    if tripped and scheme.over_threshold_since is None:
        scheme.over_threshold_since = timezone.now()
        scheme.save(update_fields=["over_threshold_since", "updated_at"])
        period = scheme.over_threshold_since.strftime("%Y%m%d%H%M%S%f")
        for coordinator in scheme.coordinators.all():
            notify(
                kind=NotificationKind.SUPPLY_DEMAND,
                key=f"scheme:{scheme.pk}:{period}",
                template="supply_demand_alert",
                context={"scheme": scheme, "supply_demand": sd},
                user=coordinator,
                scheme=scheme,
            )
    elif not tripped and scheme.over_threshold_since is not None:
        scheme.over_threshold_since = None
        scheme.save(update_fields=["over_threshold_since", "updated_at"])
    waitlist_offer_places(scheme=scheme)
    return tripped


from .events import event_record_attendance, event_rsvp  # noqa: E402
from .preparation import preparation_blocked_notify, preparation_module_complete  # noqa: E402
from .receipts import application_receipt_send  # noqa: E402
from .subscriptions import (  # noqa: E402
    subscription_confirm,
    subscription_register,
    subscription_request,
)
from .waitlist import waitlist_offer_places  # noqa: E402

__all__ = [
    "application_decide",
    "application_mark_matched",
    "application_return_to_pool",
    "application_save_draft",
    "application_start",
    "application_submit",
    "application_withdraw",
    "applications_decide",
    "eligibility_error",
    "eligible_roles",
    "event_record_attendance",
    "event_rsvp",
    "scheme_apply_supply_demand_rule",
    "subscription_confirm",
    "subscription_register",
    "subscription_request",
    "preparation_blocked_notify",
    "preparation_module_complete",
    "unanswered_required_questions",
    "waitlist_offer_places",
]
