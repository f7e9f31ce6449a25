"""``manage.py seed_demo`` seeded once for this module, today: realistic and complete."""

import pytest
from allauth.account.models import EmailAddress

from accounts.models import Profile, User
from accounts.roles import COORDINATOR_GROUP
from demo.matching import LIVE_SCHEMES
from demo.people import PASSWORD
from demo.schemes import PILOT_SLUG
from matching.models import MatchingRun, Proposal, ProposalMember, ProposalStatus, Response
from schemes.models import (
    Application,
    ApplicationStatus,
    EventAttendance,
    EventKind,
    Intake,
    NewsItem,
    Phase,
    Question,
    QuestionType,
    Scheme,
    SchemeEvent,
    SchemeKind,
    Subscription,
)
from sessions_log.models import (
    FlashSlot,
    ProgrammeTemplate,
    Relationship,
    SessionStatus,
)

from .seeding import PILOT_FEEDBACK_ROWS, PILOT_RATING_ROWS, figures, relationships_of

pytestmark = [pytest.mark.django_db, pytest.mark.slow, pytest.mark.xdist_group("demo-now")]


def test_seed_demo_covers_every_kind_status_and_question_type(seeded):
    assert set(Scheme.objects.values_list("kind", flat=True)) == set(SchemeKind.values)
    assert set(Application.objects.values_list("status", flat=True)) == set(
        ApplicationStatus.values
    )
    assert set(Question.objects.values_list("type", flat=True)) == set(QuestionType.values)
    assert {
        EventKind.LAUNCH,
        EventKind.BRIEFING,
        EventKind.MENTOR_PREPARATION,
        EventKind.LEARNING_SET,
    } <= set(SchemeEvent.objects.values_list("kind", flat=True))
    assert EventAttendance.objects.filter(attended=True).exists()
    assert Subscription.objects.exists()
    assert NewsItem.objects.exists()


def test_seed_demo_schemes_configured_as_briefed(seeded):
    rolling = Scheme.objects.get(slug="career-mentoring")
    assert (rolling.intake, rolling.target_window_days, rolling.demand_threshold is not None) == (
        Intake.ROLLING,
        90,
        True,
    )
    pilot = Scheme.objects.get(intake=Intake.COHORT)
    assert (
        pilot.mentor_recruitment_opens.month,
        pilot.mentee_recruitment_opens.month,
        pilot.mentee_recruitment_closes.month,
        pilot.launch_date.month,
        pilot.programme_length_months,
    ) == (12, 1, 2, 3, 3)
    foundations = Scheme.objects.get(phase=Phase.FOUNDATIONS)
    assert foundations.applications.count() == 0
    assert foundations.subscriptions.count() > 0
    assert foundations.need != ""
    template = ProgrammeTemplate.objects.order_by("pk").first()
    with_programme = Scheme.objects.exclude(kind=SchemeKind.FLASH)  # flash: one conversation
    assert set(with_programme.values_list("programme_template", flat=True)) == {
        template.pk if template else None
    }


def test_seed_demo_people_can_log_in_and_are_complete(seeded, client):
    output = seeded
    members = Profile.objects.filter(user__email__endswith="@demo.example")
    assert members.count() >= 100
    assert all(p.is_complete for p in members)
    assert len(set(members.values_list("country", flat=True))) >= 5
    assert members.exclude(do_not_pair_with=[]).count() >= 3
    demo_users = User.objects.filter(email__endswith="@demo.example")
    assert EmailAddress.objects.filter(user__in=demo_users, verified=True).count() == (
        demo_users.count()
    )
    coordinators = User.objects.filter(groups__name=COORDINATOR_GROUP)
    assert sorted(coordinators.values_list("email", flat=True)) == [
        "coordinator2@demo.example",
        "coordinator@demo.example",
    ]
    assert User.objects.get(email="admin@demo.example").is_superuser is True
    assert client.login(email="mentee@demo.example", password=PASSWORD)
    for login in (
        "admin@demo.example",
        "coordinator@demo.example",
        "mentor@demo.example",
        "mentee@demo.example",
        "peer@demo.example",
        PASSWORD,
        "/admin/",
    ):
        assert login in output


def test_seed_demo_peer_has_a_peer_relationship_with_sessions(seeded):
    pair = relationships_of("peer@demo.example").get()
    assert pair.scheme.slug == "international-peer-co-mentoring"
    assert set(pair.members.values_list("role", flat=True)) == {"peer"}
    assert pair.members.count() == 2
    assert pair.sessions.filter(status=SessionStatus.HELD).count() == 2
    assert pair.goals.values("owner").distinct().count() == 2


def test_seed_demo_members_are_international_with_spellings_resolved(seeded):
    members = Profile.objects.filter(user__email__endswith="@demo.example")
    typed = set(members.values_list("organisation", flat=True))
    listed = set(members.values_list("organisation_record__name", flat=True))
    scripts = {
        "Greek": members.filter(user__last_name__regex=r"^[Α-Ωα-ωΆ-ώ]").exists(),
        "Japanese": members.filter(
            user__last_name__regex=r"^[\u3040-\u30ff\u4e00-\u9fff]"
        ).exists(),
        "Cyrillic": members.filter(user__last_name__regex=r"^[А-ЯІЇЄҐа-яіїєґ]").exists(),
    }
    assert set(members.values_list("country", flat=True)) >= {"AU", "KE", "BR", "CA", "PL", "GB"}
    assert (scripts, members.filter(organisation_record=None).count()) == (
        {"Greek": True, "Japanese": True, "Cyrillic": True},
        0,
    )
    variants = {"The Northbridge Community Health Trust", "St. Aidans Hospice"}
    assert (variants <= typed, variants & listed) == (True, set())


def test_seed_demo_international_run_pairs_only_across_countries(seeded):
    scheme = Scheme.objects.get(slug="international-peer-co-mentoring")
    assert scheme.matching_settings.country_rule == "required"
    pairs = [
        sorted(p.members.values_list("application__applicant__profile__country", flat=True))
        for p in Proposal.objects.filter(scheme=scheme)
    ]
    assert len(pairs) >= 3
    assert [pair for pair in pairs if pair[0] == pair[1]] == []


def test_seed_demo_matches_through_runs_approved_by_the_administrator(seeded):
    admin = User.objects.get(email="admin@demo.example")
    runs = MatchingRun.objects.all()
    assert sorted(runs.values_list("scheme__slug", "status", "started_by")) == sorted(
        (slug, "finished", admin.pk) for slug in (*LIVE_SCHEMES, PILOT_SLUG)
    )
    assert set(Proposal.objects.values_list("status", "approved_by")) == {
        (ProposalStatus.CONFIRMED, admin.pk),
        (ProposalStatus.APPROVED, admin.pk),
    }
    assert Proposal.objects.exclude(overridden_by=None).exists()
    # every relationship came from a confirmed proposal (a flash one from a booking);
    # matched applications are its members
    unproposed = Relationship.objects.filter(proposal__isnull=True)
    assert unproposed.exclude(flash_slot__isnull=False).count() == 0
    for slug in LIVE_SCHEMES:
        accepted = Application.objects.filter(
            scheme__slug=slug, status=ApplicationStatus.ACCEPTED, proposal_memberships=None
        )
        assert accepted.count() >= 5, slug


def test_seed_demo_leaves_a_match_to_accept_and_names_who(seeded):
    output = seeded
    waiting = ProposalMember.objects.filter(
        proposal__status=ProposalStatus.APPROVED, response=Response.PENDING
    )
    assert waiting.values("proposal").distinct().count() == len(LIVE_SCHEMES)
    line = next(x for x in output.splitlines() if "a member with a match to accept" in x)
    email = line.split(": ")[-1]
    assert waiting.filter(application__applicant__email=email).exists()
    assert email not in {
        "mentor@demo.example",
        "mentee@demo.example",
        "peer@demo.example",
    }


def test_seed_demo_dashboard_of_every_scheme_names_the_pilot_rows(seeded):
    tables = figures(Scheme.objects.all())
    prefix = "Leadership Mentoring Pilot: "
    assert tables["feedback-scores"].rows == [
        [prefix + label, n, average] for label, n, average in PILOT_FEEDBACK_ROWS
    ]
    assert tables["self-ratings"].rows == [[prefix + row[0], *row[1:]] for row in PILOT_RATING_ROWS]


def test_seed_demo_mentor_portfolio_reads_as_an_hcpc_profile(seeded, client):
    """The named mentor's default portfolio (two years): the profile's order, evidence
    numbers under the standards, and the course certificate's page appended."""
    import io

    from django.urls import reverse
    from pypdf import PdfReader

    client.force_login(User.objects.get(email="mentor@demo.example"))
    form = client.get(reverse("cpd:export")).context["form"]
    period = {"start": form.initial["start"], "end": form.initial["end"]}
    response = client.get(reverse("cpd:export_pdf"), period)
    pages = [
        " ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(response.content)).pages
    ]
    assert "Occupational therapist Registration number: OT61234" in pages[0]
    body = " ".join(pages[1:])
    headings = [
        "1. Summary of practice",
        "2. Personal statement",
        "3. Summary of supporting evidence",
        "4. Record of CPD activities",
        "5. Evidence",
    ]
    positions = [body.find(h) for h in headings]
    assert -1 not in positions
    assert positions == sorted(positions)
    assert "Supporting evidence: 1, 2" in body
    appended = [p for p in pages if "supervision-certificate.pdf: page 1 of 1" in p]
    assert len(appended) == 1
    assert "Clinical supervision skills, two days" in appended[0]
    assert "Image in section 5" in body


def test_seed_demo_has_a_flash_scheme_with_open_and_booked_slots(seeded):
    scheme = Scheme.objects.get(slug="flash-mentoring-conversations")
    slots = FlashSlot.objects.filter(scheme=scheme)
    assert (scheme.kind, scheme.programme_template) == (SchemeKind.FLASH, None)
    assert slots.values("mentor").distinct().count() == 4
    assert slots.filter(booked_by__isnull=False).count() == 2
    assert slots.filter(booked_by__isnull=True).count() >= 8
    booked = slots.filter(booked_by__isnull=False).select_related("relationship")
    assert all(s.relationship.sessions.get().scheduled_at == s.starts_at for s in booked)


def test_seed_demo_scores_one_schemes_topics_question(seeded):
    from schemes.models import Question, ScoringRule

    scored = Question.objects.exclude(score_rule="").select_related("form__scheme")
    assert [
        (q.form.scheme.slug, q.form.role, q.score_rule, q.compares_with.form.role) for q in scored
    ] == [("career-mentoring", "mentee", ScoringRule.OVERLAP, "mentor")]
    assert all(q.shared_in_reasons for q in scored)  # topics are no secret


def test_seed_demo_member_led_mentee_finds_mentors_in_the_directory(seeded):
    from demo.matching import member_led_mentee
    from matching.directory import directory_application, mentor_directory
    from schemes.models import Scheme as SchemeModel

    mentee = member_led_mentee()
    scheme = SchemeModel.objects.get(slug="reverse-mentoring-for-leaders")
    application = directory_application(user=mentee, scheme_pk=scheme.pk)
    assert len(mentor_directory(mentee_application=application).cards) >= 2


def test_seed_demo_members_choose_what_proposed_partners_see(seeded):
    """Shortlists and the directory have something to read: most demo members show some of
    their profile before a match (each choice recorded as a consent), a few show nothing."""
    from accounts.models import ConsentRecord, ConsentTopic

    chosen = list(Profile.objects.values_list("shown_before_match", flat=True))
    showing = [parts for parts in chosen if parts]
    assert 0.7 < len(showing) / len(chosen) < 0.95
    assert any("bio" in parts for parts in showing)
    assert any("place" not in parts for parts in showing)
    recorded = ConsentRecord.objects.filter(topic=ConsentTopic.PROFILE_VISIBILITY, given=True)
    assert recorded.count() == sum(len(parts) for parts in chosen)
