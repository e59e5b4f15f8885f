from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.balance import Balance
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.quote_line import QuoteLine


T = TypeVar("T", bound="Quote")


@_attrs_define
class Quote:
    """What a booking would cost, itemised: the amounts in minor units, and as decimal strings.
    A free link has no `currency`, no lines and zero totals.

        Attributes:
            link_id (str):
            start (datetime.datetime):
            end (datetime.datetime):
            duration (int):
            seats (int):
            lines (list[QuoteLine]):
            total (int):
            due_now (int): Paid when booking: the deposit, or the total.
            due_later (int): Paid later or at the venue (`balance`).
            tax_inclusive (bool):
            balance (Balance): Where the rest is paid after a deposit (default `later`).
            currency (str | Unset):
            exponent (int | Unset): Digits after the decimal point of `currency` (0 for JPY, 2 for EUR, 3 for KWD).
            total_decimal (str | Unset):
            due_now_decimal (str | Unset):
            due_later_decimal (str | Unset):
    """

    link_id: str
    start: datetime.datetime
    end: datetime.datetime
    duration: int
    seats: int
    lines: list[QuoteLine]
    total: int
    due_now: int
    due_later: int
    tax_inclusive: bool
    balance: Balance
    currency: str | Unset = UNSET
    exponent: int | Unset = UNSET
    total_decimal: str | Unset = UNSET
    due_now_decimal: str | Unset = UNSET
    due_later_decimal: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        link_id = self.link_id

        start = self.start.isoformat()

        end = self.end.isoformat()

        duration = self.duration

        seats = self.seats

        lines = []
        for lines_item_data in self.lines:
            lines_item = lines_item_data.to_dict()
            lines.append(lines_item)

        total = self.total

        due_now = self.due_now

        due_later = self.due_later

        tax_inclusive = self.tax_inclusive

        balance = self.balance.value

        currency = self.currency

        exponent = self.exponent

        total_decimal = self.total_decimal

        due_now_decimal = self.due_now_decimal

        due_later_decimal = self.due_later_decimal

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "link_id": link_id,
                "start": start,
                "end": end,
                "duration": duration,
                "seats": seats,
                "lines": lines,
                "total": total,
                "due_now": due_now,
                "due_later": due_later,
                "tax_inclusive": tax_inclusive,
                "balance": balance,
            }
        )
        if currency is not UNSET:
            field_dict["currency"] = currency
        if exponent is not UNSET:
            field_dict["exponent"] = exponent
        if total_decimal is not UNSET:
            field_dict["total_decimal"] = total_decimal
        if due_now_decimal is not UNSET:
            field_dict["due_now_decimal"] = due_now_decimal
        if due_later_decimal is not UNSET:
            field_dict["due_later_decimal"] = due_later_decimal

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.quote_line import QuoteLine  # noqa: PLC0415

        d = dict(src_dict)
        link_id = d.pop("link_id")

        start = datetime.datetime.fromisoformat(d.pop("start"))

        end = datetime.datetime.fromisoformat(d.pop("end"))

        duration = d.pop("duration")

        seats = d.pop("seats")

        lines = []
        _lines = d.pop("lines")
        for lines_item_data in _lines:
            lines_item = QuoteLine.from_dict(lines_item_data)

            lines.append(lines_item)

        total = d.pop("total")

        due_now = d.pop("due_now")

        due_later = d.pop("due_later")

        tax_inclusive = d.pop("tax_inclusive")

        balance = Balance(d.pop("balance"))

        currency = d.pop("currency", UNSET)

        exponent = d.pop("exponent", UNSET)

        total_decimal = d.pop("total_decimal", UNSET)

        due_now_decimal = d.pop("due_now_decimal", UNSET)

        due_later_decimal = d.pop("due_later_decimal", UNSET)

        quote = cls(
            link_id=link_id,
            start=start,
            end=end,
            duration=duration,
            seats=seats,
            lines=lines,
            total=total,
            due_now=due_now,
            due_later=due_later,
            tax_inclusive=tax_inclusive,
            balance=balance,
            currency=currency,
            exponent=exponent,
            total_decimal=total_decimal,
            due_now_decimal=due_now_decimal,
            due_later_decimal=due_later_decimal,
        )

        quote.additional_properties = d
        return quote

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
