from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.booking_status import BookingStatus
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.attendee import Attendee
    from ..models.booking_answers import BookingAnswers
    from ..models.booking_metadata import BookingMetadata
    from ..models.booking_payment import BookingPayment
    from ..models.booking_price import BookingPrice
    from ..models.calendar_event import CalendarEvent


T = TypeVar("T", bound="Booking")


@_attrs_define
class Booking:
    """
    Attributes:
        id (str):
        link_id (str):
        host_ids (list[str]): The host(s) booked: one, or all of a collective link's hosts.
        start (datetime.datetime):
        end (datetime.datetime):
        duration (int): Minutes.
        seats (int):
        status (BookingStatus):
        attendee (Attendee):
        answers (BookingAnswers):
        metadata (BookingMetadata):
        ical_uid (str): iCalendar UID: stable across reschedules.
        ical_sequence (int): iCalendar SEQUENCE: incremented on every reschedule and cancellation.
        calendar_events (list[CalendarEvent]): Where the booking was written into its hosts' calendars (connections with
            a
            `write_calendar`).
        created_at (datetime.datetime):
        updated_at (datetime.datetime):
        cancel_reason (str | Unset):
        cancelled_at (datetime.datetime | Unset):
        price (BookingPrice | Unset): What a booking on a priced link costs, fixed when it was booked (as `link_quote`
            priced
            it), in minor units of `currency`.
        hold_expires_at (datetime.datetime | Unset): While awaiting payment: when the hold on its seats ends (the
            booking then expires).
        payment (BookingPayment | Unset): The booking's payment, as the front end needs it to pay: while the booking
            awaits payment,
            `client_secret` is what Stripe Elements (or Stripe.js `confirmPayment`) takes. The secret
            completes this one payment only; show it to the payer alone.
    """

    id: str
    link_id: str
    host_ids: list[str]
    start: datetime.datetime
    end: datetime.datetime
    duration: int
    seats: int
    status: BookingStatus
    attendee: Attendee
    answers: BookingAnswers
    metadata: BookingMetadata
    ical_uid: str
    ical_sequence: int
    calendar_events: list[CalendarEvent]
    created_at: datetime.datetime
    updated_at: datetime.datetime
    cancel_reason: str | Unset = UNSET
    cancelled_at: datetime.datetime | Unset = UNSET
    price: BookingPrice | Unset = UNSET
    hold_expires_at: datetime.datetime | Unset = UNSET
    payment: BookingPayment | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        link_id = self.link_id

        host_ids = self.host_ids

        start = self.start.isoformat()

        end = self.end.isoformat()

        duration = self.duration

        seats = self.seats

        status = self.status.value

        attendee = self.attendee.to_dict()

        answers = self.answers.to_dict()

        metadata = self.metadata.to_dict()

        ical_uid = self.ical_uid

        ical_sequence = self.ical_sequence

        calendar_events = []
        for calendar_events_item_data in self.calendar_events:
            calendar_events_item = calendar_events_item_data.to_dict()
            calendar_events.append(calendar_events_item)

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        cancel_reason = self.cancel_reason

        cancelled_at: str | Unset = UNSET
        if not isinstance(self.cancelled_at, Unset):
            cancelled_at = self.cancelled_at.isoformat()

        price: dict[str, Any] | Unset = UNSET
        if not isinstance(self.price, Unset):
            price = self.price.to_dict()

        hold_expires_at: str | Unset = UNSET
        if not isinstance(self.hold_expires_at, Unset):
            hold_expires_at = self.hold_expires_at.isoformat()

        payment: dict[str, Any] | Unset = UNSET
        if not isinstance(self.payment, Unset):
            payment = self.payment.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "link_id": link_id,
                "host_ids": host_ids,
                "start": start,
                "end": end,
                "duration": duration,
                "seats": seats,
                "status": status,
                "attendee": attendee,
                "answers": answers,
                "metadata": metadata,
                "ical_uid": ical_uid,
                "ical_sequence": ical_sequence,
                "calendar_events": calendar_events,
                "created_at": created_at,
                "updated_at": updated_at,
            }
        )
        if cancel_reason is not UNSET:
            field_dict["cancel_reason"] = cancel_reason
        if cancelled_at is not UNSET:
            field_dict["cancelled_at"] = cancelled_at
        if price is not UNSET:
            field_dict["price"] = price
        if hold_expires_at is not UNSET:
            field_dict["hold_expires_at"] = hold_expires_at
        if payment is not UNSET:
            field_dict["payment"] = payment

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.attendee import Attendee  # noqa: PLC0415
        from ..models.booking_answers import BookingAnswers  # noqa: PLC0415
        from ..models.booking_metadata import BookingMetadata  # noqa: PLC0415
        from ..models.booking_payment import BookingPayment  # noqa: PLC0415
        from ..models.booking_price import BookingPrice  # noqa: PLC0415
        from ..models.calendar_event import CalendarEvent  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        link_id = d.pop("link_id")

        host_ids = cast(list[str], d.pop("host_ids"))

        start = datetime.datetime.fromisoformat(d.pop("start"))

        end = datetime.datetime.fromisoformat(d.pop("end"))

        duration = d.pop("duration")

        seats = d.pop("seats")

        status = BookingStatus(d.pop("status"))

        attendee = Attendee.from_dict(d.pop("attendee"))

        answers = BookingAnswers.from_dict(d.pop("answers"))

        metadata = BookingMetadata.from_dict(d.pop("metadata"))

        ical_uid = d.pop("ical_uid")

        ical_sequence = d.pop("ical_sequence")

        calendar_events = []
        _calendar_events = d.pop("calendar_events")
        for calendar_events_item_data in _calendar_events:
            calendar_events_item = CalendarEvent.from_dict(calendar_events_item_data)

            calendar_events.append(calendar_events_item)

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        cancel_reason = d.pop("cancel_reason", UNSET)

        _cancelled_at = d.pop("cancelled_at", UNSET)
        cancelled_at: datetime.datetime | Unset
        if isinstance(_cancelled_at, Unset):
            cancelled_at = UNSET
        else:
            cancelled_at = datetime.datetime.fromisoformat(_cancelled_at)

        _price = d.pop("price", UNSET)
        price: BookingPrice | Unset
        if isinstance(_price, Unset):
            price = UNSET
        else:
            price = BookingPrice.from_dict(_price)

        _hold_expires_at = d.pop("hold_expires_at", UNSET)
        hold_expires_at: datetime.datetime | Unset
        if isinstance(_hold_expires_at, Unset):
            hold_expires_at = UNSET
        else:
            hold_expires_at = datetime.datetime.fromisoformat(_hold_expires_at)

        _payment = d.pop("payment", UNSET)
        payment: BookingPayment | Unset
        if isinstance(_payment, Unset):
            payment = UNSET
        else:
            payment = BookingPayment.from_dict(_payment)

        booking = cls(
            id=id,
            link_id=link_id,
            host_ids=host_ids,
            start=start,
            end=end,
            duration=duration,
            seats=seats,
            status=status,
            attendee=attendee,
            answers=answers,
            metadata=metadata,
            ical_uid=ical_uid,
            ical_sequence=ical_sequence,
            calendar_events=calendar_events,
            created_at=created_at,
            updated_at=updated_at,
            cancel_reason=cancel_reason,
            cancelled_at=cancelled_at,
            price=price,
            hold_expires_at=hold_expires_at,
            payment=payment,
        )

        booking.additional_properties = d
        return booking

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
