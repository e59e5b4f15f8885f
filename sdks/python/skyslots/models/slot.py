from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="Slot")


@_attrs_define
class Slot:
    """One bookable slot.

    Attributes:
        start (datetime.datetime): Start, UTC.
        end (datetime.datetime): End, UTC.
        local_start (datetime.datetime): Start in the requested time zone.
        local_end (datetime.datetime): End in the requested time zone.
        seats_remaining (int): Seats a booking can still take.
    """

    start: datetime.datetime
    end: datetime.datetime
    local_start: datetime.datetime
    local_end: datetime.datetime
    seats_remaining: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        start = self.start.isoformat()

        end = self.end.isoformat()

        local_start = self.local_start.isoformat()

        local_end = self.local_end.isoformat()

        seats_remaining = self.seats_remaining

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "start": start,
                "end": end,
                "local_start": local_start,
                "local_end": local_end,
                "seats_remaining": seats_remaining,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        start = datetime.datetime.fromisoformat(d.pop("start"))

        end = datetime.datetime.fromisoformat(d.pop("end"))

        local_start = datetime.datetime.fromisoformat(d.pop("local_start"))

        local_end = datetime.datetime.fromisoformat(d.pop("local_end"))

        seats_remaining = d.pop("seats_remaining")

        slot = cls(
            start=start,
            end=end,
            local_start=local_start,
            local_end=local_end,
            seats_remaining=seats_remaining,
        )

        slot.additional_properties = d
        return slot

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
