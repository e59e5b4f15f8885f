from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.payment_status import PaymentStatus
from ..types import UNSET, Unset

T = TypeVar("T", bound="BookingPayment")


@_attrs_define
class BookingPayment:
    """The booking's payment, as the front end needs it to pay: while the booking awaits payment,
    `client_secret` is what Stripe Elements (or Stripe.js `confirmPayment`) takes. The secret
    completes this one payment only; show it to the payer alone.

        Attributes:
            id (str):
            status (PaymentStatus): Where a payment stands.
            amount (int):
            amount_decimal (str):
            currency (str):
            provider (str): `stripe`.
            provider_payment_id (str | Unset):
            client_secret (str | Unset):
            checkout_url (str | Unset): On links that pay on Stripe's hosted page: where to send the payer.
    """

    id: str
    status: PaymentStatus
    amount: int
    amount_decimal: str
    currency: str
    provider: str
    provider_payment_id: str | Unset = UNSET
    client_secret: str | Unset = UNSET
    checkout_url: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        status = self.status.value

        amount = self.amount

        amount_decimal = self.amount_decimal

        currency = self.currency

        provider = self.provider

        provider_payment_id = self.provider_payment_id

        client_secret = self.client_secret

        checkout_url = self.checkout_url

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "status": status,
                "amount": amount,
                "amount_decimal": amount_decimal,
                "currency": currency,
                "provider": provider,
            }
        )
        if provider_payment_id is not UNSET:
            field_dict["provider_payment_id"] = provider_payment_id
        if client_secret is not UNSET:
            field_dict["client_secret"] = client_secret
        if checkout_url is not UNSET:
            field_dict["checkout_url"] = checkout_url

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        status = PaymentStatus(d.pop("status"))

        amount = d.pop("amount")

        amount_decimal = d.pop("amount_decimal")

        currency = d.pop("currency")

        provider = d.pop("provider")

        provider_payment_id = d.pop("provider_payment_id", UNSET)

        client_secret = d.pop("client_secret", UNSET)

        checkout_url = d.pop("checkout_url", UNSET)

        booking_payment = cls(
            id=id,
            status=status,
            amount=amount,
            amount_decimal=amount_decimal,
            currency=currency,
            provider=provider,
            provider_payment_id=provider_payment_id,
            client_secret=client_secret,
            checkout_url=checkout_url,
        )

        booking_payment.additional_properties = d
        return booking_payment

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
