from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.price_unit import PriceUnit

T = TypeVar("T", bound="QuoteLine")


@_attrs_define
class QuoteLine:
    """One line of a quote.

    Attributes:
        unit (PriceUnit): What one `amount` buys (default `per_booking`).
        quantity (int): Seats, minutes (`per_hour`), or 1.
        unit_amount (int): The price of one unit (of one hour for `per_hour`), minor units.
        amount (int):
    """

    unit: PriceUnit
    quantity: int
    unit_amount: int
    amount: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        unit = self.unit.value

        quantity = self.quantity

        unit_amount = self.unit_amount

        amount = self.amount

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "unit": unit,
                "quantity": quantity,
                "unit_amount": unit_amount,
                "amount": amount,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        unit = PriceUnit(d.pop("unit"))

        quantity = d.pop("quantity")

        unit_amount = d.pop("unit_amount")

        amount = d.pop("amount")

        quote_line = cls(
            unit=unit,
            quantity=quantity,
            unit_amount=unit_amount,
            amount=amount,
        )

        quote_line.additional_properties = d
        return quote_line

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
