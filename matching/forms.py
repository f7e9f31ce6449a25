"""Forms of the member portal and the administrator's review page."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from schemes.models import Scheme

from .models import Proposal, ProposalMember
from .selectors import replacement_candidates

ACCEPT = "accept"
DECLINE = "decline"


class RespondForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[(ACCEPT, _("Accept this match")), (DECLINE, _("Decline this match"))],
        widget=forms.RadioSelect,
        label=_("Your answer"),
    )
    reason = forms.CharField(
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        label=_("Reason (optional)"),
        help_text=_("Shared with the scheme's coordinators, not with the other person."),
    )


class StartRunForm(forms.Form):
    scheme: forms.ModelChoiceField[Scheme] = forms.ModelChoiceField(
        queryset=None, label=_("Scheme")
    )

    def __init__(self, *args: Any, schemes: QuerySet[Scheme], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["scheme"]).queryset = schemes


class OverrideForm(forms.Form):
    """Replace one member of a proposal (or swap with someone in another proposal).

    ``member`` offers the proposal's own members (from its prefetched ``members``, so a
    page of forms asks nothing more); ``application`` is one text field, the email of an
    accepted applicant of the scheme in the same role, typed or picked from the review
    page's autocomplete (``matching/static/matching/review.js``), never a list of the
    whole pool. The review page writes the two fields out itself (``run_review.html``):
    fifty forms through the widget templates cost more than the rest of the page.
    """

    member = forms.TypedChoiceField(coerce=int, label=_("Replace"))
    application = forms.CharField(
        label=_("With"),
        max_length=254,
        help_text=_("The email of an accepted applicant in the same role: type a name to search."),
    )

    def __init__(self, *args: Any, proposal: Proposal, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.proposal = proposal
        self.members = list(proposal.members.all())
        member = cast(forms.TypedChoiceField, self.fields["member"])
        member.choices = [(m.pk, m.application.applicant.display_name) for m in self.members]

    def clean_member(self) -> ProposalMember:
        pk = self.cleaned_data["member"]
        return next(m for m in self.members if m.pk == pk)  # the choices are these members

    def clean(self):
        data = super().clean()
        assert data is not None  # Form.clean returns the cleaned data
        member, email = data.get("member"), data.get("application")
        if member is None or not email:
            return data
        candidates = replacement_candidates(
            scheme=self.proposal.scheme, role=member.application.role
        )
        application = (
            candidates.exclude(pk__in=[m.application_id for m in self.members])
            .filter(applicant__email__iexact=email.strip())
            .first()
        )
        if application is None:
            self.add_error(
                "application",
                gettext(
                    "Choose an accepted applicant of this scheme in the same role, "
                    "not already in this proposal."
                ),
            )
        else:
            data["application"] = application
        return data
