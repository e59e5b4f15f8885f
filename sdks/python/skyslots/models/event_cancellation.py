from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.cancelled_by import CancelledBy
from ..models.refund import Refund

T = TypeVar("T", bound="EventCancellation")


@_attrs_define
class EventCancellation:
    """For `booking.cancelled` and `booking.declined`: who cancelled the booking and what the
    cancellation refunds under the link's policy.

        Attributes:
            cancelled_by (CancelledBy): Who cancelled
            refund (Refund):
            refund_percent (int):
    """

    cancelled_by: CancelledBy
    refund: Refund
    refund_percent: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        cancelled_by = self.cancelled_by.value

        refund = self.refund.value

        refund_percent = self.refund_percent

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "cancelled_by": cancelled_by,
                "refund": refund,
                "refund_percent": refund_percent,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        cancelled_by = CancelledBy(d.pop("cancelled_by"))

        refund = Refund(d.pop("refund"))

        refund_percent = d.pop("refund_percent")

        event_cancellation = cls(
            cancelled_by=cancelled_by,
            refund=refund,
            refund_percent=refund_percent,
        )

        event_cancellation.additional_properties = d
        return event_cancellation

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
