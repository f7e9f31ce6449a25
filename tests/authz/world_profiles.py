"""The world's profiles: bios with markers and photos, and what each member shows before a
match (``accounts.profile_cards``), set through the real services.

M (E's partner in R) and E show nothing before a match; the rival on E's shortlist shows
nothing either, so E must not read the rival's bio; O shows their bio and photo, so E (who
chooses) reads them and O's own page shows them. After acceptance E reads M's whole profile
on R's page.
"""

from __future__ import annotations

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from accounts import services as account_services


def _photo() -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", (200, 200), "olive").save(out, format="JPEG")
    return SimpleUploadedFile("photo.jpg", out.getvalue(), content_type="image/jpeg")


def dress_profiles(*, bios: dict, shown: dict) -> None:
    """Give each user in ``bios`` (user -> marker text) a bio and a photo, and the parts in
    ``shown`` (user -> parts) shown before a match."""
    for user, text in bios.items():
        user.profile.bio = f"About me: {text}"
        user.profile.save(update_fields=["bio"])
        account_services.profile_photo_set(user=user, upload=_photo())
        account_services.profile_visibility_set(
            user=user, parts=shown.get(user, ()), source="authorization world"
        )
