"""Portal members for the load benchmark (driven by ``tests/load/bench.py``).

Each simulated member signs in once with their own account (``LOAD_USERS``, written by
``seed_load``) from their own loopback address (127.0.x.y, so the per-IP sign-in rate
limit sees 200 people, not one), then repeats the issue's journeys on their own
relationship: see the relationship page, plan a session, log one, write a reflection,
look at the CPD record, and now and then download a calendar invitation or the PDF
portfolio, or sign out and in again.

Think times (see the constants below): 5-15 s between journeys and 3-8 s between pages of a
journey (reading), 10-30 s between opening a form and submitting it (filling it in), 2-5 s
to type an email address and password. A member on a portal page reads it for some
seconds before clicking; a session log or a reflection takes longer to write than 30 s, so
this is a busy member, not an idle one: about one request every 8 s per member, some 25
requests/s for 200 members. ``LOAD_THINK_SCALE`` shortens every pause for a stress run.

Production settings mark cookies Secure and expect HTTPS from a proxy; the benchmark talks
plain HTTP to gunicorn, so each request carries ``X-Forwarded-Proto: https`` (as the TLS
proxy would) and the client keeps sending the Secure cookies over that hop. POSTs carry
an ``Origin`` header as a browser does (Django's CSRF check on HTTPS needs it).

Every request is appended to ``LOAD_EVENTS`` (JSON lines) and every write, with the unique
text it stored, to ``LOAD_LEDGER``, so the driver can compute per-phase figures and check
that every write that succeeded is in the database.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import threading
import time
import uuid
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import gevent
from locust import HttpUser, between, events, task
from requests.adapters import HTTPAdapter
from requests.cookies import RequestsCookieJar

USERS = json.loads(open(os.environ["LOAD_USERS"], encoding="utf-8").read())  # noqa: SIM115
_next_user = itertools.count()
_write_lock = threading.Lock()
# Line-buffered: the driver reads the ledger while the load runs.
_events_file = open(os.environ["LOAD_EVENTS"], "a", buffering=1, encoding="utf-8")  # noqa: SIM115
_ledger_file = open(os.environ["LOAD_LEDGER"], "a", buffering=1, encoding="utf-8")  # noqa: SIM115
# The site's time zone (its TIME_ZONE setting): the dates and times a member types are the site's.
SITE_TZ = ZoneInfo(os.environ.get("TIME_ZONE", "Europe/London"))


def _append(handle, row) -> None:
    with _write_lock:
        handle.write(json.dumps(row, separators=(",", ":")) + "\n")


@events.request.add_listener
def _record(*, request_type, name, response_time, response_length, response, exception, **kw):
    status = getattr(response, "status_code", 0) or 0
    row = [round(time.time(), 3), request_type, name, round(response_time, 1), status]
    if exception is None:
        row.append(True)
    else:
        row += [False, f"{type(exception).__name__}: {exception}"[:200]]
    _append(_events_file, row)


@events.quitting.add_listener
def _flush(environment, **kw):
    for handle in (_events_file, _ledger_file):
        handle.flush()


class SourceAddressAdapter(HTTPAdapter):
    """Connect from a given local address (one loopback address per simulated member)."""

    def __init__(self, source_ip: str, **kwargs) -> None:
        self.source_ip = source_ip
        super().__init__(**kwargs)

    def init_poolmanager(self, *args, **kwargs):
        kwargs["source_address"] = (self.source_ip, 0)
        return super().init_poolmanager(*args, **kwargs)


class ProxiedHttpsJar(RequestsCookieJar):
    """Keeps Secure cookies usable on the plain-HTTP hop (the browser's side is HTTPS)."""

    def set_cookie(self, cookie, *args, **kwargs):
        cookie.secure = False
        return super().set_cookie(cookie, *args, **kwargs)


# Think times in seconds; LOAD_THINK_SCALE (the driver's --think-scale) shortens them all
# for a stress run (0.5: twice the request rate).
SCALE = float(os.environ.get("LOAD_THINK_SCALE", "1"))
BETWEEN_JOURNEYS = (5, 15)  # reading a page before the next journey
READ = (3, 8)  # reading a page inside a journey
FILL = (10, 30)  # filling in a form
SIGN_IN = (2, 5)  # typing an email address and password


def think(pause: tuple[float, float]) -> None:
    gevent.sleep(random.uniform(*pause) * SCALE)


class Member(HttpUser):
    wait_time = between(BETWEEN_JOURNEYS[0] * SCALE, BETWEEN_JOURNEYS[1] * SCALE)

    def on_start(self) -> None:
        index = next(_next_user)
        account = USERS[index % len(USERS)]
        self.email = account["email"]
        self.password = account["password"]
        self.rel = account["relationship"]
        self.unscheduled = list(account["planned"])
        self.scheduled: list[int] = []
        self.last_number = max(self.unscheduled, default=2)
        ip = f"127.0.{1 + index // 250}.{1 + index % 250}"
        self.client.mount("http://", SourceAddressAdapter(ip))
        self.client.cookies = ProxiedHttpsJar()
        self.client.headers.update({"X-Forwarded-Proto": "https"})
        self.origin = "https://" + self.host.split("://", 1)[1].rstrip("/")
        while not self.sign_in():  # a person whose sign-in failed tries again
            think(BETWEEN_JOURNEYS)

    # --- helpers -----------------------------------------------------------------------
    def ledger(self, **row) -> None:
        _append(_ledger_file, {"ts": round(time.time(), 3), "user": self.email, **row})

    def csrf(self) -> str:
        return self.client.cookies.get("csrftoken", default="")

    def post(self, url: str, name: str, data: dict, expect: int = 302):
        """POST a form as a browser does; success is the expected status (a redirect)."""
        data = {"csrfmiddlewaretoken": self.csrf(), **data}
        headers = {"Origin": self.origin, "Referer": self.origin + url}
        with self.client.post(
            url, data=data, name=name, headers=headers, allow_redirects=False, catch_response=True
        ) as response:
            if response.status_code != expect:
                error = getattr(response, "error", None) or ""
                response.failure(f"expected {expect}, got {response.status_code} {error}")
                return None
            response.success()
            return response

    def get(self, url: str, name: str, expect: int = 200):
        with self.client.get(url, name=name, allow_redirects=False, catch_response=True) as r:
            if r.status_code != expect:
                error = getattr(r, "error", None) or ""
                r.failure(f"expected {expect}, got {r.status_code} {error}")
            else:
                r.success()
            return r

    def follow(self, response, name: str) -> None:
        location = response.headers.get("Location", "")
        if location.startswith("http"):
            location = "/" + location.split("://", 1)[1].split("/", 1)[1]
        self.get(location, name)

    # --- journeys ----------------------------------------------------------------------
    def sign_in(self) -> bool:
        self.get("/accounts/login/", "GET /accounts/login/")
        think(SIGN_IN)
        response = self.post(
            "/accounts/login/",
            "POST /accounts/login/",
            {"login": self.email, "password": self.password},
        )
        self.ledger(kind="login", ok=response is not None)
        if response is not None:
            self.follow(response, "GET /portal/")
        return response is not None

    @task(120)
    def relationship_page(self) -> None:
        self.get("/portal/", "GET /portal/")
        think(READ)
        self.get(f"/portal/relationships/{self.rel}/", "GET /portal/relationships/[id]/")

    @task(60)
    def cpd_record(self) -> None:
        self.get("/portal/cpd/", "GET /portal/cpd/")
        if random.random() < 0.5:
            think(READ)
            self.get("/portal/cpd/reflections/", "GET /portal/cpd/reflections/")

    @task(40)
    def plan_session(self) -> None:
        if not self.unscheduled:
            added = self.post(
                f"/portal/relationships/{self.rel}/sessions/add/",
                "POST /portal/relationships/[id]/sessions/add/",
                {},
            )
            if added is None:
                return
            self.last_number += 1
            self.unscheduled.append(self.last_number)
            self.follow(added, "GET /portal/relationships/[id]/")
            think(READ)
        number = self.unscheduled[0]
        url = f"/portal/relationships/{self.rel}/sessions/{number}/plan/"
        self.get(url, "GET /portal/relationships/[id]/sessions/[n]/plan/")
        think(FILL)
        when = datetime.now(SITE_TZ) + timedelta(days=random.randint(7, 40))
        when = when.replace(hour=random.randint(8, 17), minute=random.choice((0, 15, 30, 45)))
        value = when.strftime("%Y-%m-%dT%H:%M")
        response = self.post(
            url,
            "POST /portal/relationships/[id]/sessions/[n]/plan/",
            {"scheduled_at": value, "mode": "online", "location": "https://meet.example/x"},
        )
        self.ledger(kind="plan", ok=response is not None, rel=self.rel, number=number, value=value)
        if response is not None:
            self.unscheduled.remove(number)
            self.scheduled.append(number)
            self.follow(response, "GET /portal/relationships/[id]/")

    @task(40)
    def log_session(self) -> None:
        pool = self.scheduled or self.unscheduled
        if not pool:
            return
        number = pool[0]
        url = f"/portal/relationships/{self.rel}/sessions/{number}/log/"
        self.get(url, "GET /portal/relationships/[id]/sessions/[n]/log/")
        think(FILL)
        token = uuid.uuid4().hex
        response = self.post(
            url,
            "POST /portal/relationships/[id]/sessions/[n]/log/",
            {
                "held_on": datetime.now(SITE_TZ).date().isoformat(),
                "duration_minutes": "60",
                "mode": "online",
                "led_by": "",
                "notes": f"We talked about the next step. load-token:{token}",
                "new_actions": "",
            },
        )
        self.ledger(kind="log", ok=response is not None, rel=self.rel, number=number, token=token)
        if response is not None:
            pool.remove(number)
            self.follow(response, "GET /portal/relationships/[id]/")

    @task(20)
    def write_reflection(self) -> None:
        url = "/portal/cpd/reflections/new/"
        self.get(url, "GET /portal/cpd/reflections/new/")
        think(FILL)
        token = uuid.uuid4().hex
        response = self.post(
            url,
            "POST /portal/cpd/reflections/new/",
            {
                "title": f"Reflection {token}",
                "model": "what_so_what",
                "reflected_on": datetime.now(SITE_TZ).date().isoformat(),
                "relationship": str(self.rel),
                "entry_what": "We looked at my caseload planning.",
                "entry_so_what": "I prioritise better when I write it down.",
                "entry_now_what": "Try the weekly plan for a month.",
                "complete": "1",
            },
        )
        self.ledger(kind="reflection", ok=response is not None, token=token)
        if response is not None:
            self.follow(response, "GET /portal/cpd/reflections/[id]/")

    @task(20)
    def calendar(self) -> None:
        if self.scheduled:
            number = random.choice(self.scheduled)
            self.get(
                f"/portal/relationships/{self.rel}/sessions/{number}/invite.ics",
                "GET /portal/relationships/[id]/sessions/[n]/invite.ics",
            )
        else:
            self.get("/portal/relationships/calendar/", "GET /portal/relationships/calendar/")

    @task(10)
    def portfolio_pdf(self) -> None:
        self.get("/portal/cpd/export/", "GET /portal/cpd/export/")
        think(READ)
        end = datetime.now(SITE_TZ).date()
        start = end - timedelta(days=365)
        self.get(
            f"/portal/cpd/export/portfolio.pdf?start={start}&end={end}",
            "GET /portal/cpd/export/portfolio.pdf",
        )

    @task(1)
    def sign_out_and_in(self) -> None:
        response = self.post("/accounts/logout/", "POST /accounts/logout/", {})
        if response is not None:
            think(READ)
            while not self.sign_in():
                think(BETWEEN_JOURNEYS)
