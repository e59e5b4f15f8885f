from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.email_kind import EmailKind
from ..types import UNSET, Unset

T = TypeVar("T", bound="EmailTemplate")


@_attrs_define
class EmailTemplate:
    """A kind's template as emails use it: the organization's own, or the built-in default.

    Attributes:
        kind (EmailKind): A kind of message: to the attendee (`booking_*`), to each host (`host_booking_*`) or to a
            one-time link's recipient (`one_time_link_invitation`).
        subject (str):
        text (str):
        html (str):
        custom (bool): Whether the organization replaced the built-in default.
        updated_at (datetime.datetime | Unset):
    """

    kind: EmailKind
    subject: str
    text: str
    html: str
    custom: bool
    updated_at: datetime.datetime | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        kind = self.kind.value

        subject = self.subject

        text = self.text

        html = self.html

        custom = self.custom

        updated_at: str | Unset = UNSET
        if not isinstance(self.updated_at, Unset):
            updated_at = self.updated_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "kind": kind,
                "subject": subject,
                "text": text,
                "html": html,
                "custom": custom,
            }
        )
        if updated_at is not UNSET:
            field_dict["updated_at"] = updated_at

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        kind = EmailKind(d.pop("kind"))

        subject = d.pop("subject")

        text = d.pop("text")

        html = d.pop("html")

        custom = d.pop("custom")

        _updated_at = d.pop("updated_at", UNSET)
        updated_at: datetime.datetime | Unset
        if isinstance(_updated_at, Unset):
            updated_at = UNSET
        else:
            updated_at = datetime.datetime.fromisoformat(_updated_at)

        email_template = cls(
            kind=kind,
            subject=subject,
            text=text,
            html=html,
            custom=custom,
            updated_at=updated_at,
        )

        email_template.additional_properties = d
        return email_template

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
