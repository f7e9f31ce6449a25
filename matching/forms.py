"""Forms of the member portal and the administrator's review page."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.db.models import QuerySet

from schemes.models import Application, ApplicationStatus, Scheme

from .models import Proposal, ProposalMember

ACCEPT = "accept"
DECLINE = "decline"


class RespondForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[(ACCEPT, "Accept this match"), (DECLINE, "Decline this match")],
        widget=forms.RadioSelect,
        label="Your answer",
    )
    reason = forms.CharField(
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        label="Reason (optional)",
        help_text="Shared with the scheme's coordinators, not with the other person.",
    )


class StartRunForm(forms.Form):
    scheme: forms.ModelChoiceField[Scheme] = forms.ModelChoiceField(queryset=None, label="Scheme")

    def __init__(self, *args: Any, schemes: QuerySet[Scheme], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["scheme"]).queryset = schemes


class OverrideForm(forms.Form):
    """Replace one member of a proposal (or swap with someone in another proposal)."""

    member: forms.ModelChoiceField[ProposalMember] = forms.ModelChoiceField(
        queryset=None, label="Replace"
    )
    application: forms.ModelChoiceField[Application] = forms.ModelChoiceField(
        queryset=None, label="With"
    )

    def __init__(self, *args: Any, proposal: Proposal, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.proposal = proposal
        member = cast(forms.ModelChoiceField, self.fields["member"])
        member.queryset = proposal.members.select_related("application__applicant")
        # Django calls the instance's own label_from_instance; the stubs know only the method.
        member.label_from_instance = lambda m: m.application.applicant.display_name  # type: ignore[method-assign, assignment]
        application = cast(forms.ModelChoiceField, self.fields["application"])
        application.queryset = (
            Application.objects.filter(scheme=proposal.scheme, status=ApplicationStatus.ACCEPTED)
            .exclude(pk__in=[m.application_id for m in proposal.members.all()])
            .select_related("applicant")
        )
        application.label_from_instance = lambda a: (  # type: ignore[method-assign, assignment]
            f"{a.applicant.display_name} ({a.get_role_display().lower()})"
        )

    def clean(self):
        data = super().clean()
        assert data is not None  # Form.clean returns the cleaned data
        member, application = data.get("member"), data.get("application")
        if member and application and member.application.role != application.role:
            raise forms.ValidationError("Choose someone in the same role.")
        return data
