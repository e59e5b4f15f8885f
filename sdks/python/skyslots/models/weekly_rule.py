from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.weekday import Weekday

T = TypeVar("T", bound="WeeklyRule")


@_attrs_define
class WeeklyRule:
    """
    Attributes:
        weekday (Weekday):
        start (str):
        end (str):
        ends_next_day (bool):
    """

    weekday: Weekday
    start: str
    end: str
    ends_next_day: bool
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        weekday = self.weekday.value

        start = self.start

        end = self.end

        ends_next_day = self.ends_next_day

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "weekday": weekday,
                "start": start,
                "end": end,
                "ends_next_day": ends_next_day,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        weekday = Weekday(d.pop("weekday"))

        start = d.pop("start")

        end = d.pop("end")

        ends_next_day = d.pop("ends_next_day")

        weekly_rule = cls(
            weekday=weekday,
            start=start,
            end=end,
            ends_next_day=ends_next_day,
        )

        weekly_rule.additional_properties = d
        return weekly_rule

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
