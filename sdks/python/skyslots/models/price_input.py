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
    from ..models.checkout_pages_input import CheckoutPagesInput
    from ..models.deposit_input import DepositInput


T = TypeVar("T", bound="PriceInput")


@_attrs_define
class PriceInput:
    """A price in minor units of an ISO 4217 currency (cents for EUR; whole yen for JPY, a
    zero-decimal currency; thousandths, in tens, for KWD), and how it applies.

        Attributes:
            amount (int): Per booking, per seat or per hour (see `unit`).
            currency (str): An ISO 4217 code, e.g. `EUR`.
            unit (PriceUnit | Unset): What one `amount` buys (default `per_booking`).
            deposit (DepositInput | Unset): The part paid on booking; the rest is due later or at the venue (`balance`).
            tax_inclusive (bool | Unset): The amount includes tax. Default false.
            balance (Balance | Unset): Where the rest is paid after a deposit (default `later`).
            collect (PriceCollect | Unset): How what is due on booking (the deposit, or the total) is paid: `online` through
                the
                payment provider when booking — the booking awaits payment, holding its seats — or
                `offline` (an invoice, at the door): the booking is made at once and only records its
                price.
            hold_minutes (int | Unset): Minutes a booking awaiting payment holds its seats before it expires (1 to 1440,
                default 15).
            checkout (CheckoutPagesInput | Unset): Pay on Stripe's hosted Checkout page: the booking's
                `payment.checkout_url` is where to
                send the payer, and Stripe sends them back to `success_url` or `cancel_url`. Without it the
                front end pays with Stripe Elements and the booking's `payment.client_secret`.
    """

    amount: int
    currency: str
    unit: PriceUnit | Unset = UNSET
    deposit: DepositInput | Unset = UNSET
    tax_inclusive: bool | Unset = UNSET
    balance: Balance | Unset = UNSET
    collect: PriceCollect | Unset = UNSET
    hold_minutes: int | Unset = UNSET
    checkout: CheckoutPagesInput | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        amount = self.amount

        currency = self.currency

        unit: str | Unset = UNSET
        if not isinstance(self.unit, Unset):
            unit = self.unit.value

        deposit: dict[str, Any] | Unset = UNSET
        if not isinstance(self.deposit, Unset):
            deposit = self.deposit.to_dict()

        tax_inclusive = self.tax_inclusive

        balance: str | Unset = UNSET
        if not isinstance(self.balance, Unset):
            balance = self.balance.value

        collect: str | Unset = UNSET
        if not isinstance(self.collect, Unset):
            collect = self.collect.value

        hold_minutes = self.hold_minutes

        checkout: dict[str, Any] | Unset = UNSET
        if not isinstance(self.checkout, Unset):
            checkout = self.checkout.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "amount": amount,
                "currency": currency,
            }
        )
        if unit is not UNSET:
            field_dict["unit"] = unit
        if deposit is not UNSET:
            field_dict["deposit"] = deposit
        if tax_inclusive is not UNSET:
            field_dict["tax_inclusive"] = tax_inclusive
        if balance is not UNSET:
            field_dict["balance"] = balance
        if collect is not UNSET:
            field_dict["collect"] = collect
        if hold_minutes is not UNSET:
            field_dict["hold_minutes"] = hold_minutes
        if checkout is not UNSET:
            field_dict["checkout"] = checkout

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.checkout_pages_input import CheckoutPagesInput  # noqa: PLC0415
        from ..models.deposit_input import DepositInput  # noqa: PLC0415

        d = dict(src_dict)
        amount = d.pop("amount")

        currency = d.pop("currency")

        _unit = d.pop("unit", UNSET)
        unit: PriceUnit | Unset
        if isinstance(_unit, Unset):
            unit = UNSET
        else:
            unit = PriceUnit(_unit)

        _deposit = d.pop("deposit", UNSET)
        deposit: DepositInput | Unset
        if isinstance(_deposit, Unset):
            deposit = UNSET
        else:
            deposit = DepositInput.from_dict(_deposit)

        tax_inclusive = d.pop("tax_inclusive", UNSET)

        _balance = d.pop("balance", UNSET)
        balance: Balance | Unset
        if isinstance(_balance, Unset):
            balance = UNSET
        else:
            balance = Balance(_balance)

        _collect = d.pop("collect", UNSET)
        collect: PriceCollect | Unset
        if isinstance(_collect, Unset):
            collect = UNSET
        else:
            collect = PriceCollect(_collect)

        hold_minutes = d.pop("hold_minutes", UNSET)

        _checkout = d.pop("checkout", UNSET)
        checkout: CheckoutPagesInput | Unset
        if isinstance(_checkout, Unset):
            checkout = UNSET
        else:
            checkout = CheckoutPagesInput.from_dict(_checkout)

        price_input = cls(
            amount=amount,
            currency=currency,
            unit=unit,
            deposit=deposit,
            tax_inclusive=tax_inclusive,
            balance=balance,
            collect=collect,
            hold_minutes=hold_minutes,
            checkout=checkout,
        )

        price_input.additional_properties = d
        return price_input

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
