from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.booking_status import BookingStatus
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.attendee import Attendee
    from ..models.booking_payment import BookingPayment
    from ..models.booking_price import BookingPrice
    from ..models.location import Location
    from ..models.policy import Policy
    from ..models.public_booking_answers import PublicBookingAnswers


T = TypeVar("T", bound="PublicBooking")


@_attrs_define
class PublicBooking:
    """A booking as its attendee sees it.

    Attributes:
        id (str):
        status (BookingStatus):
        start (datetime.datetime):
        end (datetime.datetime):
        duration (int): Minutes.
        seats (int):
        attendee (Attendee):
        answers (PublicBookingAnswers):
        link_title (str):
        policy (Policy):
        ical_uid (str):
        ical_sequence (int):
        location (Location | Unset):
        cancelled_at (datetime.datetime | Unset):
        price (BookingPrice | Unset): What a booking on a priced link costs, fixed when it was booked (as `link_quote`
            priced
            it), in minor units of `currency`.
        hold_expires_at (datetime.datetime | Unset): While awaiting payment: when the hold on its seats ends.
        payment (BookingPayment | Unset): The booking's payment, as the front end needs it to pay: while the booking
            awaits payment,
            `client_secret` is what Stripe Elements (or Stripe.js `confirmPayment`) takes. The secret
            completes this one payment only; show it to the payer alone.
    """

    id: str
    status: BookingStatus
    start: datetime.datetime
    end: datetime.datetime
    duration: int
    seats: int
    attendee: Attendee
    answers: PublicBookingAnswers
    link_title: str
    policy: Policy
    ical_uid: str
    ical_sequence: int
    location: Location | Unset = UNSET
    cancelled_at: datetime.datetime | Unset = UNSET
    price: BookingPrice | Unset = UNSET
    hold_expires_at: datetime.datetime | Unset = UNSET
    payment: BookingPayment | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        status = self.status.value

        start = self.start.isoformat()

        end = self.end.isoformat()

        duration = self.duration

        seats = self.seats

        attendee = self.attendee.to_dict()

        answers = self.answers.to_dict()

        link_title = self.link_title

        policy = self.policy.to_dict()

        ical_uid = self.ical_uid

        ical_sequence = self.ical_sequence

        location: dict[str, Any] | Unset = UNSET
        if not isinstance(self.location, Unset):
            location = self.location.to_dict()

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
                "status": status,
                "start": start,
                "end": end,
                "duration": duration,
                "seats": seats,
                "attendee": attendee,
                "answers": answers,
                "link_title": link_title,
                "policy": policy,
                "ical_uid": ical_uid,
                "ical_sequence": ical_sequence,
            }
        )
        if location is not UNSET:
            field_dict["location"] = location
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
        from ..models.booking_payment import BookingPayment  # noqa: PLC0415
        from ..models.booking_price import BookingPrice  # noqa: PLC0415
        from ..models.location import Location  # noqa: PLC0415
        from ..models.policy import Policy  # noqa: PLC0415
        from ..models.public_booking_answers import PublicBookingAnswers  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        status = BookingStatus(d.pop("status"))

        start = datetime.datetime.fromisoformat(d.pop("start"))

        end = datetime.datetime.fromisoformat(d.pop("end"))

        duration = d.pop("duration")

        seats = d.pop("seats")

        attendee = Attendee.from_dict(d.pop("attendee"))

        answers = PublicBookingAnswers.from_dict(d.pop("answers"))

        link_title = d.pop("link_title")

        policy = Policy.from_dict(d.pop("policy"))

        ical_uid = d.pop("ical_uid")

        ical_sequence = d.pop("ical_sequence")

        _location = d.pop("location", UNSET)
        location: Location | Unset
        if isinstance(_location, Unset):
            location = UNSET
        else:
            location = Location.from_dict(_location)

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

        public_booking = cls(
            id=id,
            status=status,
            start=start,
            end=end,
            duration=duration,
            seats=seats,
            attendee=attendee,
            answers=answers,
            link_title=link_title,
            policy=policy,
            ical_uid=ical_uid,
            ical_sequence=ical_sequence,
            location=location,
            cancelled_at=cancelled_at,
            price=price,
            hold_expires_at=hold_expires_at,
            payment=payment,
        )

        public_booking.additional_properties = d
        return public_booking

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
