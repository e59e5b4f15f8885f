from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="PublicPayments")


@_attrs_define
class PublicPayments:
    """How a booking page pays on this link: with Stripe.js and this publishable key (Stripe
    Elements with the booking's `payment.client_secret`), or on Stripe's hosted page
    (`payment.checkout_url`) when `checkout` is true.

        Attributes:
            provider (str): `stripe`.
            checkout (bool):
            publishable_key (str | Unset): The platform's Stripe publishable key (`pk_…`), when the server has one.
    """

    provider: str
    checkout: bool
    publishable_key: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        provider = self.provider

        checkout = self.checkout

        publishable_key = self.publishable_key

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "provider": provider,
                "checkout": checkout,
            }
        )
        if publishable_key is not UNSET:
            field_dict["publishable_key"] = publishable_key

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        provider = d.pop("provider")

        checkout = d.pop("checkout")

        publishable_key = d.pop("publishable_key", UNSET)

        public_payments = cls(
            provider=provider,
            checkout=checkout,
            publishable_key=publishable_key,
        )

        public_payments.additional_properties = d
        return public_payments

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
