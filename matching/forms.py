"""Forms of the member portal and the administrator's review page."""

from django import forms

from schemes.models import Application, ApplicationStatus

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
    scheme = forms.ModelChoiceField(queryset=None, label="Scheme")

    def __init__(self, *args, schemes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scheme"].queryset = schemes


class OverrideForm(forms.Form):
    """Replace one member of a proposal (or swap with someone in another proposal)."""

    member = forms.ModelChoiceField(queryset=None, label="Replace")
    application = forms.ModelChoiceField(queryset=None, label="With")

    def __init__(self, *args, proposal, **kwargs):
        super().__init__(*args, **kwargs)
        self.proposal = proposal
        self.fields["member"].queryset = proposal.members.select_related("application__applicant")
        self.fields["member"].label_from_instance = lambda m: m.application.applicant.display_name
        self.fields["application"].queryset = (
            Application.objects.filter(scheme=proposal.scheme, status=ApplicationStatus.ACCEPTED)
            .exclude(pk__in=[m.application_id for m in proposal.members.all()])
            .select_related("applicant")
        )
        self.fields["application"].label_from_instance = lambda a: (
            f"{a.applicant.display_name} ({a.get_role_display().lower()})"
        )

    def clean(self):
        data = super().clean()
        member, application = data.get("member"), data.get("application")
        if member and application and member.application.role != application.role:
            raise forms.ValidationError("Choose someone in the same role.")
        return data
