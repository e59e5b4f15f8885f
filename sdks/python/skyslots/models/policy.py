from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.refund_tier import RefundTier


T = TypeVar("T", bound="Policy")


@_attrs_define
class Policy:
    """
    Attributes:
        attendee_can_cancel (bool):
        cancel_notice (int):
        attendee_can_reschedule (bool):
        reschedule_notice (int):
        refund_tiers (list[RefundTier]):
    """

    attendee_can_cancel: bool
    cancel_notice: int
    attendee_can_reschedule: bool
    reschedule_notice: int
    refund_tiers: list[RefundTier]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        attendee_can_cancel = self.attendee_can_cancel

        cancel_notice = self.cancel_notice

        attendee_can_reschedule = self.attendee_can_reschedule

        reschedule_notice = self.reschedule_notice

        refund_tiers = []
        for refund_tiers_item_data in self.refund_tiers:
            refund_tiers_item = refund_tiers_item_data.to_dict()
            refund_tiers.append(refund_tiers_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "attendee_can_cancel": attendee_can_cancel,
                "cancel_notice": cancel_notice,
                "attendee_can_reschedule": attendee_can_reschedule,
                "reschedule_notice": reschedule_notice,
                "refund_tiers": refund_tiers,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.refund_tier import RefundTier  # noqa: PLC0415

        d = dict(src_dict)
        attendee_can_cancel = d.pop("attendee_can_cancel")

        cancel_notice = d.pop("cancel_notice")

        attendee_can_reschedule = d.pop("attendee_can_reschedule")

        reschedule_notice = d.pop("reschedule_notice")

        refund_tiers = []
        _refund_tiers = d.pop("refund_tiers")
        for refund_tiers_item_data in _refund_tiers:
            refund_tiers_item = RefundTier.from_dict(refund_tiers_item_data)

            refund_tiers.append(refund_tiers_item)

        policy = cls(
            attendee_can_cancel=attendee_can_cancel,
            cancel_notice=cancel_notice,
            attendee_can_reschedule=attendee_can_reschedule,
            reschedule_notice=reschedule_notice,
            refund_tiers=refund_tiers,
        )

        policy.additional_properties = d
        return policy

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
