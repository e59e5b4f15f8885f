from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.public_booking import PublicBooking


T = TypeVar("T", bound="PublicBookingCreated")


@_attrs_define
class PublicBookingCreated:
    """A guest's new booking and the token for managing it, shown only here.

    Attributes:
        booking (PublicBooking): A booking as its attendee sees it.
        manage_token (str): Lets the attendee view, cancel and reschedule this booking within the link's policy
            (`/v1/public/bookings/{manage_token}`). Keep it secret: it is not stored.
    """

    booking: PublicBooking
    manage_token: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        booking = self.booking.to_dict()

        manage_token = self.manage_token

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "booking": booking,
                "manage_token": manage_token,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.public_booking import PublicBooking  # noqa: PLC0415

        d = dict(src_dict)
        booking = PublicBooking.from_dict(d.pop("booking"))

        manage_token = d.pop("manage_token")

        public_booking_created = cls(
            booking=booking,
            manage_token=manage_token,
        )

        public_booking_created.additional_properties = d
        return public_booking_created

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
