from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.date_override import DateOverride
    from ..models.weekly_rule import WeeklyRule


T = TypeVar("T", bound="Schedule")


@_attrs_define
class Schedule:
    """
    Attributes:
        id (str):
        name (str):
        timezone (str):
        weekly_rules (list[WeeklyRule]):
        date_overrides (list[DateOverride]):
        holidays (list[str]):
        created_at (datetime.datetime):
        updated_at (datetime.datetime):
    """

    id: str
    name: str
    timezone: str
    weekly_rules: list[WeeklyRule]
    date_overrides: list[DateOverride]
    holidays: list[str]
    created_at: datetime.datetime
    updated_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        name = self.name

        timezone = self.timezone

        weekly_rules = []
        for weekly_rules_item_data in self.weekly_rules:
            weekly_rules_item = weekly_rules_item_data.to_dict()
            weekly_rules.append(weekly_rules_item)

        date_overrides = []
        for date_overrides_item_data in self.date_overrides:
            date_overrides_item = date_overrides_item_data.to_dict()
            date_overrides.append(date_overrides_item)

        holidays = self.holidays

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "name": name,
                "timezone": timezone,
                "weekly_rules": weekly_rules,
                "date_overrides": date_overrides,
                "holidays": holidays,
                "created_at": created_at,
                "updated_at": updated_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.date_override import DateOverride  # noqa: PLC0415
        from ..models.weekly_rule import WeeklyRule  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        name = d.pop("name")

        timezone = d.pop("timezone")

        weekly_rules = []
        _weekly_rules = d.pop("weekly_rules")
        for weekly_rules_item_data in _weekly_rules:
            weekly_rules_item = WeeklyRule.from_dict(weekly_rules_item_data)

            weekly_rules.append(weekly_rules_item)

        date_overrides = []
        _date_overrides = d.pop("date_overrides")
        for date_overrides_item_data in _date_overrides:
            date_overrides_item = DateOverride.from_dict(date_overrides_item_data)

            date_overrides.append(date_overrides_item)

        holidays = cast(list[str], d.pop("holidays"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        schedule = cls(
            id=id,
            name=name,
            timezone=timezone,
            weekly_rules=weekly_rules,
            date_overrides=date_overrides,
            holidays=holidays,
            created_at=created_at,
            updated_at=updated_at,
        )

        schedule.additional_properties = d
        return schedule

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
