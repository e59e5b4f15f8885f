"""Calendar files through the SDK, read by a real iCalendar parser (``icalendar`` from PyPI):
what a calendar client would import, across a reschedule and a cancellation."""

from __future__ import annotations

import datetime as dt

import icalendar
import pytest

import skyslots
from skyslots.api.bookings import booking_cancel, booking_ics_get, booking_reschedule
from skyslots.api.calendar_feeds import calendar_feed_create
from skyslots.api.links import link_create, link_get, link_list
from skyslots.api.public import (
    public_booking_create,
    public_booking_ics_get,
    public_calendar_feed_get,
)
from skyslots.models import (
    AttendeeInput,
    BookingCancel,
    BookingReschedule,
    CalendarFeedCreate,
    FeedDetail,
    LinkCreate,
    PublicBookingCreate,
)

from .conftest import next_monday

TUESDAY = next_monday() + dt.timedelta(days=1)


def at(hour: int) -> dt.datetime:
    return dt.datetime.combine(TUESDAY, dt.time(hour, 0), dt.timezone.utc)


def event_of(text: str) -> icalendar.Event:
    calendar = icalendar.Calendar.from_ical(text)
    assert calendar["METHOD"] == "PUBLISH"
    assert calendar["VERSION"] == "2.0"
    events = calendar.walk("VEVENT")
    assert len(events) == 1
    return events[0]


@pytest.fixture(scope="module")
def consult(client, link_id):
    """A link of its own (the other tests count the bookings of "intro"), same host."""
    hosts = link_get.sync(link_id, client=client).host_ids
    body = LinkCreate(slug="consult", title="Consultation", durations=[30], host_ids=hosts)
    return link_create.sync(client=client, body=body).slug


def test_a_booking_file_through_its_changes(server, client, consult):
    made = public_booking_create.sync(
        server.org_slug,
        consult,
        client=client,
        body=PublicBookingCreate(
            start=at(10),
            duration=30,
            attendee=AttendeeInput(
                name="Grace, Hopper", email="grace.h@example.com", timezone="America/New_York"
            ),
        ),
    )
    booking = made.booking
    token = made.manage_token

    text = booking_ics_get.sync(booking.id, client=client)
    event = event_of(text)
    assert str(event["UID"]) == f"{booking.id}@skyslots"
    assert event["SEQUENCE"] == 0
    assert event.decoded("DTSTART") == at(10)
    assert event.decoded("DTEND") == at(10) + dt.timedelta(minutes=30)
    assert str(event["SUMMARY"]) == "Consultation with Ada"
    assert str(event["STATUS"]) == "CONFIRMED"
    assert str(event["ORGANIZER"]) == "mailto:ada@example.com"
    assert event["ORGANIZER"].params["CN"] == "Ada"
    attendee = event["ATTENDEE"]
    assert str(attendee) == "mailto:grace.h@example.com"
    assert attendee.params["CN"] == "Grace, Hopper"
    assert attendee.params["PARTSTAT"] == "ACCEPTED"

    # The attendee's copy, by manage token, is the same file; unchanged, it is a 304.
    assert public_booking_ics_get.sync(token, client=client) == text
    first = booking_ics_get.sync_detailed(booking.id, client=client)
    etag = first.headers["etag"]
    again = booking_ics_get.sync_detailed(booking.id, client=client, if_none_match=etag)
    assert again.status_code == 304

    booking_reschedule.sync(booking.id, client=client, body=BookingReschedule(start=at(11)))
    moved = event_of(public_booking_ics_get.sync(token, client=client))
    assert str(moved["UID"]) == str(event["UID"])
    assert moved["SEQUENCE"] == 1
    assert moved.decoded("DTSTART") == at(11)
    assert (
        booking_ics_get.sync_detailed(booking.id, client=client, if_none_match=etag).status_code
        == 200
    )

    booking_cancel.sync(booking.id, client=client, body=BookingCancel(reason="Conflict"))
    cancelled = event_of(booking_ics_get.sync(booking.id, client=client))
    assert str(cancelled["STATUS"]) == "CANCELLED"
    assert cancelled["SEQUENCE"] == 2
    assert cancelled["ATTENDEE"].params["PARTSTAT"] == "DECLINED"


def test_an_unknown_manage_token_is_a_typed_404(client):
    with pytest.raises(skyslots.NotFoundError) as caught:
        public_booking_ics_get.sync("mt_nope", client=client)
    assert caught.value.code == "booking_not_found"


def test_a_busy_feed_parses_and_tells_nothing_personal(client, consult):
    link = next(x for x in link_list.sync(client=client, limit=100).data if x.slug == consult)
    feed = calendar_feed_create.sync(
        client=client, body=CalendarFeedCreate(link_id=link.id, detail=FeedDetail.BUSY)
    )
    assert feed.webcal_url.startswith("webcal://")
    text = public_calendar_feed_get.sync(feed.url.rsplit("/", 1)[1], client=client)
    calendar = icalendar.Calendar.from_ical(text)
    assert str(calendar["X-WR-CALNAME"]) == "Consultation: busy (SkySlots)"
    assert calendar["REFRESH-INTERVAL"].dt == dt.timedelta(minutes=15)
    events = calendar.walk("VEVENT")
    assert events, "the consultation booked above is in the feed"
    for event in events:
        assert str(event["SUMMARY"]) == "Busy"
        assert "ATTENDEE" not in event and "ORGANIZER" not in event
    assert "grace" not in text.lower()
