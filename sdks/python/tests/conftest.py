"""A real ``skyslots`` server for the tests: embedded SQLite in a temporary directory, a free
loopback port, one organization. Build the binary first (``cargo build -p skyslots-api --bin
skyslots``) or set ``SKYSLOTS_BIN``."""

from __future__ import annotations

import datetime as dt
import json
import os
import pathlib
import shutil
import signal
import subprocess
import tempfile
import uuid
from dataclasses import dataclass

import pytest

import skyslots
from skyslots.api.hosts import host_create
from skyslots.api.links import link_create
from skyslots.api.schedules import schedule_create
from skyslots.models import HostCreate, LinkCreate, ScheduleCreate, Weekday, WeeklyRuleInput

ROOT = pathlib.Path(__file__).resolve().parents[3]
BINARY = os.environ.get("SKYSLOTS_BIN", str(ROOT / "target" / "debug" / "skyslots"))
ADMIN = os.environ.get("SKYSLOTS_TEST_POSTGRES", "postgres://postgres@127.0.0.1:5432")


class Deployment:
    """One database (a SQLite data directory or a PostgreSQL database) and the ``skyslots
    serve`` processes on it (private URLs allowed: the test's servers are on loopback), sending
    mail to the test's SMTP server when ``smtp`` (port, sender) is given, else to the
    outbox."""

    def __init__(
        self, backend: str, smtp: tuple[int, str] | None = None, slug: str = "mail-studio"
    ) -> None:
        self.data = tempfile.mkdtemp(prefix="skyslots-py-")
        self.env = {**os.environ, "SKYSLOTS_DATA_DIR": self.data, "RUST_LOG": "warn"}
        if smtp:
            self.env["SKYSLOTS_SMTP_URL"] = f"smtp://127.0.0.1:{smtp[0]}?tls=none"
            self.env["SKYSLOTS_MAIL_FROM"] = smtp[1]
        self.env.pop("DATABASE_URL", None)
        self.database = None
        if backend == "postgres":
            self.database = f"skyslots_py_{uuid.uuid4().hex}"
            psql(f'CREATE DATABASE "{self.database}"')
            self.env["DATABASE_URL"] = f"{ADMIN}/{self.database}"
        created = json.loads(
            subprocess.run(
                [BINARY, "org", "create", "Py Studio", "--slug", slug, "--json"],
                env=self.env,
                check=True,
                capture_output=True,
            ).stdout
        )
        self.api_key = created["api_key"]
        self.slug = created["slug"]
        self.children: list[subprocess.Popen] = []

    def start(self) -> str:
        child = subprocess.Popen(
            [BINARY, "serve", "--addr", "127.0.0.1:0", "--allow-private-urls"],
            env=self.env,
            stdout=subprocess.PIPE,
            text=True,
        )
        line = child.stdout.readline().strip()
        assert line.startswith("listening on "), line
        self.children.append(child)
        return line.removeprefix("listening on ")

    def stop_all(self) -> None:
        for child in self.children:
            child.send_signal(signal.SIGTERM)
        for child in self.children:
            assert child.wait(timeout=15) == 0
        self.children.clear()

    def close(self) -> None:
        self.stop_all()
        if self.database:
            psql(f'DROP DATABASE IF EXISTS "{self.database}" WITH (FORCE)')
        shutil.rmtree(self.data, ignore_errors=True)


def psql(sql: str) -> None:
    subprocess.run(["psql", f"{ADMIN}/postgres", "-qtAc", sql], check=True, capture_output=True)


BACKENDS = ["sqlite"] + ([] if os.environ.get("SKYSLOTS_SKIP_POSTGRES") == "1" else ["postgres"])


@dataclass
class LiveServer:
    base_url: str
    api_key: str
    org_slug: str


@pytest.fixture(scope="session")
def server():
    binary = BINARY
    data = tempfile.mkdtemp(prefix="skyslots-py-")
    env = {**os.environ, "SKYSLOTS_DATA_DIR": data, "RUST_LOG": "warn"}
    env.pop("DATABASE_URL", None)
    created = json.loads(
        subprocess.run(
            [binary, "org", "create", "Py Studio", "--slug", "py-studio", "--json"],
            env=env,
            check=True,
            capture_output=True,
        ).stdout
    )
    child = subprocess.Popen(
        [binary, "serve", "--addr", "127.0.0.1:0", "--allow-private-urls"],
        env=env,
        stdout=subprocess.PIPE,
        text=True,
    )
    line = child.stdout.readline().strip()
    assert line.startswith("listening on "), line
    yield LiveServer(line.removeprefix("listening on "), created["api_key"], created["slug"])
    child.send_signal(signal.SIGTERM)
    assert child.wait(timeout=15) == 0
    shutil.rmtree(data, ignore_errors=True)


@pytest.fixture(scope="session")
def client(server):
    return skyslots.connect(server.base_url, api_key=server.api_key)


@pytest.fixture(scope="session")
def link_id(client):
    """The "intro" link (30 min, weekdays 09:00–17:00 UTC) of host Ada, shared by the tests."""
    weekdays = [
        Weekday.MONDAY,
        Weekday.TUESDAY,
        Weekday.WEDNESDAY,
        Weekday.THURSDAY,
        Weekday.FRIDAY,
    ]
    schedule = schedule_create.sync(
        client=client,
        body=ScheduleCreate(
            name="Office hours",
            timezone="UTC",
            weekly_rules=[WeeklyRuleInput(weekday=d, start="09:00", end="17:00") for d in weekdays],
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
        body=LinkCreate(slug="intro", title="Intro call", durations=[30], host_ids=[host.id]),
    )
    return link.id


def next_monday() -> dt.date:
    today = dt.datetime.now(dt.timezone.utc).date()
    return today + dt.timedelta(days=(7 - today.weekday()) % 7 or 7) + dt.timedelta(days=7)
