"""Portal forms: applying to a scheme (core fields + the admin-built questions),
registering interest, RSVPs."""

from __future__ import annotations

from typing import Any, cast

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Fieldset, Layout, Submit
from django import forms
from django.utils.html import escape
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.forms import AreaField

from .models import Application, EventAttendance, QuestionBase, QuestionType, Role, Scheme

SAVE_DRAFT = "save_draft"
SUBMIT = "submit"

# A yes/no question's stored codes and what the member reads (the form and the answers).
YES_NO_CHOICES = (("yes", _("Yes")), ("no", _("No")))


def answer_display(question: QuestionBase, answer: Any) -> Any:
    """A stored answer as the member reads it: a yes/no code as its label, several choices
    joined; None or "" (no answer) as it is."""
    if isinstance(answer, list):
        return ", ".join(str(a) for a in answer)
    if question.type == QuestionType.YES_NO and answer in dict(YES_NO_CHOICES):
        return dict(YES_NO_CHOICES)[answer]
    return answer


def question_field(question: QuestionBase) -> forms.Field:
    """A form field for one admin-defined question (never required here: see ApplicationForm)."""
    # Django prints help_text as HTML; the administrator typed plain text.
    common: dict[str, Any] = {
        "label": question.label,
        "help_text": escape(question.help_text),
        "required": False,
    }
    choices = [(c, c) for c in question.choice_list]
    match question.type:
        case QuestionType.SHORT_TEXT:
            return forms.CharField(max_length=300, **common)
        case QuestionType.LONG_TEXT:
            return forms.CharField(
                max_length=5000, widget=forms.Textarea(attrs={"rows": 4}), **common
            )
        case QuestionType.SINGLE_CHOICE:
            return forms.ChoiceField(
                choices=[("", gettext("Choose an answer"))] + choices, **common
            )
        case QuestionType.MULTIPLE_CHOICE:
            return forms.MultipleChoiceField(
                choices=choices, widget=forms.CheckboxSelectMultiple, **common
            )
        case QuestionType.NUMBER:
            return forms.DecimalField(max_digits=12, decimal_places=2, **common)
        case QuestionType.YES_NO:
            return forms.TypedChoiceField(
                choices=YES_NO_CHOICES,  # no answer is no button chosen
                widget=forms.RadioSelect,
                **common,
            )
    raise ValueError(f"Unknown question type {question.type!r}")


def answer_to_json(value):
    """Store answers as JSON-friendly values (numbers as strings keep their precision)."""
    if value is None:
        return None
    if isinstance(value, list | tuple):
        return list(value)
    return str(value) if not isinstance(value, str) else value


class ApplicationForm(forms.Form):
    """The core questions and the scheme's own, for one role.

    Required-ness is enforced only on submit, so a draft can be saved half-filled; on any
    error the form is re-rendered bound, so nothing typed is lost.
    """

    goals_areas = AreaField(label=_("Areas you want to develop"))
    hopes = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=5000,
        label=_("What do you hope to get out of the scheme?"),
    )
    capacity = forms.IntegerField(
        min_value=1,
        max_value=10,
        required=False,
        label=_("How many mentees can you take?"),
        initial=1,
    )

    def __init__(self, *args, scheme: Scheme, role: str, questions, submitting: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.scheme = scheme
        self.role = role
        self.questions = list(questions)
        self.submitting = submitting
        goals = self.fields["goals_areas"]
        assert isinstance(goals, AreaField)
        goals.offer(keep=self.initial.get("goals_areas"))  # a retired area chosen stays
        if role == Role.MENTOR:
            # What a mentor offers is matched from their profile's areas of expertise (the
            # page shows them), and the areas a partner wants to develop are the mentee's:
            # a mentor's own would feed nothing.
            del self.fields["goals_areas"]
            self.fields["hopes"].label = gettext(
                "What would you like to give and get from mentoring?"
            )
        else:
            del self.fields["capacity"]
        for q in self.questions:
            self.fields[f"q_{q.pk}"] = question_field(q)
        for name in self.required_to_submit():
            # Marked before the first submit, in words (not an asterisk alone).
            self.fields[name].label = gettext("%(label)s (required)") % {
                "label": self.fields[name].label
            }
        self.helper = FormHelper()
        self.helper.form_tag = False
        core = ["hopes", "capacity"] if role == Role.MENTOR else ["goals_areas", "hopes"]
        self.helper.layout = Layout(
            Fieldset(gettext("About this application"), *core),
            Fieldset(
                gettext("The scheme's questions") if self.questions else "",
                *[f"q_{q.pk}" for q in self.questions],
            ),
        )

    def required_to_submit(self) -> list[str]:
        """The fields that need an answer before the application can be submitted."""
        core = ["hopes"] if self.role == Role.MENTOR else ["goals_areas", "hopes"]
        return core + [f"q_{q.pk}" for q in self.questions if q.required]

    @classmethod
    def initial_from(cls, application: Application) -> dict:
        initial = {
            "goals_areas": application.goals_areas,
            "hopes": application.hopes,
            "capacity": application.capacity,
        }
        for key, value in (application.answers or {}).items():
            initial[f"q_{key}"] = value
        return initial

    def clean(self):
        data = super().clean()
        assert data is not None  # Form.clean returns the cleaned data
        if not self.submitting:
            return data
        required = self.required_to_submit()
        if "goals_areas" in required and not data.get("goals_areas"):
            self.add_error("goals_areas", gettext("Choose at least one area you want to develop."))
        if not (data.get("hopes") or "").strip():
            self.add_error(
                "hopes",
                gettext("Tell us what you would like to give and get from mentoring.")
                if self.role == Role.MENTOR
                else gettext("Tell us what you hope to get out of the scheme."),
            )
        for q in self.questions:
            name = f"q_{q.pk}"
            if name in required and name not in self.errors and data.get(name) in (None, "", []):
                self.add_error(name, gettext("This question needs an answer before you submit."))
        return data

    def application_data(self) -> dict:
        """Cleaned values split into model fields and the answers dictionary."""
        data = self.cleaned_data
        values = {
            "hopes": data.get("hopes") or "",
            "capacity": data.get("capacity") or 1,
            "answers": {str(q.pk): answer_to_json(data.get(f"q_{q.pk}")) for q in self.questions},
        }
        if "goals_areas" in self.fields:  # a mentor's form has none: nothing to overwrite
            values["goals_areas"] = data.get("goals_areas") or []
        return values


class StartApplicationForm(forms.Form):
    role = forms.ChoiceField(widget=forms.RadioSelect, label=_("Apply as"))

    def __init__(self, *args, scheme: Scheme, roles: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["role"]).choices = [
            (r, scheme.role_label(r)) for r in roles
        ]
        # A single role is no choice: it is chosen and said in words, not a radio to tick.
        self.only_role_label = scheme.role_label(roles[0]) if len(roles) == 1 else ""
        # A posted role that is not the one offered keeps the radio, so its error is shown.
        if self.only_role_label and self.data.get("role", roles[0]) == roles[0]:
            self.fields["role"].initial = roles[0]
            self.fields["role"].widget = forms.HiddenInput()
        self.helper = FormHelper()
        self.helper.add_input(Submit("start", gettext("Start application")))


class SubscriptionForm(forms.Form):
    name = forms.CharField(max_length=120, required=False, label=_("Name"))
    email = forms.EmailField(label=_("Email"))
    interested_as = forms.ChoiceField(required=False, label=_("I would be interested as"))
    wants_news = forms.BooleanField(
        required=False, initial=True, label=_("Send me news of this scheme")
    )

    def __init__(self, *args, scheme: Scheme, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["interested_as"]).choices = [
            ("", gettext("Not sure yet"))
        ] + [(r, scheme.role_label(r)) for r in scheme.roles]
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Div("name", "email", "interested_as", "wants_news"),
            Submit(
                "register",
                gettext("Subscribe to news") if scheme.is_open else gettext("Register interest"),
            ),
        )


class SubscriptionChoicesForm(SubscriptionForm):
    """The confirmation page's form: the address's owner sees the choices of the request
    that reached them and saves their own, so whoever asked first that day (one email a
    day per scheme and address) cannot decide what the only link saves."""

    def __init__(self, *args: Any, scheme: Scheme, **kwargs: Any):
        super().__init__(*args, scheme=scheme, **kwargs)
        del self.fields["email"]  # the link's: only the owner of the address opens it
        self.helper.layout = Layout(
            Div("name", "interested_as", "wants_news"), Submit("confirm", gettext("Confirm"))
        )

    @classmethod
    def from_request(cls, wanted: dict[str, Any], *, scheme: Scheme, data=None):
        """The form for a confirmation link's request (``reminders.subscription_confirm_read``)."""
        initial = {
            "name": wanted["name"],
            "interested_as": wanted["as"],
            "wants_news": wanted["news"],
        }
        return cls(data, scheme=scheme, initial=initial)

    def request(self, wanted: dict[str, Any]) -> dict[str, Any]:
        """The request to save: the link's address with the choices submitted here."""
        data = self.cleaned_data
        return {
            **wanted,
            "name": data["name"],
            "as": data["interested_as"],
            "news": data["wants_news"],
        }


class RsvpForm(forms.Form):
    rsvp = forms.ChoiceField(choices=EventAttendance.Rsvp.choices, label=_("Your reply"))


class PreparationForm(forms.Form):
    code_of_conduct_accepted = forms.BooleanField(
        label=_("I have read the preparation above and I accept the code of conduct."),
        error_messages={
            "required": _("Tick the box to confirm you have read and accept the code of conduct.")
        },
    )


class EventInviteForm(forms.Form):
    """The admin's bulk invitation: the roles of the event's scheme to invite."""

    roles = forms.MultipleChoiceField(
        label=_("Roles"),
        choices=Role.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one role to invite.")},
    )
