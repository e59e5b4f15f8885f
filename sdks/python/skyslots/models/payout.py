from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="Payout")


@_attrs_define
class Payout:
    """A payout from the connected account to its bank.

    Attributes:
        id (str): `po_…`.
        amount (int):
        amount_decimal (str):
        currency (str):
        status (str): As Stripe says: `paid`, `pending`, `in_transit`, `canceled` or `failed`.
        arrival_date (datetime.datetime | Unset):
        created (datetime.datetime | Unset):
    """

    id: str
    amount: int
    amount_decimal: str
    currency: str
    status: str
    arrival_date: datetime.datetime | Unset = UNSET
    created: datetime.datetime | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        amount = self.amount

        amount_decimal = self.amount_decimal

        currency = self.currency

        status = self.status

        arrival_date: str | Unset = UNSET
        if not isinstance(self.arrival_date, Unset):
            arrival_date = self.arrival_date.isoformat()

        created: str | Unset = UNSET
        if not isinstance(self.created, Unset):
            created = self.created.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "amount": amount,
                "amount_decimal": amount_decimal,
                "currency": currency,
                "status": status,
            }
        )
        if arrival_date is not UNSET:
            field_dict["arrival_date"] = arrival_date
        if created is not UNSET:
            field_dict["created"] = created

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        amount = d.pop("amount")

        amount_decimal = d.pop("amount_decimal")

        currency = d.pop("currency")

        status = d.pop("status")

        _arrival_date = d.pop("arrival_date", UNSET)
        arrival_date: datetime.datetime | Unset
        if isinstance(_arrival_date, Unset):
            arrival_date = UNSET
        else:
            arrival_date = datetime.datetime.fromisoformat(_arrival_date)

        _created = d.pop("created", UNSET)
        created: datetime.datetime | Unset
        if isinstance(_created, Unset):
            created = UNSET
        else:
            created = datetime.datetime.fromisoformat(_created)

        payout = cls(
            id=id,
            amount=amount,
            amount_decimal=amount_decimal,
            currency=currency,
            status=status,
            arrival_date=arrival_date,
            created=created,
        )

        payout.additional_properties = d
        return payout

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
