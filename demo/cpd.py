"""The named mentor's CPD profile, ready for an HCPC audit: profession and registration
number, a summary of practice, a statement against each standard, and a course with a PDF
certificate and a photo of notes as evidence (files drawn here, so nothing is shipped)."""

from __future__ import annotations

import io
from datetime import date, timedelta
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw

from accounts.models import User
from accounts.services import profile_update
from core.pdf import Document
from cpd.models import Framework
from cpd.services import cpd_profile_save, evidence_add, manual_activity_create

SUMMARY = (
    "I am a clinical lead occupational therapist in a community neurorehabilitation team, "
    "supervising four therapists and two assistants. I see adults after stroke or brain "
    "injury at home and in clinics, and I mentor early-career therapists through the "
    "body's mentoring scheme."
)
STATEMENTS = {
    1: "I keep my CPD record on this platform: sessions, events and courses as they happen.",
    2: "My CPD mixes mentoring, a supervision course, reading and peer review "
    "(evidence 2 and 3 show the course).",
    3: "The supervision course changed how I run supervision: shorter, more frequent and led "
    "by the supervisee's questions.",
    4: "Therapists I supervise now bring cases earlier, so patients wait less for a "
    "change of plan.",
}


def _certificate() -> bytes:
    pdf = Document(title="Certificate of attendance")
    pdf.add_page()
    pdf.ln(40)
    pdf.centred("Certificate of attendance", size=22, height=12, style="B")
    pdf.centred("Clinical supervision skills, two days", size=14, height=9)
    pdf.centred("Awarded to Margaret Ellison", size=14, height=9)
    return pdf.render()


def _notes() -> bytes:
    image = Image.new("RGB", (800, 500), "white")
    draw = ImageDraw.Draw(image)
    for n, line in enumerate(("Supervision plan", "1. Supervisee sets agenda", "2. Review")):
        draw.text((40, 40 + 60 * n), line, fill="black")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def cpd_portfolio(mentor: User, *, today: date) -> None:
    """Write the named mentor's CPD profile and a course with two pieces of evidence."""
    profile_update(
        user=mentor,
        data={"profession": "Occupational therapist", "registration_number": "OT61234"},
    )
    framework = Framework.objects.filter(name="HCPC standards for CPD").first()
    if framework is None:  # a body that removed the shipped framework
        return
    standards = {s.number: s for s in framework.standards.all()}
    cpd_profile_save(
        user=mentor,
        framework=framework,
        summary_of_practice=SUMMARY,
        statements={standards[n].pk: text for n, text in STATEMENTS.items() if n in standards},
    )
    course = manual_activity_create(
        user=mentor,
        title="Clinical supervision skills course",
        activity_type="course",
        role="participant",
        date=today - timedelta(days=40),
        hours=Decimal("12"),
        standards=[standards[n] for n in (2, 3, 4) if n in standards],
        evidence_file=SimpleUploadedFile(
            "supervision-certificate.pdf", _certificate(), content_type="application/pdf"
        ),
        evidence_description="Certificate of attendance",
    )
    evidence_add(
        user=mentor,
        activity=course,
        upload=SimpleUploadedFile("supervision-notes.png", _notes(), content_type="image/png"),
        description="My supervision plan from the course",
    )
