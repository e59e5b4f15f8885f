from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.offered_slot import OfferedSlot
    from ..models.public_link import PublicLink


T = TypeVar("T", bound="PublicOneTime")


@_attrs_define
class PublicOneTime:
    """A one-time link's booking page: the link, who it is for, and its limits.

    Attributes:
        link (PublicLink): What a booking page needs to show a link: nothing internal.
        recipient_email (str):
        offered_slots (list[OfferedSlot]): Empty: any slot of the link can be booked.
        expires_at (datetime.datetime):
        recipient_name (str | Unset):
    """

    link: PublicLink
    recipient_email: str
    offered_slots: list[OfferedSlot]
    expires_at: datetime.datetime
    recipient_name: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        link = self.link.to_dict()

        recipient_email = self.recipient_email

        offered_slots = []
        for offered_slots_item_data in self.offered_slots:
            offered_slots_item = offered_slots_item_data.to_dict()
            offered_slots.append(offered_slots_item)

        expires_at = self.expires_at.isoformat()

        recipient_name = self.recipient_name

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "link": link,
                "recipient_email": recipient_email,
                "offered_slots": offered_slots,
                "expires_at": expires_at,
            }
        )
        if recipient_name is not UNSET:
            field_dict["recipient_name"] = recipient_name

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.offered_slot import OfferedSlot  # noqa: PLC0415
        from ..models.public_link import PublicLink  # noqa: PLC0415

        d = dict(src_dict)
        link = PublicLink.from_dict(d.pop("link"))

        recipient_email = d.pop("recipient_email")

        offered_slots = []
        _offered_slots = d.pop("offered_slots")
        for offered_slots_item_data in _offered_slots:
            offered_slots_item = OfferedSlot.from_dict(offered_slots_item_data)

            offered_slots.append(offered_slots_item)

        expires_at = datetime.datetime.fromisoformat(d.pop("expires_at"))

        recipient_name = d.pop("recipient_name", UNSET)

        public_one_time = cls(
            link=link,
            recipient_email=recipient_email,
            offered_slots=offered_slots,
            expires_at=expires_at,
            recipient_name=recipient_name,
        )

        public_one_time.additional_properties = d
        return public_one_time

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
