"""Passwords in the admin: nobody sets a member's password for them.

An administrator who could set a member's password could sign in as that member and read
their messages, notes and reflections, which staff never read. So the admin's password
page (``UserAdmin.user_change_password``) changes only the password of a staff account
(an administrator's own, or another staff member's, as Django does); for a member it
offers instead to email the member a link to set a new password themselves, to their own
verified address (allauth's password reset). A new account made in the admin has no
password: the member sets theirs from the invitation (the "Invite" action).

Every password change made here is emailed to the account holder (allauth's "your
password was changed" notification, as for a change on the site) and kept in the admin's
history, so even a member made staff for the purpose would be told.
"""

from __future__ import annotations

from typing import Any

from allauth.account.forms import ResetPasswordForm
from allauth.account.models import EmailAddress
from django import forms
from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext

from core.passwords import password_changed_notify

from .models import User


def is_staff_account(user: User) -> bool:
    """Staff accounts (staff or administrators) may have their password set in the admin."""
    return user.is_staff or user.is_superuser


def verified_address(user: User) -> str:
    """The member's verified address a reset link goes to (the primary one first), or ""."""
    found = (
        EmailAddress.objects.filter(user=user, verified=True)
        .order_by("-primary", "pk")
        .values_list("email", flat=True)
        .first()
    )
    return found or ""


def _stored_password(user: User) -> str:
    return User.objects.filter(pk=user.pk).values_list("password", flat=True).first() or ""


class NewAccountForm(forms.ModelForm):
    """A new account: its address only, and no password (see the module's docstring)."""

    class Meta:
        model = User
        fields = ("email",)

    def save(self, commit: bool = True) -> User:
        user = super().save(commit=False)
        user.set_unusable_password()
        if commit:
            user.save()
        return user


class PasswordAdminMixin:
    """The user admin's password page, by the rule of the module's docstring."""

    def user_change_password(
        self, request: HttpRequest, id: str, form_url: str = ""
    ) -> HttpResponse:
        user = self.get_object(request, unquote(id))  # type: ignore[attr-defined]
        allowed = user is not None and self.has_change_permission(request, user)  # type: ignore[attr-defined]
        if allowed and not is_staff_account(user):
            return self._member_reset(request, user)
        before = _stored_password(user) if allowed else ""
        response = super().user_change_password(request, id, form_url)  # type: ignore[misc]
        if allowed and request.method == "POST" and _stored_password(user) != before:
            password_changed_notify(request=request, user=user)
        return response

    def _member_reset(self, request: HttpRequest, user: User) -> HttpResponse:
        """GET: why the password cannot be set here, and the offer; POST: send the link."""
        address = verified_address(user)
        change_page = reverse("admin:accounts_user_change", args=[user.pk])
        if request.method == "POST" and address:
            form = ResetPasswordForm(data={"email": address})
            if form.is_valid():
                form.save(request)
                text = gettext("Emailed a link to set a new password to %(email)s.")
                self.log_change(request, user, text % {"email": address})  # type: ignore[attr-defined]
                messages.success(request, text % {"email": address})
            return HttpResponseRedirect(change_page)
        if request.method == "POST":
            messages.error(request, gettext("This member has no verified email address."))
            return HttpResponseRedirect(change_page)
        context: dict[str, Any] = {
            **self.admin_site.each_context(request),  # type: ignore[attr-defined]
            "title": gettext("Password of %(name)s") % {"name": user},
            "person": user,
            "address": address,
            "change_page": change_page,
            "opts": user._meta,
        }
        return TemplateResponse(request, "admin/accounts/user/member_password.html", context)
