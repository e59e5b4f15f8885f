"""Prices and quotes through the generated SDK: a studio room priced per hour in a zero-decimal
currency with a deposit, quoted before booking; a bad currency comes back as a typed error."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest

import skyslots
from skyslots.api.links import link_create, link_get, link_quote
from skyslots.models import (
    Balance,
    DepositInput,
    DepositKind,
    LinkCreate,
    PriceInput,
    PriceUnit,
    QuoteRequest,
)

from .conftest import next_monday


def test_a_room_is_quoted_per_hour_with_a_deposit(client, link_id):
    host_id = link_get.sync(id=link_id, client=client).host_ids[0]
    room = link_create.sync(
        client=client,
        body=LinkCreate(
            slug=f"room-{uuid.uuid4().hex[:8]}",
            title="Studio A",
            durations=[60, 150],
            host_ids=[host_id],
            price=PriceInput(
                amount=4000,
                currency="JPY",
                unit=PriceUnit.PER_HOUR,
                deposit=DepositInput(kind=DepositKind.PERCENT, value=50),
                balance=Balance.AT_VENUE,
            ),
        ),
    )
    assert room.price.amount_decimal == "4000" and room.price.unit == PriceUnit.PER_HOUR
    start = dt.datetime.combine(next_monday(), dt.time(10), dt.timezone.utc)
    q = link_quote.sync(id=room.id, client=client, body=QuoteRequest(start=start, duration=150))
    assert (q.currency, q.exponent) == ("JPY", 0)
    assert q.end == start + dt.timedelta(minutes=150)
    [line] = q.lines
    assert (line.unit, line.quantity, line.unit_amount, line.amount) == (
        PriceUnit.PER_HOUR,
        150,
        4000,
        10000,
    )
    assert (q.total, q.due_now, q.due_later) == (10000, 5000, 5000)
    assert q.balance == Balance.AT_VENUE


def test_an_unknown_currency_is_a_validation_error(client, link_id):
    host_id = link_get.sync(id=link_id, client=client).host_ids[0]
    with pytest.raises(skyslots.ValidationError) as caught:
        link_create.sync(
            client=client,
            body=LinkCreate(
                slug=f"bad-{uuid.uuid4().hex[:8]}",
                title="Bad",
                durations=[30],
                host_ids=[host_id],
                price=PriceInput(amount=100, currency="ABC"),
            ),
        )
    assert [e["field"] for e in caught.value.errors] == ["price.currency"]
