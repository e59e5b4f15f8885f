from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.refund_reason import RefundReason
from ..models.refund_status import RefundStatus
from ..types import UNSET, Unset

T = TypeVar("T", bound="PaymentRefund")


@_attrs_define
class PaymentRefund:
    """Money going back to the payer, in minor units of the payment's currency.

    Attributes:
        id (str):
        amount (int):
        reason (RefundReason): Why money went back: the booking was cancelled (the link's policy set the amount), the
            payment came after its hold ended and the seats were taken, or the organization refunded.
        status (RefundStatus): Where a refund stands: decided and being issued (`pending`), done, or refused by the
            provider (the amount is refundable again).
        created_at (datetime.datetime):
        provider_refund_id (str | Unset): The provider's refund id (`re_…`), once issued.
        failure_message (str | Unset):
    """

    id: str
    amount: int
    reason: RefundReason
    status: RefundStatus
    created_at: datetime.datetime
    provider_refund_id: str | Unset = UNSET
    failure_message: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        amount = self.amount

        reason = self.reason.value

        status = self.status.value

        created_at = self.created_at.isoformat()

        provider_refund_id = self.provider_refund_id

        failure_message = self.failure_message

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "amount": amount,
                "reason": reason,
                "status": status,
                "created_at": created_at,
            }
        )
        if provider_refund_id is not UNSET:
            field_dict["provider_refund_id"] = provider_refund_id
        if failure_message is not UNSET:
            field_dict["failure_message"] = failure_message

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        amount = d.pop("amount")

        reason = RefundReason(d.pop("reason"))

        status = RefundStatus(d.pop("status"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        provider_refund_id = d.pop("provider_refund_id", UNSET)

        failure_message = d.pop("failure_message", UNSET)

        payment_refund = cls(
            id=id,
            amount=amount,
            reason=reason,
            status=status,
            created_at=created_at,
            provider_refund_id=provider_refund_id,
            failure_message=failure_message,
        )

        payment_refund.additional_properties = d
        return payment_refund

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
