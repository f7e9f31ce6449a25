"""The review page of a matching run, for schemes of thousands of applicants.

A page of proposals at a time (``PER_PAGE``), each proposal awaiting approval with its own
small form: a choice among its own members and one text field for the replacement, which
the page's script (``matching/static/matching/review.js``) completes from ``candidates_view``
(a JSON list of at most ``CANDIDATES`` of the scheme's accepted applicants). Staff approve
the proposals they tick, or all awaiting approval, through ``services.run_approve``. The
page's queries do not grow with the number of proposals or applicants.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from accounts.areas import area_labels
from accounts.availability import spans_text
from accounts.http import AuthenticatedHttpRequest
from schemes.models import Application, Role, Scheme

from . import scoring, selectors, services
from .forms import OverrideForm
from .models import MatchingRun, Proposal, ProposalMember, ProposalStatus, RunStatus
from .profiles import staff_cards

if TYPE_CHECKING:
    from django.contrib.admin import ModelAdmin

    _Admin = ModelAdmin[MatchingRun]
else:
    _Admin = object

PER_PAGE = 50  # proposals on a page
UNMATCHED_PER_PAGE = 100
CANDIDATES = 20  # suggestions the autocomplete offers at a time


def _ids(values: list[str]) -> list[int]:
    """The integer ids among posted values (anything else is ignored)."""
    return [int(v) for v in values if v.isdigit() and len(v) < 12]


def _proposals_holding(run: MatchingRun, application_ids: list[int]) -> dict[int, int]:
    """The proposal of ``run`` (not rejected or superseded) that each application is
    already in, by application id: choosing such a person moves them (one query)."""
    rows = ProposalMember.objects.filter(
        proposal__run=run,
        application_id__in=application_ids,
        proposal__status__in=ProposalStatus.holding_states,
    ).values_list("application_id", "proposal_id")
    return dict(rows)


def _candidate_label(application: Application, proposal_id: int | None) -> str:
    """Name, email and role, so that namesakes can be told apart, and where they are now."""
    applicant = application.applicant
    label = gettext("%(display_name)s <%(email)s> (%(role)s)") % {
        "display_name": applicant.display_name,
        "email": applicant.email,
        "role": application.get_role_display().lower(),
    }
    return (
        gettext("%(label)s, now in proposal #%(proposal_id)s")
        % {"label": label, "proposal_id": proposal_id}
        if proposal_id
        else label
    )


def _add_emails(entries: list[dict], *, scheme: Scheme) -> None:
    """Give each unmatched entry of a page its applicant's email (one query a page), so
    that namesakes can be told apart, and its role's label in the scheme (the run stores
    the role's code)."""
    ids = [e["application"] for e in entries if e.get("application")]
    emails = dict(Application.objects.filter(pk__in=ids).values_list("pk", "applicant__email"))
    for entry in entries:
        entry["email"] = emails.get(entry.get("application") or 0, "")
        role = entry.get("role") or ""
        entry["role_label"] = scheme.role_label(role) if role in Role.values else role


def _staff_reasons(proposal: Proposal, zone: ZoneInfo) -> list[dict]:
    """Every factor of the proposal's score as staff read it, the hours in common named
    in ``zone`` (the reviewer's) with the zone's name: "8 hours a week in common:
    Tuesday 19:00–21:00 your time (Europe/Paris)"."""
    stored = [r for r in proposal.reasons or [] if isinstance(r, Mapping)]
    rows = scoring.staff_reasons(stored)
    for row, reason in zip(rows, stored, strict=True):
        instants = _instants(reason.get("common"))
        if instants:  # spans_text names the reviewer's zone
            times = spans_text(instants, zone)
            row["text"] = gettext("%(reason)s: %(times)s") % {"reason": row["text"], "times": times}
    return rows


def _instants(common: Any) -> list[tuple[datetime, datetime]]:
    """A reason's stored times in common as aware instants; none when they cannot be
    read (the reason is then shown without them)."""
    try:
        found = [(datetime.fromisoformat(a), datetime.fromisoformat(b)) for a, b in common or ()]
    except (TypeError, ValueError):
        return []
    return found if all(a.tzinfo and b.tzinfo for a, b in found) else []


def _zone_label(member: ProposalMember) -> str:
    """The member's time zone by name, or the site's when they have not chosen one."""
    profile = getattr(member.application.applicant, "profile", None)
    name = profile.timezone if profile is not None else ""
    if name:
        return name
    return gettext("not chosen (the site's: %(zone)s)") % {"zone": settings.TIME_ZONE}


def _superseded(run: MatchingRun, count: int) -> dict[str, Any]:
    """``count`` of ``run``'s proposals a later run superseded (``services.runs``: a run
    that finishes supersedes every earlier proposal still awaiting approval), and that run."""
    if not count:
        return {"superseded": 0}
    later = (
        MatchingRun.objects.filter(scheme_id=run.scheme_id, pk__gt=run.pk)
        .exclude(finished_at=None)
        .order_by("pk")
        .first()
    )
    return {"superseded": count, "superseded_by": later}


class RunReviewAdminMixin(_Admin):
    """The review and candidates views of ``MatchingRunAdmin`` (its URLs name them)."""

    def _run(self, request: AuthenticatedHttpRequest, pk: int) -> MatchingRun:
        if not request.user.has_perm("matching.view_matchingrun"):
            raise PermissionDenied
        run = self.get_queryset(request).filter(pk=pk).select_related("scheme").first()
        if run is None:
            raise Http404(gettext("No such run."))
        return run

    def candidates_view(self, request: AuthenticatedHttpRequest, pk: int) -> JsonResponse:
        """Accepted applicants of the run's scheme whose name or email starts with ``q``, in
        the role of the proposal member ``member`` (any role without it)."""
        run = self._run(request, pk)
        wanted = _ids([request.GET.get("member", "")])
        member = (
            ProposalMember.objects.filter(proposal__run=run, pk__in=wanted)
            .select_related("application")
            .first()
        )
        found = selectors.replacement_candidates(
            scheme=run.scheme,
            role=member.application.role if member else None,
            query=request.GET.get("q", "")[:100],
        )[:CANDIDATES]
        candidates = list(found)
        placed = _proposals_holding(run, [a.pk for a in candidates])
        results = [
            {"value": a.applicant.email, "label": _candidate_label(a, placed.get(a.pk))}
            for a in candidates
        ]
        return JsonResponse({"results": results})

    def progress_view(self, request: AuthenticatedHttpRequest, pk: int) -> JsonResponse:
        """The run's status and progress, polled by the review page while the run works
        (static/js/run_progress.js) instead of the page refreshing itself."""
        run = self._run(request, pk)
        return JsonResponse(
            {
                "status": run.get_status_display(),
                "progress": run.progress,
                "running": run.status in RunStatus.unfinished_states,
            }
        )

    def review_view(self, request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
        run = self._run(request, pk)
        preview, forms = None, {}
        if request.method == "POST":
            if not request.user.has_perm("matching.change_matchingrun"):
                raise PermissionDenied
            response, preview, forms = self._review_post(request, run)
            if response is not None:
                return response
        context = {
            **self.admin_site.each_context(request),
            **self._review_context(request, run, forms),
            "title": gettext("Review matching run #%(pk)s: %(scheme)s")
            % {"pk": run.pk, "scheme": run.scheme},
            "opts": self.model._meta,
            "run": run,
            "preview": preview,
        }
        return TemplateResponse(request, "matching/admin/run_review.html", context)

    def _review_context(
        self, request: AuthenticatedHttpRequest, run: MatchingRun, forms: dict[int, OverrideForm]
    ) -> dict[str, Any]:
        shown = run.proposals.exclude(status=ProposalStatus.SUPERSEDED)
        superseded = Q(status=ProposalStatus.SUPERSEDED)
        counts = run.proposals.aggregate(
            total=Count("pk", filter=~superseded),
            awaiting=Count("pk", filter=Q(status=ProposalStatus.PROPOSED)),
            superseded=Count("pk", filter=superseded),
        )
        members = ProposalMember.objects.select_related("application__applicant__profile")
        proposals = shown.prefetch_related(Prefetch("members", queryset=members)).order_by(
            "kind", "-score", "pk"
        )
        page = Paginator(proposals, PER_PAGE).get_page(request.GET.get("page"))
        page.paginator.count = counts["total"]  # known already: spare the COUNT query
        url = reverse("admin:matching_matchingrun_candidates", kwargs={"pk": run.pk})
        can_change = request.user.has_perm("matching.change_matchingrun")
        labels = area_labels()
        zone = timezone.get_current_timezone()  # the reviewer's
        rows = [
            {
                "proposal": p,
                # The run is the reviewer's (``_run``: scoped to the schemes they coordinate).
                "cards": [
                    {**card, "zone": _zone_label(card["member"])}
                    for card in staff_cards(proposal=p, labels=labels)
                ],
                "reasons": _staff_reasons(p, zone),
                "form": forms.get(p.pk)
                or (
                    OverrideForm(proposal=p, prefix=f"p{p.pk}")
                    if can_change and p.status == ProposalStatus.PROPOSED
                    else None
                ),
            }
            for p in page.object_list
        ]
        unmatched = Paginator(run.unmatched or [], UNMATCHED_PER_PAGE).get_page(
            request.GET.get("unmatched")
        )
        unmatched.object_list = entries = list(unmatched.object_list)
        _add_emails(entries, scheme=run.scheme)
        return {
            "rows": rows,
            "page": page,
            "unmatched": unmatched,
            "total": counts["total"],
            "awaiting": counts["awaiting"],
            "running": run.status in RunStatus.unfinished_states,
            "can_change": can_change,
            "candidates_url": url,
            "requests_waiting": (
                selectors.mentor_requests_waiting(scheme_id=run.scheme_id)
                if counts["awaiting"]
                else 0
            ),
            **_superseded(run, counts["superseded"]),
        }

    def _approve(self, request: AuthenticatedHttpRequest, run: MatchingRun) -> None:
        """Approve every proposal awaiting approval ("approve") or the ticked ones
        ("approve_selected")."""
        chosen = None
        if request.POST.get("action") == "approve_selected":
            chosen = _ids(request.POST.getlist("proposals"))
            if not chosen:
                raise ValidationError(
                    gettext("Tick the proposals to approve, or approve them all.")
                )
        approved = services.run_approve(run=run, by=request.user, proposal_ids=chosen)
        messages.success(
            request,
            gettext("%(count)s proposals approved; members emailed.") % {"count": len(approved)},
        )

    def _approve_confirmation(
        self, request: AuthenticatedHttpRequest, run: MatchingRun
    ) -> TemplateResponse:
        """ "Approve all" emails every member of every proposal awaiting approval: the page
        says how many first, and only its "Yes" (``confirm=yes``) approves."""
        awaiting = run.proposals.filter(status=ProposalStatus.PROPOSED)
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Approve every proposal of run #%(pk)s?") % {"pk": run.pk},
            "opts": self.model._meta,
            "run": run,
            "proposals": awaiting.count(),
            "members": ProposalMember.objects.filter(proposal__in=awaiting).count(),
        }
        return TemplateResponse(request, "matching/admin/approve_confirm.html", context)

    def _review_post(self, request: AuthenticatedHttpRequest, run: MatchingRun):
        action = request.POST.get("action")
        here = request.get_full_path()
        try:
            if action == "approve" and request.POST.get("confirm") != "yes":
                return self._approve_confirmation(request, run), None, {}
            if action in ("approve", "approve_selected"):
                self._approve(request, run)
                return redirect(here), None, {}
            proposal = (
                run.proposals.filter(pk__in=_ids([request.POST.get("proposal", "")]))
                .prefetch_related("members__application__applicant")
                .first()
            )
            if proposal is None:
                raise Http404(gettext("No such proposal in this run."))
            if action == "reject":
                services.proposal_reject(proposal=proposal, by=request.user)
                messages.success(
                    request, gettext("Proposal #%(pk)s rejected.") % {"pk": proposal.pk}
                )
                return redirect(here), None, {}
            return self._override(request, proposal, here)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect(here), None, {}

    def _override(self, request: AuthenticatedHttpRequest, proposal: Proposal, here: str):
        form = OverrideForm(request.POST, proposal=proposal, prefix=f"p{proposal.pk}")
        action = request.POST.get("action")
        if action not in ("preview", "override") or not form.is_valid():
            return None, None, {proposal.pk: form}
        member, application = form.cleaned_data["member"], form.cleaned_data["application"]
        if action == "preview":
            changes = services.override_preview(
                proposal=proposal, member=member, application=application
            )
            return (
                None,
                {"form": form, "changes": changes, "proposal": proposal},
                {proposal.pk: form},
            )
        before = proposal.score
        replaced = member.application.applicant.display_name
        services.proposal_override(
            proposal=proposal, member=member, application=application, by=request.user
        )
        proposal.refresh_from_db(fields=["score"])
        messages.success(
            request,
            gettext(
                "Proposal #%(pk)s changed: %(display_name)s replaces "
                "%(replaced)s; its score is now %(score)s (was %(before)s)."
            )
            % {
                "pk": proposal.pk,
                "display_name": application.applicant.display_name,
                "replaced": replaced,
                "score": proposal.score,
                "before": before,
            },
        )
        return redirect(here), None, {}
