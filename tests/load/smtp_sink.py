"""A tiny SMTP server that accepts every message and records it, for the load benchmark.

``python tests/load/smtp_sink.py --port 51025 --out sink.jsonl [--latency 0.03]``

No dependency (Python's ``smtpd`` is gone in 3.12 and aiosmtpd is not in requirements):
a threaded socket server speaking the few commands Django's SMTP backend sends (EHLO/HELO,
MAIL, RCPT, DATA, RSET, NOOP, QUIT). Each accepted message is one JSON line (recipients,
decoded subject, a fingerprint of the text body), flushed and fsynced *before* the
``250`` reply to the end of DATA, so a message counts as delivered exactly when the client
could have learnt that it was. ``--latency`` makes each message slower (spent between RCPT
and DATA, like a remote MTA doing its checks), so a Celery worker can be killed while it is
in the middle of a batch.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import socketserver
import threading
import time
from email import policy
from email.parser import BytesParser


def normalise(text: str) -> str:
    """Whitespace-insensitive form of a subject or body (transport may refold lines)."""
    return " ".join(text.split())


def fingerprint(email: str, subject: str, body: str) -> str:
    """The key the benchmark matches a delivered message to its SentNotification row by."""
    raw = "\x1f".join((email.strip().lower(), normalise(subject), normalise(body)))
    return hashlib.sha256(raw.encode()).hexdigest()


def text_body(message) -> str:
    part = message.get_body(preferencelist=("plain",))
    return part.get_content() if part is not None else ""


class Recorder:
    def __init__(self, path: str, latency: float) -> None:
        self.latency = latency
        self.lock = threading.Lock()
        self.file = open(path, "a", encoding="utf-8")  # noqa: SIM115 - lives as long as the server

    def record(self, rcpts: list[str], data: bytes) -> None:
        message = BytesParser(policy=policy.default).parsebytes(data)
        subject = str(message.get("Subject", ""))
        body = text_body(message)
        rows = [
            {
                "ts": time.time(),
                "to": rcpt.lower(),
                "subject": normalise(subject),
                "fp": fingerprint(rcpt, subject, body),
                "message_id": str(message.get("Message-ID", "")),
            }
            for rcpt in rcpts
        ]
        with self.lock:
            for row in rows:
                self.file.write(json.dumps(row) + "\n")
            self.file.flush()
            os.fsync(self.file.fileno())


# Commands answered with one line, whatever the state.
FIXED_REPLIES = {"HELO": "250 bench-sink", "NOOP": "250 OK"}


class Handler(socketserver.StreamRequestHandler):
    server: Server

    def reply(self, line: str) -> None:
        self.wfile.write(f"{line}\r\n".encode())
        self.wfile.flush()

    def handle(self) -> None:
        rcpts: list[str] = []
        self.reply("220 bench-sink ESMTP")
        while True:
            raw = self.rfile.readline(65536)
            if not raw:
                return
            line = raw.decode("utf-8", "replace").rstrip("\r\n")
            verb = line[:4].upper()
            if verb in FIXED_REPLIES:
                self.reply(FIXED_REPLIES[verb])
            elif verb == "EHLO":
                self.wfile.write(b"250-bench-sink\r\n250-8BITMIME\r\n250 SMTPUTF8\r\n")
                self.wfile.flush()
            elif verb in ("MAIL", "RSET"):  # a new message: no recipients yet
                rcpts = []
                self.reply("250 OK")
            elif verb == "RCPT":
                address = line.split(":", 1)[1].split()[0].strip().strip("<>")
                rcpts.append(address)
                self.reply("250 OK")
            elif verb == "DATA":
                if not self.receive(rcpts):
                    return  # the client went away mid-message: nothing was delivered
                rcpts = []
            elif verb == "QUIT":
                self.reply("221 Bye")
                return
            else:
                self.reply("502 Command not implemented")

    def receive(self, rcpts: list[str]) -> bool:
        """DATA: read the message and record it for ``rcpts``; False when the client went
        away before its end."""
        if self.server.recorder.latency:
            time.sleep(self.server.recorder.latency)
        self.reply("354 End data with <CR><LF>.<CR><LF>")
        data = self.read_data()
        if data is None:
            return False
        self.server.recorder.record(rcpts, data)
        self.reply("250 OK: queued")
        return True

    def read_data(self) -> bytes | None:
        lines = []
        while True:
            raw = self.rfile.readline(1 << 20)
            if not raw:
                return None
            if raw in (b".\r\n", b".\n"):
                return b"".join(lines)
            if raw.startswith(b".."):
                raw = raw[1:]
            lines.append(raw)


class Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address, recorder: Recorder) -> None:
        self.recorder = recorder
        super().__init__(address, Handler)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--out", required=True, help="JSON lines, one per delivered message")
    parser.add_argument("--latency", type=float, default=0.0, help="seconds per message")
    args = parser.parse_args()
    with Server((args.host, args.port), Recorder(args.out, args.latency)) as server:
        server.serve_forever()


if __name__ == "__main__":
    main()
