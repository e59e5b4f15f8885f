from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.one_time_link_status import OneTimeLinkStatus
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.booked_by import BookedBy
    from ..models.offered_slot import OfferedSlot


T = TypeVar("T", bound="OneTimeLinkCreated")


@_attrs_define
class OneTimeLinkCreated:
    """A new one-time link. `token` and `url` are shown only in this response (a replay with the
    same `Idempotency-Key` has neither: the token is not stored).

        Attributes:
            id (str):
            link_id (str):
            recipient_email (str):
            offered_slots (list[OfferedSlot]): Empty: any slot of the link can be booked.
            expires_at (datetime.datetime):
            status (OneTimeLinkStatus):
            created_at (datetime.datetime):
            recipient_name (str | Unset):
            used_at (datetime.datetime | Unset):
            revoked_at (datetime.datetime | Unset):
            booked_by (BookedBy | Unset): Who booked with a one-time link.
            token (str | Unset):
            url (str | Unset): The public endpoint for this token (`GET` it for the booking page's data).
    """

    id: str
    link_id: str
    recipient_email: str
    offered_slots: list[OfferedSlot]
    expires_at: datetime.datetime
    status: OneTimeLinkStatus
    created_at: datetime.datetime
    recipient_name: str | Unset = UNSET
    used_at: datetime.datetime | Unset = UNSET
    revoked_at: datetime.datetime | Unset = UNSET
    booked_by: BookedBy | Unset = UNSET
    token: str | Unset = UNSET
    url: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        link_id = self.link_id

        recipient_email = self.recipient_email

        offered_slots = []
        for offered_slots_item_data in self.offered_slots:
            offered_slots_item = offered_slots_item_data.to_dict()
            offered_slots.append(offered_slots_item)

        expires_at = self.expires_at.isoformat()

        status = self.status.value

        created_at = self.created_at.isoformat()

        recipient_name = self.recipient_name

        used_at: str | Unset = UNSET
        if not isinstance(self.used_at, Unset):
            used_at = self.used_at.isoformat()

        revoked_at: str | Unset = UNSET
        if not isinstance(self.revoked_at, Unset):
            revoked_at = self.revoked_at.isoformat()

        booked_by: dict[str, Any] | Unset = UNSET
        if not isinstance(self.booked_by, Unset):
            booked_by = self.booked_by.to_dict()

        token = self.token

        url = self.url

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "link_id": link_id,
                "recipient_email": recipient_email,
                "offered_slots": offered_slots,
                "expires_at": expires_at,
                "status": status,
                "created_at": created_at,
            }
        )
        if recipient_name is not UNSET:
            field_dict["recipient_name"] = recipient_name
        if used_at is not UNSET:
            field_dict["used_at"] = used_at
        if revoked_at is not UNSET:
            field_dict["revoked_at"] = revoked_at
        if booked_by is not UNSET:
            field_dict["booked_by"] = booked_by
        if token is not UNSET:
            field_dict["token"] = token
        if url is not UNSET:
            field_dict["url"] = url

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.booked_by import BookedBy  # noqa: PLC0415
        from ..models.offered_slot import OfferedSlot  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        link_id = d.pop("link_id")

        recipient_email = d.pop("recipient_email")

        offered_slots = []
        _offered_slots = d.pop("offered_slots")
        for offered_slots_item_data in _offered_slots:
            offered_slots_item = OfferedSlot.from_dict(offered_slots_item_data)

            offered_slots.append(offered_slots_item)

        expires_at = datetime.datetime.fromisoformat(d.pop("expires_at"))

        status = OneTimeLinkStatus(d.pop("status"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        recipient_name = d.pop("recipient_name", UNSET)

        _used_at = d.pop("used_at", UNSET)
        used_at: datetime.datetime | Unset
        if isinstance(_used_at, Unset):
            used_at = UNSET
        else:
            used_at = datetime.datetime.fromisoformat(_used_at)

        _revoked_at = d.pop("revoked_at", UNSET)
        revoked_at: datetime.datetime | Unset
        if isinstance(_revoked_at, Unset):
            revoked_at = UNSET
        else:
            revoked_at = datetime.datetime.fromisoformat(_revoked_at)

        _booked_by = d.pop("booked_by", UNSET)
        booked_by: BookedBy | Unset
        if isinstance(_booked_by, Unset):
            booked_by = UNSET
        else:
            booked_by = BookedBy.from_dict(_booked_by)

        token = d.pop("token", UNSET)

        url = d.pop("url", UNSET)

        one_time_link_created = cls(
            id=id,
            link_id=link_id,
            recipient_email=recipient_email,
            offered_slots=offered_slots,
            expires_at=expires_at,
            status=status,
            created_at=created_at,
            recipient_name=recipient_name,
            used_at=used_at,
            revoked_at=revoked_at,
            booked_by=booked_by,
            token=token,
            url=url,
        )

        one_time_link_created.additional_properties = d
        return one_time_link_created

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
