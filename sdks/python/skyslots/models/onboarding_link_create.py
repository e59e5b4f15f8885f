from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="OnboardingLinkCreate")


@_attrs_define
class OnboardingLinkCreate:
    """Where Stripe's onboarding sends the account holder back to.

    Example:
        {'refresh_url': 'https://studio.example/settings/payments?retry=1', 'return_url':
            'https://studio.example/settings/payments'}

    Attributes:
        refresh_url (str): Where to go when the link has expired or was used (ask for a new one there).
        return_url (str): Where to go after onboarding (then read `payment_account_get`).
    """

    refresh_url: str
    return_url: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        refresh_url = self.refresh_url

        return_url = self.return_url

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "refresh_url": refresh_url,
                "return_url": return_url,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        refresh_url = d.pop("refresh_url")

        return_url = d.pop("return_url")

        onboarding_link_create = cls(
            refresh_url=refresh_url,
            return_url=return_url,
        )

        onboarding_link_create.additional_properties = d
        return onboarding_link_create

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
