"""Strategies of bad input and the checks every form must pass.

``check_form_post`` posts one generated submission through the real view and asserts the
ground rule: never a 500 (the test client re-raises server errors), an invalid submission
is re-rendered with each error message next to its field and every typed value kept, and
nothing is stored half-way (the row count of every table is unchanged; a valid submission
adds exactly one row of the form's model).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.apps import apps
from django.db import connection, transaction
from django.utils.html import escape
from hypothesis import HealthCheck, event, settings
from hypothesis import strategies as st

settings.register_profile(
    "badinput",
    max_examples=int(os.environ.get("BADINPUT_MAX_EXAMPLES", "25")),
    deadline=None,
    derandomize=True,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.large_base_example,
    ],
    print_blob=True,
)

BAD_INPUT = settings.get_profile("badinput")

# --- strategies -------------------------------------------------------------------------

MARKUP = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "{{ request.user.password }}",
    "{% debug %}",
    "' OR '1'='1' --",
    '=HYPERLINK("http://evil.example","x")',
    "+1+1",
    "@SUM(A1:A2)",
    "-2+3",
]
ODD_TEXT = [
    "",
    " ",
    "\t\n",
    "\x00",
    "a\x00b",
    "\u202etxt.exe",
    "\U0001d518\U0001d52b\U0001d526",
    "\U0001f600" * 20,
    "\r\n\r\n",
    "é" * 50,
    "null",
    "None",
    "[]",
    "{}",
    "true",
]
NUMBERS = [
    "0",
    "-1",
    "1",
    "0.25",
    "0.249",
    "500",
    "500.01",
    "600",
    "601",
    "1e309",
    "-1e309",
    "NaN",
    "inf",
    "-0",
    "1,5",
    "\u0663",
    "\uff11\uff12",
    str(2**31),
    str(2**63),
    "-" + str(2**63),
    "9" * 400,
    "0x10",
    "1_000",
]
DATES = [
    "2026-02-29",
    "2024-02-29",
    "0001-01-01",
    "9999-12-31",
    "10000-01-01",
    "0000-00-00",
    "2026-13-01",
    "31/12/2025",
    "yesterday",
    "1970-01-01",
    "2026-11-23T25:61",
    "2027-01-01T09:00",
    "2030-06-15 10:30",
    "2026-01-10",
]

_chars = st.characters(blacklist_categories=("Cs",))
any_text = st.text(alphabet=_chars, max_size=200)
huge_text = st.builds(
    lambda n, c: (c or "x") * n, st.integers(3_000, 25_000), st.text(_chars, max_size=3)
)
nasty = st.one_of(st.sampled_from(MARKUP + ODD_TEXT + NUMBERS + DATES), any_text, huge_text)


def _with_good(strategy: st.SearchStrategy, good) -> st.SearchStrategy:
    """Remember a valid value, so ``form_data`` can also build nearly valid submissions."""
    strategy.good = good
    return strategy


def text_or(*good: str) -> st.SearchStrategy[str]:
    """Mostly bad input, sometimes one of the ``good`` values (so valid posts happen too)."""
    if not good:
        return nasty
    return _with_good(st.one_of(st.sampled_from(list(good)), nasty), good[0])


def choice_or(values: Iterable[str]) -> st.SearchStrategy[str]:
    values = list(values)
    if not values:
        return nasty
    return _with_good(st.one_of(st.sampled_from(values), nasty), values[0])


def many_of(values: Iterable[str]) -> st.SearchStrategy[list[str]]:
    values = list(values)
    return _with_good(st.lists(choice_or(values), max_size=4), values[:1])


def form_data(fields: dict[str, st.SearchStrategy]) -> st.SearchStrategy[dict]:
    """Any subset of the fields (a missing field is bad input too), or a valid submission
    with at most one field spoiled (so the valid path and single errors are exercised)."""
    anything = st.fixed_dictionaries({}, optional=fields)
    good = {name: s.good for name, s in fields.items() if hasattr(s, "good")}
    if not good:
        return anything
    one_spoiled = st.sampled_from(sorted(fields)).flatmap(
        lambda name: fields[name].map(lambda value: {**good, name: value})
    )
    return st.one_of(anything, st.just(good), one_spoiled)


# --- database state --------------------------------------------------------------------

OUR_APPS = ("accounts", "schemes", "matching", "sessions_log", "cpd", "insights", "account")


def _tables() -> list[str]:
    existing = set(connection.introspection.table_names())
    return sorted(
        m._meta.db_table
        for m in apps.get_models()
        if m._meta.app_label in OUR_APPS
        and m._meta.managed
        and not m._meta.proxy
        and m._meta.db_table in existing
    )


def table_counts() -> dict[str, int]:
    """The row count of every table of ours, in one query."""
    tables = _tables()
    quote = connection.ops.quote_name
    sql = "SELECT " + ", ".join(f"(SELECT COUNT(*) FROM {quote(t)})" for t in tables)
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return dict(zip(tables, cursor.fetchone(), strict=True))


def changed_tables(before: dict[str, int], after: dict[str, int]) -> dict[str, int]:
    return {t: after[t] - before[t] for t in before if after[t] != before[t]}


@contextmanager
def rolled_back():
    """Run one hypothesis example and undo whatever it stored."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


# --- the check --------------------------------------------------------------------------


@dataclass
class FormCase:
    """One form as a user meets it: who posts, where, what may change when it is valid."""

    url: str
    fields: dict[str, st.SearchStrategy]
    # names whose typed text must come back in the re-rendered form
    kept: tuple[str, ...] = ()
    # the table that gains exactly ``count`` rows on a valid post (None: the form updates)
    creates: str | None = None
    count: int = 1
    # tables an invalid post may change by design (e.g. history of a kept draft)
    may_change: tuple[str, ...] = ()
    state: Callable[[], object] = lambda: None
    form_key: str = "form"
    extra: dict = field(default_factory=dict)
    method: str = "post"


def _form(response, key: str):
    context = response.context
    if key == "adminform":
        return context["adminform"].form
    return context[key]


def error_html_ids(form, name: str) -> list[str]:
    """crispy-forms renders field errors as ``error_<n>_<id>`` right under the field."""
    auto_id = form[name].auto_id
    return [f'id="error_{i}_{auto_id}"' for i in range(1, len(form.errors[name]) + 1)]


def assert_invalid_rendered(response, data: dict, case: FormCase, *, crispy: bool = True):
    html = response.content.decode()
    form = _form(response, case.form_key)
    if not form.is_bound:  # an empty POST is shown as the blank form (request.POST or None)
        assert all(v == [] for v in data.values())  # an empty list posts nothing
        return
    assert form.errors, "an invalid submission must say what is wrong"
    for name, messages in form.errors.items():
        for message in messages:
            assert escape(message) in html, (name, message)
        if crispy and name != "__all__" and name in form.fields:
            for html_id in error_html_ids(form, name):
                assert html_id in html, (name, html_id)
    for name in case.kept:
        value = data.get(name)
        # whitespace alone is nothing typed (crispy's {% spaceless %} drops it, harmlessly)
        if isinstance(value, str) and value.strip():
            assert escape(value) in html, f"what was typed in {name!r} is lost"


def check_form_post(client, case: FormCase, data: dict, *, crispy: bool = True):
    """Post ``data``; return the response after asserting the ground rule."""
    before, state_before = table_counts(), case.state()
    payload = {**case.extra, **data}
    if case.method == "get":
        response = client.get(case.url, payload)
    else:
        response = client.post(case.url, payload)
    after = table_counts()
    valid = response.status_code in (301, 302, 303)
    event("valid, stored" if valid else "refused")
    if valid:
        if case.creates is not None:
            expected = before[case.creates] + case.count
            assert after[case.creates] == expected, changed_tables(before, after)
        return response
    if response.status_code == 200 and not response["Content-Type"].startswith("text/html"):
        return response  # a valid export: the file itself
    assert response.status_code in (200, 400), response.status_code
    assert_invalid_rendered(response, data, case, crispy=crispy)
    changed = changed_tables(before, after)
    assert {t: n for t, n in changed.items() if t not in case.may_change} == {}
    assert case.state() == state_before
    return response
