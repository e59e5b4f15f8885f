from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="WebhookEndpointCreate")


@_attrs_define
class WebhookEndpointCreate:
    """A new webhook endpoint.

    Example:
        {'description': 'CRM sync', 'event_types': ['booking.created', 'booking.cancelled'], 'ordered': None, 'secret':
            None, 'url': 'https://hooks.example.com/skyslots'}

    Attributes:
        url (str): Where to POST events: `https` (http and private addresses only on servers started
            with `--allow-private-urls`).
        event_types (list[str]): Event types to send (`booking.created`, …), or `["*"]` for all.
        description (str | Unset):
        ordered (bool | Unset): Deliver in event order (default): a failing delivery holds back the later ones until
            it succeeds or its retries run out. `false` sends each as soon as it is due.
        secret (str | Unset): Bring your own signing secret (`whsec_` + 24–64 bytes in base64); one is made
            otherwise.
    """

    url: str
    event_types: list[str]
    description: str | Unset = UNSET
    ordered: bool | Unset = UNSET
    secret: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        url = self.url

        event_types = self.event_types

        description = self.description

        ordered = self.ordered

        secret = self.secret

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "url": url,
                "event_types": event_types,
            }
        )
        if description is not UNSET:
            field_dict["description"] = description
        if ordered is not UNSET:
            field_dict["ordered"] = ordered
        if secret is not UNSET:
            field_dict["secret"] = secret

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        url = d.pop("url")

        event_types = cast(list[str], d.pop("event_types"))

        description = d.pop("description", UNSET)

        ordered = d.pop("ordered", UNSET)

        secret = d.pop("secret", UNSET)

        webhook_endpoint_create = cls(
            url=url,
            event_types=event_types,
            description=description,
            ordered=ordered,
            secret=secret,
        )

        webhook_endpoint_create.additional_properties = d
        return webhook_endpoint_create

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
