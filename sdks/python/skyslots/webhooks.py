"""Verifying webhooks SkySlots sends (Standard Webhooks 1.0).

The signature is ``v1,`` + base64(HMAC-SHA256(secret, "{webhook-id}.{webhook-timestamp}.{body}")),
one per secret in force, space-separated (two during a secret rotation).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
from collections.abc import Mapping
from typing import Any


class WebhookVerificationError(Exception):
    """The payload did not come from SkySlots, was altered, or is too old or too new."""


def _header(headers: Mapping[str, str], name: str) -> str:
    for key, value in headers.items():
        if key.lower() == name:
            return value
    return ""


def verify_webhook(
    payload: bytes | str,
    headers: Mapping[str, str],
    secret: str,
    *,
    tolerance_seconds: int = 300,
    now: float | None = None,
) -> dict[str, Any]:
    """Check a webhook from SkySlots and return its event (the ``Event`` envelope as a dict).

    ``payload`` is the raw request body, exactly as received (parse it only after verifying);
    ``headers`` the request's headers (``webhook-id``, ``webhook-timestamp``,
    ``webhook-signature``; any mapping, names in any case); ``secret`` the endpoint's
    ``whsec_…`` secret. Raises :class:`WebhookVerificationError` unless one signature matches
    and the timestamp is within ``tolerance_seconds`` of now. A delivery is sent at least once:
    skip a ``webhook-id`` already handled.
    """
    msg_id = _header(headers, "webhook-id")
    timestamp = _header(headers, "webhook-timestamp")
    signatures = _header(headers, "webhook-signature")
    if not (msg_id and timestamp and signatures):
        raise WebhookVerificationError("missing webhook-id, webhook-timestamp or webhook-signature")
    if not timestamp.isdigit():
        raise WebhookVerificationError("webhook-timestamp is not a number")
    current = time.time() if now is None else now
    if abs(current - int(timestamp)) > tolerance_seconds:
        raise WebhookVerificationError("webhook-timestamp is outside the tolerance")
    try:
        key = base64.b64decode(secret.removeprefix("whsec_"), validate=True)
    except ValueError as e:
        raise WebhookVerificationError("the secret is not a whsec_ secret") from e
    body = payload.encode() if isinstance(payload, str) else payload
    signed = f"{msg_id}.{timestamp}.".encode() + body
    expected = base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()
    for candidate in signatures.split(" "):
        version, _, value = candidate.partition(",")
        if version == "v1" and hmac.compare_digest(value, expected):
            return json.loads(body)
    raise WebhookVerificationError("no signature matches")
