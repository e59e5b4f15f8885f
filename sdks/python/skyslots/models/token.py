from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.scope import Scope
from ..types import UNSET, Unset

T = TypeVar("T", bound="Token")


@_attrs_define
class Token:
    """A minted token. It is not stored: keep it where its holder can use it.

    Attributes:
        token (str): Send as `Authorization: Bearer <token>`.
        token_type (str): Always `Bearer`.
        subject (str):
        scopes (list[Scope]):
        expires_at (datetime.datetime):
        link_id (str | Unset):
        attendee_email (str | Unset):
    """

    token: str
    token_type: str
    subject: str
    scopes: list[Scope]
    expires_at: datetime.datetime
    link_id: str | Unset = UNSET
    attendee_email: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        token = self.token

        token_type = self.token_type

        subject = self.subject

        scopes = []
        for scopes_item_data in self.scopes:
            scopes_item = scopes_item_data.value
            scopes.append(scopes_item)

        expires_at = self.expires_at.isoformat()

        link_id = self.link_id

        attendee_email = self.attendee_email

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "token": token,
                "token_type": token_type,
                "subject": subject,
                "scopes": scopes,
                "expires_at": expires_at,
            }
        )
        if link_id is not UNSET:
            field_dict["link_id"] = link_id
        if attendee_email is not UNSET:
            field_dict["attendee_email"] = attendee_email

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        token = d.pop("token")

        token_type = d.pop("token_type")

        subject = d.pop("subject")

        scopes = []
        _scopes = d.pop("scopes")
        for scopes_item_data in _scopes:
            scopes_item = Scope(scopes_item_data)

            scopes.append(scopes_item)

        expires_at = datetime.datetime.fromisoformat(d.pop("expires_at"))

        link_id = d.pop("link_id", UNSET)

        attendee_email = d.pop("attendee_email", UNSET)

        token = cls(
            token=token,
            token_type=token_type,
            subject=subject,
            scopes=scopes,
            expires_at=expires_at,
            link_id=link_id,
            attendee_email=attendee_email,
        )

        token.additional_properties = d
        return token

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
