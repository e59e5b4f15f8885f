from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.scope import Scope
from ..types import UNSET, Unset

T = TypeVar("T", bound="TokenCreate")


@_attrs_define
class TokenCreate:
    """A scoped token to mint: who it is for, what it may do, and for how long.

    Example:
        {'attendee_email': 'grace@example.com', 'expires_in': 3600, 'link_id': 'lnk_01JD3Z8Q4W5N6M7K8J9H0G1F2E',
            'scopes': ['availability:read', 'bookings:read', 'bookings:write'], 'subject': 'customer-8812'}

    Attributes:
        subject (str): Whom the token is for, in the integrator's terms (a customer or session id); it is the
            token's `sub` and the actor of its changes in audit events.
        scopes (list[Scope]): What the token may do (at least one).
        link_id (str | Unset): Limit the token to this link: its availability, and bookings on it.
        attendee_email (str | Unset): Limit the token to this attendee's bookings.
        expires_in (int | Unset): Lifetime in seconds, 60 to 86400 (24 h); default 3600. Default: 3600.
    """

    subject: str
    scopes: list[Scope]
    link_id: str | Unset = UNSET
    attendee_email: str | Unset = UNSET
    expires_in: int | Unset = 3600
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        subject = self.subject

        scopes = []
        for scopes_item_data in self.scopes:
            scopes_item = scopes_item_data.value
            scopes.append(scopes_item)

        link_id = self.link_id

        attendee_email = self.attendee_email

        expires_in = self.expires_in

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "subject": subject,
                "scopes": scopes,
            }
        )
        if link_id is not UNSET:
            field_dict["link_id"] = link_id
        if attendee_email is not UNSET:
            field_dict["attendee_email"] = attendee_email
        if expires_in is not UNSET:
            field_dict["expires_in"] = expires_in

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        subject = d.pop("subject")

        scopes = []
        _scopes = d.pop("scopes")
        for scopes_item_data in _scopes:
            scopes_item = Scope(scopes_item_data)

            scopes.append(scopes_item)

        link_id = d.pop("link_id", UNSET)

        attendee_email = d.pop("attendee_email", UNSET)

        expires_in = d.pop("expires_in", UNSET)

        token_create = cls(
            subject=subject,
            scopes=scopes,
            link_id=link_id,
            attendee_email=attendee_email,
            expires_in=expires_in,
        )

        token_create.additional_properties = d
        return token_create

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
