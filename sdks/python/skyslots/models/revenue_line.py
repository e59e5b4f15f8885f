from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="RevenueLine")


@_attrs_define
class RevenueLine:
    """Money of one group in one currency, in minor units.

    Attributes:
        currency (str):
        payments (int): How many payments.
        gross (int): What was paid.
        refunds (int): What of it was refunded.
        fees (int): Application fees the platform kept (Stripe Connect destination charges); 0 for
            payments to the platform's own account.
        net (int): `gross - refunds - fees`.
        net_decimal (str):
        key (str | Unset): The day (`YYYY-MM-DD`), link id or host id; absent in totals.
    """

    currency: str
    payments: int
    gross: int
    refunds: int
    fees: int
    net: int
    net_decimal: str
    key: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        currency = self.currency

        payments = self.payments

        gross = self.gross

        refunds = self.refunds

        fees = self.fees

        net = self.net

        net_decimal = self.net_decimal

        key = self.key

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "currency": currency,
                "payments": payments,
                "gross": gross,
                "refunds": refunds,
                "fees": fees,
                "net": net,
                "net_decimal": net_decimal,
            }
        )
        if key is not UNSET:
            field_dict["key"] = key

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        currency = d.pop("currency")

        payments = d.pop("payments")

        gross = d.pop("gross")

        refunds = d.pop("refunds")

        fees = d.pop("fees")

        net = d.pop("net")

        net_decimal = d.pop("net_decimal")

        key = d.pop("key", UNSET)

        revenue_line = cls(
            currency=currency,
            payments=payments,
            gross=gross,
            refunds=refunds,
            fees=fees,
            net=net,
            net_decimal=net_decimal,
            key=key,
        )

        revenue_line.additional_properties = d
        return revenue_line

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
