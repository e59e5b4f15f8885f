from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="PaymentAccountConnect")


@_attrs_define
class PaymentAccountConnect:
    """Connect the organization's Stripe account: a new Express account, or one it has.

    Example:
        {'account_id': None, 'email': 'owner@studio.example'}

    Attributes:
        account_id (str | Unset): An existing connected account of this platform (`acct_…`); omitted: a new Express
            account is created, to be completed through `payment_account_onboard`.
        email (str | Unset): The account holder's email, for a new account.
    """

    account_id: str | Unset = UNSET
    email: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        account_id = self.account_id

        email = self.email

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if account_id is not UNSET:
            field_dict["account_id"] = account_id
        if email is not UNSET:
            field_dict["email"] = email

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        account_id = d.pop("account_id", UNSET)

        email = d.pop("email", UNSET)

        payment_account_connect = cls(
            account_id=account_id,
            email=email,
        )

        payment_account_connect.additional_properties = d
        return payment_account_connect

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
