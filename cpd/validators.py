"""Checks on uploaded evidence: extension, declared content type, size and first bytes."""

from __future__ import annotations

from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

MAX_EVIDENCE_BYTES = 5 * 1024 * 1024
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
# extension -> (accepted content types, magic prefixes; None: any text)
ALLOWED: dict[str, tuple[frozenset[str], tuple[bytes, ...] | None]] = {
    "pdf": (frozenset({"application/pdf"}), (b"%PDF-",)),
    "png": (frozenset({"image/png"}), (b"\x89PNG\r\n\x1a\n",)),
    "jpg": (frozenset({"image/jpeg", "image/pjpeg"}), (b"\xff\xd8\xff",)),
    "jpeg": (frozenset({"image/jpeg", "image/pjpeg"}), (b"\xff\xd8\xff",)),
    "docx": (frozenset({DOCX, "application/zip"}), (b"PK\x03\x04",)),
    "txt": (frozenset({"text/plain"}), None),
}
# What a member may upload, said whole in each sentence (a translator words the list and the
# sentence together; the file formats' names stay as they are).
EVIDENCE_HELP = _("PDF, PNG, JPEG, Word (.docx) or plain text; at most 5 MB.")


def validate_evidence_file(upload) -> None:
    """Refuse files that are too big, of a type not listed, or whose content does not
    match their name (a renamed executable is not a PDF)."""
    if upload.size > MAX_EVIDENCE_BYTES:
        raise ValidationError(
            gettext("The file is %(size)s MB; the limit is 5 MB."),
            code="too_big",
            params={"size": f"{upload.size / 1024 / 1024:.1f}"},
        )
    if upload.size == 0:
        raise ValidationError(gettext("The file is empty."), code="empty")
    ext = PurePath(upload.name or "").suffix.lower().lstrip(".")
    if ext not in ALLOWED:
        raise ValidationError(
            gettext("Upload a PDF, PNG, JPEG, Word (.docx) or plain text file."),
            code="extension",
        )
    types, magics = ALLOWED[ext]
    content_type = (getattr(upload, "content_type", "") or "").split(";")[0].strip().lower()
    if content_type not in types:
        raise ValidationError(
            gettext("The file's type does not match its name (.%(ext)s)."),
            code="content_type",
            params={"ext": ext},
        )
    upload.seek(0)
    head = upload.read(2048)
    upload.seek(0)
    if magics is None:
        if b"\x00" in head:
            raise ValidationError(gettext("This is not a plain text file."), code="content")
    elif not any(head.startswith(m) for m in magics):
        raise ValidationError(
            gettext("The file's content does not match its name (.%(ext)s)."),
            code="content",
            params={"ext": ext},
        )


# The HCPC's limits for a CPD profile: a summary of practice up to 500 words and a personal
# statement up to 1,500. Words are counted as a word processor does (runs of non-space), the
# same way static/js/word_count.js counts them while the member writes.
SUMMARY_WORD_LIMIT = 500
STATEMENT_WORD_LIMIT = 1500


def word_count(text: str) -> int:
    return len(text.split())


def validate_word_limit(text: str, *, limit: int, what: str) -> None:
    count = word_count(text)
    if count > limit:
        raise ValidationError(
            gettext(
                "%(what)s is %(count)s words; the limit is %(limit)s. Shorten it by %(over)s "
                "words: nothing was saved, and what you typed is kept below."
            ),
            code="too_many_words",
            params={
                "what": what,
                "count": f"{count:,}",
                "limit": f"{limit:,}",
                "over": count - limit,
            },
        )
