from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.balance import Balance
from ..models.price_collect import PriceCollect
from ..models.price_unit import PriceUnit
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.checkout_pages import CheckoutPages
    from ..models.deposit import Deposit


T = TypeVar("T", bound="Price")


@_attrs_define
class Price:
    """
    Attributes:
        amount (int):
        currency (str):
        amount_decimal (str): `amount` as a decimal string in the currency's units (`"15.00"`, `"1500"` for JPY).
        unit (PriceUnit): What one `amount` buys (default `per_booking`).
        tax_inclusive (bool):
        balance (Balance): Where the rest is paid after a deposit (default `later`).
        collect (PriceCollect): How what is due on booking (the deposit, or the total) is paid: `online` through the
            payment provider when booking — the booking awaits payment, holding its seats — or
            `offline` (an invoice, at the door): the booking is made at once and only records its
            price.
        hold_minutes (int): Minutes a booking awaiting payment holds its seats.
        deposit (Deposit | Unset): The part paid on booking.
        checkout (CheckoutPages | Unset): Where Stripe's hosted Checkout page sends the payer back to.
    """

    amount: int
    currency: str
    amount_decimal: str
    unit: PriceUnit
    tax_inclusive: bool
    balance: Balance
    collect: PriceCollect
    hold_minutes: int
    deposit: Deposit | Unset = UNSET
    checkout: CheckoutPages | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        amount = self.amount

        currency = self.currency

        amount_decimal = self.amount_decimal

        unit = self.unit.value

        tax_inclusive = self.tax_inclusive

        balance = self.balance.value

        collect = self.collect.value

        hold_minutes = self.hold_minutes

        deposit: dict[str, Any] | Unset = UNSET
        if not isinstance(self.deposit, Unset):
            deposit = self.deposit.to_dict()

        checkout: dict[str, Any] | Unset = UNSET
        if not isinstance(self.checkout, Unset):
            checkout = self.checkout.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "amount": amount,
                "currency": currency,
                "amount_decimal": amount_decimal,
                "unit": unit,
                "tax_inclusive": tax_inclusive,
                "balance": balance,
                "collect": collect,
                "hold_minutes": hold_minutes,
            }
        )
        if deposit is not UNSET:
            field_dict["deposit"] = deposit
        if checkout is not UNSET:
            field_dict["checkout"] = checkout

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.checkout_pages import CheckoutPages  # noqa: PLC0415
        from ..models.deposit import Deposit  # noqa: PLC0415

        d = dict(src_dict)
        amount = d.pop("amount")

        currency = d.pop("currency")

        amount_decimal = d.pop("amount_decimal")

        unit = PriceUnit(d.pop("unit"))

        tax_inclusive = d.pop("tax_inclusive")

        balance = Balance(d.pop("balance"))

        collect = PriceCollect(d.pop("collect"))

        hold_minutes = d.pop("hold_minutes")

        _deposit = d.pop("deposit", UNSET)
        deposit: Deposit | Unset
        if isinstance(_deposit, Unset):
            deposit = UNSET
        else:
            deposit = Deposit.from_dict(_deposit)

        _checkout = d.pop("checkout", UNSET)
        checkout: CheckoutPages | Unset
        if isinstance(_checkout, Unset):
            checkout = UNSET
        else:
            checkout = CheckoutPages.from_dict(_checkout)

        price = cls(
            amount=amount,
            currency=currency,
            amount_decimal=amount_decimal,
            unit=unit,
            tax_inclusive=tax_inclusive,
            balance=balance,
            collect=collect,
            hold_minutes=hold_minutes,
            deposit=deposit,
            checkout=checkout,
        )

        price.additional_properties = d
        return price

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
