from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="QuoteRequest")


@_attrs_define
class QuoteRequest:
    """What to price: a start, a duration and seats.

    Example:
        {'duration': 90, 'seats': None, 'start': '2026-12-08T14:00:00+00:00'}

    Attributes:
        start (datetime.datetime):
        duration (int | Unset): Minutes, one of the link's durations; default its first.
        seats (int | Unset): Default 1; at most the link's capacity.
    """

    start: datetime.datetime
    duration: int | Unset = UNSET
    seats: int | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        start = self.start.isoformat()

        duration = self.duration

        seats = self.seats

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "start": start,
            }
        )
        if duration is not UNSET:
            field_dict["duration"] = duration
        if seats is not UNSET:
            field_dict["seats"] = seats

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        start = datetime.datetime.fromisoformat(d.pop("start"))

        duration = d.pop("duration", UNSET)

        seats = d.pop("seats", UNSET)

        quote_request = cls(
            start=start,
            duration=duration,
            seats=seats,
        )

        quote_request.additional_properties = d
        return quote_request

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
