"""Events with RSVPs and attendance, subscriptions (registered interest) and news."""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from import_export.admin import ExportMixin

from accounts.roles import user_is_administrator
from core.admin import LabelledTabularInline
from core.zones import local_with_zone

from ..admin_scoping import SchemeScopedAdminMixin
from ..forms import EventInviteForm
from ..models import EventAttendance, NewsItem, Scheme, SchemeEvent, Subscription
from ..resources import SubscriptionResource
from ..rules import filter_coordinated_by, schemes_coordinated_by
from ..selectors import people_of_schemes
from ..services import event_record_attendance
from ..services.events import NOT_STARTED, event_invite
from .news_actions import publish_news

if TYPE_CHECKING:
    from typing import TypedDict

    from django_stubs_ext.annotations import WithAnnotations

    class _EventCounts(TypedDict):
        """What ``SchemeEventAdmin.get_queryset`` annotates."""

        yes_count: int
        attended_total: int


SCHEME_FILTER = ("scheme", admin.RelatedOnlyFieldListFilter)


NOT_KNOWN = _(
    "Only someone who applied to this scheme, replied to one of its events or registered "
    "interest in it can be recorded at its events."
)


class AttendanceForm(forms.ModelForm):
    """Attendance (CPD hours) is credited only to the people the event's scheme knows
    (``schemes.selectors.people_of_schemes``), whatever id is posted, and only once the
    event has started."""

    def clean(self):
        super().clean()
        cleaned = self.cleaned_data
        user = cleaned.get("user")
        event = cleaned.get("event") or (self.instance.event if self.instance.event_id else None)
        if cleaned.get("attended") and event is not None and event.starts_at > timezone.now():
            self.add_error("attended", NOT_STARTED.format(event=event.title))
        if user is not None and event is not None:
            known = people_of_schemes(Scheme.objects.filter(pk=event.scheme_id))
            if not known.filter(pk=user.pk).exists():
                self.add_error("user", NOT_KNOWN)
        return cleaned


def _digits(value: object) -> int | None:
    return int(value) if isinstance(value, str) and value.isdigit() else None


def _event_scheme_id(request: HttpRequest, *, page_is_event: bool) -> int | None:
    """The scheme of the event whose attendance the page records, when the page says: the
    event's own page (or its add page's chosen scheme), or an attendance's page (or its add
    page's chosen event). None when it does not say yet."""
    match = request.resolver_match
    object_id = _digits(match.kwargs.get("object_id") if match else None)
    chosen = request.POST if request.method == "POST" else request.GET
    if page_is_event:
        if object_id is not None:
            return SchemeEvent.objects.filter(pk=object_id).values_list("scheme", flat=True).first()
        return _digits(chosen.get("scheme"))
    if object_id is not None:
        found = EventAttendance.objects.filter(pk=object_id).values_list("event__scheme", flat=True)
        return found.first()
    event_id = _digits(chosen.get("event"))
    if event_id is None:
        return None
    return SchemeEvent.objects.filter(pk=event_id).values_list("scheme", flat=True).first()


class AttendeeFieldMixin(SchemeScopedAdminMixin):
    """The person is chosen among the people of the event's scheme (of the user's schemes
    while the page does not name the event yet): no raw id, so no name behind an arbitrary
    id and no one else to credit, and a short list. Use with ``form = AttendanceForm``."""

    #: Whether the page is the event's own (the inline), not an attendance's.
    page_is_event = False

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "user":
            schemes = schemes_coordinated_by(user=request.user)
            scheme_id = _event_scheme_id(request, page_is_event=self.page_is_event)
            if scheme_id is not None:
                schemes = schemes.filter(pk=scheme_id)
            kwargs["queryset"] = people_of_schemes(schemes).order_by(
                "first_name", "last_name", "email"
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class EventAttendanceInline(AttendeeFieldMixin, LabelledTabularInline):
    model = EventAttendance
    form = AttendanceForm
    scheme_path = "event__scheme"
    page_is_event = True
    extra = 0
    fields = ("user", "rsvp", "attended", "updated_at")
    readonly_fields = ("updated_at",)


@admin.register(SchemeEvent)
class SchemeEventAdmin(SchemeScopedAdminMixin, admin.ModelAdmin):
    list_display = ("title", "scheme", "kind", "starts_display", "rsvp_yes", "attended_count")
    list_filter = (SCHEME_FILTER, "kind")
    list_select_related = ("scheme",)
    search_fields = ("title",)
    date_hierarchy = "starts_at"
    inlines = (EventAttendanceInline,)
    actions = ("mark_rsvps_attended", "invite_members")

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                yes_count=Count(
                    "attendances", filter=Q(attendances__rsvp=EventAttendance.Rsvp.YES)
                ),
                attended_total=Count("attendances", filter=Q(attendances__attended=True)),
            )
        )

    @admin.display(description=_("starts"), ordering="starts_at")
    def starts_display(self, obj: SchemeEvent) -> str:
        """In the viewer's zone, with the zone named (``core.zones.local_with_zone``)."""
        return local_with_zone(obj.starts_at, "D j M Y, H:i")

    @admin.display(description=_("said yes"), ordering="yes_count")
    def rsvp_yes(self, obj: WithAnnotations[SchemeEvent, _EventCounts]) -> int:
        return obj.yes_count

    @admin.display(description=_("attended"), ordering="attended_total")
    def attended_count(self, obj: WithAnnotations[SchemeEvent, _EventCounts]) -> int:
        return obj.attended_total

    @admin.action(
        description=_("Mark everyone who said yes to the selected events as attended"),
        permissions=["change"],
    )
    @transaction.atomic  # all the events or none: a busy database answers 503, nothing saved
    def mark_rsvps_attended(self, request, queryset):
        total, refused = 0, []
        for event in queryset:
            users = [
                a.user
                for a in event.attendances.filter(rsvp=EventAttendance.Rsvp.YES).select_related(
                    "user"
                )
            ]
            try:
                total += event_record_attendance(event=event, users=users)
            except ValidationError as exc:
                refused.extend(exc.messages)
        self.message_user(
            request,
            gettext("Recorded attendance for %(total)s people.") % {"total": total},
            messages.SUCCESS,
        )
        for message in refused:
            self.message_user(request, message, messages.WARNING)

    @admin.action(
        description=_("Invite members of the scheme (by role) to the selected events"),
        permissions=["change"],
    )
    def invite_members(self, request, queryset):
        """Ask which roles, then email each member of the event's scheme in those roles an
        invitation with the calendar file (once per member and event)."""
        form = EventInviteForm(request.POST if "roles_chosen" in request.POST else None)
        if form.is_bound and form.is_valid():
            for event in queryset.select_related("scheme"):
                try:
                    sent = event_invite(
                        event=event, roles=form.cleaned_data["roles"], by=request.user
                    )
                except ValidationError as exc:
                    self.message_user(request, " ".join(exc.messages), messages.WARNING)
                else:
                    self.message_user(
                        request,
                        gettext("%(title)s: %(sent)s invited.")
                        % {"title": event.title, "sent": sent},
                        messages.SUCCESS,
                    )
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Invite members to events"),
            "events": queryset,
            "form": form,
            "opts": self.model._meta,
            "action": "invite_members",
        }
        return TemplateResponse(request, "admin/schemes/schemeevent/invite.html", context)


@admin.register(EventAttendance)
class EventAttendanceAdmin(AttendeeFieldMixin, admin.ModelAdmin):
    form = AttendanceForm
    scheme_path = "event__scheme"
    list_display = ("user", "event", "rsvp", "attended", "updated_at")
    list_filter = (("event__scheme", admin.RelatedOnlyFieldListFilter), "rsvp", "attended")
    list_select_related = ("user", "event")
    search_fields = ("user__email", "user__first_name", "user__last_name", "event__title")
    actions = ("mark_attended",)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "event" and not user_is_administrator(user=request.user):
            kwargs["queryset"] = filter_coordinated_by(SchemeEvent.objects.all(), user=request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.action(description=_("Mark selected RSVPs as attended"), permissions=["change"])
    @transaction.atomic  # all the events or none: a busy database answers 503, nothing saved
    def mark_attended(self, request, queryset):
        by_event = defaultdict(list)
        for attendance in queryset.select_related("event", "user"):
            by_event[attendance.event].append(attendance.user)
        total = 0
        for event, users in by_event.items():
            try:
                total += event_record_attendance(event=event, users=users)
            except ValidationError as exc:
                self.message_user(request, " ".join(exc.messages), messages.WARNING)
        self.message_user(
            request, gettext("Marked %(total)s as attended.") % {"total": total}, messages.SUCCESS
        )


@admin.register(Subscription)
class SubscriptionAdmin(SchemeScopedAdminMixin, ExportMixin, admin.ModelAdmin):
    resource_classes = [SubscriptionResource]
    list_display = ("email", "name", "scheme", "interested_as", "wants_news", "created_at")
    list_filter = (SCHEME_FILTER, "interested_as", "wants_news")
    list_select_related = ("scheme",)
    search_fields = ("email", "name")
    raw_id_fields = ("user",)

    def get_export_resource_kwargs(self, request, **kwargs):
        return {**super().get_export_resource_kwargs(request, **kwargs), "user": request.user}


@admin.register(NewsItem)
class NewsItemAdmin(SchemeScopedAdminMixin, admin.ModelAdmin):
    list_display = ("title", "scheme", "published_at", "created_at")
    list_filter = (SCHEME_FILTER,)
    list_select_related = ("scheme",)
    search_fields = ("title", "body")
    readonly_fields = ("published_at",)
    actions = [publish_news]
