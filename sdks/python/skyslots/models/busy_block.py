from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="BusyBlock")


@_attrs_define
class BusyBlock:
    """
    Attributes:
        id (str):
        host_id (str):
        start (datetime.datetime):
        end (datetime.datetime):
        created_at (datetime.datetime):
        title (str | Unset):
    """

    id: str
    host_id: str
    start: datetime.datetime
    end: datetime.datetime
    created_at: datetime.datetime
    title: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        host_id = self.host_id

        start = self.start.isoformat()

        end = self.end.isoformat()

        created_at = self.created_at.isoformat()

        title = self.title

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "host_id": host_id,
                "start": start,
                "end": end,
                "created_at": created_at,
            }
        )
        if title is not UNSET:
            field_dict["title"] = title

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        host_id = d.pop("host_id")

        start = datetime.datetime.fromisoformat(d.pop("start"))

        end = datetime.datetime.fromisoformat(d.pop("end"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        title = d.pop("title", UNSET)

        busy_block = cls(
            id=id,
            host_id=host_id,
            start=start,
            end=end,
            created_at=created_at,
            title=title,
        )

        busy_block.additional_properties = d
        return busy_block

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
