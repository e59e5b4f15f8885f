from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.email_kind import EmailKind
from ..types import UNSET, Unset

T = TypeVar("T", bound="EmailSettings")


@_attrs_define
class EmailSettings:
    """Which emails a link sends, and when (omitted: every message about a booking, no reminder,
    no follow-up).

        Attributes:
            off (list[EmailKind] | Unset): Kinds of message this link does not send.
            reminders (list[int] | Unset): Reminders to the attendee, in minutes before the start (at most 5, each 1 to
                43200);
                a reminder whose time has passed when the booking is made is not sent.
            follow_up (int | Unset): A follow-up to the attendee this many minutes after the end (0 to 43200).
    """

    off: list[EmailKind] | Unset = UNSET
    reminders: list[int] | Unset = UNSET
    follow_up: int | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        off: list[str] | Unset = UNSET
        if not isinstance(self.off, Unset):
            off = []
            for off_item_data in self.off:
                off_item = off_item_data.value
                off.append(off_item)

        reminders: list[int] | Unset = UNSET
        if not isinstance(self.reminders, Unset):
            reminders = self.reminders

        follow_up = self.follow_up

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if off is not UNSET:
            field_dict["off"] = off
        if reminders is not UNSET:
            field_dict["reminders"] = reminders
        if follow_up is not UNSET:
            field_dict["follow_up"] = follow_up

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        _off = d.pop("off", UNSET)
        off: list[EmailKind] | Unset = UNSET
        if _off is not UNSET:
            off = []
            for off_item_data in _off:
                off_item = EmailKind(off_item_data)

                off.append(off_item)

        reminders = cast(list[int], d.pop("reminders", UNSET))

        follow_up = d.pop("follow_up", UNSET)

        email_settings = cls(
            off=off,
            reminders=reminders,
            follow_up=follow_up,
        )

        email_settings.additional_properties = d
        return email_settings

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
