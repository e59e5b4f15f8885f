"""The SDK against a real ``skyslots`` server (embedded SQLite, a free port)."""

from __future__ import annotations

import asyncio
import datetime as dt

import httpx
import pytest

import skyslots
from skyslots.api.availability import availability_get
from skyslots.api.bookings import booking_cancel, booking_create, booking_list
from skyslots.api.hosts import host_create, host_list
from skyslots.api.tokens import token_create
from skyslots.models import (
    AttendeeInput,
    BookingCancel,
    BookingCreate,
    BookingStatus,
    HostCreate,
    Scope,
    TokenCreate,
)

from .conftest import next_monday

MONDAY = next_monday()
DAY_START = dt.datetime.combine(MONDAY, dt.time(0, 0), dt.timezone.utc)
DAY_END = DAY_START + dt.timedelta(days=1)


def slots(client, link_id) -> list[dt.datetime]:
    answer = availability_get.sync(
        link_id, client=client, start=DAY_START, end=DAY_END, timezone="Europe/Paris"
    )
    return [s.start for s in answer.slots]


def attendee(name: str) -> AttendeeInput:
    return AttendeeInput(name=name, email=f"{name.lower()}@example.com", timezone="Europe/Paris")


def book(client, link_id, start, name):
    return booking_create.sync(
        client=client,
        body=BookingCreate(link_id=link_id, start=start, duration=30, attendee=attendee(name)),
    )


def test_availability_in_the_visitors_time_zone(client, link_id):
    answer = availability_get.sync(
        link_id, client=client, start=DAY_START, end=DAY_END, timezone="Europe/Paris"
    )
    assert len(answer.slots) == 16
    first = answer.slots[0]
    assert first.start == DAY_START + dt.timedelta(hours=9)
    assert first.local_start.utcoffset() == dt.timedelta(hours=1)


def test_book_list_page_by_page_and_cancel(client, link_id):
    starts = slots(client, link_id)[:5]
    made = [book(client, link_id, s, f"Guest{i}") for i, s in enumerate(starts)]
    assert all(b.status == BookingStatus.CONFIRMED for b in made)
    pages = []
    original = booking_list.sync

    def counting(**kwargs):
        pages.append(kwargs.get("cursor"))
        return original(**kwargs)

    class Counting:
        sync = staticmethod(counting)

    seen = [b.id for b in skyslots.paginate(Counting, client=client, link_id=link_id, limit=2)]
    assert seen == [b.id for b in made]
    assert len(pages) == 3
    cancelled = booking_cancel.sync(made[0].id, client=client, body=BookingCancel(reason="Plans"))
    assert cancelled.booking.status == BookingStatus.CANCELLED


def test_a_taken_slot_raises_a_typed_error(client, link_id):
    start = slots(client, link_id)[0]
    book(client, link_id, start, "First")
    with pytest.raises(skyslots.ConflictError) as caught:
        book(client, link_id, start, "Second")
    error = caught.value
    assert (error.status, error.code, error.reason) == (409, "slot_unavailable", "slot_full")
    assert isinstance(error, skyslots.SkySlotsError)


def test_validation_errors_carry_their_fields(client):
    with pytest.raises(skyslots.ValidationError) as caught:
        host_create.sync(
            client=client, body=HostCreate(name="Bo", email="nope", timezone="Mars/Olympus")
        )
    assert caught.value.code == "validation_failed"
    assert {e["field"] for e in caught.value.errors} == {"email", "timezone"}


def test_a_create_retried_after_a_lost_answer_books_once(server, client, link_id):
    """The answer to the first POST is lost after the server booked; the SDK re-sends the
    same request with the same Idempotency-Key and gets the first result back."""
    keys: list[str] = []

    class LosesFirstAnswer(httpx.BaseTransport):
        def __init__(self):
            self.inner, self.lost = httpx.HTTPTransport(), False

        def handle_request(self, request):
            keys.append(request.headers.get("idempotency-key", ""))
            response = self.inner.handle_request(request)
            if request.method == "POST" and not self.lost:
                self.lost = True
                response.read()
                raise httpx.ReadError("connection reset", request=request)
            return response

    flaky = skyslots.connect(server.base_url, api_key=server.api_key, transport=LosesFirstAnswer())
    start = slots(client, link_id)[0]
    detailed = booking_create.sync_detailed(
        client=flaky,
        body=BookingCreate(link_id=link_id, start=start, duration=30, attendee=attendee("Retry")),
    )
    assert detailed.headers.get("idempotent-replayed") == "true"
    assert len(keys) == 2 and keys[0] and keys[0] == keys[1]
    same = [
        b
        for b in skyslots.paginate(booking_list, client=client, link_id=link_id)
        if b.start == start
    ]
    assert len(same) == 1


def test_async_client_and_pagination(server, link_id):
    async def run():
        client = skyslots.connect(server.base_url, api_key=server.api_key)
        start = slots(client, link_id)[0]
        made = await booking_create.asyncio(
            client=client,
            body=BookingCreate(
                link_id=link_id, start=start, duration=30, attendee=attendee("Async")
            ),
        )
        ids = [
            b.id
            async for b in skyslots.apaginate(booking_list, client=client, link_id=link_id, limit=3)
        ]
        assert made.id in ids
        with pytest.raises(skyslots.ConflictError):
            await booking_create.asyncio(
                client=client,
                body=BookingCreate(
                    link_id=link_id, start=start, duration=30, attendee=attendee("Late")
                ),
            )

    asyncio.run(run())


def test_a_scoped_token_reads_availability_but_not_hosts(server, client, link_id):
    minted = token_create.sync(
        client=client,
        body=TokenCreate(
            subject="widget", scopes=[Scope.AVAILABILITYREAD], link_id=link_id, expires_in=600
        ),
    )
    browser = skyslots.connect(server.base_url, token=minted.token)
    assert slots(browser, link_id)
    with pytest.raises(skyslots.PermissionDeniedError) as caught:
        host_list.sync(client=browser)
    assert caught.value.code == "secret_key_required"
