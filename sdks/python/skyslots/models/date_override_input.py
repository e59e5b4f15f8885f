from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.interval_input import IntervalInput


T = TypeVar("T", bound="DateOverrideInput")


@_attrs_define
class DateOverrideInput:
    """Replaces the intervals of one date; an empty list closes the date.

    Attributes:
        date (str):
        intervals (list[IntervalInput] | Unset):
    """

    date: str
    intervals: list[IntervalInput] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        date = self.date

        intervals: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.intervals, Unset):
            intervals = []
            for intervals_item_data in self.intervals:
                intervals_item = intervals_item_data.to_dict()
                intervals.append(intervals_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "date": date,
            }
        )
        if intervals is not UNSET:
            field_dict["intervals"] = intervals

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.interval_input import IntervalInput  # noqa: PLC0415

        d = dict(src_dict)
        date = d.pop("date")

        _intervals = d.pop("intervals", UNSET)
        intervals: list[IntervalInput] | Unset = UNSET
        if _intervals is not UNSET:
            intervals = []
            for intervals_item_data in _intervals:
                intervals_item = IntervalInput.from_dict(intervals_item_data)

                intervals.append(intervals_item)

        date_override_input = cls(
            date=date,
            intervals=intervals,
        )

        date_override_input.additional_properties = d
        return date_override_input

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
