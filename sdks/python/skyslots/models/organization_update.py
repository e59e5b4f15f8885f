from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="OrganizationUpdate")


@_attrs_define
class OrganizationUpdate:
    """Change the organization's display name or public slug. Public URLs with the old slug stop
    working at once.

        Attributes:
            name (str | Unset):
            slug (str | Unset):
            manage_url (str | Unset): Where attendees manage a booking (your page): a URL with `{token}` where the booking's
                manage token goes, e.g. `https://example.com/manage/{token}`. Emails to attendees of
                guest bookings link to it; `null` removes it.
            invitation_url (str | Unset): Where a one-time link's recipient books (your page): a URL with `{token}` for the
                one-time link's token. Invitation emails are sent only when it is set; `null` removes it.
    """

    name: str | Unset = UNSET
    slug: str | Unset = UNSET
    manage_url: str | Unset = UNSET
    invitation_url: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        slug = self.slug

        manage_url = self.manage_url

        invitation_url = self.invitation_url

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if name is not UNSET:
            field_dict["name"] = name
        if slug is not UNSET:
            field_dict["slug"] = slug
        if manage_url is not UNSET:
            field_dict["manage_url"] = manage_url
        if invitation_url is not UNSET:
            field_dict["invitation_url"] = invitation_url

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        name = d.pop("name", UNSET)

        slug = d.pop("slug", UNSET)

        manage_url = d.pop("manage_url", UNSET)

        invitation_url = d.pop("invitation_url", UNSET)

        organization_update = cls(
            name=name,
            slug=slug,
            manage_url=manage_url,
            invitation_url=invitation_url,
        )

        organization_update.additional_properties = d
        return organization_update

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
