"""Static files (WhiteNoise) and uploads (the local disk or S3-compatible storage)."""

from pathlib import Path

from core.storage import default_storage_config

from .core import BASE_DIR, DEBUG, VAR_DIR, env, env_bool

# --- static files ---------------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise warns when it is missing
STATICFILES_DIRS = [BASE_DIR / "static"]
# Uploads (CPD evidence): the local disk under MEDIA_ROOT, or STORAGE_BACKEND=s3 for
# S3-compatible object storage (core.storage; docs/deployment.md). MEDIA_URL is never routed:
# files are served only through views that check who is asking.
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(VAR_DIR / "media")))
S3_PRESIGNED_REDIRECT = env_bool("S3_PRESIGNED_REDIRECT", False)
STORAGES = {
    "default": default_storage_config(env),
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if not DEBUG
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
