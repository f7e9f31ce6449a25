"""Hypothesis strategies for scoring: realistic pools of candidates (blank and half-filled
profiles, so many tied pairs; weekly windows in many zones; popular people who offer
everything; spellings that differ only in case and spaces, or not at all: "UK", "uk",
"United Kingdom"; names in many scripts)."""

from hypothesis import strategies as st

from matching.scoring import Candidate, Weights
from matching.scoring.questions import OVERLAP, SAME, WITHIN, QuestionFactor, answer_from

AREAS = ["leadership", "Leadership ", "research", "digital", "management", "clinical"]
INTERESTS = ["quality improvement", "Quality  Improvement", "sport", "writing", "研究", "ηθική"]
COUNTRIES = ["", "UK", "uk", "United Kingdom", "Kenya", " kenya", "España", "Polska"]
ORGANISATIONS = ["", "NHS Trust A", "nhs trust a", "N.H.S. Trust A", "University of Łódź", "Org"]
TIMES = [
    "weekday_morning",
    "weekend",
    "tue 18:00-20:00",
    "wed 06:30-09:00",
    "weekdays 07:45-08:30",
    "sun 22:00-24:00",
    "mon 00:00-01:00",
]
ZONES = ["", "Europe/London", "Australia/Sydney", "Asia/Kolkata", "America/Toronto", "Bad/Zone"]
NAMES = ["Zofia Wójcik", "Γιώργος Παπαδόπουλος", "علي حسن", "王芳", "Ama Mensah", "Siân Jones"]
LANGUAGES = ["English", "english", "Welsh", "Arabic", "中文"]


# Scored application questions: blanks, ties, spelling variants, numbers near the range.
QUESTIONS = (
    QuestionFactor("question:1", "What do you want to work on?", SAME, 3.0),
    QuestionFactor("question:2", "Which topics?", OVERLAP, 1.5),
    QuestionFactor("question:3", "Years in the profession", WITHIN, 2.0, 5.0),
)
QUESTION_ANSWERS = {
    SAME: ["", "Leadership", "leadership ", "Research", "yes", "no"],
    OVERLAP: [[], ["A"], ["a", "B"], ["B", "C", "Ünïcode"], ["C"]],
    WITHIN: ["", "0", "5", "10", "10.5", "2.25", "not a number"],
}


def answers(draw) -> list:
    return [
        answer_from(q.key, q.rule, draw(st.sampled_from(QUESTION_ANSWERS[q.rule])))
        for q in QUESTIONS
        if draw(st.booleans())
    ]


@st.composite
def person(draw, key: int, popular: bool) -> Candidate:
    """A blank, half-filled or full profile; a popular one offers everything."""
    fill = draw(st.sampled_from(["blank", "half", "full"]))
    if fill == "blank":
        return Candidate.build(
            key=key,
            email=f"p{key}@example.org",
            name=NAMES[key % len(NAMES)],
            answers=answers(draw),
        )

    def some(items):
        return draw(st.lists(st.sampled_from(items), max_size=3 if fill == "full" else 1))

    return Candidate.build(
        key=key,
        email=f"p{key}@example.org",
        name=NAMES[key % len(NAMES)],
        offers=AREAS if popular else some(AREAS),
        seeks=some(AREAS),
        interests=some(INTERESTS),
        years=draw(st.one_of(st.none(), st.integers(0, 40))),
        stage=draw(st.one_of(st.none(), st.integers(0, 4))),
        organisation=draw(st.sampled_from(ORGANISATIONS)),
        country=draw(st.sampled_from(COUNTRIES)),
        availability=some(TIMES),
        timezone=draw(st.sampled_from(ZONES)),
        mode=draw(st.sampled_from(["", "either", "online", "in_person"])),
        languages=some(LANGUAGES),
        do_not_pair_with=draw(
            st.lists(
                st.sampled_from([*range(7), *range(100, 107)]).map(lambda k: f"p{k}@example.org"),
                max_size=1,
            )
        ),
        answers=answers(draw),
    )


@st.composite
def group(draw, start: int, max_size: int = 7) -> list[Candidate]:
    size = draw(st.integers(1, max_size))
    return [draw(person(start + i, popular=draw(st.booleans()))) for i in range(size)]


weights_strategy = st.builds(
    Weights,
    expertise=st.sampled_from([0.0, 1.0, 4.0, 2.5]),
    interests=st.sampled_from([0.0, 2.0, 0.7]),
    career_gap=st.sampled_from([0.0, 2.0, 3.3]),
    difference=st.sampled_from([0.0, 1.0]),
    mode=st.sampled_from([0.0, 1.0]),
    availability=st.sampled_from([0.0, 2.0]),
    language=st.sampled_from([0.0, 1.0]),
    gap_min_years=st.integers(0, 5),
    gap_max_years=st.integers(5, 20),
    country_rule=st.sampled_from(["required", "preferred", "ignored"]),
    organisation_rule=st.sampled_from(["required", "preferred", "ignored"]),
    min_overlap_hours=st.sampled_from([0.0, 0.0, 0.75, 2.0]),
    questions=st.lists(st.sampled_from(QUESTIONS), unique=True).map(tuple),
)
