from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="WebhookAttempt")


@_attrs_define
class WebhookAttempt:
    """One try at a delivery.

    Attributes:
        id (str):
        attempted_at (datetime.datetime):
        duration_ms (int):
        status_code (int | Unset): The receiver's HTTP status, if it answered.
        response_excerpt (str | Unset): At most 2 kB of the response body.
        error (str | Unset): Why the attempt did not succeed.
    """

    id: str
    attempted_at: datetime.datetime
    duration_ms: int
    status_code: int | Unset = UNSET
    response_excerpt: str | Unset = UNSET
    error: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        attempted_at = self.attempted_at.isoformat()

        duration_ms = self.duration_ms

        status_code = self.status_code

        response_excerpt = self.response_excerpt

        error = self.error

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "attempted_at": attempted_at,
                "duration_ms": duration_ms,
            }
        )
        if status_code is not UNSET:
            field_dict["status_code"] = status_code
        if response_excerpt is not UNSET:
            field_dict["response_excerpt"] = response_excerpt
        if error is not UNSET:
            field_dict["error"] = error

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        attempted_at = datetime.datetime.fromisoformat(d.pop("attempted_at"))

        duration_ms = d.pop("duration_ms")

        status_code = d.pop("status_code", UNSET)

        response_excerpt = d.pop("response_excerpt", UNSET)

        error = d.pop("error", UNSET)

        webhook_attempt = cls(
            id=id,
            attempted_at=attempted_at,
            duration_ms=duration_ms,
            status_code=status_code,
            response_excerpt=response_excerpt,
            error=error,
        )

        webhook_attempt.additional_properties = d
        return webhook_attempt

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
