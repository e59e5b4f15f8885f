from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="CalendarFreshness")


@_attrs_define
class CalendarFreshness:
    """The busy time of one connected calendar, as this answer used it.

    Attributes:
        connection_id (str):
        host_id (str):
        status (str): `ok`, `error` (the busy time of the last good refresh is used) or `pending` (none
            read yet).
        synced_at (datetime.datetime | Unset): When the busy time used was read.
        age_seconds (int | Unset): Its age in seconds when this answer was made.
        error_code (str | Unset): Why the last refresh failed (see `CalendarConnection.error`).
    """

    connection_id: str
    host_id: str
    status: str
    synced_at: datetime.datetime | Unset = UNSET
    age_seconds: int | Unset = UNSET
    error_code: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        connection_id = self.connection_id

        host_id = self.host_id

        status = self.status

        synced_at: str | Unset = UNSET
        if not isinstance(self.synced_at, Unset):
            synced_at = self.synced_at.isoformat()

        age_seconds = self.age_seconds

        error_code = self.error_code

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "connection_id": connection_id,
                "host_id": host_id,
                "status": status,
            }
        )
        if synced_at is not UNSET:
            field_dict["synced_at"] = synced_at
        if age_seconds is not UNSET:
            field_dict["age_seconds"] = age_seconds
        if error_code is not UNSET:
            field_dict["error_code"] = error_code

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        connection_id = d.pop("connection_id")

        host_id = d.pop("host_id")

        status = d.pop("status")

        _synced_at = d.pop("synced_at", UNSET)
        synced_at: datetime.datetime | Unset
        if isinstance(_synced_at, Unset):
            synced_at = UNSET
        else:
            synced_at = datetime.datetime.fromisoformat(_synced_at)

        age_seconds = d.pop("age_seconds", UNSET)

        error_code = d.pop("error_code", UNSET)

        calendar_freshness = cls(
            connection_id=connection_id,
            host_id=host_id,
            status=status,
            synced_at=synced_at,
            age_seconds=age_seconds,
            error_code=error_code,
        )

        calendar_freshness.additional_properties = d
        return calendar_freshness

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
