from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.refund_reason import RefundReason

T = TypeVar("T", bound="RefundIssued")


@_attrs_define
class RefundIssued:
    """Money going back for a paid booking: which refund of which payment, how much (minor
    units) and why. It is issued through the provider in the background; `payment.refunded`
    says when it went through.

        Attributes:
            payment_id (str):
            refund_id (str):
            amount (int):
            amount_decimal (str):
            currency (str):
            reason (RefundReason): Why money went back: the booking was cancelled (the link's policy set the amount), the
                payment came after its hold ended and the seats were taken, or the organization refunded.
    """

    payment_id: str
    refund_id: str
    amount: int
    amount_decimal: str
    currency: str
    reason: RefundReason
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        payment_id = self.payment_id

        refund_id = self.refund_id

        amount = self.amount

        amount_decimal = self.amount_decimal

        currency = self.currency

        reason = self.reason.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "payment_id": payment_id,
                "refund_id": refund_id,
                "amount": amount,
                "amount_decimal": amount_decimal,
                "currency": currency,
                "reason": reason,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        payment_id = d.pop("payment_id")

        refund_id = d.pop("refund_id")

        amount = d.pop("amount")

        amount_decimal = d.pop("amount_decimal")

        currency = d.pop("currency")

        reason = RefundReason(d.pop("reason"))

        refund_issued = cls(
            payment_id=payment_id,
            refund_id=refund_id,
            amount=amount,
            amount_decimal=amount_decimal,
            currency=currency,
            reason=reason,
        )

        refund_issued.additional_properties = d
        return refund_issued

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
