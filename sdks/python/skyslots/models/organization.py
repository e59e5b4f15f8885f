from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="Organization")


@_attrs_define
class Organization:
    """
    Attributes:
        id (str):
        name (str):
        slug (str): Public: the organization's part of public link URLs.
        created_at (datetime.datetime):
        manage_url (str | Unset): Where attendees manage a booking: a URL with `{token}`.
        invitation_url (str | Unset): Where a one-time link's recipient books: a URL with `{token}`.
    """

    id: str
    name: str
    slug: str
    created_at: datetime.datetime
    manage_url: str | Unset = UNSET
    invitation_url: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        name = self.name

        slug = self.slug

        created_at = self.created_at.isoformat()

        manage_url = self.manage_url

        invitation_url = self.invitation_url

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "name": name,
                "slug": slug,
                "created_at": created_at,
            }
        )
        if manage_url is not UNSET:
            field_dict["manage_url"] = manage_url
        if invitation_url is not UNSET:
            field_dict["invitation_url"] = invitation_url

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        name = d.pop("name")

        slug = d.pop("slug")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        manage_url = d.pop("manage_url", UNSET)

        invitation_url = d.pop("invitation_url", UNSET)

        organization = cls(
            id=id,
            name=name,
            slug=slug,
            created_at=created_at,
            manage_url=manage_url,
            invitation_url=invitation_url,
        )

        organization.additional_properties = d
        return organization

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
