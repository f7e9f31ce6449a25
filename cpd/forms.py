"""Portal forms of the CPD app. Choices of sessions, relationships, goals and events are
limited to the member's own."""

from __future__ import annotations

from datetime import date
from typing import cast

from crispy_forms.helper import FormHelper
from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import escape
from django.utils.text import format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.dates import validate_sane_past_date
from core.periods import DATE_INPUT, PeriodForm
from schemes.models import SchemeEvent
from sessions_log.models import Goal, Relationship, Session, SessionStatus
from sessions_log.rules import filter_member_of

from .models import MANUAL_TYPES, ActivityRole, Framework, Reflection, Standard
from .prompts import prompts_for
from .validators import (
    ALLOWED,
    EVIDENCE_HELP,
    STATEMENT_WORD_LIMIT,
    SUMMARY_WORD_LIMIT,
    validate_evidence_file,
    validate_word_limit,
    word_count,
)


def _date(value: date | None) -> str:
    """A date in the active language's format (the locale's own month names and order)."""
    return date_format(value, "DATE_FORMAT") if value else ""


def session_label(session: Session) -> str:
    """A held session in a list of choices: its scheme, number and date."""
    return gettext("%(scheme)s: session %(number)s on %(date)s") % {
        "scheme": session.relationship.scheme.name,
        "number": session.number,
        "date": _date(session.held_on),
    }


def relationship_label(relationship: Relationship) -> str:
    """A relationship in a list of choices: its scheme and when it started."""
    return gettext("%(scheme)s, from %(date)s") % {
        "scheme": relationship.scheme.name,
        "date": _date(relationship.started_on),
    }


def event_label(event: SchemeEvent) -> str:
    """An event in a list of choices: its scheme, title and date (two schemes may hold
    events of the same title on the same day)."""
    return gettext("%(scheme)s: %(title)s (%(date)s)") % {
        "scheme": event.scheme.name,
        "title": event.title,
        "date": _date(timezone.localtime(event.starts_at).date()),
    }


def _helper() -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False
    return helper


class StandardsField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj: Standard) -> str:
        return gettext("%(framework)s, %(standard)s") % {
            "framework": obj.framework.name,
            "standard": obj.label,
        }


def standards_field(**kwargs) -> StandardsField:
    return StandardsField(
        queryset=Standard.objects.select_related("framework"),
        required=False,
        label=_("Audit standards this activity meets"),
        **kwargs,
    )


class ReflectionForm(forms.Form):
    """Title, links, sharing and one text box per prompt of the chosen model."""

    title = forms.CharField(label=_("Title"), max_length=200)
    # The view picks the model (posted, linked or the default) and builds the prompts from
    # it; a hidden field the member cannot see must not be able to fail.
    model = forms.CharField(label=_("Reflective model"), required=False, widget=forms.HiddenInput)
    reflected_on = forms.DateField(label=_("Date"), widget=DATE_INPUT)
    # Every option says what it means (not "---------").
    session = forms.ModelChoiceField(
        label=_("Session"),
        queryset=Session.objects.none(),
        required=False,
        empty_label=_("No session"),
    )
    relationship = forms.ModelChoiceField(
        label=_("Relationship"),
        queryset=Relationship.objects.none(),
        required=False,
        empty_label=_("No relationship"),
    )
    goal = forms.ModelChoiceField(
        label=_("Goal"), queryset=Goal.objects.none(), required=False, empty_label=_("No goal")
    )
    event = forms.ModelChoiceField(
        label=_("Learning set or event"),
        queryset=SchemeEvent.objects.none(),
        required=False,
        empty_label=_("No event"),
    )
    shared_with_partner = forms.BooleanField(
        required=False,
        label=_("Share with my partner(s) in the linked relationship"),
        help_text=_("Otherwise only you can read it. Coordinators never can."),
    )

    def __init__(self, *args, user, model: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()
        self.fields["model"].initial = model
        session = cast(forms.ModelChoiceField, self.fields["session"])
        session.queryset = (
            filter_member_of(Session.objects.filter(status=SessionStatus.HELD), user=user)
            .select_related("relationship__scheme")
            .order_by("-held_on")
        )
        # Django calls the instance's own label_from_instance; the stubs know only the method.
        session.label_from_instance = session_label  # type: ignore[method-assign, assignment]
        relationship = cast(forms.ModelChoiceField, self.fields["relationship"])
        relationship.queryset = filter_member_of(
            Relationship.objects.all(), user=user, relationship_path=""
        ).select_related("scheme")
        relationship.label_from_instance = relationship_label  # type: ignore[method-assign, assignment]
        cast(forms.ModelChoiceField, self.fields["goal"]).queryset = filter_member_of(
            Goal.objects.filter(owner=user), user=user
        )
        event = cast(forms.ModelChoiceField, self.fields["event"])
        event.queryset = SchemeEvent.objects.filter(attendances__user=user).select_related("scheme")
        event.label_from_instance = event_label  # type: ignore[method-assign, assignment]
        for prompt in prompts_for(model):
            self.fields[f"entry_{prompt.key}"] = forms.CharField(
                label=prompt.heading,
                help_text=prompt.help,
                required=False,
                widget=forms.Textarea(attrs={"rows": 4}),
            )
        self.prompt_model = model

    def clean_model(self) -> str:
        return self.prompt_model

    def entries(self) -> dict[str, str]:
        return {
            p.key: self.cleaned_data.get(f"entry_{p.key}", "")
            for p in prompts_for(self.prompt_model)
        }


class ManualActivityForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    activity_type = forms.ChoiceField(label=_("Type"), choices=MANUAL_TYPES)
    role = forms.ChoiceField(
        label=_("Role"), choices=ActivityRole.choices, initial=ActivityRole.PARTICIPANT
    )
    # Checked here too (the model checks it again) so it is reported with the other fields.
    date = forms.DateField(label=_("Date"), widget=DATE_INPUT, validators=[validate_sane_past_date])
    hours = forms.DecimalField(
        label=_("Hours"), max_digits=5, decimal_places=2, min_value=0.25, max_value=500
    )
    description = forms.CharField(
        label=_("Description"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What you did and what you learned from it."),
    )
    evidence_file = forms.FileField(
        label=_("Evidence (optional)"),
        required=False,
        help_text=EVIDENCE_HELP,
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(f".{ext}" for ext in ALLOWED)}),
    )
    evidence_description = forms.CharField(
        label=_("What the evidence is"), max_length=200, required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["standards"] = standards_field()
        self.helper = _helper()

    def clean_evidence_file(self):
        upload = self.cleaned_data.get("evidence_file")
        if upload:
            validate_evidence_file(upload)
        return upload


class ManualActivityEditForm(ManualActivityForm):
    """The activity's own fields; evidence is added from its own page."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["evidence_file"], self.fields["evidence_description"]


class EvidenceForm(forms.Form):
    """Add evidence to an activity already in the record."""

    evidence_file = forms.FileField(
        label=_("Evidence"),
        help_text=EVIDENCE_HELP,
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(f".{ext}" for ext in ALLOWED)}),
    )
    evidence_description = forms.CharField(
        label=_("What the evidence is"), max_length=200, required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()

    def clean_evidence_file(self):
        upload = self.cleaned_data["evidence_file"]
        validate_evidence_file(upload)
        return upload


class StandardsForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["standards"] = standards_field()
        self.helper = _helper()


class PortfolioForm(PeriodForm):
    """The PDF portfolio: a period (both dates required) and the reflections to include in
    full."""

    reflections: forms.ModelMultipleChoiceField[Reflection] = forms.ModelMultipleChoiceField(
        label=_("Reflections"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Complete reflections to include in full."),
    )

    def __init__(self, *args, reflections, **kwargs):
        super().__init__(*args, required=True, **kwargs)
        self.helper = _helper()
        chosen = cast(forms.ModelMultipleChoiceField, self.fields["reflections"])
        chosen.queryset = reflections
        # Django calls the instance's own label_from_instance; the stubs know only the method.
        chosen.label_from_instance = lambda r: (  # type: ignore[method-assign, assignment]
            gettext("%(date)s: %(title)s") % {"date": _date(r.reflected_on), "title": r.title}
        )

    def for_page(self) -> PortfolioForm:
        """Shown on the export page: with no reflection to choose, the field says so
        rather than showing a label over nothing (one query; the download skips it)."""
        chosen = cast(forms.ModelMultipleChoiceField, self.fields["reflections"])
        if chosen.queryset is not None and not chosen.queryset.exists():
            chosen.help_text = gettext("No completed reflections yet.")
        return self


class CpdProfileForm(forms.Form):
    """The CPD profile: a summary of practice (up to 500 words) and a personal statement,
    one part per standard, up to 1,500 words in all. Counted while typing by
    static/js/word_count.js; refused here over a limit, keeping what was typed."""

    framework = forms.ModelChoiceField(
        queryset=Framework.objects.all(), label=_("Standards I am audited against")
    )
    summary_of_practice = forms.CharField(
        label=_("Summary of practice"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8, "data-word-limit": SUMMARY_WORD_LIMIT}),
        help_text=format_lazy(
            _(
                "Up to {limit} words: your role, the people you work with and "
                "the setting of your practice."
            ),
            limit=SUMMARY_WORD_LIMIT,
        ),
    )

    def __init__(self, *args, framework: Framework | None, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()
        self.standards = list(framework.standards.all()) if framework else []
        for standard in self.standards:
            self.fields[f"statement_{standard.pk}"] = forms.CharField(
                label=gettext("How you met standard %(number)s") % {"number": standard.number},
                help_text=escape(standard.text),  # printed as HTML; typed as text
                required=False,
                widget=forms.Textarea(
                    attrs={
                        "rows": 6,
                        "data-word-limit": STATEMENT_WORD_LIMIT,
                        "data-word-group": "statement",
                    }
                ),
            )

    def clean_summary_of_practice(self) -> str:
        text = self.cleaned_data["summary_of_practice"]
        validate_word_limit(text, limit=SUMMARY_WORD_LIMIT, what=gettext("The summary of practice"))
        return text

    def clean(self) -> dict:
        """The statement's parts together within the limit. Over it, the error goes beside
        its longest part (where shortening helps most), so the page opens on an error
        summary linking to it, as over the summary's own limit."""
        cleaned = super().clean() or {}
        parts = {f"statement_{s.pk}": cleaned.get(f"statement_{s.pk}", "") for s in self.standards}
        try:
            validate_word_limit(
                "\n".join(parts.values()),
                limit=STATEMENT_WORD_LIMIT,
                what=gettext("The personal statement (all parts)"),
            )
        except forms.ValidationError as error:
            longest = max(parts, key=lambda name: word_count(parts[name]))
            self.add_error(longest, error)
        return cleaned

    def statements(self) -> dict[int, str]:
        return {s.pk: self.cleaned_data.get(f"statement_{s.pk}", "") for s in self.standards}
