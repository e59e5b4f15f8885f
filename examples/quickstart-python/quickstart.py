"""From an API key to a booking and its cancellation. SKYSLOTS_URL, SKYSLOTS_API_KEY."""

import datetime as dt
import os
import secrets

import skyslots
from skyslots.api.availability import availability_get
from skyslots.api.bookings import booking_cancel, booking_create
from skyslots.api.hosts import host_create
from skyslots.api.links import link_create
from skyslots.api.schedules import schedule_create
from skyslots.models import AttendeeInput, BookingCancel, BookingCreate, HostCreate, LinkCreate, ScheduleCreate, Weekday, WeeklyRuleInput

client = skyslots.connect(os.environ["SKYSLOTS_URL"], api_key=os.environ["SKYSLOTS_API_KEY"])
week = [Weekday.MONDAY, Weekday.TUESDAY, Weekday.WEDNESDAY, Weekday.THURSDAY, Weekday.FRIDAY]
rules = [WeeklyRuleInput(weekday=d, start="09:00", end="17:00") for d in week]
schedule = schedule_create.sync(client=client, body=ScheduleCreate(name="Office hours", timezone="Europe/Berlin", weekly_rules=rules))
host = host_create.sync(client=client, body=HostCreate(name="Ada", email="ada@example.com", timezone="Europe/Berlin", schedule_id=schedule.id))
link = link_create.sync(client=client, body=LinkCreate(slug=f"quickstart-py-{secrets.token_hex(3)}", title="Intro call", durations=[30], host_ids=[host.id]))

now = dt.datetime.now(dt.timezone.utc)
free = availability_get.sync(link.id, client=client, start=now + dt.timedelta(days=2), end=now + dt.timedelta(days=9), timezone="America/New_York")
slot = free.slots[0]
print(f"{len(free.slots)} free slots; booking {slot.local_start.isoformat()} (New York)")

guest = AttendeeInput(name="Grace", email="grace@example.com", timezone="America/New_York")
booking = booking_create.sync(client=client, body=BookingCreate(link_id=link.id, start=slot.start, attendee=guest))
print(f"booked {booking.id}: {booking.status}")
try:
    booking_create.sync(client=client, body=BookingCreate(link_id=link.id, start=slot.start, attendee=guest))
except skyslots.ConflictError as e:
    print(f"booking it again: {e.code} ({e.reason})")

cancelled = booking_cancel.sync(booking.id, client=client, body=BookingCancel(reason="Plans changed"))
print(f"cancelled: {cancelled.booking.status}, refund {cancelled.refund_percent}%")
