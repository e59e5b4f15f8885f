from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="RemoteCalendar")


@_attrs_define
class RemoteCalendar:
    """A calendar found at the connection's URL.

    Attributes:
        href (str): Its URL: what `busy_calendars` and `write_calendar` name.
        busy (bool): Its events count as busy.
        write (bool): Bookings are written into it.
        name (str | Unset):
    """

    href: str
    busy: bool
    write: bool
    name: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        href = self.href

        busy = self.busy

        write = self.write

        name = self.name

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "href": href,
                "busy": busy,
                "write": write,
            }
        )
        if name is not UNSET:
            field_dict["name"] = name

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        href = d.pop("href")

        busy = d.pop("busy")

        write = d.pop("write")

        name = d.pop("name", UNSET)

        remote_calendar = cls(
            href=href,
            busy=busy,
            write=write,
            name=name,
        )

        remote_calendar.additional_properties = d
        return remote_calendar

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
