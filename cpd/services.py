"""Writes of the CPD app: reflections, manual activities and evidence, standards tags and
the member's CPD profile. None of these sends an email; the reminders issue prompts
reflections from ``selectors.sessions_awaiting_reflection``."""

from __future__ import annotations

import secrets
from datetime import date
from decimal import Decimal
from functools import partial

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from accounts.models import User
from core.history import with_history_user
from schemes.models import SchemeEvent
from sessions_log.models import Goal, Relationship, Session

from .models import (
    ActivityTag,
    CpdProfile,
    Evidence,
    Framework,
    IssuedCertificate,
    ManualActivity,
    Reflection,
    ReflectionStatus,
    SourceType,
    Standard,
)
from .prompts import carry_entries, prompts_for
from .validators import validate_evidence_file


def _check_links(reflection: Reflection, user: User) -> None:
    """Links must point at the author's own session, relationship, goal or event."""
    from schemes.models import EventAttendance
    from sessions_log.models import RelationshipMember

    session, goal = reflection.session, reflection.goal  # no query when the id is None
    if session is not None:
        reflection.relationship_id = session.relationship_id
    if goal is not None and reflection.relationship_id is None:
        reflection.relationship_id = goal.relationship_id
    if (
        reflection.relationship_id is not None
        and not RelationshipMember.objects.filter(
            relationship_id=reflection.relationship_id, user=user
        ).exists()
    ):
        raise ValidationError(
            {"relationship": gettext("You are not a member of this relationship.")}
        )
    if goal is not None and goal.relationship_id != reflection.relationship_id:
        raise ValidationError({"goal": gettext("This goal belongs to another relationship.")})
    if (
        reflection.event_id is not None
        and not EventAttendance.objects.filter(event_id=reflection.event_id, user=user).exists()
    ):
        raise ValidationError({"event": gettext("You are not registered for this event.")})
    if reflection.shared_with_partner and reflection.relationship_id is None:
        raise ValidationError(
            {"shared_with_partner": gettext("Link the reflection to a relationship to share it.")}
        )


@transaction.atomic
def reflection_save(
    *,
    author: User,
    reflection: Reflection | None = None,
    title: str,
    model: str,
    entries: dict[str, str],
    complete: bool,
    reflected_on: date | None = None,
    session: Session | None = None,
    relationship: Relationship | None = None,
    goal: Goal | None = None,
    event: SchemeEvent | None = None,
    shared_with_partner: bool = False,
) -> Reflection:
    """Create or update the author's reflection, as a draft or complete.

    A complete reflection needs every prompt of its model answered; a draft does not.
    Answers written under another model move to the prompts of ``model`` that cover the same
    stage (``carry_entries``): switching model never drops text. Side effects: none.
    """
    if reflection is None:
        reflection = Reflection(author=author)
    elif reflection.author_id != author.pk:
        raise ValidationError(gettext("Only the author may change a reflection."))
    prompts = prompts_for(model)
    kept = carry_entries(entries, model)
    if complete:
        missing = [str(p.heading) for p in prompts if not kept[p.key]]
        if missing:
            raise ValidationError(
                {
                    "entries": (
                        gettext("Answer every prompt to complete it: %(prompts)s.")
                        % {"prompts": ", ".join(missing)}
                    )
                }
            )
    reflection.title = title
    reflection.model = model
    reflection.entries = kept
    reflection.status = ReflectionStatus.COMPLETE if complete else ReflectionStatus.DRAFT
    reflection.reflected_on = reflected_on or reflection.reflected_on or timezone.localdate()
    reflection.session = session
    reflection.relationship = relationship
    reflection.goal = goal
    reflection.event = event
    reflection.shared_with_partner = shared_with_partner
    _check_links(reflection, author)
    reflection.full_clean()
    reflection.save()
    return reflection


@transaction.atomic
def reflection_delete(*, author: User, reflection: Reflection) -> None:
    """Delete one of the author's reflections. Side effects: none."""
    if reflection.author_id != author.pk:
        raise ValidationError(gettext("Only the author may delete a reflection."))
    reflection.delete()


@transaction.atomic
def manual_activity_create(
    *,
    user: User,
    title: str,
    activity_type: str,
    role: str,
    date: date,
    hours: Decimal,
    description: str = "",
    standards: list[Standard] | None = None,
    evidence_file: UploadedFile | None = None,
    evidence_description: str = "",
) -> ManualActivity:
    """Add a CPD activity by hand, with optional evidence (validated: type, content, size).

    Side effects: the evidence file is written to the default storage.
    """
    activity = ManualActivity(
        user=user,
        title=title,
        activity_type=activity_type,
        role=role,
        date=date,
        hours=hours,
        description=description,
    )
    activity.full_clean()
    activity.save()
    activity.standards.set(standards or [])
    if evidence_file is not None:
        evidence_add(
            user=user, activity=activity, upload=evidence_file, description=evidence_description
        )
    return activity


@transaction.atomic
def manual_activity_edit(
    *,
    user: User,
    activity: ManualActivity,
    title: str,
    activity_type: str,
    role: str,
    date: date,
    hours: Decimal,
    description: str = "",
    standards: list[Standard] | None = None,
) -> ManualActivity:
    """Correct one of the user's own activities; the version before is kept
    (``ManualActivity.history``, with who changed it). Side effects: none."""
    if activity.user_id != user.pk:
        raise ValidationError(gettext("This is not your activity."))
    activity.title = title
    activity.activity_type = activity_type
    activity.role = role
    activity.date = date
    activity.hours = hours
    activity.description = description
    activity.full_clean()
    with_history_user(activity, user).save()
    activity.standards.set(standards or [])
    return activity


@transaction.atomic
def evidence_add(
    *, user: User, activity: ManualActivity, upload: UploadedFile, description: str = ""
) -> Evidence:
    """Attach an uploaded file to the user's activity. Side effects: writes the file."""
    if activity.user_id != user.pk:
        raise ValidationError(gettext("This is not your activity."))
    try:
        validate_evidence_file(upload)
    except ValidationError as exc:
        raise ValidationError({"evidence_file": exc.messages}) from exc
    assert upload.size is not None  # the validator read both
    assert upload.name is not None
    evidence = Evidence(
        activity=activity,
        original_name=(upload.name or "evidence")[:255],
        content_type=(upload.content_type or "").split(";")[0][:100],
        size=upload.size,
        description=description,
    )
    evidence.file.save(upload.name, upload, save=False)
    evidence.full_clean()
    evidence.save()
    return evidence


@transaction.atomic
def manual_activity_delete(*, user: User, activity: ManualActivity) -> None:
    """Delete the user's activity and its evidence files. Side effects: deletes the files
    from storage once the transaction commits."""
    if activity.user_id != user.pk:
        raise ValidationError(gettext("This is not your activity."))
    files = [(e.file.storage, e.file.name) for e in activity.evidence.all() if e.file.name]
    activity.delete()
    for storage, name in files:
        transaction.on_commit(partial(storage.delete, name))


@transaction.atomic
def activity_standards_set(
    *, user: User, source_type: str, source_id: int, standards: list[Standard]
) -> None:
    """Set the standards a member tags to one of their activities.

    The caller has checked the activity is the user's (``selectors.cpd_activity_for_user``).
    Side effects: none.
    """
    if source_type == SourceType.MANUAL:
        ManualActivity.objects.get(pk=source_id, user=user).standards.set(standards)
        return
    ActivityTag.objects.filter(user=user, source_type=source_type, source_id=source_id).delete()
    ActivityTag.objects.bulk_create(
        [
            ActivityTag(user=user, source_type=source_type, source_id=source_id, standard=s)
            for s in standards
        ]
    )


@transaction.atomic
def cpd_profile_save(
    *,
    user: User,
    framework: Framework | None,
    summary_of_practice: str,
    statements: dict[int, str],
) -> CpdProfile:
    """Save the member's summary of practice and statements per standard (keyed by the
    framework's standard ids; others are dropped). Side effects: none."""
    profile, _ = CpdProfile.objects.get_or_create(user=user)
    valid = set(framework.standards.values_list("pk", flat=True)) if framework else set()
    profile.framework = framework
    profile.summary_of_practice = summary_of_practice.strip()
    profile.statements = {
        str(k): v.strip() for k, v in statements.items() if int(k) in valid and v.strip()
    }
    profile.full_clean()
    profile.save()
    return profile


CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"  # no 0/O, 1/I/L: read aloud or typed safely


def new_certificate_code() -> str:
    """Twelve random characters in three groups (59 bits: not guessable)."""
    chars = "".join(secrets.choice(CODE_ALPHABET) for _ in range(12))
    return "-".join(chars[i : i + 4] for i in range(0, 12, 4))


@transaction.atomic
def certificate_issue(
    *,
    user: User,
    relationship: Relationship,
    member_name: str,
    role_label: str,
    hours: Decimal,
    sessions: int,
) -> IssuedCertificate:
    """Record the certificate of ``user`` for a completed ``relationship`` as printed, under
    a verification code kept for good (downloading it again keeps the code and updates what
    it shows). The caller has checked the relationship is the user's and completed
    (``selectors.completed_relationship_for_user``). Side effects: none."""
    values = {
        "member_name": member_name,
        "role_label": role_label,
        "scheme_name": relationship.scheme.name,
        "started_on": relationship.started_on,
        "ended_on": relationship.ended_on,
        "hours": hours,
        "sessions": sessions,
    }
    issued = (
        IssuedCertificate.objects.select_for_update()
        .filter(user=user, relationship=relationship)
        .first()
    )
    if issued is None:
        return IssuedCertificate.objects.create(
            user=user,
            relationship=relationship,
            code=new_certificate_code(),
            issued_on=timezone.localdate(),
            **values,
        )
    for name, value in values.items():
        setattr(issued, name, value)
    issued.save()
    return issued
