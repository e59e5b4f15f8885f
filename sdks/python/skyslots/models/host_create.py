from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="HostCreate")


@_attrs_define
class HostCreate:
    """A new host: a person or calendar that can be booked.

    Example:
        {'email': 'ada@example.com', 'name': 'Ada', 'schedule_id': 'sch_01jdq4x8m2w9k3v7c5t1r6y0ab', 'timezone':
            'Europe/London'}

    Attributes:
        name (str):
        email (str):
        timezone (str): IANA time zone, e.g. `Europe/London`.
        schedule_id (str | Unset): The host's default schedule (a link can use its own).
    """

    name: str
    email: str
    timezone: str
    schedule_id: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        email = self.email

        timezone = self.timezone

        schedule_id = self.schedule_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "name": name,
                "email": email,
                "timezone": timezone,
            }
        )
        if schedule_id is not UNSET:
            field_dict["schedule_id"] = schedule_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        name = d.pop("name")

        email = d.pop("email")

        timezone = d.pop("timezone")

        schedule_id = d.pop("schedule_id", UNSET)

        host_create = cls(
            name=name,
            email=email,
            timezone=timezone,
            schedule_id=schedule_id,
        )

        host_create.additional_properties = d
        return host_create

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
