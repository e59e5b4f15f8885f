from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.revenue_group_by import RevenueGroupBy

if TYPE_CHECKING:
    from ..models.revenue_line import RevenueLine


T = TypeVar("T", bound="RevenueReport")


@_attrs_define
class RevenueReport:
    """Revenue over a range of days, by group and currency (amounts of different currencies are
    never added up).

        Attributes:
            start (str):
            end (str):
            timezone (str):
            group_by (RevenueGroupBy): How a revenue report groups payments.
            lines (list[RevenueLine]): By key, then currency.
            totals (list[RevenueLine]): One per currency.
    """

    start: str
    end: str
    timezone: str
    group_by: RevenueGroupBy
    lines: list[RevenueLine]
    totals: list[RevenueLine]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        start = self.start

        end = self.end

        timezone = self.timezone

        group_by = self.group_by.value

        lines = []
        for lines_item_data in self.lines:
            lines_item = lines_item_data.to_dict()
            lines.append(lines_item)

        totals = []
        for totals_item_data in self.totals:
            totals_item = totals_item_data.to_dict()
            totals.append(totals_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "start": start,
                "end": end,
                "timezone": timezone,
                "group_by": group_by,
                "lines": lines,
                "totals": totals,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.revenue_line import RevenueLine  # noqa: PLC0415

        d = dict(src_dict)
        start = d.pop("start")

        end = d.pop("end")

        timezone = d.pop("timezone")

        group_by = RevenueGroupBy(d.pop("group_by"))

        lines = []
        _lines = d.pop("lines")
        for lines_item_data in _lines:
            lines_item = RevenueLine.from_dict(lines_item_data)

            lines.append(lines_item)

        totals = []
        _totals = d.pop("totals")
        for totals_item_data in _totals:
            totals_item = RevenueLine.from_dict(totals_item_data)

            totals.append(totals_item)

        revenue_report = cls(
            start=start,
            end=end,
            timezone=timezone,
            group_by=group_by,
            lines=lines,
            totals=totals,
        )

        revenue_report.additional_properties = d
        return revenue_report

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
