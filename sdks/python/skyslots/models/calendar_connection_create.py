from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.calendar_connection_kind import CalendarConnectionKind
from ..types import UNSET, Unset

T = TypeVar("T", bound="CalendarConnectionCreate")


@_attrs_define
class CalendarConnectionCreate:
    """A new calendar connection.

    Example:
        {'busy_calendars': None, 'host_id': 'hst_01jdq4x8m2w9k3v7c5t1r6y0ab', 'kind': 'caldav', 'name': 'Work calendar',
            'password': 'app-password', 'url': 'https://caldav.fastmail.com/dav/calendars/user/ada@example.com/',
            'username': 'ada@example.com', 'write_calendar': None}

    Attributes:
        host_id (str): The host whose calendar it is.
        kind (CalendarConnectionKind): How SkySlots reaches the calendar.
        url (str): For CalDAV a calendar, a calendar home or a principal URL (the calendars under it are
            found); for ICS the file's URL. `https` (http and private addresses only on servers
            started with `--allow-private-urls`); no credentials in it.
        name (str | Unset):
        username (str | Unset): For HTTP Basic authentication (an app-specific password for iCloud, Fastmail,
            Nextcloud).
        password (str | Unset): Stored encrypted; never returned.
        busy_calendars (list[str] | Unset): CalDAV: the calendars (hrefs as `calendars` lists them) whose events count
            as busy;
            absent: all of them.
        write_calendar (str | Unset): CalDAV: the calendar (an href) the host's bookings are written into; absent: none.
    """

    host_id: str
    kind: CalendarConnectionKind
    url: str
    name: str | Unset = UNSET
    username: str | Unset = UNSET
    password: str | Unset = UNSET
    busy_calendars: list[str] | Unset = UNSET
    write_calendar: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        host_id = self.host_id

        kind = self.kind.value

        url = self.url

        name = self.name

        username = self.username

        password = self.password

        busy_calendars: list[str] | Unset = UNSET
        if not isinstance(self.busy_calendars, Unset):
            busy_calendars = self.busy_calendars

        write_calendar = self.write_calendar

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "host_id": host_id,
                "kind": kind,
                "url": url,
            }
        )
        if name is not UNSET:
            field_dict["name"] = name
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
        host_id = d.pop("host_id")

        kind = CalendarConnectionKind(d.pop("kind"))

        url = d.pop("url")

        name = d.pop("name", UNSET)

        username = d.pop("username", UNSET)

        password = d.pop("password", UNSET)

        busy_calendars = cast(list[str], d.pop("busy_calendars", UNSET))

        write_calendar = d.pop("write_calendar", UNSET)

        calendar_connection_create = cls(
            host_id=host_id,
            kind=kind,
            url=url,
            name=name,
            username=username,
            password=password,
            busy_calendars=busy_calendars,
            write_calendar=write_calendar,
        )

        calendar_connection_create.additional_properties = d
        return calendar_connection_create

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
