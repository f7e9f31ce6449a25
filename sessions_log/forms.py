"""Portal forms for relationships: planning and logging sessions, expectations, goals,
actions, ending early, concerns, self-ratings and feedback."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.periods import DATE_INPUT
from schemes.forms import answer_to_json, question_field

from .models import (
    MESSAGE_MAX_LENGTH,
    Action,
    EvaluationDimension,
    ExpectationStatus,
    FeedbackQuestion,
    GoalStatus,
    Relationship,
    SessionMode,
)
from .models.feedback import CONSENT, RATING_MAX, RATING_MIN
from .services.plan import GOAL_ROLES

TEXT = forms.Textarea(attrs={"rows": 3})


def _member_choices(relationship: Relationship, roles=None) -> list[tuple[int, str]]:
    return [
        (m.user_id, m.user.display_name)
        for m in relationship.members.all()
        if roles is None or m.role in roles
    ]


class MemberChoiceField(forms.TypedChoiceField):
    def __init__(self, *, relationship: Relationship, roles=None, **kwargs):
        super().__init__(coerce=int, choices=_member_choices(relationship, roles), **kwargs)
        self.users = {m.user_id: m.user for m in relationship.members.all()}

    def clean(self, value):
        pk = super().clean(value)
        return self.users.get(pk) if pk not in (None, "") else None


class SessionPlanForm(forms.Form):
    scheduled_at = forms.DateTimeField(
        label=_("Date and time"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )
    mode = forms.ChoiceField(choices=SessionMode.choices, widget=forms.RadioSelect, label=_("Mode"))
    location = forms.CharField(
        max_length=300,
        required=False,
        label=_("Meeting link or place"),
        help_text=_("Online: the meeting link. In person: the place. Phone: optional."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The time typed is read in the active zone: the member's (MemberTimeZoneMiddleware).
        self.fields["scheduled_at"].help_text = gettext(
            "In your time zone, %(get_current_timezone_name)s: each partner sees it in their own."
        ) % {"get_current_timezone_name": timezone.get_current_timezone_name()}

    def clean_scheduled_at(self):
        value = self.cleaned_data["scheduled_at"]
        if value < timezone.now():
            raise forms.ValidationError(gettext("Choose a date and time in the future."))
        return value


class TargetDateForm(forms.Form):
    target_date = forms.DateField(label=_("Target date"), widget=DATE_INPUT)


class SessionLogForm(forms.Form):
    held_on = forms.DateField(label=_("Held on"), widget=DATE_INPUT)
    duration_minutes = forms.IntegerField(label=_("Duration (minutes)"), min_value=1, max_value=600)
    mode = forms.ChoiceField(choices=SessionMode.choices, widget=forms.RadioSelect, label=_("Mode"))
    notes = forms.CharField(
        label=_("Notes"),
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Only the members of this relationship can read these notes."),
    )
    new_actions = forms.CharField(
        required=False,
        label=_("Agreed actions"),
        widget=TEXT,
        help_text=_("One action per line."),
    )
    done_actions = forms.ModelMultipleChoiceField(
        queryset=Action.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Actions done since last time"),
    )

    def __init__(self, *args, relationship: Relationship, open_actions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["led_by"] = MemberChoiceField(
            relationship=relationship, label=_("Who led"), required=False
        )
        cast(forms.ModelMultipleChoiceField, self.fields["done_actions"]).queryset = open_actions
        self.order_fields(["held_on", "duration_minutes", "mode", "led_by", "notes"])

    def clean_new_actions(self) -> list[str]:
        lines = self.cleaned_data["new_actions"].splitlines()
        return [line.strip()[:500] for line in lines if line.strip()]


class ExpectationForm(forms.Form):
    text = forms.CharField(label=_("Your expectation"), max_length=2000, widget=TEXT)


class ClarificationRequestForm(forms.Form):
    question = forms.CharField(
        label=_("What would you like clarified?"), max_length=2000, widget=TEXT
    )


class ClarificationForm(forms.Form):
    response = forms.CharField(label=_("Your clarification"), max_length=2000, widget=TEXT)


class ExpectationDecisionForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            (s.value, s.label) for s in ExpectationStatus if s in ExpectationStatus.decision_states
        ],
        widget=forms.RadioSelect,
    )


class GoalEditForm(forms.Form):
    what = forms.CharField(label=_("Goal"), max_length=300)
    why = forms.CharField(label=_("Why it matters"), required=False, max_length=3000, widget=TEXT)
    success_looks_like = forms.CharField(
        label=_("What success looks like"), required=False, max_length=3000, widget=TEXT
    )
    target_date = forms.DateField(label=_("Target date"), required=False, widget=DATE_INPUT)


class GoalForm(forms.Form):
    what = forms.CharField(label=_("Goal"), max_length=300)
    why = forms.CharField(label=_("Why it matters"), required=False, max_length=3000, widget=TEXT)
    success_looks_like = forms.CharField(
        label=_("What success looks like"), required=False, max_length=3000, widget=TEXT
    )
    target_date = forms.DateField(label=_("Target date"), required=False, widget=DATE_INPUT)

    def __init__(self, *args, relationship: Relationship, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"] = MemberChoiceField(
            relationship=relationship, roles=GOAL_ROLES, label=_("Whose goal")
        )
        self.order_fields(["owner"])


class GoalReviewForm(forms.Form):
    status = forms.ChoiceField(choices=GoalStatus.choices, label=_("Status"))
    note = forms.CharField(label=_("Progress"), max_length=3000, widget=TEXT)


class ActionForm(forms.Form):
    text = forms.CharField(label=_("Action"), max_length=500)
    due_on = forms.DateField(label=_("Due"), required=False, widget=DATE_INPUT)

    def __init__(self, *args, relationship: Relationship, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"] = MemberChoiceField(
            relationship=relationship, label=_("Who"), required=False
        )
        owner = cast(MemberChoiceField, self.fields["owner"])
        # Django keeps the list of members it was given (the stubs allow any kind of choices).
        owner.choices = [("", gettext("Both / all of us"))] + cast(list[Any], owner.choices)


class EndEarlyForm(forms.Form):
    reason = forms.CharField(
        required=False,
        max_length=3000,
        widget=TEXT,
        label=_("Reason (optional)"),
        help_text=_("Sent to the scheme's coordinator only; your partner does not see it."),
    )
    wants_rematch = forms.BooleanField(required=False, label=_("I'd like a new match"))
    confirm = forms.BooleanField(label=_("Yes, end this relationship now"))


class FacilitatorAnswerForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("accept", _("Accept")), ("decline", _("Decline"))],
        widget=forms.RadioSelect,
        label=_("Your answer"),
    )


class ConcernForm(forms.Form):
    message = forms.CharField(
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        label=_("Your concern"),
        help_text=_("Sent straight to the scheme's coordinators."),
    )


class MessageForm(forms.Form):
    body = forms.CharField(
        max_length=MESSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        label=_("Your message"),
        help_text=_(
            "Only the members of this relationship read it; never the coordinators or "
            "administrators (unless someone reports it)."
        ),
    )


class MessageReportForm(forms.Form):
    reason = forms.CharField(
        max_length=2000,
        required=False,
        widget=TEXT,
        label=_("What is wrong with it (optional)"),
        help_text=_(
            "The coordinators then read this message, and nothing else of your conversation."
        ),
    )


class SelfRatingForm(forms.Form):
    def __init__(self, *args, dimensions: list[EvaluationDimension], **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(i, str(i)) for i in range(RATING_MIN, RATING_MAX + 1)]
        for dimension in dimensions:
            self.fields[f"dim_{dimension.pk}"] = forms.TypedChoiceField(
                label=dimension.name,
                choices=choices,
                coerce=int,
                widget=forms.RadioSelect(attrs={"class": "form-check-inline"}),
                help_text=gettext("%(rating_min)s: low, %(rating_max)s: high")
                % {"rating_min": RATING_MIN, "rating_max": RATING_MAX},
            )

    def scores(self) -> dict[int, int]:
        return {int(k.removeprefix("dim_")): v for k, v in self.cleaned_data.items()}


class FeedbackForm(forms.Form):
    share_individually = forms.BooleanField(
        required=False,
        label=CONSENT,
        help_text=(
            _(
                "Your scores are only ever counted in the scheme's totals, over groups of at "
                "least five members; without this, so are your written answers."
            )
        ),
    )

    def __init__(self, *args, questions: list[FeedbackQuestion], **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        for question in questions:
            field = question_field(question)
            field.required = question.required
            self.fields[f"q_{question.pk}"] = field
        self.order_fields([f"q_{q.pk}" for q in questions])

    def answers(self) -> dict[str, object]:
        return {
            str(q.pk): answer_to_json(self.cleaned_data.get(f"q_{q.pk}")) for q in self.questions
        }
