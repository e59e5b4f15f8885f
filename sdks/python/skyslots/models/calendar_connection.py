from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.calendar_connection_kind import CalendarConnectionKind
from ..models.calendar_connection_status import CalendarConnectionStatus
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.calendar_connection_error import CalendarConnectionError
    from ..models.remote_calendar import RemoteCalendar


T = TypeVar("T", bound="CalendarConnection")


@_attrs_define
class CalendarConnection:
    """A host's external calendar.

    Attributes:
        id (str):
        host_id (str):
        kind (CalendarConnectionKind): How SkySlots reaches the calendar.
        url (str):
        has_password (bool): A password is stored (it is never shown).
        calendars (list[RemoteCalendar]): The calendars found by the last good refresh.
        status (CalendarConnectionStatus): Where a connection's busy time stands.
        busy_intervals (int): Busy intervals read by the last good refresh (merged).
        created_at (datetime.datetime):
        updated_at (datetime.datetime):
        name (str | Unset):
        username (str | Unset):
        busy_calendars (list[str] | Unset): The calendars that count as busy; absent: all.
        write_calendar (str | Unset):
        error (CalendarConnectionError | Unset): What went wrong the last time.
        synced_at (datetime.datetime | Unset): When the busy time in use was read (absent: never).
        checked_at (datetime.datetime | Unset): When a refresh was last tried.
    """

    id: str
    host_id: str
    kind: CalendarConnectionKind
    url: str
    has_password: bool
    calendars: list[RemoteCalendar]
    status: CalendarConnectionStatus
    busy_intervals: int
    created_at: datetime.datetime
    updated_at: datetime.datetime
    name: str | Unset = UNSET
    username: str | Unset = UNSET
    busy_calendars: list[str] | Unset = UNSET
    write_calendar: str | Unset = UNSET
    error: CalendarConnectionError | Unset = UNSET
    synced_at: datetime.datetime | Unset = UNSET
    checked_at: datetime.datetime | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        host_id = self.host_id

        kind = self.kind.value

        url = self.url

        has_password = self.has_password

        calendars = []
        for calendars_item_data in self.calendars:
            calendars_item = calendars_item_data.to_dict()
            calendars.append(calendars_item)

        status = self.status.value

        busy_intervals = self.busy_intervals

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        name = self.name

        username = self.username

        busy_calendars: list[str] | Unset = UNSET
        if not isinstance(self.busy_calendars, Unset):
            busy_calendars = self.busy_calendars

        write_calendar = self.write_calendar

        error: dict[str, Any] | Unset = UNSET
        if not isinstance(self.error, Unset):
            error = self.error.to_dict()

        synced_at: str | Unset = UNSET
        if not isinstance(self.synced_at, Unset):
            synced_at = self.synced_at.isoformat()

        checked_at: str | Unset = UNSET
        if not isinstance(self.checked_at, Unset):
            checked_at = self.checked_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "host_id": host_id,
                "kind": kind,
                "url": url,
                "has_password": has_password,
                "calendars": calendars,
                "status": status,
                "busy_intervals": busy_intervals,
                "created_at": created_at,
                "updated_at": updated_at,
            }
        )
        if name is not UNSET:
            field_dict["name"] = name
        if username is not UNSET:
            field_dict["username"] = username
        if busy_calendars is not UNSET:
            field_dict["busy_calendars"] = busy_calendars
        if write_calendar is not UNSET:
            field_dict["write_calendar"] = write_calendar
        if error is not UNSET:
            field_dict["error"] = error
        if synced_at is not UNSET:
            field_dict["synced_at"] = synced_at
        if checked_at is not UNSET:
            field_dict["checked_at"] = checked_at

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.calendar_connection_error import CalendarConnectionError  # noqa: PLC0415
        from ..models.remote_calendar import RemoteCalendar  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        host_id = d.pop("host_id")

        kind = CalendarConnectionKind(d.pop("kind"))

        url = d.pop("url")

        has_password = d.pop("has_password")

        calendars = []
        _calendars = d.pop("calendars")
        for calendars_item_data in _calendars:
            calendars_item = RemoteCalendar.from_dict(calendars_item_data)

            calendars.append(calendars_item)

        status = CalendarConnectionStatus(d.pop("status"))

        busy_intervals = d.pop("busy_intervals")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        name = d.pop("name", UNSET)

        username = d.pop("username", UNSET)

        busy_calendars = cast(list[str], d.pop("busy_calendars", UNSET))

        write_calendar = d.pop("write_calendar", UNSET)

        _error = d.pop("error", UNSET)
        error: CalendarConnectionError | Unset
        if isinstance(_error, Unset):
            error = UNSET
        else:
            error = CalendarConnectionError.from_dict(_error)

        _synced_at = d.pop("synced_at", UNSET)
        synced_at: datetime.datetime | Unset
        if isinstance(_synced_at, Unset):
            synced_at = UNSET
        else:
            synced_at = datetime.datetime.fromisoformat(_synced_at)

        _checked_at = d.pop("checked_at", UNSET)
        checked_at: datetime.datetime | Unset
        if isinstance(_checked_at, Unset):
            checked_at = UNSET
        else:
            checked_at = datetime.datetime.fromisoformat(_checked_at)

        calendar_connection = cls(
            id=id,
            host_id=host_id,
            kind=kind,
            url=url,
            has_password=has_password,
            calendars=calendars,
            status=status,
            busy_intervals=busy_intervals,
            created_at=created_at,
            updated_at=updated_at,
            name=name,
            username=username,
            busy_calendars=busy_calendars,
            write_calendar=write_calendar,
            error=error,
            synced_at=synced_at,
            checked_at=checked_at,
        )

        calendar_connection.additional_properties = d
        return calendar_connection

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
