"""The outside world failing on purpose, for tests: another connection holding the database's
write lock, and a real SMTP receiver that can act between accepting a message and telling
the client so. Nothing of ours is replaced.

``lock_wait_shortened`` (a fixture in ``tests/conftest.py``) makes our connections give up
waiting for a lock after 0.2 s instead of the production timeout, so a test need not hold a
lock for 20 s.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from django.db import connections

from tests.load.smtp_sink import Recorder, Server

LOCK_WAIT_SECONDS = 0.2


@contextmanager
def write_lock_held(*, table: str) -> Iterator[None]:
    """Another connection (another process, in production) holds the write lock on ``table``
    until the block ends: on SQLite the whole database (BEGIN EXCLUSIVE), on PostgreSQL the
    table (EXCLUSIVE mode: others may read, not write). Enter and leave it in one thread."""
    other = connections.create_connection("default")
    try:
        with other.cursor() as cursor:
            if other.vendor == "sqlite":
                cursor.execute("BEGIN EXCLUSIVE")
            else:
                cursor.execute("BEGIN")
                cursor.execute(f"LOCK TABLE {other.ops.quote_name(table)} IN EXCLUSIVE MODE")
            try:
                yield
            finally:
                cursor.execute("ROLLBACK")
    finally:
        other.close()


def hold_write_lock_in_background(*, table: str, seconds: float) -> None:
    """Take the write lock on ``table`` from another connection, in a thread that keeps it
    ``seconds``; return once it is held."""
    held = threading.Event()

    def hold() -> None:
        with write_lock_held(table=table):
            held.set()
            threading.Event().wait(seconds)

    threading.Thread(target=hold, daemon=True).start()
    if not held.wait(10):
        raise TimeoutError("the other connection did not get the lock")


def lock_wait_options(vendor: str) -> dict[str, object]:
    """Connection OPTIONS that give up waiting for a lock after LOCK_WAIT_SECONDS."""
    if vendor == "sqlite":
        return {"timeout": LOCK_WAIT_SECONDS}
    return {"options": f"-c lock_timeout={int(LOCK_WAIT_SECONDS * 1000)}"}


class Receiver(Recorder):
    """A real SMTP server on a free local port (``tests/load/smtp_sink.py``) recording each
    message it accepts. ``on_message``, when set, runs after a message is stored and before
    the client is told it was accepted: the window between a send and its record."""

    def __init__(self, path: Path) -> None:
        super().__init__(str(path), latency=0)
        self.path = path
        self.on_message: Callable[[], None] | None = None

    def record(self, rcpts: list[str], data: bytes) -> None:
        super().record(rcpts, data)
        if self.on_message is not None:
            hook, self.on_message = self.on_message, None
            hook()

    def message_ids(self) -> list[str]:
        """The Message-ID of every message accepted, in order."""
        lines = self.path.read_text().splitlines()
        return [json.loads(line)["message_id"] for line in lines]


@contextmanager
def smtp_receiver(path: Path) -> Iterator[tuple[Receiver, int]]:
    """Serve a ``Receiver`` writing to ``path``; yield it and its port."""
    receiver = Receiver(path)
    server = Server(("127.0.0.1", 0), receiver)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield receiver, server.server_address[1]
    finally:
        server.shutdown()
        server.server_close()
        receiver.file.close()
