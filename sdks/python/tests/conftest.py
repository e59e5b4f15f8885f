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


def next_monday() -> dt.date:
    today = dt.datetime.now(dt.timezone.utc).date()
    return today + dt.timedelta(days=(7 - today.weekday()) % 7 or 7) + dt.timedelta(days=7)
