"""Whether a programme template fits the scheme it is given: a cohort scheme runs from its
launch for its programme length, and a programme that runs longer would plan sessions after
the scheme has ended. One owner for the warning on the scheme page, its set-up checklist and
the message where the programme is chosen."""

from __future__ import annotations

from datetime import timedelta

from dateutil.relativedelta import relativedelta
from django.db.models import Max
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from schemes.models import Scheme

from .models import ProgrammeTemplate


def _weeks(days: int) -> str:
    weeks = -(-days // 7)  # a part week counts
    return ngettext("%(count)d week", "%(count)d weeks", weeks) % {"count": weeks}


def programme_overrun(*, template: ProgrammeTemplate | None, scheme: Scheme) -> str | None:
    """The warning when ``template`` runs past the end of ``scheme`` (launch plus its
    programme length), or None when it fits or the scheme has no end yet. The programme
    lasts its planned months or to its last step, whichever is later."""
    launch, end = scheme.launch_date, scheme.end_date
    if template is None or launch is None or end is None:
        return None
    last_step = template.steps.aggregate(last=Max("offset_days"))["last"] or 0
    finish = max(
        launch + relativedelta(months=template.duration_months),
        launch + timedelta(days=last_step),
    )
    if finish <= end:
        return None
    return _(
        "The programme “%(programme)s” runs %(programme_weeks)s, but the scheme runs "
        "%(scheme_weeks)s (%(launch)s to %(end)s): its last sessions would fall after the "
        "scheme ends. Choose a shorter programme or a longer programme length."
    ) % {
        "programme": template.name,
        "programme_weeks": _weeks((finish - launch).days),
        "scheme_weeks": _weeks((end - launch).days),
        "launch": date_format(launch, "j F Y"),
        "end": date_format(end, "j F Y"),
    }
