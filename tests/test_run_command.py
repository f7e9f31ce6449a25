"""The README's run command (scripts/run.sh) runs as a deployment does: DEBUG off, its own
random SECRET_KEY kept owner-only in VAR_DIR, plain http:// on this machine only, and error
pages that are the site's own, carry the Content-Security-Policy and reveal nothing.

Each case sources the run command's environment (scripts/_run_env.sh) in a fresh shell and
reads the settings, or serves requests, in a fresh interpreter under it.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from tests.csp import policy_problems

ROOT = Path(__file__).resolve().parent.parent
SETTINGS_PROBE = (
    "import json, mentoring_site.settings as s; print(json.dumps({"
    "'debug': s.DEBUG, 'secret': s.SECRET_KEY, 'hosts': s.ALLOWED_HOSTS, "
    "'ssl_redirect': getattr(s, 'SECURE_SSL_REDIRECT', False), "
    "'hsts': getattr(s, 'SECURE_HSTS_SECONDS', 0), "
    "'secure_cookie': getattr(s, 'SESSION_COOKIE_SECURE', False), "
    "'email': s.EMAIL_BACKEND, 'mfa': s.STAFF_MFA_REQUIRED, 'site_url': s.SITE_URL}))"
)
# Requests to the app under the run command's settings, with its collected static files:
# a page that does not exist, and a Host it does not serve (both answered by the site's
# own templates).
PAGES_PROBE = """
import json, django
django.setup()
from django.core.management import call_command
call_command("collectstatic", interactive=False, verbosity=0)
from django.test import Client
client = Client(raise_request_exception=False)
answers = {
    "404": client.get("/no-such-page/", HTTP_HOST="127.0.0.1:8000"),
    "400": client.get("/", HTTP_HOST="elsewhere.example"),
}
print(json.dumps({name: {"status": r.status_code, "csp": r.get("Content-Security-Policy", ""),
                         "body": r.content.decode()} for name, r in answers.items()}))
"""


def run_env(var_dir: Path, code: str, **env: str) -> subprocess.CompletedProcess:
    keep = {k: v for k, v in os.environ.items() if k in {"PATH", "HOME", "LANG"}}
    return subprocess.run(
        ["bash", "-c", 'source scripts/_run_env.sh && "$PY" -c "$PROBE"'],
        cwd=ROOT,
        env={
            **keep,
            "ROOT": str(ROOT),
            "PY": sys.executable,
            "VAR_DIR": str(var_dir),
            "PROBE": code,
            "DJANGO_SETTINGS_MODULE": "mentoring_site.settings",
            **env,
        },
        capture_output=True,
        text=True,
        timeout=180,
    )


def probed(result: subprocess.CompletedProcess) -> dict:
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_the_run_command_runs_with_debug_off_over_plain_http_on_this_machine(tmp_path):
    values = probed(run_env(tmp_path, SETTINGS_PROBE))
    assert values["debug"] is False
    assert values["site_url"] == "http://127.0.0.1:8000"
    assert "127.0.0.1" in values["hosts"]
    # plain http:// on 127.0.0.1: no redirect to https, no HSTS, cookies a browser sends
    assert (values["ssl_redirect"], values["hsts"], values["secure_cookie"]) == (False, 0, False)
    assert values["email"] == "django.core.mail.backends.console.EmailBackend"
    assert values["mfa"] is True
    assert probed(run_env(tmp_path, SETTINGS_PROBE, STAFF_MFA_REQUIRED="off"))["mfa"] is False


def test_the_run_command_makes_its_own_key_once_and_keeps_it_owner_only(tmp_path):
    first = probed(run_env(tmp_path, SETTINGS_PROBE))["secret"]
    key_file = tmp_path / "secret_key"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert first == key_file.read_text().strip()
    assert len(first) >= 50
    assert first != "dev-only-insecure-key"
    # reused at the next start (sessions survive a restart); another VAR_DIR, another key
    assert probed(run_env(tmp_path, SETTINGS_PROBE))["secret"] == first
    assert probed(run_env(tmp_path / "other", SETTINGS_PROBE))["secret"] != first


NAME_PROBE = (
    "import json, mentoring_site.settings as s; "
    "print(json.dumps({'name': s.SITE_NAME, 'sender': s.DEFAULT_FROM_EMAIL}))"
)


def test_the_run_command_names_the_demo_body_unless_told_another(tmp_path):
    """Emails of the demo come from its body, not "Mentoring schemes"; a deployment's own
    SITE_NAME (and sender) is kept."""
    from demo.people import BODY_NAME

    values = probed(run_env(tmp_path, NAME_PROBE))
    assert values == {"name": BODY_NAME, "sender": f"{BODY_NAME} <mentoring@example.org>"}
    told = probed(run_env(tmp_path, NAME_PROBE, SITE_NAME="Library Mentoring Network"))
    assert told == {
        "name": "Library Mentoring Network",
        "sender": "Library Mentoring Network <mentoring@example.org>",
    }
    sender = "Mentoring <mentoring@body.example>"
    assert probed(run_env(tmp_path, NAME_PROBE, DEFAULT_FROM_EMAIL=sender))["sender"] == sender


def test_a_deployment_without_site_name_keeps_the_plain_default(tmp_path):
    keep = {k: v for k, v in os.environ.items() if k in {"PATH", "HOME", "LANG"}}
    result = subprocess.run(
        [sys.executable, "-c", NAME_PROBE],
        cwd=ROOT,
        env={**keep, "DEBUG": "off", "SECRET_KEY": "x" * 50, "VAR_DIR": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert probed(result) == {
        "name": "Mentoring schemes",
        "sender": "Mentoring schemes <mentoring@example.org>",
    }


def test_the_run_command_serves_only_this_machine_over_plain_http(tmp_path):
    """PLAIN_HTTP_ON_LOOPBACK is refused for any host beyond this machine."""
    result = run_env(tmp_path, SETTINGS_PROBE, HOST="0.0.0.0")
    assert result.returncode != 0
    assert "PLAIN_HTTP_ON_LOOPBACK needs" in result.stderr
    result = run_env(tmp_path, SETTINGS_PROBE, ALLOWED_HOSTS="mentoring.example.org")
    assert result.returncode != 0


@pytest.mark.slow
def test_error_pages_of_the_run_command_reveal_nothing_and_carry_the_policy(tmp_path):
    pages = probed(run_env(tmp_path, PAGES_PROBE))
    assert pages["404"]["status"] == 404
    assert "<h1>Page not found</h1>" in pages["404"]["body"]
    assert pages["400"]["status"] == 400
    assert "<h1>Bad request</h1>" in pages["400"]["body"]
    for page in pages.values():
        assert policy_problems(page["csp"]) == []
        for tell in ("Traceback", "DEBUG", "SECRET_KEY", "urlpatterns", "URLconf", "<script>"):
            assert tell not in page["body"]
