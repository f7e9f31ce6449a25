"""No template of the project holds what the Content-Security-Policy blocks: an inline
<script> (one without src), an on*= event handler, a javascript: URL; and, outside the
email templates (read by mail clients, not browsers under our policy), no style= attribute
nor <style> element. Scripts and styles belong in static files (static/js, static/css).

A scan of the template sources catches it before any page renders it;
tests/authz/test_csp.py checks every rendered page (third-party templates included), and
tests/browser/test_csp.py listens for the browser's own violation reports."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.template import engines
from django.template.backends.django import DjangoTemplates

from tests.csp import blocked_markup, parse_policy, policy_problems

ROOT = Path(settings.BASE_DIR)
EMAILS = "emails"

SCRIPT_WITHOUT_SRC = re.compile(r"<script\b(?![^>]*\bsrc\s*=)[^>]*>", re.IGNORECASE)
EVENT_HANDLER = re.compile(r"<[a-z][^>]*?\s(on[a-z]+)\s*=", re.IGNORECASE | re.DOTALL)
JAVASCRIPT_URL = re.compile(r"""(href|src|action)\s*=\s*["']?\s*javascript:""", re.IGNORECASE)
INLINE_STYLE = re.compile(r"<style\b|<[a-z][^>]*?\sstyle\s*=", re.IGNORECASE | re.DOTALL)


def template_dirs() -> list[Path]:
    """templates/ and the templates folder of every app of this repository."""
    engine = engines["django"]
    assert isinstance(engine, DjangoTemplates)
    dirs = [Path(d) for d in engine.engine.dirs]
    for config in apps.get_app_configs():
        folder = Path(config.path) / "templates"
        if folder.is_dir() and ROOT in folder.parents and ".venv" not in folder.parts:
            dirs.append(folder)
    return dirs


def templates() -> list[Path]:
    return sorted(p for d in template_dirs() for p in d.rglob("*") if p.suffix in {".html", ".svg"})


def problems_in(text: str, *, email: bool) -> list[str]:
    found = [f"inline script {m.group(0)[:80]!r}" for m in SCRIPT_WITHOUT_SRC.finditer(text)]
    found += [f"event handler {m.group(1)}=" for m in EVENT_HANDLER.finditer(text)]
    found += [f"javascript: URL in {m.group(1)}=" for m in JAVASCRIPT_URL.finditer(text)]
    if not email:
        found += [f"inline style {m.group(0)[:60]!r}" for m in INLINE_STYLE.finditer(text)]
    return found


def test_the_scan_reads_every_app_and_the_project_templates():
    names = {p.relative_to(ROOT).parts[0] for p in templates()}
    assert {"templates", "accounts", "schemes", "sessions_log", "cpd", "insights"} <= names


def test_no_template_holds_inline_script_handlers_or_styles():
    found = []
    for path in templates():
        relative = path.relative_to(ROOT)
        email = EMAILS in relative.parts
        found += [f"{relative}: {p}" for p in problems_in(path.read_text(), email=email)]
    assert found == [], "move these to static/js or static/css:\n" + "\n".join(found)


@pytest.mark.parametrize(
    "markup",
    [
        "<script>alert(1)</script>",
        '<script type="text/javascript">\nx()</script>',
        '<button type="button" onclick="go()">Go</button>',
        '<select name="s"\n  onchange="this.form.submit()">',
        '<a href="javascript:go()">Go</a>',
        '<div class="x" style="color: red">',
        "<style>p { color: red }</style>",
    ],
)
def test_the_scans_find_each_kind(markup):
    """Both scans (the template source's and the rendered page's) see each kind."""
    assert problems_in(markup, email=False) != []
    assert blocked_markup(markup) != []


@pytest.mark.parametrize(
    "markup",
    [
        '<script src="/static/js/a.js" defer></script>',
        '<script id="data" type="application/json">{"a": 1}</script>',
        '<a href="/portal/" class="online">Online</a>',
        '<svg class="chart" fill="#fff" stroke-width="0.8"><path d="M 0 0"/></svg>',
        '<p data-onload="x">Monday</p>',
    ],
)
def test_the_rendered_page_scan_allows_what_the_policy_allows(markup):
    assert blocked_markup(markup) == []


def test_email_templates_may_carry_inline_styles_but_never_scripts():
    assert problems_in('<td style="padding: 8px">', email=True) == []
    assert problems_in("<script>x()</script>", email=True) != []


def test_the_policy_check_refuses_unsafe_inline_and_a_missing_header():
    good = (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "object-src 'none'; base-uri 'self'; frame-ancestors 'none'; form-action 'self'"
    )
    assert policy_problems(good) == []
    assert parse_policy(good)["img-src"] == {"'self'", "data:"}
    assert policy_problems(None) == ["no Content-Security-Policy header"]
    weak = good.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'")
    assert "script-src allows 'unsafe-inline'" in policy_problems(weak)
    assert policy_problems(good.replace("; object-src 'none'", "")) != []
