from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.offered_slot_input import OfferedSlotInput


T = TypeVar("T", bound="OneTimeLinkCreate")


@_attrs_define
class OneTimeLinkCreate:
    """A one-time link for one recipient.

    Example:
        {'expires_at': '2026-12-01T15:00:00+00:00', 'offered_slots': [{'duration': 30, 'start':
            '2026-12-02T15:00:00+00:00'}], 'recipient_email': 'grace@example.com', 'recipient_name': 'Grace'}

    Attributes:
        recipient_email (str):
        expires_at (datetime.datetime): When the link stops working (at most 366 days ahead).
        recipient_name (str | Unset):
        offered_slots (list[OfferedSlotInput] | Unset): Only these slots can be booked (at most 50); omitted or empty:
            any slot of the link.
    """

    recipient_email: str
    expires_at: datetime.datetime
    recipient_name: str | Unset = UNSET
    offered_slots: list[OfferedSlotInput] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        recipient_email = self.recipient_email

        expires_at = self.expires_at.isoformat()

        recipient_name = self.recipient_name

        offered_slots: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.offered_slots, Unset):
            offered_slots = []
            for offered_slots_item_data in self.offered_slots:
                offered_slots_item = offered_slots_item_data.to_dict()
                offered_slots.append(offered_slots_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "recipient_email": recipient_email,
                "expires_at": expires_at,
            }
        )
        if recipient_name is not UNSET:
            field_dict["recipient_name"] = recipient_name
        if offered_slots is not UNSET:
            field_dict["offered_slots"] = offered_slots

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.offered_slot_input import OfferedSlotInput  # noqa: PLC0415

        d = dict(src_dict)
        recipient_email = d.pop("recipient_email")

        expires_at = datetime.datetime.fromisoformat(d.pop("expires_at"))

        recipient_name = d.pop("recipient_name", UNSET)

        _offered_slots = d.pop("offered_slots", UNSET)
        offered_slots: list[OfferedSlotInput] | Unset = UNSET
        if _offered_slots is not UNSET:
            offered_slots = []
            for offered_slots_item_data in _offered_slots:
                offered_slots_item = OfferedSlotInput.from_dict(offered_slots_item_data)

                offered_slots.append(offered_slots_item)

        one_time_link_create = cls(
            recipient_email=recipient_email,
            expires_at=expires_at,
            recipient_name=recipient_name,
            offered_slots=offered_slots,
        )

        one_time_link_create.additional_properties = d
        return one_time_link_create

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
