"""Forms of the member portal and the administrator's review page."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.areas import area_choices
from accounts.countries import country_name
from accounts.models import PreferredMode
from schemes.models import Scheme

from .models import Proposal, ProposalMember
from .selectors import replacement_candidates
from .services.answers import NONE_SUIT_NOTE_MAX

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


class NoneSuitForm(forms.Form):
    """ "None of these suit me" on a shortlist: the note goes to the coordinators only."""

    note = forms.CharField(
        max_length=NONE_SUIT_NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        label=_("Why do none of these suit you?"),
        help_text=_(
            "Shared with the scheme's coordinators, who use it to find you a better match; "
            "never with the mentors."
        ),
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


class DirectoryFilterForm(forms.Form):
    """The directory's filters (GET; every field optional). Country and language choices
    are what the scheme's mentors have."""

    q_expertise = forms.ChoiceField(label=_("Expertise"), required=False)
    q_country = forms.ChoiceField(label=_("Country"), required=False)
    q_language = forms.ChoiceField(label=_("Language"), required=False)
    q_mode = forms.ChoiceField(
        label=_("Meeting mode"),
        required=False,
        choices=[
            ("", _("Any")),
            *[(c, label) for c, label in PreferredMode.choices if c != "either"],
        ],
    )
    q_overlap = forms.BooleanField(label=_("Only mentors free when I am"), required=False)

    def __init__(
        self, *args: Any, countries: list[str], languages: list[str], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        any_choice = [("", _("Any"))]
        self.fields["q_expertise"].choices = any_choice + area_choices()  # type: ignore[attr-defined]
        self.fields["q_country"].choices = any_choice + [  # type: ignore[attr-defined]
            (code, country_name(code)) for code in countries
        ]
        self.fields["q_language"].choices = any_choice + [(c, c) for c in languages]  # type: ignore[attr-defined]


class MentorRequestForm(forms.Form):
    message = forms.CharField(
        label=_("Your message to the mentor"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "What you hope to work on and why this mentor. Only the mentor reads it, "
            "not the coordinators."
        ),
    )


class RequestAnswerForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[(ACCEPT, _("Accept this request")), (DECLINE, _("Decline this request"))],
        widget=forms.RadioSelect,
        label=_("Your answer"),
    )
    reason = forms.CharField(
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        label=_("Reason (optional)"),
        help_text=_(
            "Shared with the scheme's coordinators; the mentee is told only that you declined."
        ),
    )
