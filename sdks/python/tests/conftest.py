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
from dataclasses import dataclass

import pytest

import skyslots
from skyslots.api.hosts import host_create
from skyslots.api.links import link_create
from skyslots.api.schedules import schedule_create
from skyslots.models import HostCreate, LinkCreate, ScheduleCreate, Weekday, WeeklyRuleInput

ROOT = pathlib.Path(__file__).resolve().parents[3]


@dataclass
class LiveServer:
    base_url: str
    api_key: str
    org_slug: str


@pytest.fixture(scope="session")
def server():
    binary = os.environ.get("SKYSLOTS_BIN", str(ROOT / "target" / "debug" / "skyslots"))
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
