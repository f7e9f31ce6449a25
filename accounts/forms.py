from typing import cast

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Fieldset, Layout, Submit
from django import forms
from django.conf import settings
from django.core.validators import validate_email
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.zones import validate_zone, zone_names, zone_or_none

from .areas import area_choices
from .availability import AvailabilityError, codes_of, lines_of, parse_lines, windows_of
from .models import (
    MESSAGE_EMAIL_CHOICES,
    PROFILE_FIELDS,
    REQUIRED_KINDS,
    STAFF_KINDS,
    ContactChannel,
    ContactSettings,
    DigestFrequency,
    MessageEmails,
    NotificationKind,
    Profile,
)
from .photos import photo_prepare
from .profile_cards import ProfilePart


class EmailListField(forms.CharField):
    """Email addresses separated by commas or new lines."""

    widget = forms.Textarea(attrs={"rows": 2})

    def prepare_value(self, value):
        if isinstance(value, list):
            return ", ".join(value)
        return value

    # A list where CharField gives text: the text is parsed into its items.
    def to_python(self, value) -> list[str]:  # type: ignore[override]
        text = super().to_python(value) or ""
        items = [p.strip().lower() for p in text.replace("\n", ",").split(",")]
        return [p for p in items if p]

    def validate(self, value) -> None:
        bad = []
        for item in value:
            try:
                validate_email(item)
            except forms.ValidationError:
                bad.append(item)
        if bad:
            raise forms.ValidationError(
                gettext("Not a valid email address: %(addresses)s") % {"addresses": ", ".join(bad)}
            )


class CommaListField(forms.CharField):
    def prepare_value(self, value):
        if isinstance(value, list):
            return ", ".join(value)
        return value

    # A list where CharField gives text: the text is parsed into its items.
    def to_python(self, value) -> list[str]:  # type: ignore[override]
        text = super().to_python(value) or ""
        return [p.strip() for p in text.split(",") if p.strip()]


class AvailabilityField(forms.CharField):
    """Weekly windows, one a line ("Tuesday 18:00-20:00"), stored as codes ("tue
    18:00-20:00"); a bad line is an error naming it, and the text typed stays."""

    widget = forms.Textarea(attrs={"rows": 3})

    def prepare_value(self, value):
        if isinstance(value, list):
            return "\n".join(lines_of(windows_of(value)))
        return value

    # A list where CharField gives text: the text is parsed into its windows.
    def to_python(self, value) -> list[str]:  # type: ignore[override]
        text = super().to_python(value) or ""
        try:
            return codes_of(parse_lines(text.splitlines()))
        except AvailabilityError as exc:
            raise forms.ValidationError(str(exc)) from None


class AreaField(forms.MultipleChoiceField):
    """Checkboxes for the body's areas (``accounts.areas``). Call ``offer(keep=...)`` with
    the codes already chosen: a retired area among them stays offered and ticked, so saving
    the form never drops it; a retired area not chosen is not offered."""

    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(choices=area_choices, **kwargs)

    def offer(self, *, keep) -> None:
        self.choices = area_choices(keep=keep or ())


class TimeZoneField(forms.ChoiceField):
    """A select of the IANA zones that also takes any other name the tz database knows
    (browsers report aliases such as Asia/Calcutta). The JavaScript in
    ``static/js/time_zone_offer.js`` pre-selects the browser's zone while none is chosen."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Time zone"))
        super().__init__(choices=self.choices_with, **kwargs)
        self.widget.attrs["data-browser-zone"] = "offer"

    @staticmethod
    def choices_with() -> list[tuple[str, str]]:
        return [
            ("", gettext("Choose your time zone")),
            *((n, n.replace("_", " ")) for n in zone_names()),
        ]

    def valid_value(self, value) -> bool:
        return zone_or_none(value) is not None

    def validate(self, value) -> None:
        if value:
            validate_zone(value)
        super().validate(value)


def device_zone_button(select_id: str) -> str:
    """A button that fills the time zone select ``select_id`` with the device's zone: it
    only fills the field (saving the form saves it), so it is a plain ``type="button"``,
    hidden until ``static/js/time_zone_offer.js`` knows the zone to name."""
    return format_html(
        '<p class="mb-3"><button type="button" class="btn btn-sm btn-outline-secondary" '
        'data-device-zone="{}" hidden>{} <span data-time-zone-name></span></button></p>',
        select_id,
        gettext("Use my device's time zone:"),
    )


class TimeZoneForm(forms.Form):
    """The member's own zone, chosen from the banner that offers the browser's."""

    timezone = TimeZoneField()


class ProfileForm(forms.ModelForm):
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    expertise = AreaField(label=_("Areas of expertise"))
    availability = AvailabilityField(
        required=False,
        label=_("When you can meet each week"),
        help_text=_(
            "One window a line, in your own time zone: e.g. Tuesday 18:00-20:00, "
            "weekdays 07:30-08:30, Saturday 10:00-12:00. Matching and the session planner "
            "compare real hours across time zones."
        ),
    )
    interests = CommaListField(
        required=False,
        label=_("Interests"),
        help_text=_("Separate with commas, e.g. dementia care, research methods"),
    )
    languages = CommaListField(
        required=False, label=_("Languages"), help_text=_("Separate with commas")
    )
    timezone = TimeZoneField(
        required=False,
        help_text=_(
            "Times on the site and in your emails are shown in this zone, and times "
            "you type are read in it."
        ),
    )
    do_not_pair_with = EmailListField(
        required=False,
        label=_("People you must not be paired with"),
        help_text=_("Their email addresses, e.g. your line manager. Never shown to anyone else."),
    )
    photo = forms.FileField(
        required=False,
        label=_("Photo"),
        help_text=_(
            "Optional. A JPEG, PNG, WebP or GIF picture of up to 5 MB and 4000 pixels a side. "
            "We keep a small copy without the file's hidden details (such as where it was "
            "taken)."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
    photo_remove = forms.BooleanField(required=False, label=_("Remove my photo"))
    shown_before_match = forms.MultipleChoiceField(
        required=False,
        choices=ProfilePart.choices,
        widget=forms.CheckboxSelectMultiple,
        label=_("Shown to people proposed as your partners, before a match"),
        help_text=_(
            "Your name is always shown. Once you and your partners have all accepted, they see "
            "your whole profile. Each choice is recorded as a consent you can change at any "
            "time; anything you untick is hidden at once."
        ),
    )

    class Meta:
        model = Profile
        fields = (*PROFILE_FIELDS, "language")
        # Fields whose model has no translated verbose name (adding one needs a migration).
        labels = {
            "years_experience": _("Years of experience in the profession"),
            "membership_number": _("Membership number"),
            "job_title": _("Job title"),
            "registration_number": _("Registration number"),
            "career_stage": _("Career stage"),
            "preferred_mode": _("Preferred mode"),
            "profession": _("Profession"),
            "organisation": _("Organisation"),
            "country": _("Country"),
        }
        widgets = {"bio": forms.Textarea(attrs={"rows": 4, "data-char-limit": "600"})}

    def clean_photo(self):
        """The upload redrawn as a clean JPEG (``accounts.photos``), or None for no change."""
        upload = self.cleaned_data.get("photo")
        return photo_prepare(upload) if upload else None

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["first_name"].initial = user.first_name
        cast(AreaField, self.fields["expertise"]).offer(keep=self.instance.expertise)
        zone = self.instance.timezone
        if zone and zone not in zone_names():  # an alias the list does not show (Asia/Calcutta)
            field = self.fields["timezone"]
            assert isinstance(field, TimeZoneField)
            field.choices = [*TimeZoneField.choices_with(), (zone, zone)]
        self.fields["last_name"].initial = user.last_name
        self.fields["shown_before_match"].initial = list(self.instance.shown_before_match or ())
        if not self.instance.photo:
            del self.fields["photo_remove"]
        language = cast(forms.ChoiceField, self.fields["language"])
        language.choices = [("", gettext("The site's language")), *settings.LANGUAGES]
        for name in Profile.COMPLETE_FIELDS:
            self.fields[name].required = True
        typed = self.instance.country_as_entered if not self.instance.country else ""
        if typed:
            self.fields["country"].help_text = gettext(
                "You wrote “%(typed)s”, which is not on the list: choose your country."
            ) % {"typed": typed}
        self.helper = FormHelper()
        # The server says what is missing, beside each field and in the summary forms.js
        # puts first, rather than the browser's bubble on the first empty field alone.
        self.helper.attrs = {"novalidate": ""}
        self.helper.layout = Layout(
            Fieldset(
                _("About you"),
                "first_name",
                "last_name",
                "membership_number",
                "language",
                "bio",
                "photo",
                *(["photo_remove"] if "photo_remove" in self.fields else []),
            ),
            Fieldset(
                _("Your work"),
                "job_title",
                "profession",
                "registration_number",
                "organisation",
                "country",
                "timezone",
                HTML(device_zone_button("id_timezone")),
                "years_experience",
                "career_stage",
            ),
            Fieldset(_("What you bring and like"), "expertise", "interests", "languages"),
            Fieldset(_("How you can meet"), "availability", "preferred_mode"),
            Fieldset(_("Conflicts of interest"), "do_not_pair_with"),
            Fieldset(_("What people proposed as your partners see"), "shown_before_match"),
            Submit("save", _("Save profile")),
        )


def offered_kinds(*, staff: bool) -> list[NotificationKind]:
    """The kinds a person may turn off: the optional ones, without staff-only kinds for
    members (``STAFF_KINDS``)."""
    return [
        k for k in NotificationKind if k not in REQUIRED_KINDS and (staff or k not in STAFF_KINDS)
    ]


MESSAGES_FIELD = NotificationKind.MESSAGE_NEW.value


class EmailPreferencesForm(forms.Form):
    """One checkbox per optional kind of email; required kinds are listed, not offered.
    New messages are a choice of three instead (each, a daily digest, none): the one place
    a member chooses how they hear of them (``accounts.services.message_emails_set``)."""

    def __init__(
        self,
        *args,
        enabled: set[str],
        digest_frequency: str | None = None,
        staff: bool = False,
        message_emails: str = MessageEmails.EACH,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        for kind in offered_kinds(staff=staff):
            self.fields[kind.value] = forms.BooleanField(
                label=kind.label, required=False, initial=kind.value in enabled
            )
        # Not required: like the checkboxes, nothing chosen is no email.
        self.fields[MESSAGES_FIELD] = forms.ChoiceField(
            label=NotificationKind.MESSAGE_NEW.label,
            choices=MESSAGE_EMAIL_CHOICES,
            initial=message_emails,
            required=False,
            widget=forms.RadioSelect,
            help_text=_("The emails never carry the message: a link leads to the conversation."),
        )
        if digest_frequency is not None:
            self.fields["digest_frequency"] = forms.ChoiceField(
                choices=DigestFrequency.choices,
                initial=digest_frequency,
                label=_("How often should the coordinator digest come?"),
            )
        self.helper = FormHelper()
        self.helper.add_input(Submit("save", _("Save preferences")))


class ContactSettingsForm(forms.ModelForm):
    """What a member shares with their partners once every member has accepted. How they
    hear of new messages is on the email preferences page (``EmailPreferencesForm``)."""

    class Meta:
        model = ContactSettings
        fields = ("phone", "preferred_channel")
        labels = {"phone": _("Phone"), "preferred_channel": _("Preferred channel")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["phone"].widget.attrs["autocomplete"] = "tel"
        channel = cast(forms.ChoiceField, self.fields["preferred_channel"])
        channel.choices = [("", gettext("No preference")), *ContactChannel.choices]
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Fieldset(_("Shared with your partners"), "phone", "preferred_channel"),
            Submit("save", _("Save")),
        )
