from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.calendar_freshness import CalendarFreshness
    from ..models.slot import Slot


T = TypeVar("T", bound="Availability")


@_attrs_define
class Availability:
    """Bookable slots of a link in a window.

    Attributes:
        link_id (str):
        timezone (str): The time zone of `local_start` / `local_end`.
        duration (int):
        slots (list[Slot]):
        calendars (list[CalendarFreshness]): How fresh the busy time of the hosts' connected calendars is (empty without
            connections, and always on public pages).
    """

    link_id: str
    timezone: str
    duration: int
    slots: list[Slot]
    calendars: list[CalendarFreshness]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        link_id = self.link_id

        timezone = self.timezone

        duration = self.duration

        slots = []
        for slots_item_data in self.slots:
            slots_item = slots_item_data.to_dict()
            slots.append(slots_item)

        calendars = []
        for calendars_item_data in self.calendars:
            calendars_item = calendars_item_data.to_dict()
            calendars.append(calendars_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "link_id": link_id,
                "timezone": timezone,
                "duration": duration,
                "slots": slots,
                "calendars": calendars,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.calendar_freshness import CalendarFreshness  # noqa: PLC0415
        from ..models.slot import Slot  # noqa: PLC0415

        d = dict(src_dict)
        link_id = d.pop("link_id")

        timezone = d.pop("timezone")

        duration = d.pop("duration")

        slots = []
        _slots = d.pop("slots")
        for slots_item_data in _slots:
            slots_item = Slot.from_dict(slots_item_data)

            slots.append(slots_item)

        calendars = []
        _calendars = d.pop("calendars")
        for calendars_item_data in _calendars:
            calendars_item = CalendarFreshness.from_dict(calendars_item_data)

            calendars.append(calendars_item)

        availability = cls(
            link_id=link_id,
            timezone=timezone,
            duration=duration,
            slots=slots,
            calendars=calendars,
        )

        availability.additional_properties = d
        return availability

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
