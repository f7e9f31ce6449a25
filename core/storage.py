"""Where uploaded files live, and how a private one reaches the person allowed to read it.

The backend is chosen by settings (``STORAGE_BACKEND``): the local disk by default (a
docker-compose volume), or S3-compatible object storage through django-storages for a
deployment with several web replicas (AWS S3, MinIO, Ceph, a cloud provider's object store).
Either way no uploaded file has a public address: every download goes through a view that
checks who is asking first (CPD evidence: ``cpd.views.records.evidence_download``), then
streams the file or, on S3 when ``S3_PRESIGNED_REDIRECT`` is on, redirects to a link signed
for that one file that expires within a minute.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.http import FileResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.utils.http import content_disposition_header

if TYPE_CHECKING:
    from django.db.models.fields.files import FieldFile

S3_BACKEND = "storages.backends.s3.S3Storage"
# A signed link is handed over right after the access check and followed at once.
PRESIGNED_SECONDS = 60


def default_storage_config(env: Any) -> dict[str, Any]:
    """The ``STORAGES["default"]`` entry from the environment (django-environ's ``Env``).

    ``STORAGE_BACKEND=local`` (default): files under ``MEDIA_ROOT``. ``STORAGE_BACKEND=s3``:
    the bucket ``S3_BUCKET`` (required) at ``S3_ENDPOINT_URL`` (blank for AWS), in
    ``S3_REGION``, with ``S3_ACCESS_KEY_ID``/``S3_SECRET_ACCESS_KEY`` (blank: boto3's own
    chain, such as an instance role), under the key prefix ``S3_PREFIX``. Objects are private
    (no ACL grants anyone else), never overwritten, and any URL the storage makes is signed.
    """
    backend = env.str("STORAGE_BACKEND", default="local").strip().lower()
    if backend == "local":
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    if backend != "s3":
        raise ImproperlyConfigured(f"STORAGE_BACKEND={backend!r}: use 'local' or 's3'")
    bucket = env.str("S3_BUCKET", default="")
    if not bucket:
        raise ImproperlyConfigured("STORAGE_BACKEND=s3 needs S3_BUCKET")
    return {
        "BACKEND": S3_BACKEND,
        "OPTIONS": {
            "bucket_name": bucket,
            "endpoint_url": env.str("S3_ENDPOINT_URL", default="") or None,
            "region_name": env.str("S3_REGION", default="") or None,
            "access_key": env.str("S3_ACCESS_KEY_ID", default="") or None,
            "secret_key": env.str("S3_SECRET_ACCESS_KEY", default="") or None,
            "location": env.str("S3_PREFIX", default=""),
            "addressing_style": env.str("S3_ADDRESSING_STYLE", default="") or None,
            "signature_version": "s3v4",  # every region and MinIO accept it
            "default_acl": "private",
            "querystring_auth": True,
            "querystring_expire": PRESIGNED_SECONDS,
            "file_overwrite": False,
        },
    }


def private_file_response(
    file: FieldFile, *, filename: str, content_type: str, inline: bool = False
) -> HttpResponseBase:
    """The response for a stored file the caller has just checked the user may read.

    Streams the file through the app, or on S3 with ``S3_PRESIGNED_REDIRECT`` on, redirects
    to a short-lived signed link that makes the object store send the same headers (an
    attachment, or ``inline`` for a picture shown on a page; the recorded type). Never
    cached by a browser or a proxy.
    """
    if getattr(settings, "S3_PRESIGNED_REDIRECT", False) and _is_s3(file):
        url = file.storage.url(  # type: ignore[call-arg]
            file.name,
            parameters={
                "ResponseContentDisposition": content_disposition_header(not inline, filename),
                "ResponseContentType": content_type or "application/octet-stream",
            },
            expire=PRESIGNED_SECONDS,
        )
        response: HttpResponseBase = HttpResponseRedirect(url)
    else:
        response = FileResponse(
            file.open("rb"), as_attachment=not inline, filename=filename, content_type=content_type
        )
        response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def _is_s3(file: FieldFile) -> bool:
    storage_class = file.storage.__class__  # through default_storage's lazy wrapper
    return f"{storage_class.__module__}.{storage_class.__qualname__}" == S3_BACKEND
