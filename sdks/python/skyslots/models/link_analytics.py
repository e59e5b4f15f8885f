from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.analytics_day import AnalyticsDay


T = TypeVar("T", bound="LinkAnalytics")


@_attrs_define
class LinkAnalytics:
    """A link's analytics over a range of days, with totals.

    Attributes:
        link_id (str):
        start (str):
        end (str):
        days (list[AnalyticsDay]): Every day of the range, oldest first.
        total_views (int):
        total_bookings (int):
        total_public_bookings (int):
        total_cancellations (int):
        conversion_rate (float | Unset): `total_public_bookings / total_views`; absent without views.
    """

    link_id: str
    start: str
    end: str
    days: list[AnalyticsDay]
    total_views: int
    total_bookings: int
    total_public_bookings: int
    total_cancellations: int
    conversion_rate: float | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        link_id = self.link_id

        start = self.start

        end = self.end

        days = []
        for days_item_data in self.days:
            days_item = days_item_data.to_dict()
            days.append(days_item)

        total_views = self.total_views

        total_bookings = self.total_bookings

        total_public_bookings = self.total_public_bookings

        total_cancellations = self.total_cancellations

        conversion_rate = self.conversion_rate

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "link_id": link_id,
                "start": start,
                "end": end,
                "days": days,
                "total_views": total_views,
                "total_bookings": total_bookings,
                "total_public_bookings": total_public_bookings,
                "total_cancellations": total_cancellations,
            }
        )
        if conversion_rate is not UNSET:
            field_dict["conversion_rate"] = conversion_rate

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.analytics_day import AnalyticsDay  # noqa: PLC0415

        d = dict(src_dict)
        link_id = d.pop("link_id")

        start = d.pop("start")

        end = d.pop("end")

        days = []
        _days = d.pop("days")
        for days_item_data in _days:
            days_item = AnalyticsDay.from_dict(days_item_data)

            days.append(days_item)

        total_views = d.pop("total_views")

        total_bookings = d.pop("total_bookings")

        total_public_bookings = d.pop("total_public_bookings")

        total_cancellations = d.pop("total_cancellations")

        conversion_rate = d.pop("conversion_rate", UNSET)

        link_analytics = cls(
            link_id=link_id,
            start=start,
            end=end,
            days=days,
            total_views=total_views,
            total_bookings=total_bookings,
            total_public_bookings=total_public_bookings,
            total_cancellations=total_cancellations,
            conversion_rate=conversion_rate,
        )

        link_analytics.additional_properties = d
        return link_analytics

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
