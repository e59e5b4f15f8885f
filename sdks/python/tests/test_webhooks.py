"""Webhook signatures against the official Standard Webhooks library (``standardwebhooks`` on
PyPI): what a real ``skyslots`` server sends is accepted by the official verifier and by
``verify_webhook``; what the official signer makes is accepted by ``verify_webhook``; tampered,
stale and wrongly signed messages are refused by both."""

from __future__ import annotations

import datetime as dt
import http.server
import threading
import time
from typing import ClassVar

import pytest
from standardwebhooks.webhooks import Webhook
from standardwebhooks.webhooks import WebhookVerificationError as OfficialError

import skyslots
from skyslots.api.webhooks import (
    webhook_endpoint_create,
    webhook_endpoint_ping,
    webhook_endpoint_rotate_secret,
)
from skyslots.models import WebhookEndpointCreate, WebhookSecretRotate

OTHER = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"


class _Receiver(http.server.BaseHTTPRequestHandler):
    got: ClassVar[list[tuple[bytes, dict[str, str]]]] = []

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("content-length", "0")))
        type(self).got.append((body, {k.lower(): v for k, v in self.headers.items()}))
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def receiver():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Receiver)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/hook"
    server.shutdown()


def _next(count: int) -> tuple[bytes, dict[str, str]]:
    deadline = time.monotonic() + 10
    while len(_Receiver.got) < count and time.monotonic() < deadline:
        time.sleep(0.05)
    assert len(_Receiver.got) >= count, "the webhook arrived"
    return _Receiver.got[count - 1]


def test_a_delivery_from_the_server_passes_both_verifiers(server, receiver):
    client = skyslots.connect(server.base_url, api_key=server.api_key)
    endpoint = webhook_endpoint_create.sync(
        client=client, body=WebhookEndpointCreate(url=receiver, event_types=["*"])
    )
    secret = endpoint.secret
    assert secret.startswith("whsec_")
    webhook_endpoint_ping.sync(client=client, id=endpoint.id)
    body, headers = _next(1)
    official = Webhook(secret).verify(body, headers)
    assert official["type"] == "webhook_endpoint.ping"
    event = skyslots.verify_webhook(body, headers, secret)
    assert event["type"] == "webhook_endpoint.ping"
    assert event["id"] == headers["webhook-id"]

    tampered = body.replace(b"webhook_endpoint.ping", b"booking.created")
    with pytest.raises(OfficialError):
        Webhook(secret).verify(tampered, headers)
    with pytest.raises(skyslots.WebhookVerificationError):
        skyslots.verify_webhook(tampered, headers, secret)
    with pytest.raises(skyslots.WebhookVerificationError):
        skyslots.verify_webhook(body, headers, OTHER)
    with pytest.raises(skyslots.WebhookVerificationError):
        skyslots.verify_webhook(body, headers, secret, now=time.time() + 3600)

    rotated = webhook_endpoint_rotate_secret.sync(
        client=client, id=endpoint.id, body=WebhookSecretRotate(grace_period_seconds=3600)
    )
    webhook_endpoint_ping.sync(client=client, id=endpoint.id)
    body, headers = _next(2)
    assert len(headers["webhook-signature"].split(" ")) == 2
    for s in (secret, rotated.secret):
        Webhook(s).verify(body, headers)
        skyslots.verify_webhook(body, headers, s)


def test_verify_webhook_accepts_what_the_official_library_signs():
    body = '{"id": "evt_1", "type": "booking.created"}'
    at = dt.datetime.now(dt.timezone.utc)
    signature = Webhook(OTHER).sign("evt_1", at, body)
    headers = {
        "Webhook-Id": "evt_1",
        "Webhook-Timestamp": str(int(at.timestamp())),
        "Webhook-Signature": f"v1,bogus {signature}",
    }
    assert skyslots.verify_webhook(body, headers, OTHER)["type"] == "booking.created"
    with pytest.raises(skyslots.WebhookVerificationError):
        skyslots.verify_webhook(body, {**headers, "Webhook-Signature": "v1,bogus"}, OTHER)
    with pytest.raises(skyslots.WebhookVerificationError, match="missing"):
        skyslots.verify_webhook(body, {}, OTHER)
