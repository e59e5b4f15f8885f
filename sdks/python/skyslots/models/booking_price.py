from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="BookingPrice")


@_attrs_define
class BookingPrice:
    """What a booking on a priced link costs, fixed when it was booked (as `link_quote` priced
    it), in minor units of `currency`.

        Attributes:
            currency (str):
            total (int):
            total_decimal (str):
            due_now (int): Paid when booking (the deposit, or the total).
            due_later (int): Paid later or at the venue.
            tax_inclusive (bool):
    """

    currency: str
    total: int
    total_decimal: str
    due_now: int
    due_later: int
    tax_inclusive: bool
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        currency = self.currency

        total = self.total

        total_decimal = self.total_decimal

        due_now = self.due_now

        due_later = self.due_later

        tax_inclusive = self.tax_inclusive

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "currency": currency,
                "total": total,
                "total_decimal": total_decimal,
                "due_now": due_now,
                "due_later": due_later,
                "tax_inclusive": tax_inclusive,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        currency = d.pop("currency")

        total = d.pop("total")

        total_decimal = d.pop("total_decimal")

        due_now = d.pop("due_now")

        due_later = d.pop("due_later")

        tax_inclusive = d.pop("tax_inclusive")

        booking_price = cls(
            currency=currency,
            total=total,
            total_decimal=total_decimal,
            due_now=due_now,
            due_later=due_later,
            tax_inclusive=tax_inclusive,
        )

        booking_price.additional_properties = d
        return booking_price

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
