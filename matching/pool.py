"""The eligible pool of a scheme and its score matrix (reads only).

Eligible for a run: applications with status ACCEPTED that hold no place yet (mentors: with
places left under their capacity), eligible by the scheme's experience rule, and with
preparation complete when the scheme requires it. Everyone else accepted is reported with
the reason they are not in the pool.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace

import numpy as np
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext, ngettext

from accounts.areas import area_labels
from accounts.countries import country_name
from accounts.models import CAREER_STAGE_ORDER, Profile
from accounts.organisations import organisation_key
from schemes.models import Application, ApplicationStatus, Question, Role, Scheme, SchemeKind
from schemes.selectors import preparation_completed_by, preparation_role
from schemes.services import eligibility_error

from . import scoring
from .models import MatchingSettings, ProposalKind, ProposalMember, ProposalStatus
from .scoring import arrays
from .scoring.questions import QuestionFactor, answer_from, factor_key
from .selectors import places_by_application
from .services.settings import matching_settings_create


@dataclass
class Pool:
    scheme: Scheme
    weights: scoring.Weights
    mentors: list[Application] = field(default_factory=list)
    mentees: list[Application] = field(default_factory=list)
    peers: list[Application] = field(default_factory=list)
    remaining: dict[int, int] = field(default_factory=dict)  # mentor application id -> places
    candidates: dict[int, scoring.Candidate] = field(default_factory=dict)
    declined: set[frozenset[int]] = field(default_factory=set)
    excluded: list[dict] = field(default_factory=list)
    area_labels: dict[str, str] = field(default_factory=dict)  # the body's, read once
    # Scored questions: a question's id -> the factors its answers feed (key, rule).
    factors: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    # Eligible mentors left out with no place free, and how many of their places are held
    # by matches or options waiting for an answer (the truth when no mentor is left).
    full_mentors: int = 0
    held_waiting: int = 0


def settings_for(scheme: Scheme) -> MatchingSettings:
    """The scheme's matching settings (made with the scheme; with its kind's defaults for
    a scheme made before they were)."""
    return matching_settings_create(scheme=scheme)


def member_role(application_role: str) -> str:
    """The sessions_log MemberRole for an application's role."""
    return "peer" if application_role == Role.PEER else application_role


def question_factors(
    scheme: Scheme,
) -> tuple[tuple[QuestionFactor, ...], dict[str, list[tuple[str, str]]]]:
    """The scheme's scored questions as factors (one query), and for each question's id
    the factors its answers feed: a mentee's question and the mentor's question it
    compares with feed the same factor; in a one-pool scheme a question feeds its own."""
    factors: list[QuestionFactor] = []
    feeds: dict[str, list[tuple[str, str]]] = {}
    questions = (
        Question.objects.filter(form__scheme=scheme, score_weight__gt=0)
        .exclude(score_rule="")
        .order_by("order", "pk")
    )
    for question in questions:
        if not scheme.is_one_pool and question.compares_with_id is None:
            continue  # not linked to a mentor's question: nothing to compare with
        key = factor_key(question.pk)
        factors.append(
            QuestionFactor(
                key=key,
                label=question.label,
                rule=question.score_rule,
                weight=float(question.score_weight),
                width=float(question.score_range or 0),
                shared=question.shared_in_reasons,
            )
        )
        for qid in {question.pk, question.compares_with_id} - {None}:
            feeds.setdefault(str(qid), []).append((key, question.score_rule))
    return tuple(factors), feeds


def candidate_for(
    application: Application,
    *,
    labels: dict[str, str] | None = None,
    factors: dict[str, list[tuple[str, str]]] | None = None,
) -> scoring.Candidate:
    """``labels``: the body's area labels (``area_labels()``: pass them when building many);
    ``factors``: the scored questions' factors (``question_factors``), none when not given."""
    profile: Profile | None = getattr(application.applicant, "profile", None)
    user = application.applicant
    labels = area_labels() if labels is None else labels
    answers = [
        answer_from(key, rule, raw)
        for qid, raw in (application.answers or {}).items()
        for key, rule in (factors or {}).get(str(qid), ())
    ]
    if profile is None:
        return scoring.Candidate.build(
            key=application.pk,
            email=user.email,
            name=user.display_name,
            seeks=application.goals_areas,
            area_labels=labels,
            answers=answers,
        )
    return scoring.Candidate.build(
        key=application.pk,
        email=user.email,
        name=user.display_name,
        area_labels=labels,
        offers=profile.expertise,
        seeks=application.goals_areas,
        interests=profile.interests,
        years=profile.years_experience,
        stage=CAREER_STAGE_ORDER.get(profile.career_stage),
        organisation=organisation_identity(profile),
        country=country_name(str(profile.country)),
        country_code=str(profile.country or ""),
        availability=profile.availability,
        timezone=profile.timezone or settings.TIME_ZONE,
        week_of=timezone.localdate(),
        mode=profile.preferred_mode,
        languages=profile.languages,
        do_not_pair_with=profile.do_not_pair_with,
        answers=answers,
    )


def organisation_identity(profile: Profile) -> str:
    """The organisation's key on the organisation list (one for every spelling and alias
    of it), or the typed name's key for a profile not yet tied to the list."""
    if profile.organisation_record_id is not None and profile.organisation_record:
        return profile.organisation_record.key
    return organisation_key(profile.organisation)


def declined_pairs(scheme: Scheme) -> set[frozenset[int]]:
    """Pairs a member declined (a proposed pair, or a shortlist option when none suited the
    mentee): never proposed again."""
    pairs: dict[int, list[int]] = {}
    for proposal_id, app_id in ProposalMember.objects.filter(
        proposal__scheme=scheme,
        proposal__status=ProposalStatus.DECLINED,
        proposal__kind__in=(ProposalKind.PAIR, ProposalKind.OPTION),
    ).values_list("proposal_id", "application_id"):
        pairs.setdefault(proposal_id, []).append(app_id)
    return {frozenset(ids) for ids in pairs.values() if len(ids) == 2}


def _entry(application: Application, reason: str) -> dict:
    return {
        "application": application.pk,
        "name": application.applicant.display_name,
        "role": application.role,
        "reason": reason,
    }


def build_pool(scheme: Scheme) -> Pool:
    questions, feeds = question_factors(scheme)
    pool = Pool(
        scheme=scheme,
        weights=replace(settings_for(scheme).as_weights(), questions=questions),
        area_labels=area_labels(),
        factors=feeds,
    )
    applications = list(
        Application.objects.filter(scheme=scheme, status=ApplicationStatus.ACCEPTED)
        .select_related("applicant__profile__organisation_record")
        .order_by("submitted_at", "pk")
    )
    places = places_by_application(applications=applications)
    prepared = preparation_completed_by(
        scheme=scheme, user_ids={a.applicant_id for a in applications}
    )
    for app in applications:
        profile = getattr(app.applicant, "profile", None)
        error = eligibility_error(scheme=scheme, profile=profile, role=app.role, accepted=True)
        if error:
            pool.excluded.append(_entry(app, gettext("not eligible: %(error)s") % {"error": error}))
            continue
        if (
            scheme.preparation_required
            and (app.applicant_id, preparation_role(app.role)) not in prepared
        ):
            pool.excluded.append(_entry(app, gettext("preparation not complete")))
            continue
        if app.role == Role.MENTOR:
            left = places[app.pk].left
            if left == 0:
                pool.full_mentors += 1
                pool.held_waiting += places[app.pk].held + places[app.pk].offered
                continue
            pool.remaining[app.pk] = left
            pool.mentors.append(app)
        elif places[app.pk].taken or places[app.pk].offered:
            continue  # awaiting answers to an approved proposal, or a choice of options
        elif app.role == Role.MENTEE:
            pool.mentees.append(app)
        else:
            pool.peers.append(app)
        pool.candidates[app.pk] = candidate_for(app, labels=pool.area_labels, factors=pool.factors)
    pool.declined = declined_pairs(scheme)
    return pool


def score_applications(pool: Pool, giver: Application, receiver: Application) -> scoring.Score:
    """Score two applications of the pool's scheme (mentor first in two-role schemes)."""
    a = pool.candidates.get(giver.pk) or candidate_for(
        giver, labels=pool.area_labels, factors=pool.factors
    )
    b = pool.candidates.get(receiver.pk) or candidate_for(
        receiver, labels=pool.area_labels, factors=pool.factors
    )
    declined = frozenset({giver.pk, receiver.pk}) in pool.declined
    if pool.scheme.kind == SchemeKind.REVERSE:
        return scoring.score_reverse(a, b, pool.weights, declined=declined)
    return scoring.score_pair(
        a, b, pool.weights, directed=not pool.scheme.is_one_pool, declined=declined
    )


def score_group(pool: Pool, applications: list[Application]) -> scoring.Score:
    """A pair's or circle's score with its reasons; in two-role schemes the mentor is
    scored as the giver."""
    if len(applications) == 2:
        first, second = applications
        if second.role == Role.MENTOR:
            first, second = second, first
        return score_applications(pool, first, second)
    scores = [
        score_applications(pool, a, b)
        for i, a in enumerate(applications)
        for b in applications[i + 1 :]
    ]
    members = [
        pool.candidates.get(a.pk) or candidate_for(a, labels=pool.area_labels, factors=pool.factors)
        for a in applications
    ]
    return scoring.score_circle(members, scores)


def _candidates(pool: Pool, applications: list[Application]) -> list[scoring.Candidate]:
    return [
        pool.candidates.get(a.pk) or candidate_for(a, labels=pool.area_labels, factors=pool.factors)
        for a in applications
    ]


def score_matrix(pool: Pool, rows: list[Application], cols: list[Application]) -> np.ndarray:
    """The scores of every pair as one array (nan = forbidden), computed in row blocks
    from encoded attributes; equal to ``score_applications`` pair by pair. Rows are mentees
    and columns mentors, unless ``rows is cols`` (one pool: symmetric, nan diagonal)."""
    same = rows is cols
    row_people = _candidates(pool, rows)
    if same:
        (enc_rows,) = arrays.encode(row_people)
        enc_cols = enc_rows
        asked = arrays.asked_pairs(row_people)
    else:
        col_people = _candidates(pool, cols)
        enc_cols, enc_rows = arrays.encode(col_people, row_people)
        asked = arrays.asked_pairs(row_people + col_people)
    directed = not pool.scheme.is_one_pool
    reverse = pool.scheme.kind == SchemeKind.REVERSE
    matrix = np.empty((len(rows), len(cols)))
    step = arrays.block_rows(len(cols))
    for start in range(0, len(rows), step):
        part = enc_rows.rows(start, start + step)
        # the giver (mentor) is the per-pair path's first argument: columns unless same
        giver, receiver = (part, enc_cols) if same else (enc_cols, part)
        block = arrays.score_block(
            giver, receiver, pool.weights, directed=directed, reverse=reverse
        )
        codes = arrays.forbidden_block(
            giver, receiver, pool.weights, asked=asked, declined=pool.declined
        )
        block[codes > 0] = np.nan
        matrix[start : start + step] = block if same else block.T
    if same:
        np.fill_diagonal(matrix, np.nan)
    return matrix


def unmatched_reasons(
    pool: Pool,
    people: list[Application],
    others: list[Application],
    matrix: np.ndarray,
    left_out: list[int],
    *,
    fallback: str,
) -> dict[int, str]:
    """Why each of ``left_out`` (indices of ``people``, rows of ``matrix`` whose columns are
    ``others``) was left out: *no eligible partner* with the constraints that ruled each
    one out, or ``fallback`` (capacity exhausted, odd one out...) when someone was allowed."""
    same = people is others
    reasons = {i: fallback for i in left_out}
    hopeless = []
    for i in left_out:
        row = np.delete(matrix[i], i) if same else matrix[i]
        if np.isnan(row).all():
            hopeless.append(i)
    if not hopeless:
        return reasons
    chosen = [people[i] for i in hopeless]
    enc_chosen, enc_others = arrays.encode(_candidates(pool, chosen), _candidates(pool, others))
    codes = arrays.forbidden_block(
        enc_chosen,
        enc_others,
        pool.weights,
        asked=arrays.asked_pairs(_candidates(pool, chosen + others)),
        declined=pool.declined,
    )
    for k, i in enumerate(hopeless):
        row = np.delete(codes[k], i) if same else codes[k]
        counts = Counter(str(arrays.CONSTRAINT_TEXT[c]) for c in row.tolist() if c)
        if not counts:
            reasons[i] = gettext("no eligible partner: nobody to pair with")
            continue
        # How many of the possible partners each constraint ruled out.
        detail = ", ".join(
            ngettext("%(rule)s (%(n)d person)", "%(rule)s (%(n)d people)", n)
            % {"rule": text, "n": n}
            for text, n in sorted(counts.items())
        )
        reasons[i] = gettext("no eligible partner: %(detail)s") % {"detail": detail}
    return reasons


def excluded_entry(application: Application, reason: str) -> dict:
    return _entry(application, reason)
