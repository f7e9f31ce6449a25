"""The batch path renders each template once per shape of context and fills in the strings:
the emails must be exactly those rendered one by one, and the outbox writes them in one
INSERT on PostgreSQL whatever their number."""

import logging
from datetime import date, time

import pytest
from django.db import connection
from django.test.signals import template_rendered

from accounts.emails.outbox import Due, notify_batch
from accounts.emails.render import Fixed, batch_context, render_emails
from accounts.models import NotificationKind, SentNotification
from schemes.models import NewsItem
from tests.factories import UserFactory
from tests.reminders.factories import at

AWKWARD = ["Zoë & <Bob>", 'O\'Neil "Q"', "a\\b {x} %s", "\ue000 plain"]


def contexts(template_context: list[dict]) -> list[dict]:
    people = [
        UserFactory.build(first_name=name, last_name="", email="x@example.org") for name in AWKWARD
    ]
    return [
        batch_context(
            user=person, context=context, preferences=f"http://testserver/prefs/{i}/?a=1&b=<2>"
        )
        for i, (person, context) in enumerate(zip(people, template_context, strict=True))
    ]


def each_alone(template: str, batch: list[dict]) -> list[tuple[str, str, str]]:
    """A context alone in its shape is rendered in full, as ``render_email`` does."""
    return [render_emails(template, [context])[0] for context in batch]


def session_context(name: str, title: str, others: list[str], scheduled=None) -> dict:
    return {
        "session": {"number": "2", "title": title, "location": "", "scheduled_at": scheduled},
        "due_on": date(2026, 2, 4),
        "scheme": {"name": name},
        "others": [{"display_name": other} for other in others],
        "url": f"http://testserver/s/{name}/?x=1&y=2",
    }


def test_render_emails_same_as_one_by_one_with_awkward_strings(caplog):
    batch = contexts(
        [
            session_context("A & B <i>", "Plans & <goals>", ["Ann & Co"]),
            session_context("Plain", "", ["<script>", "Second"]),
            session_context("Quote \"'", "Title", ["Ann"], scheduled=time(14, 30)),
            session_context("A & B <i>", "Again", ["Dee"]),
        ]
    )
    with caplog.at_level(logging.ERROR, logger="accounts.emails.render"):
        for template in ("reminders_session_upcoming", "reminders_session_unlogged"):
            rendered = render_emails(template, batch)
            assert rendered == each_alone(template, batch)
    assert caplog.records == []
    subject, text, html = render_emails("reminders_session_upcoming", batch)[0]
    # Plain in the subject and the text body, escaped in the HTML.
    assert "Your session 2 (Plans & <goals>) with Ann & Co is planned" in text
    assert "Your session 2 (Plans &amp; &lt;goals&gt;) with <strong>Ann &amp; Co</strong>" in html
    assert subject == "Session 2 in A & B <i> is on Wednesday 4 February"


def test_render_emails_renders_once_per_shape():
    def templates_rendered(count: int) -> list[str]:
        people = [
            UserFactory.build(first_name=f"P{i}", email="x@example.org") for i in range(count)
        ]
        batch = [
            batch_context(
                user=person,
                context=session_context(f"S{i}", f"T{i}", [f"O{i}"]),
                preferences=f"http://testserver/prefs/{i}/",
            )
            for i, person in enumerate(people)
        ]
        names = []

        def record(sender, template, context, **kwargs):
            names.append(template.name)

        template_rendered.connect(record)
        try:
            rendered = render_emails("reminders_session_upcoming", batch)
        finally:
            template_rendered.disconnect(record)
        assert [text.splitlines()[0] for _, text, _ in rendered] == [
            f"Dear {p.display_name}," for p in people
        ]
        return names

    # The first email in full (to check the stencil against) and the stencil: each of the
    # three templates twice, with the HTML's base and the text's footer, for 2 or 50 emails.
    assert templates_rendered(50) == templates_rendered(2)
    assert sorted(set(templates_rendered(2))) == [
        "emails/base.html",
        "emails/footer.txt",
        "emails/reminders_session_upcoming.html",
        "emails/reminders_session_upcoming.txt",
        "emails/reminders_session_upcoming_subject.txt",
    ]


def test_render_emails_string_compared_without_fixed_is_caught(caplog):
    """A plain string the template compares would take the first email's branch for all:
    the check against the first email in full catches it and renders the group in full."""

    def feedback(status):
        return {
            "relationship": {"status": status, "planned_end_on": date(2026, 7, 7)},
            "scheme": {"name": "S"},
            "url": "http://testserver/f/",
        }

    plain = contexts([feedback("completed"), feedback("active"), feedback("active"), feedback("x")])
    with caplog.at_level(logging.ERROR, logger="accounts.emails.render"):
        rendered = render_emails("reminders_feedback_due", plain)
    assert rendered == each_alone("reminders_feedback_due", plain)
    assert [r.getMessage() for r in caplog.records] == [
        "Email template reminders_feedback_due breaks the stencil rule; rendered in full"
    ]
    caplog.clear()
    fixed = contexts([feedback(Fixed(s)) for s in ("completed", "active", "active", "x")])
    assert render_emails("reminders_feedback_due", fixed) == rendered
    assert caplog.records == []


@pytest.mark.parametrize("count", [1, 6000])
def test_notify_batch_one_insert_whatever_the_number(
    scheme, count, django_assert_num_queries, django_capture_on_commit_callbacks
):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite splits an INSERT to stay under its limit of variables")
    item = NewsItem.objects.create(scheme=scheme, title="Hello", body="News.")
    dues = [
        Due(
            kind=NotificationKind.SCHEME_NEWS,
            key=f"news:{item.pk}",
            template="reminders_news",
            context={
                "item": item,
                "scheme": scheme,
                "url": "http://testserver/",
                "name": f"Subscriber {i}",
                "unsubscribe_url": f"http://testserver/u/{i}/",
            },
            email=f"s{i}@example.net",
            scheme=scheme,
            unsubscribe_url=f"http://testserver/u/{i}/",
        )
        for i in range(count)
    ]
    # The keys already recorded, then one INSERT.
    with django_assert_num_queries(2), django_capture_on_commit_callbacks():
        assert notify_batch(dues=dues, lookback=at(2026, 1, 1)) == count
    last = SentNotification.objects.get(email=f"s{count - 1}@example.net")
    assert (last.kind, last.status, last.scheme, last.unsubscribe_url) == (
        NotificationKind.SCHEME_NEWS,
        SentNotification.Status.PENDING,
        scheme,
        f"http://testserver/u/{count - 1}/",
    )
    assert last.body_text.startswith(f"Dear Subscriber {count - 1},\n\nHello\n\nNews.\n\n")
    assert SentNotification.objects.count() == count
