"""Erasure: the person replaced everywhere by an anonymous placeholder.

The user row stays, as the placeholder ("Former member", an address at ``erased.invalid``,
no password, inactive), so every relationship, session, score and CPD hour that counted
them still counts: every count, average and funder figure is the same after erasure. What
identifies them or what they wrote goes.

One owner per model: each installed app erases its own records in ``<app>/erasure.py``, a
function ``erase(subject)`` found the way ``accounts.roles`` finds each app's rules (this
module names no app above it). ``user_erase`` runs them all in one transaction, in app
order, then erases what this app holds (``accounts.erasure_steps``) and the account itself
last. A step adds to ``subject.texts`` what the person wrote that emails may have quoted
(a concern, a reason for ending), so the emails that quoted it are emptied too.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from importlib import import_module

from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import module_has_submodule
from django.utils.translation import gettext

from .models import ErasureRequest, ErasureRequestStatus, User
from .roles import user_is_administrator

#: What replaces a text the person wrote (so a partner sees that something was there).
ERASED_TEXT = "[erased]"
PLACEHOLDER_FIRST_NAME = "Former"
PLACEHOLDER_LAST_NAME = "member"
PLACEHOLDER_NAME = f"{PLACEHOLDER_FIRST_NAME} {PLACEHOLDER_LAST_NAME}"
PLACEHOLDER_DOMAIN = "erased.invalid"


@dataclass
class ErasureSubject:
    """The person being erased, and what the steps need to know about them.

    ``markers`` are the strings that identify them (email addresses, full name), collected
    before anything changes; ``texts`` what they wrote that an email may quote; ``counts``
    the number of records each step changed, by name (what the caller reports).
    """

    user: User
    markers: set[str] = field(default_factory=set)
    texts: set[str] = field(default_factory=set)
    counts: Counter[str] = field(default_factory=Counter)

    def count(self, what: str, number: int) -> None:
        if number:
            self.counts[what] += number

    def quoted(self, *texts: str) -> None:
        """Remember texts the person wrote (at least eight characters, so as not to
        empty every email that says "Thanks")."""
        self.texts.update(t.strip() for t in texts if t and len(t.strip()) >= 8)


def is_erased(user: User) -> bool:
    return user.erased_at is not None


def placeholder_email(user: User) -> str:
    """The placeholder's address: unique, never deliverable (RFC 2606 ``.invalid``)."""
    return f"erased-{user.pk}@{PLACEHOLDER_DOMAIN}"


def app_steps(module_name: str, function: str) -> Iterator[Callable]:
    """``<app>.<module_name>.<function>`` of every installed app that has one, in app
    order, accounts' own excepted (the caller runs that last)."""
    for config in apps.get_app_configs():
        if config.name == "accounts" or not module_has_submodule(config.module, module_name):
            continue
        step = getattr(import_module(f"{config.name}.{module_name}"), function, None)
        if step is not None:
            yield step


def _markers(user: User) -> set[str]:
    from allauth.account.models import EmailAddress

    found = {user.email, *EmailAddress.objects.filter(user=user).values_list("email", flat=True)}
    full = user.get_full_name().strip()
    if full:
        found.add(full)
    return {m for m in found if m}


def _check(*, user: User, by: User | None) -> None:
    if by is not None and not user_is_administrator(user=by):
        raise PermissionDenied("Only an administrator can erase an account.")
    if is_erased(user):
        raise ValidationError(gettext("This account has already been erased."))
    if by is not None and by.pk == user.pk:
        raise ValidationError(
            gettext("You cannot erase your own account here: ask another administrator.")
        )
    if user.is_superuser:
        raise ValidationError(
            gettext("This person is an administrator: take away their administrator rights first.")
        )


@transaction.atomic
def user_erase(*, user: User, by: User | None) -> ErasureSubject:
    """Erase ``user``: every app's records of them, then their account. ``by`` is the
    administrator carrying it out, or None for the scheduled run (a request past its
    waiting period, an inactive account). Any pending request of theirs is marked done.

    Side effects: their evidence files are deleted from storage once the transaction
    commits; they are signed out everywhere (no password, inactive).
    """
    user = User.objects.select_for_update().get(pk=user.pk)
    _check(user=user, by=by)
    subject = ErasureSubject(user=user, markers=_markers(user))
    for step in app_steps("erasure", "erase"):
        step(subject)
    from .erasure_steps import erase_account

    erase_account(subject)
    ErasureRequest.objects.filter(user=user, status=ErasureRequestStatus.PENDING).update(
        status=ErasureRequestStatus.DONE, decided_at=timezone.now(), decided_by=by
    )
    ErasureRequest.objects.filter(user=user).update(reason="")
    return subject


@transaction.atomic
def erasure_request_create(
    *, user: User, reason: str = "", by: User | None = None
) -> ErasureRequest:
    """Record a request to erase ``user``: by the member themselves (``by`` None or
    themselves, on the portal) or by an administrator on their behalf. One pending
    request per member. Side effects: none (administrators review requests in the admin)."""
    if by is not None and by.pk != user.pk and not user_is_administrator(user=by):
        raise PermissionDenied("Only the member or an administrator can ask for this.")
    if is_erased(user):
        raise ValidationError(gettext("This account has already been erased."))
    if ErasureRequest.objects.filter(user=user, status=ErasureRequestStatus.PENDING).exists():
        raise ValidationError(gettext("There is already a request to erase this account."))
    request = ErasureRequest(
        user=user,
        reason=(reason or "").strip(),
        recorded_by=by if by is not None and by.pk != user.pk else None,
    )
    request.full_clean()
    request.save()
    return request


def _pending(request: ErasureRequest) -> None:
    if request.status != ErasureRequestStatus.PENDING:
        raise ValidationError(
            gettext("This request is already %(status)s.")
            % {"status": request.get_status_display().lower()}
        )


@transaction.atomic
def erasure_request_cancel(*, request: ErasureRequest, by: User) -> ErasureRequest:
    """The member withdraws their own pending request. Side effects: none."""
    if by.pk != request.user_id:
        raise PermissionDenied("Only the member who asked can withdraw the request.")
    _pending(request)
    request.status = ErasureRequestStatus.CANCELLED
    request.decided_at = timezone.now()
    request.save(update_fields=["status", "decided_at"])
    return request


@transaction.atomic
def erasure_request_refuse(*, request: ErasureRequest, by: User, note: str) -> ErasureRequest:
    """An administrator refuses a pending request, saying why. Side effects: none."""
    if not user_is_administrator(user=by):
        raise PermissionDenied("Only an administrator can refuse a request.")
    _pending(request)
    if not (note or "").strip():
        raise ValidationError({"decision_note": "Say why the request is refused."})
    request.status = ErasureRequestStatus.REFUSED
    request.decided_at = timezone.now()
    request.decided_by = by
    request.decision_note = note.strip()
    request.save(update_fields=["status", "decided_at", "decided_by", "decision_note"])
    return request


def erasure_request_carry_out(*, request: ErasureRequest, by: User | None) -> ErasureSubject:
    """Carry out a pending request (an administrator, or the scheduled run after the
    waiting period): ``user_erase`` marks it done."""
    _pending(request)
    return user_erase(user=request.user, by=by)
