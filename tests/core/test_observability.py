"""Structured logs and error reporting: a real receiver on this machine takes the error
report, and nothing a member wrote (request body, local variables, cookies) is in it."""

import gzip
import json
import logging
import logging.config
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import brotli
import pytest
import sentry_sdk
from django.conf import settings as django_settings

from core.observability import init_error_reporting, logging_config

MARKER = "Private-note-7f3a: my manager and I disagree about"


class _Receiver(BaseHTTPRequestHandler):
    received: list[bytes] = []

    def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        encoding = self.headers.get("Content-Encoding", "")
        if encoding == "gzip":
            body = gzip.decompress(body)
        elif encoding == "br":
            body = brotli.decompress(body)
        self.received.append(body)
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def error_receiver():
    _Receiver.received = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Receiver)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    init_error_reporting(f"http://publickey@127.0.0.1:{server.server_port}/1", "test")
    yield _Receiver.received
    sentry_sdk.get_client().close()
    sentry_sdk.init()  # no DSN: reporting off for the rest of the run
    server.shutdown()
    server.server_close()


@pytest.mark.urls("tests.core.urls_boom")
@pytest.mark.django_db
def test_an_unhandled_error_is_reported_without_what_the_member_wrote(client, error_receiver):
    client.raise_request_exception = False
    client.cookies["sessionid"] = "cookie-value-not-to-send"
    response = client.post("/boom/?token=query-secret", {"notes": MARKER})
    assert response.status_code == 500
    sentry_sdk.flush(timeout=10)
    report = b"\n".join(error_receiver).decode("utf-8", "replace")
    assert "RuntimeError" in report
    assert "saving failed" in report
    assert "/boom/" in report
    for secret in (MARKER, "cookie-value-not-to-send", "query-secret"):
        assert secret not in report


def test_json_log_lines_parse_with_level_logger_and_message(capsys):
    logging.config.dictConfig(logging_config("INFO", "json"))
    try:
        logging.getLogger("accounts.outbox").warning("retrying %s", "row 12", extra={"row": 12})
        line = capsys.readouterr().err.strip().splitlines()[-1]
    finally:
        logging.config.dictConfig(django_settings.LOGGING)
    record = json.loads(line)
    assert record["level"] == "WARNING"
    assert record["logger"] == "accounts.outbox"
    assert record["message"] == "retrying row 12"
    assert record["row"] == 12
    assert "time" in record


def test_an_unknown_log_format_is_refused_with_the_choices():
    with pytest.raises(ValueError, match='LOG_FORMAT must be "text" or "json"'):
        logging_config("INFO", "xml")
