"""Calendar sync end to end against a real CalDAV server: Radicale (from PyPI), started by the
test on a loopback port with a user and two calendars. A real ``skyslots`` process (SQLite
and PostgreSQL) connects to it through the generated SDK: events put there by a CalDAV
client (plain WebDAV requests, as calendar apps make them) remove slots after a refresh,
only from the calendars selected as busy; a booking is written into the chosen calendar,
moved there on reschedule and removed on cancel (read back and parsed with ``icalendar``);
wrong credentials give a clear error on the connection while availability keeps working
from the last good read; Radicale's own ``.ics`` export serves as a read-only ICS URL."""

from __future__ import annotations

import datetime as dt
import pathlib
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import uuid

import httpx
import icalendar
import pytest

import skyslots
from skyslots.api.availability import availability_get
from skyslots.api.bookings import booking_cancel, booking_create, booking_get, booking_reschedule
from skyslots.api.calendar_connections import (
    calendar_connection_create,
    calendar_connection_get,
    calendar_connection_refresh,
    calendar_connection_update,
)
from skyslots.api.hosts import host_create
from skyslots.api.links import link_create
from skyslots.api.schedules import schedule_create
from skyslots.models import (
    AttendeeInput,
    BookingCancel,
    BookingCreate,
    BookingReschedule,
    CalendarConnectionCreate,
    CalendarConnectionKind,
    CalendarConnectionStatus,
    CalendarConnectionUpdate,
    CalendarErrorCode,
    HostCreate,
    LinkCreate,
    ScheduleCreate,
    Weekday,
    WeeklyRuleInput,
)

from .conftest import BACKENDS, Deployment, next_monday

USER, PASSWORD = "ada", "radicale-secret"
TUESDAY = next_monday() + dt.timedelta(days=1)


def at(hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(TUESDAY, dt.time(hour, minute), dt.timezone.utc)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Radicale:
    """A Radicale server in a temporary directory: one user (htpasswd, plain), each test's
    calendars under the user's home."""

    def __init__(self) -> None:
        self.dir = pathlib.Path(tempfile.mkdtemp(prefix="radicale-"))
        self.port = free_port()
        (self.dir / "users").write_text(f"{USER}:{PASSWORD}\n")
        (self.dir / "config").write_text(
            f"[server]\nhosts = 127.0.0.1:{self.port}\n"
            f"[auth]\ntype = htpasswd\nhtpasswd_filename = {self.dir / 'users'}\n"
            "htpasswd_encryption = plain\ndelay = 0\n"
            f"[storage]\nfilesystem_folder = {self.dir / 'collections'}\n"
            "[rights]\ntype = owner_only\n[logging]\nlevel = warning\n"
        )
        with open(self.dir / "log", "w") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "radicale", "--config", str(self.dir / "config")],
                stdout=subprocess.DEVNULL,
                stderr=log,
            )
        self.http = httpx.Client(auth=(USER, PASSWORD), timeout=10)
        deadline = time.monotonic() + 20
        while True:
            try:
                self.http.request("PROPFIND", f"{self.base}/{USER}/", headers={"Depth": "0"})
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline, (self.dir / "log").read_text()
                time.sleep(0.1)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def home(self) -> str:
        return f"{self.base}/{USER}/"

    def make_calendar(self, name: str) -> str:
        url = f"{self.home()}{name}/"
        r = self.http.request("MKCALENDAR", url)
        assert r.status_code == 201, r.text
        return url

    def put_event(
        self, calendar: str, uid: str, start: dt.datetime, end: dt.datetime, **extra
    ) -> None:
        lines = [
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            "PRODID:-//test//calendar client//EN",
            "BEGIN:VEVENT",
            f"UID:{uid}",
            "DTSTAMP:20260101T000000Z",
            f"DTSTART:{start:%Y%m%dT%H%M%SZ}",
            f"DTEND:{end:%Y%m%dT%H%M%SZ}",
            "SUMMARY:Dentist",
            *[f"{k.upper()}:{v}" for k, v in extra.items()],
            "END:VEVENT",
            "END:VCALENDAR",
            "",
        ]
        r = self.http.put(
            f"{calendar}{uid}.ics",
            content="\r\n".join(lines),
            headers={"Content-Type": "text/calendar; charset=utf-8"},
        )
        assert r.status_code in (201, 204), r.text

    def get(self, href: str) -> httpx.Response:
        return self.http.get(href)

    def close(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)
        shutil.rmtree(self.dir, ignore_errors=True)


@pytest.fixture(scope="module")
def radicale():
    server = Radicale()
    yield server
    server.close()


@pytest.fixture(params=BACKENDS)
def deployment(request):
    d = Deployment(request.param, slug="sync-studio")
    yield d
    d.close()


def setup(client) -> tuple[str, str]:
    """A host in UTC, free 08:00–18:00 every day, and a 60-minute link: (host id, link id)."""
    schedule = schedule_create.sync(
        client=client,
        body=ScheduleCreate(
            name="Days",
            timezone="UTC",
            weekly_rules=[WeeklyRuleInput(weekday=d, start="08:00", end="18:00") for d in Weekday],
        ),
    )
    host = host_create.sync(
        client=client,
        body=HostCreate(
            name="Ada", email="ada@example.com", timezone="UTC", schedule_id=schedule.id
        ),
    )
    link = link_create.sync(
        client=client,
        body=LinkCreate(
            slug="sync", title="Session", durations=[60], slot_interval=60, host_ids=[host.id]
        ),
    )
    return host.id, link.id


def free_hours(client, link_id: str):
    """The free starts on the test's Tuesday, as hours, and the availability answer."""
    a = availability_get.sync(id=link_id, client=client, start=at(0), end=at(23, 59))
    return {s.start.hour for s in a.slots}, a


def eventually(check, timeout: float = 20):
    deadline = time.monotonic() + timeout
    while True:
        got = check()
        if got or time.monotonic() > deadline:
            assert got, "not reached in time"
            return got
        time.sleep(0.1)


def test_caldav_busy_time_and_write_back(deployment, radicale):
    client = skyslots.connect(deployment.start(), api_key=deployment.api_key)
    host_id, link_id = setup(client)
    tag = uuid.uuid4().hex[:8]
    work = radicale.make_calendar(f"work-{tag}")
    personal = radicale.make_calendar(f"personal-{tag}")
    hours, _ = free_hours(client, link_id)
    assert {10, 13, 15, 16} <= hours

    # Events a calendar app put there: busy at 10:00 (work) and 13:00 (personal); a free
    # one at 11:00 and a cancelled one at 12:00 do not count.
    radicale.put_event(work, f"dentist-{tag}", at(10), at(11))
    radicale.put_event(personal, f"gym-{tag}", at(13), at(14))
    radicale.put_event(work, f"free-{tag}", at(11), at(12), transp="TRANSPARENT")
    radicale.put_event(work, f"off-{tag}", at(12), at(13), status="CANCELLED")

    created = calendar_connection_create.sync(
        client=client,
        body=CalendarConnectionCreate(
            host_id=host_id,
            kind=CalendarConnectionKind.CALDAV,
            url=radicale.home(),
            username=USER,
            password=PASSWORD,
            write_calendar=work,
        ),
    )
    assert created.status == CalendarConnectionStatus.PENDING
    assert created.has_password is True
    # The first refresh is the job's, within seconds; on demand it is immediate.
    conn = calendar_connection_refresh.sync(id=created.id, client=client)
    assert conn.status == CalendarConnectionStatus.OK, conn
    hrefs = {c.href for c in conn.calendars}
    assert {work, personal} <= hrefs, hrefs
    assert [c.href for c in conn.calendars if c.write] == [work]
    assert conn.busy_intervals == 2

    hours, answer = free_hours(client, link_id)
    assert 10 not in hours and 13 not in hours, hours
    assert {11, 12, 15} <= hours, hours
    [fresh] = answer.calendars
    assert fresh.connection_id == created.id and fresh.status == "ok"
    assert fresh.age_seconds is not None and fresh.age_seconds < 60

    # A booking check honours it too.
    with pytest.raises(skyslots.ConflictError):
        booking_create.sync(
            client=client,
            body=BookingCreate(
                link_id=link_id,
                start=at(10),
                attendee=AttendeeInput(name="Bo", email="bo@example.com", timezone="UTC"),
            ),
        )

    # Only the work calendar counts from now on.
    conn = calendar_connection_update.sync(
        id=created.id, client=client, body=CalendarConnectionUpdate(busy_calendars=[work])
    )
    conn = calendar_connection_refresh.sync(id=created.id, client=client)
    assert conn.busy_intervals == 1
    assert {c.href: c.busy for c in conn.calendars}[personal] is False
    hours, _ = free_hours(client, link_id)
    assert 13 in hours and 10 not in hours, hours

    # A booking is written into the work calendar...
    booking = booking_create.sync(
        client=client,
        body=BookingCreate(
            link_id=link_id,
            start=at(15),
            attendee=AttendeeInput(name="Grace", email="grace@example.com", timezone="UTC"),
        ),
    )
    written = eventually(lambda: booking_get.sync(id=booking.id, client=client).calendar_events)
    [ref] = written
    assert ref.connection_id == created.id and ref.href.startswith(work), ref
    event = event_in(radicale.get(ref.href))
    assert str(event["UID"]) == booking.ical_uid
    assert event.decoded("DTSTART") == at(15)
    assert str(event["STATUS"]) == "CONFIRMED"
    # ...and, read back as busy time, does not count twice (its UID is SkySlots' own).
    conn = calendar_connection_refresh.sync(id=created.id, client=client)
    assert conn.busy_intervals == 1

    # Moved there on reschedule, with a higher SEQUENCE.
    booking_reschedule.sync(id=booking.id, client=client, body=BookingReschedule(start=at(16)))
    event = eventually(lambda: moved(radicale, ref.href, at(16)))
    assert int(event["SEQUENCE"]) >= 1

    # Removed on cancel.
    booking_cancel.sync(id=booking.id, client=client, body=BookingCancel(reason="ill"))
    eventually(lambda: radicale.get(ref.href).status_code == 404)
    eventually(lambda: not booking_get.sync(id=booking.id, client=client).calendar_events)

    # Wrong credentials: a clear error on the connection; availability keeps the last good
    # busy time and says how old it is.
    calendar_connection_update.sync(
        id=created.id, client=client, body=CalendarConnectionUpdate(password="not-the-password")
    )
    conn = calendar_connection_refresh.sync(id=created.id, client=client)
    assert conn.status == CalendarConnectionStatus.ERROR
    assert conn.error.code == CalendarErrorCode.CALENDAR_AUTH_FAILED
    assert "401" in conn.error.message and "not-the-password" not in conn.error.message
    assert conn.synced_at is not None and conn.busy_intervals == 1
    hours, answer = free_hours(client, link_id)
    assert 10 not in hours and 13 in hours, hours
    [fresh] = answer.calendars
    assert fresh.status == "error" and fresh.error_code == "calendar_auth_failed"
    assert fresh.synced_at == conn.synced_at and fresh.age_seconds >= 0
    got = calendar_connection_get.sync(id=created.id, client=client)
    assert got.status == CalendarConnectionStatus.ERROR


def test_an_ics_url_is_read_only_busy_time(deployment, radicale):
    client = skyslots.connect(deployment.start(), api_key=deployment.api_key)
    host_id, link_id = setup(client)
    tag = uuid.uuid4().hex[:8]
    holidays = radicale.make_calendar(f"holidays-{tag}")
    # A weekly series on Tuesdays 09:00–10:00 with this Tuesday's 14:00 added by RDATE.
    radicale.put_event(
        holidays,
        f"series-{tag}",
        at(9) - dt.timedelta(days=14),
        at(10) - dt.timedelta(days=14),
        rrule="FREQ=WEEKLY;COUNT=10",
        rdate=f"{at(14):%Y%m%dT%H%M%SZ}",
    )
    # Radicale serves a calendar collection as one .ics file on GET.
    conn = calendar_connection_create.sync(
        client=client,
        body=CalendarConnectionCreate(
            host_id=host_id,
            kind=CalendarConnectionKind.ICS,
            url=holidays,
            username=USER,
            password=PASSWORD,
        ),
    )
    conn = calendar_connection_refresh.sync(id=conn.id, client=client)
    assert conn.status == CalendarConnectionStatus.OK, conn
    hours, _ = free_hours(client, link_id)
    assert 9 not in hours and 14 not in hours, hours
    assert {8, 10, 13, 15} <= hours, hours


def event_in(response: httpx.Response) -> icalendar.Event:
    assert response.status_code == 200, response.text
    calendar = icalendar.Calendar.from_ical(response.text)
    assert "METHOD" not in calendar, "a CalDAV object carries no METHOD"
    [event] = calendar.walk("VEVENT")
    return event


def moved(radicale: Radicale, href: str, start: dt.datetime):
    event = event_in(radicale.get(href))
    return event if event.decoded("DTSTART") == start else None
