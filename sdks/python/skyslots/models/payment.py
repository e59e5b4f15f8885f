from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.payment_status import PaymentStatus
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.payment_refund import PaymentRefund


T = TypeVar("T", bound="Payment")


@_attrs_define
class Payment:
    """A booking's payment: what the payer is asked for (the deposit, or the total), in minor
    units of `currency`, and what went back.

        Attributes:
            id (str):
            booking_id (str):
            link_id (str):
            provider (str): `stripe`.
            status (PaymentStatus): Where a payment stands.
            amount (int):
            amount_decimal (str):
            currency (str):
            amount_refunded (int): Refunded so far (refunds that succeeded).
            application_fee (int): What the platform keeps of it (payments to the organization's connected account).
            refunds (list[PaymentRefund]):
            created_at (datetime.datetime):
            updated_at (datetime.datetime):
            provider_payment_id (str | Unset): The provider's id (a Stripe PaymentIntent `pi_…`), once opened there.
            checkout_id (str | Unset): On links that pay on Stripe's hosted page: the Checkout Session (`cs_…`) and its URL.
            checkout_url (str | Unset):
            destination_account (str | Unset): The organization's connected account it went to (`acct_…`), less the fee.
            receipt_url (str | Unset):
            failure_message (str | Unset): Why the last attempt to pay failed, while it awaits payment.
            paid_at (datetime.datetime | Unset):
    """

    id: str
    booking_id: str
    link_id: str
    provider: str
    status: PaymentStatus
    amount: int
    amount_decimal: str
    currency: str
    amount_refunded: int
    application_fee: int
    refunds: list[PaymentRefund]
    created_at: datetime.datetime
    updated_at: datetime.datetime
    provider_payment_id: str | Unset = UNSET
    checkout_id: str | Unset = UNSET
    checkout_url: str | Unset = UNSET
    destination_account: str | Unset = UNSET
    receipt_url: str | Unset = UNSET
    failure_message: str | Unset = UNSET
    paid_at: datetime.datetime | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        booking_id = self.booking_id

        link_id = self.link_id

        provider = self.provider

        status = self.status.value

        amount = self.amount

        amount_decimal = self.amount_decimal

        currency = self.currency

        amount_refunded = self.amount_refunded

        application_fee = self.application_fee

        refunds = []
        for refunds_item_data in self.refunds:
            refunds_item = refunds_item_data.to_dict()
            refunds.append(refunds_item)

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        provider_payment_id = self.provider_payment_id

        checkout_id = self.checkout_id

        checkout_url = self.checkout_url

        destination_account = self.destination_account

        receipt_url = self.receipt_url

        failure_message = self.failure_message

        paid_at: str | Unset = UNSET
        if not isinstance(self.paid_at, Unset):
            paid_at = self.paid_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "booking_id": booking_id,
                "link_id": link_id,
                "provider": provider,
                "status": status,
                "amount": amount,
                "amount_decimal": amount_decimal,
                "currency": currency,
                "amount_refunded": amount_refunded,
                "application_fee": application_fee,
                "refunds": refunds,
                "created_at": created_at,
                "updated_at": updated_at,
            }
        )
        if provider_payment_id is not UNSET:
            field_dict["provider_payment_id"] = provider_payment_id
        if checkout_id is not UNSET:
            field_dict["checkout_id"] = checkout_id
        if checkout_url is not UNSET:
            field_dict["checkout_url"] = checkout_url
        if destination_account is not UNSET:
            field_dict["destination_account"] = destination_account
        if receipt_url is not UNSET:
            field_dict["receipt_url"] = receipt_url
        if failure_message is not UNSET:
            field_dict["failure_message"] = failure_message
        if paid_at is not UNSET:
            field_dict["paid_at"] = paid_at

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.payment_refund import PaymentRefund  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        booking_id = d.pop("booking_id")

        link_id = d.pop("link_id")

        provider = d.pop("provider")

        status = PaymentStatus(d.pop("status"))

        amount = d.pop("amount")

        amount_decimal = d.pop("amount_decimal")

        currency = d.pop("currency")

        amount_refunded = d.pop("amount_refunded")

        application_fee = d.pop("application_fee")

        refunds = []
        _refunds = d.pop("refunds")
        for refunds_item_data in _refunds:
            refunds_item = PaymentRefund.from_dict(refunds_item_data)

            refunds.append(refunds_item)

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        provider_payment_id = d.pop("provider_payment_id", UNSET)

        checkout_id = d.pop("checkout_id", UNSET)

        checkout_url = d.pop("checkout_url", UNSET)

        destination_account = d.pop("destination_account", UNSET)

        receipt_url = d.pop("receipt_url", UNSET)

        failure_message = d.pop("failure_message", UNSET)

        _paid_at = d.pop("paid_at", UNSET)
        paid_at: datetime.datetime | Unset
        if isinstance(_paid_at, Unset):
            paid_at = UNSET
        else:
            paid_at = datetime.datetime.fromisoformat(_paid_at)

        payment = cls(
            id=id,
            booking_id=booking_id,
            link_id=link_id,
            provider=provider,
            status=status,
            amount=amount,
            amount_decimal=amount_decimal,
            currency=currency,
            amount_refunded=amount_refunded,
            application_fee=application_fee,
            refunds=refunds,
            created_at=created_at,
            updated_at=updated_at,
            provider_payment_id=provider_payment_id,
            checkout_id=checkout_id,
            checkout_url=checkout_url,
            destination_account=destination_account,
            receipt_url=receipt_url,
            failure_message=failure_message,
            paid_at=paid_at,
        )

        payment.additional_properties = d
        return payment

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
