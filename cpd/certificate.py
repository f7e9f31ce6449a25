"""The certificate of participation in a completed relationship (a PDF drawn on the shared
``core.pdf.Document``), with the code its site confirms."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils.translation import gettext, ngettext

from core.pdf import Document

from .portfolio import fmt_date, fmt_hours


@dataclass
class Certificate:
    member_name: str
    role_label: str
    scheme_name: str
    started_on: date
    ended_on: date | None
    hours: Decimal
    sessions: int
    body: str = ""
    code: str = ""
    verify_url: str = ""
    issued_on: date | None = None


def certificate_pdf(c: Certificate) -> bytes:
    """A one-page certificate of participation in a completed relationship, naming the
    body that issues it and the code its site confirms at ``verify_url``."""
    pdf = Document(
        title=gettext("Certificate of participation: %(scheme_name)s")
        % {"scheme_name": c.scheme_name}
    )
    pdf.add_page(orientation="L")
    with pdf.artifact():
        pdf.set_line_width(1.2)
        pdf.rect(10, 10, pdf.w - 20, pdf.h - 20)
        pdf.set_line_width(0.3)
        pdf.rect(13, 13, pdf.w - 26, pdf.h - 26)
    pdf.ln(10)
    if c.body:
        pdf.centred(c.body, size=16, height=9, style="B")
        pdf.ln(4)
    pdf.centred(gettext("Certificate of participation"), size=28, height=14, style="B")
    pdf.ln(4)
    pdf.centred(gettext("This certifies that"), size=14, height=9)
    pdf.centred(c.member_name, size=22, height=14, style="B")
    lines = [
        gettext("took part as %(role)s in") % {"role": c.role_label.lower()},
        c.scheme_name,
        gettext("from %(started_on)s to %(ended_on)s")
        % {"started_on": fmt_date(c.started_on), "ended_on": fmt_date(c.ended_on)},
        ngettext(
            "%(sessions)s session, %(hours)s hours of mentoring",
            "%(sessions)s sessions, %(hours)s hours of mentoring",
            c.sessions,
        )
        % {"sessions": c.sessions, "hours": fmt_hours(c.hours)},
    ]
    for line in lines:
        pdf.centred(line, size=14, height=9)
    pdf.ln(8)
    if c.issued_on:
        pdf.centred(
            gettext("Issued on %(issued_on)s by %(body)s")
            % {"issued_on": fmt_date(c.issued_on), "body": c.body},
            size=11,
            height=7,
        )
    if c.code:
        pdf.centred(
            gettext("Verification code: %(code)s") % {"code": c.code}, size=11, height=7, style="B"
        )
        pdf.centred(
            gettext("Check it at %(verify_url)s") % {"verify_url": c.verify_url}, size=10, height=6
        )
    return pdf.render()
