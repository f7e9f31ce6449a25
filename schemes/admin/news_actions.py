"""The admin action that publishes news items and emails them to the scheme's subscribers."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ..reminders import news_item_publish


@admin.action(description=_("Publish and email to subscribers"), permissions=["change"])
@transaction.atomic  # all the items or none: a busy database answers 503, nothing saved
def publish_news(modeladmin, request, queryset):
    """Publish each selected item (already published ones are reported, not re-sent)."""
    sent = published = 0
    for item in queryset.select_related("scheme"):
        try:
            sent += news_item_publish(item=item, by=request.user)
        except ValidationError as exc:
            modeladmin.message_user(request, " ".join(exc.messages), messages.WARNING)
            continue
        published += 1
    if published:
        modeladmin.message_user(
            request,
            gettext(
                "Published %(published)s news item(s); %(sent)s email(s) queued to subscribers."
            )
            % {"published": published, "sent": sent},
            messages.SUCCESS,
        )
