from django.conf import settings

from .zones import SESSION_KEY


def site(request) -> dict:
    """The site's name, and whether the signed-in member has chosen a time zone (when not,
    the page offers the browser's: ``static/js/time_zone_offer.js``)."""
    session = getattr(request, "session", None)
    user = getattr(request, "user", None)
    asks_zone = bool(
        user is not None
        and user.is_authenticated
        and session is not None
        and not session.get(SESSION_KEY)
    )
    return {"site_name": settings.SITE_NAME, "offer_time_zone": asks_zone}
