from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="Host")


@_attrs_define
class Host:
    """
    Attributes:
        id (str):
        name (str):
        email (str):
        timezone (str):
        created_at (datetime.datetime):
        updated_at (datetime.datetime):
        schedule_id (str | Unset):
    """

    id: str
    name: str
    email: str
    timezone: str
    created_at: datetime.datetime
    updated_at: datetime.datetime
    schedule_id: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        name = self.name

        email = self.email

        timezone = self.timezone

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        schedule_id = self.schedule_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "name": name,
                "email": email,
                "timezone": timezone,
                "created_at": created_at,
                "updated_at": updated_at,
            }
        )
        if schedule_id is not UNSET:
            field_dict["schedule_id"] = schedule_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        name = d.pop("name")

        email = d.pop("email")

        timezone = d.pop("timezone")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        schedule_id = d.pop("schedule_id", UNSET)

        host = cls(
            id=id,
            name=name,
            email=email,
            timezone=timezone,
            created_at=created_at,
            updated_at=updated_at,
            schedule_id=schedule_id,
        )

        host.additional_properties = d
        return host

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
