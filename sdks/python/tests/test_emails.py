"""Emails end to end: a real ``skyslots`` process (SQLite and PostgreSQL) sends through a real
SMTP server (``aiosmtpd`` from PyPI, in this process); what arrives is parsed with the standard
library's email parser and its calendar parts with ``icalendar``. The reminder test restarts
the server and runs two instances on one PostgreSQL database: the reminder arrives once."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import html
import json
import os
import pathlib
import signal
import socket
import subprocess
import threading
import time
import uuid

import icalendar
import pytest
from aiosmtpd.controller import Controller

import skyslots
from skyslots.api.bookings import booking_create
from skyslots.api.emails import (
    email_list,
    email_template_preview,
    email_template_reset,
    email_template_set,
)
from skyslots.api.hosts import host_create
from skyslots.api.links import link_create
from skyslots.api.one_time_links import one_time_link_create
from skyslots.api.organization import organization_update
from skyslots.api.public import (
    public_booking_cancel,
    public_booking_create,
    public_booking_reschedule,
)
from skyslots.api.schedules import schedule_create
from skyslots.models import (
    AttendeeInput,
    BookingCancel,
    BookingCreate,
    BookingReschedule,
    EmailKind,
    EmailSettings,
    EmailStatus,
    EmailTemplateInput,
    EmailTemplatePreviewInput,
    HostCreate,
    LinkCreate,
    LocationInput,
    LocationKind,
    OneTimeLinkCreate,
    OrganizationUpdate,
    PublicBookingCreate,
    ScheduleCreate,
    Weekday,
    WeeklyRuleInput,
)

from .conftest import BACKENDS, BINARY, Deployment, next_monday

SENDER = "Py Studio <bookings@py.example>"
TUESDAY = next_monday() + dt.timedelta(days=1)


def at(hour: int) -> dt.datetime:
    return dt.datetime.combine(TUESDAY, dt.time(hour, 0), dt.timezone.utc)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Inbox:
    """An aiosmtpd handler keeping every message that arrives, parsed."""

    def __init__(self) -> None:
        self.messages: list[email.message.EmailMessage] = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):  # aiosmtpd's hook name
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        message["X-Envelope-To"] = ", ".join(envelope.rcpt_tos)
        with self.lock:
            self.messages.append(message)
        return "250 OK"

    def to(self, address: str) -> list[email.message.EmailMessage]:
        with self.lock:
            return [m for m in self.messages if address in m["To"]]

    def wait(self, address: str, count: int, timeout: float = 30) -> list:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            got = self.to(address)
            if len(got) >= count:
                return got
            time.sleep(0.1)
        raise AssertionError(f"{count} messages to {address} expected, got {len(self.to(address))}")


@pytest.fixture(scope="module")
def inbox():
    handler = Inbox()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield handler, controller.port
    controller.stop()


@pytest.fixture(params=BACKENDS)
def deployment(request, inbox):
    d = Deployment(request.param, smtp=(inbox[1], SENDER))
    yield d
    d.close()


def setup(client, *, reminders: list[int], host_email: str) -> LinkCreate:
    """A host in Europe/Berlin, free all day every day, and a 30-minute link of theirs."""
    days = list(Weekday)
    schedule = schedule_create.sync(
        client=client,
        body=ScheduleCreate(
            name="Always",
            timezone="UTC",
            weekly_rules=[WeeklyRuleInput(weekday=d, start="00:00", end="24:00") for d in days],
        ),
    )
    host = host_create.sync(
        client=client,
        body=HostCreate(
            name="Ada", email=host_email, timezone="Europe/Berlin", schedule_id=schedule.id
        ),
    )
    return link_create.sync(
        client=client,
        body=LinkCreate(
            slug="consult",
            title="Consultation",
            durations=[15, 30],
            slot_interval=5,
            host_ids=[host.id],
            location=LocationInput(kind=LocationKind.VIDEO, value="https://meet.example.com/ada"),
            emails=EmailSettings(reminders=reminders),
        ),
    )


def eventually(check, timeout: float = 15):
    """``check()``'s first truthy result, polling (the outcome is recorded just after the
    SMTP server has the message)."""
    deadline = time.monotonic() + timeout
    while True:
        got = check()
        if got or time.monotonic() > deadline:
            assert got, "not reached in time"
            return got
        time.sleep(0.1)


def parts(message: email.message.EmailMessage) -> dict[str, str]:
    """The message's text, HTML and calendar parts by content type (and the attachment)."""
    found = {}
    for part in message.walk():
        if part.is_multipart():
            continue
        key = "attachment" if part.get_filename() else part.get_content_type()
        found[key] = part.get_content()
        if key == "text/calendar":
            found["method"] = part.get_param("method")
    return found


def event_of(text: str | bytes, method: str) -> icalendar.Event:
    calendar = icalendar.Calendar.from_ical(text)
    assert str(calendar["METHOD"]) == method
    events = calendar.walk("VEVENT")
    assert len(events) == 1
    return events[0]


def test_booking_emails_reach_both_parties_with_calendar_updates(deployment, inbox):
    inbox, _ = inbox
    suffix = uuid.uuid4().hex[:8]
    attendee, host = f"grace.{suffix}@example.com", f"ada.{suffix}@example.com"
    base = deployment.start()
    client = skyslots.connect(base, api_key=deployment.api_key)
    organization_update.sync(
        client=client,
        body=OrganizationUpdate(
            manage_url="https://example.com/manage/{token}",
            invitation_url="https://example.com/book?invite={token}",
        ),
    )
    link = setup(client, reminders=[1440], host_email=host)

    made = public_booking_create.sync(
        deployment.slug,
        link.slug,
        client=client,
        body=PublicBookingCreate(
            start=at(10),
            duration=30,
            attendee=AttendeeInput(name="Grace & Co", email=attendee, timezone="America/New_York"),
        ),
    )
    booking, token = made.booking, made.manage_token

    # The attendee's confirmation: both parts, their time zone, their links, an invitation.
    [mine] = inbox.wait(attendee, 1)
    assert mine["From"] == SENDER
    assert mine["Subject"] == f"Confirmed: Consultation with Ada on {TUESDAY} at 05:00"
    assert mine["Message-ID"].startswith("<eml_") and mine["Message-ID"].endswith("@py.example>")
    p = parts(mine)
    assert "Hello Grace & Co," in p["text/plain"]
    assert f"{TUESDAY} 05:00–05:30 (America/New_York, UTC-05:00)" in p["text/plain"]
    assert f"https://example.com/manage/{token}" in p["text/plain"]
    assert f"{base}/v1/public/bookings/{token}/ics" in p["text/plain"]
    assert "Where: https://meet.example.com/ada" in p["text/plain"]
    assert "Hello Grace &amp; Co," in p["text/html"], "HTML is escaped"
    assert f'href="https://example.com/manage/{token}"' in html.unescape(p["text/html"])
    assert "<title>Confirmed: Consultation" in p["text/html"]
    assert p["method"] == "REQUEST"
    event = event_of(p["text/calendar"], "REQUEST")
    assert event_of(p["attachment"], "REQUEST")["UID"] == event["UID"]
    assert str(event["UID"]) == f"{booking.id}@skyslots"
    assert event["SEQUENCE"] == 0
    assert event.decoded("DTSTART") == at(10)
    assert str(event["ORGANIZER"]) == f"mailto:{host}"
    attendees = event.get("ATTENDEE")
    attendees = attendees if isinstance(attendees, list) else [attendees]
    assert [str(a) for a in attendees] == [f"mailto:{attendee}"]

    # The host's notice: in the host's zone, no attendee links.
    [theirs] = inbox.wait(host, 1)
    assert theirs["Subject"] == f"New booking: Grace & Co, {TUESDAY} at 11:00"
    tp = parts(theirs)
    assert f"{TUESDAY} 11:00–11:30 (Europe/Berlin, UTC+01:00)" in tp["text/plain"]
    assert "manage" not in tp["text/plain"]
    assert tp["method"] == "REQUEST"

    def recorded():
        listed = email_list.sync(client=client, booking_id=booking.id).data
        kinds = {(e.kind, e.status) for e in listed}
        if {
            (EmailKind.BOOKING_CONFIRMATION, EmailStatus.SENT),
            (EmailKind.HOST_BOOKING_CREATED, EmailStatus.SENT),
        } <= kinds:
            return listed

    listed = eventually(recorded)
    [reminder] = [e for e in listed if e.kind == EmailKind.BOOKING_REMINDER]
    assert reminder.status == EmailStatus.PENDING
    assert reminder.send_at == at(10) - dt.timedelta(days=1)
    sent = next(e for e in listed if e.kind == EmailKind.BOOKING_CONFIRMATION)
    assert sent.message_id == mine["Message-ID"] and sent.subject == mine["Subject"]

    # Rescheduled: the same event, SEQUENCE 1, and the old time said.
    public_booking_reschedule.sync(
        token, client=client, body=BookingReschedule(start=at(12), duration=30)
    )
    moved = inbox.wait(attendee, 2)[1]
    assert moved["Subject"] == f"Moved: Consultation with Ada is now on {TUESDAY} at 07:00"
    mp = parts(moved)
    assert f"Was: {TUESDAY} 05:00–05:30" in mp["text/plain"]
    event = event_of(mp["text/calendar"], "REQUEST")
    assert str(event["UID"]) == f"{booking.id}@skyslots"
    assert event["SEQUENCE"] == 1
    assert event.decoded("DTSTART") == at(12)
    inbox.wait(host, 2)

    # Cancelled: METHOD:CANCEL, so calendars remove the same event.
    public_booking_cancel.sync(token, client=client, body=BookingCancel(reason="Ill"))
    cancelled = inbox.wait(attendee, 3)[2]
    assert cancelled["Subject"].startswith("Cancelled: Consultation with Ada")
    cp = parts(cancelled)
    assert "Reason: Ill" in cp["text/plain"]
    assert cp["method"] == "CANCEL"
    event = event_of(cp["text/calendar"], "CANCEL")
    assert str(event["STATUS"]) == "CANCELLED"
    assert event["SEQUENCE"] == 2
    assert "Cancelled" in inbox.wait(host, 3)[2]["Subject"]

    # Two reminders were planned (one per start); both stay pending until due, then skip.
    reminders = email_list.sync(
        client=client, booking_id=booking.id, kind=EmailKind.BOOKING_REMINDER
    ).data
    assert [r.send_at for r in reminders] == [
        at(10) - dt.timedelta(days=1),
        at(12) - dt.timedelta(days=1),
    ]

    # The organization's own template, previewed first; a broken one is refused.
    draft = EmailTemplateInput(
        subject="See you {{ booking.when.date }}, {{ recipient.name }}",
        text="{{ link.title }} at {{ booking.when.start_time }}",
        html="<p>{{ link.title }} for {{ recipient.name }}</p>",
    )
    preview = email_template_preview.sync(
        "booking_confirmation", client=client, body=EmailTemplatePreviewInput(template=draft)
    )
    assert preview.subject.startswith("See you ") and "Grace Hopper" in preview.subject
    with pytest.raises(skyslots.ValidationError) as broken:
        email_template_set.sync(
            "booking_confirmation",
            client=client,
            body=EmailTemplateInput(subject="{% if %}", text="", html=""),
        )
    [error] = broken.value.problem["errors"]
    assert (error["field"], error["code"]) == ("subject", "invalid_template")
    assert "line 1" in error["message"]
    assert email_template_set.sync("booking_confirmation", client=client, body=draft).custom

    again = public_booking_create.sync(
        deployment.slug,
        link.slug,
        client=client,
        body=PublicBookingCreate(
            start=at(14),
            duration=15,
            attendee=AttendeeInput(name="Grace & Co", email=attendee, timezone="UTC"),
        ),
    )
    mine = inbox.wait(attendee, 4)[3]
    assert mine["Subject"] == f"See you {TUESDAY}, Grace & Co"
    assert parts(mine)["text/html"] == "<p>Consultation for Grace &amp; Co</p>"
    assert not email_template_reset.sync("booking_confirmation", client=client).custom
    assert again.booking.id

    # A one-time link's invitation carries the organization's invitation URL with its token.
    guest = f"linus.{suffix}@example.com"
    one = one_time_link_create.sync(
        link.id,
        client=client,
        body=OneTimeLinkCreate(
            recipient_email=guest,
            recipient_name="Linus",
            expires_at=dt.datetime.now(dt.timezone.utc) + dt.timedelta(days=3),
        ),
    )
    [invite] = inbox.wait(guest, 1)
    assert "invites you to book Consultation" in invite["Subject"]
    assert f"https://example.com/book?invite={one.token}" in parts(invite)["text/plain"]


@pytest.mark.skipif("postgres" not in BACKENDS, reason="SKYSLOTS_SKIP_POSTGRES=1")
def test_a_reminder_survives_a_restart_and_is_sent_once_by_two_instances(inbox):
    inbox, port = inbox
    deployment = Deployment("postgres", smtp=(port, SENDER))
    try:
        attendee = f"rem.{uuid.uuid4().hex[:8]}@example.com"
        client = skyslots.connect(deployment.start(), api_key=deployment.api_key)
        # A start on the 5-minute grid at least 15 minutes ahead, and a reminder whole minutes
        # before it that falls 10 to 70 seconds from now.
        now = dt.datetime.now(dt.timezone.utc)
        start = (now + dt.timedelta(minutes=20)).replace(second=0, microsecond=0)
        start -= dt.timedelta(minutes=start.minute % 5)
        minutes = int((start - now - dt.timedelta(seconds=10)).total_seconds() // 60)
        link = setup(client, reminders=[minutes], host_email="ada.rem@example.com")
        made = booking_create.sync(
            client=client,
            body=BookingCreate(
                link_id=link.id,
                start=start,
                duration=15,
                attendee=AttendeeInput(name="Rem", email=attendee, timezone="UTC"),
            ),
        )
        assert made.status == "confirmed", made
        inbox.wait(attendee, 1)  # the confirmation
        due = start - dt.timedelta(minutes=minutes)

        # Restart: the reminder is a row in the database, not a timer in the old process.
        deployment.stop_all()
        second = skyslots.connect(deployment.start(), api_key=deployment.api_key)
        deployment.start()
        wait = (due - dt.datetime.now(dt.timezone.utc)).total_seconds()
        assert wait > 0, "the reminder was due before the restart"
        reminders = inbox.wait(attendee, 2, timeout=wait + 30)[1:]
        time.sleep(3)  # a second copy would arrive within the workers' tick
        reminders = inbox.to(attendee)[1:]
        assert len(reminders) == 1, [m["Subject"] for m in reminders]
        assert reminders[0]["Subject"].startswith("Reminder: Consultation with Ada")
        listed = eventually(
            lambda: [
                e
                for e in email_list.sync(
                    client=second, booking_id=made.id, kind=EmailKind.BOOKING_REMINDER
                ).data
                if e.status != EmailStatus.PENDING
            ]
        )
        assert [(e.status, e.attempts) for e in listed] == [(EmailStatus.SENT, 1)]
        assert listed[0].sent_at >= due
    finally:
        deployment.close()


def test_the_outbox_holds_what_would_be_sent_without_smtp(tmp_path: pathlib.Path):
    """No SKYSLOTS_SMTP_URL: messages become .eml files in the data directory's outbox."""
    env = {**os.environ, "SKYSLOTS_DATA_DIR": str(tmp_path), "RUST_LOG": "info"}
    env.pop("DATABASE_URL", None)
    env.pop("SKYSLOTS_SMTP_URL", None)
    created = json.loads(
        subprocess.run(
            [BINARY, "org", "create", "Outbox", "--json"],
            env=env,
            check=True,
            capture_output=True,
        ).stdout
    )
    child = subprocess.Popen(
        [BINARY, "serve", "--addr", "127.0.0.1:0"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        line = child.stdout.readline().strip()
        client = skyslots.connect(line.removeprefix("listening on "), api_key=created["api_key"])
        link = setup(client, reminders=[], host_email="ada.outbox@example.com")
        booking_create.sync(
            client=client,
            body=BookingCreate(
                link_id=link.id,
                start=at(9),
                duration=30,
                attendee=AttendeeInput(name="Out", email="out@example.com", timezone="UTC"),
            ),
        )
        outbox = tmp_path / "outbox"
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and len(list(outbox.glob("*.eml"))) < 2:
            time.sleep(0.1)
        files = sorted(outbox.glob("*.eml"))
        assert len(files) == 2
        messages = [
            email.message_from_bytes(f.read_bytes(), policy=email.policy.default) for f in files
        ]
        assert {m["To"] for m in messages} == {
            "Out <out@example.com>",
            "Ada <ada.outbox@example.com>",
        }
    finally:
        child.send_signal(signal.SIGTERM)
        _, err = child.communicate(timeout=15)
    assert "emails from" in err and "outbox" in err and ".eml" in err, err


@pytest.mark.filterwarnings("ignore::UserWarning", "ignore::DeprecationWarning")
@pytest.mark.parametrize("password", ["p:ss+w", "wrong"])
def test_smtp_credentials_authenticate_or_fail_the_email(password):
    """AUTH with the percent-decoded user and password of SKYSLOTS_SMTP_URL; a server refusing
    them (535) fails the email at once, with its answer, and nothing is sent."""
    from aiosmtpd.smtp import AuthResult

    handler, logins = Inbox(), []

    def authenticate(server, session, envelope, mechanism, data):
        logins.append((data.login, data.password))
        ok = (data.login, data.password) == (b"us@r", b"p:ss+w")
        # handled=False: aiosmtpd answers (235, or 535) itself.
        return AuthResult(success=ok, handled=False)

    controller = Controller(
        handler,
        hostname="127.0.0.1",
        port=free_port(),
        authenticator=authenticate,
        auth_required=True,
        auth_require_tls=False,
    )
    controller.start()
    deployment = Deployment("sqlite", smtp=(controller.port, SENDER))
    encoded = password.replace(":", "%3A").replace("+", "%2B")
    deployment.env["SKYSLOTS_SMTP_URL"] = (
        f"smtp://us%40r:{encoded}@127.0.0.1:{controller.port}?tls=none"
    )
    try:
        client = skyslots.connect(deployment.start(), api_key=deployment.api_key)
        link = setup(client, reminders=[], host_email="ada.auth@example.com")
        made = booking_create.sync(
            client=client,
            body=BookingCreate(
                link_id=link.id,
                start=at(11),
                duration=30,
                attendee=AttendeeInput(name="Au", email="au@example.com", timezone="UTC"),
            ),
        )
        settled = eventually(
            lambda: [
                e
                for e in email_list.sync(client=client, booking_id=made.id).data
                if e.status != EmailStatus.PENDING
            ]
        )
        assert (b"us@r", password.encode()) in logins
        if password == "wrong":
            assert {e.status for e in settled} == {EmailStatus.FAILED}
            assert all("535" in e.error for e in settled), [e.error for e in settled]
            assert handler.messages == []
        else:
            assert {e.status for e in settled} == {EmailStatus.SENT}
            handler.wait("au@example.com", 1)
    finally:
        deployment.close()
        controller.stop()


@pytest.fixture(scope="module")
def certificate(tmp_path_factory):
    """A private CA and a server certificate for ``localhost`` it signed (openssl): the CA's,
    the server's certificate and its key, as paths."""
    d = tmp_path_factory.mktemp("tls")
    ca, ca_key = d / "ca.pem", d / "ca.key"
    cert, key, csr, ext = d / "cert.pem", d / "key.pem", d / "leaf.csr", d / "leaf.ext"
    ext.write_text(
        "basicConstraints=CA:FALSE\nsubjectAltName=DNS:localhost\nextendedKeyUsage=serverAuth\n"
    )

    def openssl(*args):
        subprocess.run(["openssl", *map(str, args)], check=True, capture_output=True)

    openssl(
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-days",
        "2",
        "-keyout",
        ca_key,
        "-out",
        ca,
        "-subj",
        "/CN=SkySlots Test CA",
    )
    openssl(
        "req",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        key,
        "-out",
        csr,
        "-subj",
        "/CN=localhost",
    )
    openssl(
        "x509",
        "-req",
        "-in",
        csr,
        "-CA",
        ca,
        "-CAkey",
        ca_key,
        "-CAcreateserial",
        "-days",
        "2",
        "-out",
        cert,
        "-extfile",
        ext,
    )
    return ca, cert, key


@pytest.mark.filterwarnings("ignore::UserWarning", "ignore::DeprecationWarning")
@pytest.mark.parametrize("mode", ["starttls", "implicit", "untrusted"])
def test_smtp_over_tls_checks_the_certificate(mode, certificate):
    """STARTTLS (required, the default of ``smtp://``) and implicit TLS (``smtps://``) against
    aiosmtpd with a certificate from a private CA named by ``ca_file``; the same server
    without ``ca_file`` is not trusted, and nothing is sent in clear instead."""
    import ssl

    ca, cert, key = certificate
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    handler, port = Inbox(), free_port()
    if mode == "implicit":
        controller = Controller(handler, hostname="127.0.0.1", port=port, ssl_context=context)
        url = f"smtps://localhost:{port}?ca_file={ca}"
    else:
        controller = Controller(
            handler, hostname="127.0.0.1", port=port, tls_context=context, require_starttls=True
        )
        url = f"smtp://localhost:{port}" + ("" if mode == "untrusted" else f"?ca_file={ca}")
    controller.start()
    deployment = Deployment("sqlite", smtp=(port, SENDER))
    deployment.env["SKYSLOTS_SMTP_URL"] = url
    try:
        client = skyslots.connect(deployment.start(), api_key=deployment.api_key)
        link = setup(client, reminders=[], host_email=f"ada.{mode}@example.com")
        made = booking_create.sync(
            client=client,
            body=BookingCreate(
                link_id=link.id,
                start=at(12),
                duration=30,
                attendee=AttendeeInput(name="Tl", email=f"tls.{mode}@example.com", timezone="UTC"),
            ),
        )
        if mode == "untrusted":
            tried = eventually(
                lambda: [
                    e for e in email_list.sync(client=client, booking_id=made.id).data if e.error
                ]
            )
            assert all("certificate" in e.error.lower() for e in tried), [e.error for e in tried]
            assert {e.status for e in tried} <= {EmailStatus.PENDING, EmailStatus.FAILED}
            assert handler.messages == []
        else:
            [message] = handler.wait(f"tls.{mode}@example.com", 1)
            assert message["Subject"]
            sent = eventually(
                lambda: (
                    {e.status for e in email_list.sync(client=client, booking_id=made.id).data}
                    == {EmailStatus.SENT}
                )
            )
            assert sent
    finally:
        deployment.close()
        controller.stop()
