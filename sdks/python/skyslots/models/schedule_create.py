from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.date_override_input import DateOverrideInput
    from ..models.weekly_rule_input import WeeklyRuleInput


T = TypeVar("T", bound="ScheduleCreate")


@_attrs_define
class ScheduleCreate:
    """A new schedule.

    Example:
        {'date_overrides': [{'date': '2026-12-24', 'intervals': [{'end': '12:00', 'ends_next_day': False, 'start':
            '09:00'}]}], 'holidays': ['2026-12-25'], 'name': 'Weekdays', 'timezone': 'Europe/London', 'weekly_rules':
            [{'end': '17:00', 'ends_next_day': False, 'start': '09:00', 'weekday': 'monday'}, {'end': '17:00',
            'ends_next_day': False, 'start': '09:00', 'weekday': 'tuesday'}]}

    Attributes:
        name (str):
        timezone (str): IANA time zone the rules are written in, e.g. `Europe/London`.
        weekly_rules (list[WeeklyRuleInput] | Unset):
        date_overrides (list[DateOverrideInput] | Unset):
        holidays (list[str] | Unset): Dates on which the schedule is closed all day.
    """

    name: str
    timezone: str
    weekly_rules: list[WeeklyRuleInput] | Unset = UNSET
    date_overrides: list[DateOverrideInput] | Unset = UNSET
    holidays: list[str] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        timezone = self.timezone

        weekly_rules: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.weekly_rules, Unset):
            weekly_rules = []
            for weekly_rules_item_data in self.weekly_rules:
                weekly_rules_item = weekly_rules_item_data.to_dict()
                weekly_rules.append(weekly_rules_item)

        date_overrides: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.date_overrides, Unset):
            date_overrides = []
            for date_overrides_item_data in self.date_overrides:
                date_overrides_item = date_overrides_item_data.to_dict()
                date_overrides.append(date_overrides_item)

        holidays: list[str] | Unset = UNSET
        if not isinstance(self.holidays, Unset):
            holidays = self.holidays

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "name": name,
                "timezone": timezone,
            }
        )
        if weekly_rules is not UNSET:
            field_dict["weekly_rules"] = weekly_rules
        if date_overrides is not UNSET:
            field_dict["date_overrides"] = date_overrides
        if holidays is not UNSET:
            field_dict["holidays"] = holidays

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.date_override_input import DateOverrideInput  # noqa: PLC0415
        from ..models.weekly_rule_input import WeeklyRuleInput  # noqa: PLC0415

        d = dict(src_dict)
        name = d.pop("name")

        timezone = d.pop("timezone")

        _weekly_rules = d.pop("weekly_rules", UNSET)
        weekly_rules: list[WeeklyRuleInput] | Unset = UNSET
        if _weekly_rules is not UNSET:
            weekly_rules = []
            for weekly_rules_item_data in _weekly_rules:
                weekly_rules_item = WeeklyRuleInput.from_dict(weekly_rules_item_data)

                weekly_rules.append(weekly_rules_item)

        _date_overrides = d.pop("date_overrides", UNSET)
        date_overrides: list[DateOverrideInput] | Unset = UNSET
        if _date_overrides is not UNSET:
            date_overrides = []
            for date_overrides_item_data in _date_overrides:
                date_overrides_item = DateOverrideInput.from_dict(date_overrides_item_data)

                date_overrides.append(date_overrides_item)

        holidays = cast(list[str], d.pop("holidays", UNSET))

        schedule_create = cls(
            name=name,
            timezone=timezone,
            weekly_rules=weekly_rules,
            date_overrides=date_overrides,
            holidays=holidays,
        )

        schedule_create.additional_properties = d
        return schedule_create

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
