from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.refund_tier_input import RefundTierInput


T = TypeVar("T", bound="PolicyInput")


@_attrs_define
class PolicyInput:
    """What attendees may change, until when, and what a cancellation refunds. The organization
    (an API key) is never bound by it.

        Attributes:
            attendee_can_cancel (bool | Unset):  Default: True.
            cancel_notice (int | Unset): Attendees may cancel until this many minutes before the start. Default: 0.
            attendee_can_reschedule (bool | Unset):  Default: True.
            reschedule_notice (int | Unset): Attendees may reschedule until this many minutes before the start. Default: 0.
            refund_tiers (list[RefundTierInput] | Unset): The first tier whose notice a cancellation meets decides the
                refund; none met: none.
    """

    attendee_can_cancel: bool | Unset = True
    cancel_notice: int | Unset = 0
    attendee_can_reschedule: bool | Unset = True
    reschedule_notice: int | Unset = 0
    refund_tiers: list[RefundTierInput] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        attendee_can_cancel = self.attendee_can_cancel

        cancel_notice = self.cancel_notice

        attendee_can_reschedule = self.attendee_can_reschedule

        reschedule_notice = self.reschedule_notice

        refund_tiers: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.refund_tiers, Unset):
            refund_tiers = []
            for refund_tiers_item_data in self.refund_tiers:
                refund_tiers_item = refund_tiers_item_data.to_dict()
                refund_tiers.append(refund_tiers_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if attendee_can_cancel is not UNSET:
            field_dict["attendee_can_cancel"] = attendee_can_cancel
        if cancel_notice is not UNSET:
            field_dict["cancel_notice"] = cancel_notice
        if attendee_can_reschedule is not UNSET:
            field_dict["attendee_can_reschedule"] = attendee_can_reschedule
        if reschedule_notice is not UNSET:
            field_dict["reschedule_notice"] = reschedule_notice
        if refund_tiers is not UNSET:
            field_dict["refund_tiers"] = refund_tiers

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.refund_tier_input import RefundTierInput  # noqa: PLC0415

        d = dict(src_dict)
        attendee_can_cancel = d.pop("attendee_can_cancel", UNSET)

        cancel_notice = d.pop("cancel_notice", UNSET)

        attendee_can_reschedule = d.pop("attendee_can_reschedule", UNSET)

        reschedule_notice = d.pop("reschedule_notice", UNSET)

        _refund_tiers = d.pop("refund_tiers", UNSET)
        refund_tiers: list[RefundTierInput] | Unset = UNSET
        if _refund_tiers is not UNSET:
            refund_tiers = []
            for refund_tiers_item_data in _refund_tiers:
                refund_tiers_item = RefundTierInput.from_dict(refund_tiers_item_data)

                refund_tiers.append(refund_tiers_item)

        policy_input = cls(
            attendee_can_cancel=attendee_can_cancel,
            cancel_notice=cancel_notice,
            attendee_can_reschedule=attendee_can_reschedule,
            reschedule_notice=reschedule_notice,
            refund_tiers=refund_tiers,
        )

        policy_input.additional_properties = d
        return policy_input

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
