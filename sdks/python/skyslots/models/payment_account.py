from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="PaymentAccount")


@_attrs_define
class PaymentAccount:
    """The organization's connected account and what Stripe says of it.

    Attributes:
        provider (str): `stripe`.
        account_id (str): The connected account (`acct_…`).
        charges_enabled (bool): Payments go to this account (destination charges) only while this is true; until
            then they go to the platform's own account.
        payouts_enabled (bool):
        details_submitted (bool):
        requirements (list[str]): What Stripe still needs (its requirement names); finish them through an onboarding
            link.
        created_at (datetime.datetime):
        updated_at (datetime.datetime):
    """

    provider: str
    account_id: str
    charges_enabled: bool
    payouts_enabled: bool
    details_submitted: bool
    requirements: list[str]
    created_at: datetime.datetime
    updated_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        provider = self.provider

        account_id = self.account_id

        charges_enabled = self.charges_enabled

        payouts_enabled = self.payouts_enabled

        details_submitted = self.details_submitted

        requirements = self.requirements

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "provider": provider,
                "account_id": account_id,
                "charges_enabled": charges_enabled,
                "payouts_enabled": payouts_enabled,
                "details_submitted": details_submitted,
                "requirements": requirements,
                "created_at": created_at,
                "updated_at": updated_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        provider = d.pop("provider")

        account_id = d.pop("account_id")

        charges_enabled = d.pop("charges_enabled")

        payouts_enabled = d.pop("payouts_enabled")

        details_submitted = d.pop("details_submitted")

        requirements = cast(list[str], d.pop("requirements"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        payment_account = cls(
            provider=provider,
            account_id=account_id,
            charges_enabled=charges_enabled,
            payouts_enabled=payouts_enabled,
            details_submitted=details_submitted,
            requirements=requirements,
            created_at=created_at,
            updated_at=updated_at,
        )

        payment_account.additional_properties = d
        return payment_account

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
