"""Forms of flash mentoring: a mentor's slot, a mentee's booking note, the expertise filter."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import FLASH_MINUTES_MAX, FLASH_MINUTES_MIN, FLASH_NOTE_MAX, FlashMode


class FlashSlotForm(forms.Form):
    starts_at = forms.DateTimeField(
        label=_("Date and time"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )
    duration_minutes = forms.IntegerField(
        label=_("Length in minutes"),
        min_value=FLASH_MINUTES_MIN,
        max_value=FLASH_MINUTES_MAX,
        initial=30,
        help_text=_("From 20 to 60 minutes."),
    )
    mode = forms.ChoiceField(
        label=_("How"),
        choices=FlashMode.choices,
        initial=FlashMode.ONLINE,
        widget=forms.RadioSelect,
    )
    location = forms.CharField(
        label=_("Meeting link or place"),
        max_length=300,
        help_text=_("Online: the meeting link. In person: the place. Sent once booked."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Read in the active zone: the mentor's own (MemberTimeZoneMiddleware).
        self.fields["starts_at"].help_text = _(
            "In your time zone, %(zone)s: each mentee sees it in their own."
        ) % {"zone": timezone.get_current_timezone_name()}


class FlashBookForm(forms.Form):
    note = forms.CharField(
        label=_("What would you like to talk about?"),
        max_length=FLASH_NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("A few lines for the mentor only (500 characters at most)."),
    )


class FlashFilterForm(forms.Form):
    area = forms.ChoiceField(
        label=_("Area of expertise"),
        required=False,
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    def __init__(self, *args: Any, areas: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["area"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", _("Any area")), *areas]
