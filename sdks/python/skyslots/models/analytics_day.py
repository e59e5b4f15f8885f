from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="AnalyticsDay")


@_attrs_define
class AnalyticsDay:
    """One UTC day of a link's analytics.

    Attributes:
        date (str):
        views (int): Fetches of the link's public page (public and one-time link metadata).
        bookings (int): Bookings created on the link this day, through any channel.
        public_bookings (int): Of `bookings`, those guests made on the public or one-time link pages: what views
            convert into (bookings made with the secret key or a scoped token are not).
        cancellations (int): Bookings of the link cancelled this day.
        conversion_rate (float | Unset): `public_bookings / views`; absent on a day without views.
    """

    date: str
    views: int
    bookings: int
    public_bookings: int
    cancellations: int
    conversion_rate: float | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        date = self.date

        views = self.views

        bookings = self.bookings

        public_bookings = self.public_bookings

        cancellations = self.cancellations

        conversion_rate = self.conversion_rate

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "date": date,
                "views": views,
                "bookings": bookings,
                "public_bookings": public_bookings,
                "cancellations": cancellations,
            }
        )
        if conversion_rate is not UNSET:
            field_dict["conversion_rate"] = conversion_rate

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        date = d.pop("date")

        views = d.pop("views")

        bookings = d.pop("bookings")

        public_bookings = d.pop("public_bookings")

        cancellations = d.pop("cancellations")

        conversion_rate = d.pop("conversion_rate", UNSET)

        analytics_day = cls(
            date=date,
            views=views,
            bookings=bookings,
            public_bookings=public_bookings,
            cancellations=cancellations,
            conversion_rate=conversion_rate,
        )

        analytics_day.additional_properties = d
        return analytics_day

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
