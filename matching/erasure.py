"""The matching part of erasure (``accounts.erasure``): proposals keep their members,
scores, statuses and dates; the written reasons drawn from the person's profile, their
reason for declining and their name in a run's list of the unmatched go."""

from __future__ import annotations

from accounts.erasure import ERASED_TEXT, ErasureSubject

from .models import MatchingRun, MentorRequest, Proposal, ProposalMember


def _reasons_emptied(reasons: list) -> list:
    """Each reason keeps its criterion and points; its sentences and the values they were
    worded from (``code``, ``params``: interests, countries, answers) go."""
    return [
        {
            **{k: v for k, v in r.items() if k not in ("code", "params")},
            "text": ERASED_TEXT,
            "plain": ERASED_TEXT,
        }
        if isinstance(r, dict)
        else ERASED_TEXT
        for r in reasons or []
    ]


def _requests_erased(subject: ErasureSubject) -> None:
    """A member-led request keeps its dates and status; the message the person wrote (as
    the mentee) and the decline reason they gave (as the mentor) go."""
    asked = MentorRequest.objects.filter(mentee_application__applicant=subject.user)
    subject.quoted(*asked.values_list("message", flat=True))
    subject.count("requests' messages", asked.exclude(message="").update(message=ERASED_TEXT))
    answered = MentorRequest.objects.filter(mentor_application__applicant=subject.user)
    subject.quoted(*answered.values_list("decline_reason", flat=True))
    subject.count(
        "requests' decline reasons",
        answered.exclude(decline_reason="").update(decline_reason=""),
    )


def erase(subject: ErasureSubject) -> None:
    _requests_erased(subject)
    members = ProposalMember.objects.filter(application__applicant=subject.user)
    subject.quoted(*members.values_list("response_reason", flat=True))
    subject.count(
        "proposal answers", members.exclude(response_reason="").update(response_reason="")
    )
    proposals = Proposal.objects.filter(members__application__applicant=subject.user).distinct()
    for proposal in proposals:
        Proposal.objects.filter(pk=proposal.pk).update(reasons=_reasons_emptied(proposal.reasons))
        subject.count("proposals' reasons", 1)
    applications = set(subject.user.applications.values_list("pk", flat=True))
    runs = MatchingRun.objects.filter(scheme__applications__pk__in=applications).distinct()
    for run in runs:
        unmatched = [
            {**e, "name": ERASED_TEXT}
            if isinstance(e, dict) and e.get("application") in applications
            else e
            for e in run.unmatched or []
        ]
        if unmatched != run.unmatched:
            MatchingRun.objects.filter(pk=run.pk).update(unmatched=unmatched)
            subject.count("matching runs' unmatched lists", 1)
