from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="CalendarConnectionUpdate")


@_attrs_define
class CalendarConnectionUpdate:
    """Changes to a calendar connection; omitted fields stay, `null` clears. A change makes a
    refresh due at once.

        Attributes:
            name (str | Unset):
            url (str | Unset):
            username (str | Unset):
            password (str | Unset):
            busy_calendars (list[str] | Unset):
            write_calendar (str | Unset):
    """

    name: str | Unset = UNSET
    url: str | Unset = UNSET
    username: str | Unset = UNSET
    password: str | Unset = UNSET
    busy_calendars: list[str] | Unset = UNSET
    write_calendar: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        url = self.url

        username = self.username

        password = self.password

        busy_calendars: list[str] | Unset = UNSET
        if not isinstance(self.busy_calendars, Unset):
            busy_calendars = self.busy_calendars

        write_calendar = self.write_calendar

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if name is not UNSET:
            field_dict["name"] = name
        if url is not UNSET:
            field_dict["url"] = url
        if username is not UNSET:
            field_dict["username"] = username
        if password is not UNSET:
            field_dict["password"] = password
        if busy_calendars is not UNSET:
            field_dict["busy_calendars"] = busy_calendars
        if write_calendar is not UNSET:
            field_dict["write_calendar"] = write_calendar

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        name = d.pop("name", UNSET)

        url = d.pop("url", UNSET)

        username = d.pop("username", UNSET)

        password = d.pop("password", UNSET)

        busy_calendars = cast(list[str], d.pop("busy_calendars", UNSET))

        write_calendar = d.pop("write_calendar", UNSET)

        calendar_connection_update = cls(
            name=name,
            url=url,
            username=username,
            password=password,
            busy_calendars=busy_calendars,
            write_calendar=write_calendar,
        )

        calendar_connection_update.additional_properties = d
        return calendar_connection_update

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
