"""Production settings: the fixed development SECRET_KEY only with DEBUG on (the run command
makes its own: tests/test_run_command.py), plain HTTP only on this machine, and the forwarded
headers (client address, protocol) believed only behind a configured proxy.

The settings module reads the environment once, at import, so each case imports it in a
fresh interpreter with exactly the environment it names.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

ROOT = Path(__file__).resolve().parent.parent
PROBE = (
    "import json, mentoring_site.settings as s; print(json.dumps({"
    "'secret': s.SECRET_KEY, 'ssl_header': getattr(s, 'SECURE_PROXY_SSL_HEADER', None), "
    "'proxies': s.ALLAUTH_TRUSTED_PROXY_COUNT}))"
)


def load_settings(tmp_path, **env: str) -> subprocess.CompletedProcess:
    keep = {k: v for k, v in os.environ.items() if k in {"PATH", "HOME", "LANG"}}
    return subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=ROOT,
        env={**keep, "VAR_DIR": str(tmp_path), **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def loaded(result: subprocess.CompletedProcess) -> dict:
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_without_debug_no_secret_key_refuses_to_start(tmp_path):
    result = load_settings(tmp_path, DEBUG="off")
    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr


def test_the_demo_key_only_with_debug_on(tmp_path):
    assert loaded(load_settings(tmp_path, DEBUG="on"))["secret"] == "dev-only-insecure-key"
    given = loaded(load_settings(tmp_path, DEBUG="off", SECRET_KEY="from-the-environment"))
    assert given["secret"] == "from-the-environment"


def test_forwarded_headers_ignored_without_a_configured_proxy(tmp_path):
    """The finding: X-Forwarded-Proto was believed whenever DEBUG was off, from anyone."""
    values = loaded(load_settings(tmp_path, DEBUG="off", SECRET_KEY="k"))
    assert values["ssl_header"] is None
    assert values["proxies"] == 0


def test_forwarded_headers_honoured_behind_a_configured_proxy(tmp_path):
    values = loaded(load_settings(tmp_path, DEBUG="off", SECRET_KEY="k", TRUSTED_PROXY_COUNT="1"))
    assert values["ssl_header"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert values["proxies"] == 1


def test_negative_proxy_count_refused(tmp_path):
    result = load_settings(tmp_path, DEBUG="off", SECRET_KEY="k", TRUSTED_PROXY_COUNT="-1")
    assert result.returncode != 0
    assert "TRUSTED_PROXY_COUNT" in result.stderr


@pytest.mark.parametrize(
    ("ssl_header", "expected"),
    [(None, 301), (("HTTP_X_FORWARDED_PROTO", "https"), 200)],
    ids=["no proxy: the header is a claim", "behind the proxy: believed"],
)
def test_a_client_claiming_https_is_believed_only_behind_the_proxy(
    client, settings, db, ssl_header, expected
):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_PROXY_SSL_HEADER = ssl_header
    response = client.get(reverse("healthz"), HTTP_X_FORWARDED_PROTO="https")
    assert response.status_code == expected


def test_compose_puts_gunicorn_behind_the_proxy():
    """docker-compose: gunicorn is reachable only through the proxy, and the app trusts
    exactly that one proxy's forwarded headers."""
    yaml = pytest.importorskip("yaml")
    services = yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]
    assert "ports" not in services["web"]
    assert services["web"]["environment"]["TRUSTED_PROXY_COUNT"] == "1"
    assert services["proxy"]["ports"] == ["8000:80"]
    assert "./deploy/nginx.conf:/etc/nginx/conf.d/default.conf:ro" in services["proxy"]["volumes"]
    published = [name for name, service in services.items() if "ports" in service]
    assert "web" not in published


def test_the_proxy_overwrites_what_a_client_claims():
    """The proxy appends the address it sees (the app takes the last entry) and sets the
    protocol itself: a client's own X-Forwarded-Proto never reaches the app."""
    conf = (ROOT / "deploy" / "nginx.conf").read_text()
    assert "proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;" in conf
    assert "proxy_set_header X-Forwarded-Proto $scheme;" in conf
    assert "server web:8000;" in conf


def test_plain_http_only_on_this_machine(tmp_path):
    """PLAIN_HTTP_ON_LOOPBACK (the run command) cannot weaken a deployment: it is refused
    for a public SITE_URL, an https one, or an allowed host beyond this machine."""
    for env in (
        {"SITE_URL": "http://mentoring.example.org"},
        {"SITE_URL": "https://127.0.0.1:8000"},
        {"ALLOWED_HOSTS": "127.0.0.1,mentoring.example.org"},
    ):
        result = load_settings(
            tmp_path, DEBUG="off", SECRET_KEY="k", PLAIN_HTTP_ON_LOOPBACK="on", **env
        )
        assert result.returncode != 0, env
        assert "PLAIN_HTTP_ON_LOOPBACK needs" in result.stderr
    loaded(load_settings(tmp_path, DEBUG="off", SECRET_KEY="k", PLAIN_HTTP_ON_LOOPBACK="on"))
