from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.actor import Actor
    from ..models.target import Target


T = TypeVar("T", bound="AuditEvent")


@_attrs_define
class AuditEvent:
    """A recorded change.

    Attributes:
        id (str):
        actor (Actor):
        action (str): `<resource>.<change>`, e.g. `link.updated`, `booking.cancelled`.
        target (Target):
        summary (str):
        created_at (datetime.datetime):
        request_id (str | Unset):
    """

    id: str
    actor: Actor
    action: str
    target: Target
    summary: str
    created_at: datetime.datetime
    request_id: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        actor = self.actor.to_dict()

        action = self.action

        target = self.target.to_dict()

        summary = self.summary

        created_at = self.created_at.isoformat()

        request_id = self.request_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "actor": actor,
                "action": action,
                "target": target,
                "summary": summary,
                "created_at": created_at,
            }
        )
        if request_id is not UNSET:
            field_dict["request_id"] = request_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.actor import Actor  # noqa: PLC0415
        from ..models.target import Target  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        actor = Actor.from_dict(d.pop("actor"))

        action = d.pop("action")

        target = Target.from_dict(d.pop("target"))

        summary = d.pop("summary")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        request_id = d.pop("request_id", UNSET)

        audit_event = cls(
            id=id,
            actor=actor,
            action=action,
            target=target,
            summary=summary,
            created_at=created_at,
            request_id=request_id,
        )

        audit_event.additional_properties = d
        return audit_event

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
