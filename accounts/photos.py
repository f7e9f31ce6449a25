"""Profile photos: an upload is checked and redrawn before anything is stored.

A photo is opened with Pillow under limits (file size, pixel count: a decompression bomb is
refused before it is decoded), then redrawn as a new JPEG of at most ``PHOTO_EDGE`` pixels a
side. The new file carries no metadata from the upload (EXIF, GPS position, camera, comments)
because only the pixels are copied, and it is saved under a random name, so neither the
member's file name nor their user id appears in storage. The file is read only through the
access-checked view ``matching.views_profiles.profile_photo``.
"""

from __future__ import annotations

import io
import secrets
import warnings

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_PHOTO_BYTES = 5 * 1024 * 1024
MAX_PHOTO_SIDE = 4000
MAX_PHOTO_PIXELS = MAX_PHOTO_SIDE * MAX_PHOTO_SIDE
PHOTO_EDGE = 512
PHOTO_FORMATS = ("JPEG", "PNG", "WEBP", "GIF")
PHOTO_CONTENT_TYPE = "image/jpeg"


def photo_prepare(upload: UploadedFile) -> ContentFile:
    """A clean JPEG of ``upload`` under a random name, or a ``ValidationError`` saying what
    is wrong (too large, not a picture, damaged, too many pixels)."""
    if upload.size is not None and upload.size > MAX_PHOTO_BYTES:
        raise ValidationError(
            _("The photo is %(size)s MB; the limit is 5 MB."),
            code="too_big",
            params={"size": f"{upload.size / 1024 / 1024:.1f}"},
        )
    image = _open(upload)
    image = ImageOps.exif_transpose(image)  # upright as the camera meant, then forgotten
    image.thumbnail((PHOTO_EDGE, PHOTO_EDGE))
    clean = Image.new("RGB", image.size, "white")
    rgba = image.convert("RGBA")
    clean.paste(rgba, mask=rgba.getchannel("A"))
    out = io.BytesIO()
    clean.save(out, format="JPEG", quality=85, optimize=True)  # no exif, no icc, no comment
    return ContentFile(out.getvalue(), name=f"{secrets.token_urlsafe(24)}.jpg")


def _open(upload: UploadedFile) -> Image.Image:
    """The decoded picture, its size checked from the header before any pixel is decoded."""
    upload.seek(0)
    data = upload.read()
    not_a_photo = ValidationError(
        _("This file is not a photo we can read: upload a JPEG, PNG, WebP or GIF picture."),
        code="not_image",
    )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data), formats=PHOTO_FORMATS)
            width, height = image.size
            if width > MAX_PHOTO_SIDE or height > MAX_PHOTO_SIDE:
                raise ValidationError(
                    _(
                        "The photo is %(width)s × %(height)s pixels; the limit is "
                        "%(limit)s pixels a side."
                    ),
                    code="too_many_pixels",
                    params={"width": width, "height": height, "limit": MAX_PHOTO_SIDE},
                )
            image.load()
    except (Image.DecompressionBombWarning, Image.DecompressionBombError) as exc:
        raise ValidationError(
            _("The photo has too many pixels to open safely; please upload a smaller one."),
            code="too_many_pixels",
        ) from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise not_a_photo from exc
    return image
