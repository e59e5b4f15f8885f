from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.email_kind import EmailKind
from ..models.email_recipient_role import EmailRecipientRole
from ..models.email_status import EmailStatus
from ..types import UNSET, Unset

T = TypeVar("T", bound="Email")


@_attrs_define
class Email:
    """One message the server sent or meant to send.

    Attributes:
        id (str):
        kind (EmailKind): A kind of message: to the attendee (`booking_*`), to each host (`host_booking_*`) or to a
            one-time link's recipient (`one_time_link_invitation`).
        status (EmailStatus): Where an email stands.
        recipient_email (str):
        recipient_role (EmailRecipientRole): Who an email is for.
        send_at (datetime.datetime): When it is (or was) due.
        attempts (int): Times it was handed to the SMTP server.
        created_at (datetime.datetime):
        updated_at (datetime.datetime):
        recipient_name (str | Unset):
        host_id (str | Unset):
        booking_id (str | Unset):
        one_time_link_id (str | Unset):
        link_id (str | Unset):
        event_id (str | Unset): The event that called for it.
        error (str | Unset): Why it failed or was skipped, or the last transient failure.
        subject (str | Unset): The subject it was sent with.
        message_id (str | Unset): Its `Message-ID` header.
        sent_at (datetime.datetime | Unset):
    """

    id: str
    kind: EmailKind
    status: EmailStatus
    recipient_email: str
    recipient_role: EmailRecipientRole
    send_at: datetime.datetime
    attempts: int
    created_at: datetime.datetime
    updated_at: datetime.datetime
    recipient_name: str | Unset = UNSET
    host_id: str | Unset = UNSET
    booking_id: str | Unset = UNSET
    one_time_link_id: str | Unset = UNSET
    link_id: str | Unset = UNSET
    event_id: str | Unset = UNSET
    error: str | Unset = UNSET
    subject: str | Unset = UNSET
    message_id: str | Unset = UNSET
    sent_at: datetime.datetime | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        kind = self.kind.value

        status = self.status.value

        recipient_email = self.recipient_email

        recipient_role = self.recipient_role.value

        send_at = self.send_at.isoformat()

        attempts = self.attempts

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        recipient_name = self.recipient_name

        host_id = self.host_id

        booking_id = self.booking_id

        one_time_link_id = self.one_time_link_id

        link_id = self.link_id

        event_id = self.event_id

        error = self.error

        subject = self.subject

        message_id = self.message_id

        sent_at: str | Unset = UNSET
        if not isinstance(self.sent_at, Unset):
            sent_at = self.sent_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "kind": kind,
                "status": status,
                "recipient_email": recipient_email,
                "recipient_role": recipient_role,
                "send_at": send_at,
                "attempts": attempts,
                "created_at": created_at,
                "updated_at": updated_at,
            }
        )
        if recipient_name is not UNSET:
            field_dict["recipient_name"] = recipient_name
        if host_id is not UNSET:
            field_dict["host_id"] = host_id
        if booking_id is not UNSET:
            field_dict["booking_id"] = booking_id
        if one_time_link_id is not UNSET:
            field_dict["one_time_link_id"] = one_time_link_id
        if link_id is not UNSET:
            field_dict["link_id"] = link_id
        if event_id is not UNSET:
            field_dict["event_id"] = event_id
        if error is not UNSET:
            field_dict["error"] = error
        if subject is not UNSET:
            field_dict["subject"] = subject
        if message_id is not UNSET:
            field_dict["message_id"] = message_id
        if sent_at is not UNSET:
            field_dict["sent_at"] = sent_at

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        kind = EmailKind(d.pop("kind"))

        status = EmailStatus(d.pop("status"))

        recipient_email = d.pop("recipient_email")

        recipient_role = EmailRecipientRole(d.pop("recipient_role"))

        send_at = datetime.datetime.fromisoformat(d.pop("send_at"))

        attempts = d.pop("attempts")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        recipient_name = d.pop("recipient_name", UNSET)

        host_id = d.pop("host_id", UNSET)

        booking_id = d.pop("booking_id", UNSET)

        one_time_link_id = d.pop("one_time_link_id", UNSET)

        link_id = d.pop("link_id", UNSET)

        event_id = d.pop("event_id", UNSET)

        error = d.pop("error", UNSET)

        subject = d.pop("subject", UNSET)

        message_id = d.pop("message_id", UNSET)

        _sent_at = d.pop("sent_at", UNSET)
        sent_at: datetime.datetime | Unset
        if isinstance(_sent_at, Unset):
            sent_at = UNSET
        else:
            sent_at = datetime.datetime.fromisoformat(_sent_at)

        email = cls(
            id=id,
            kind=kind,
            status=status,
            recipient_email=recipient_email,
            recipient_role=recipient_role,
            send_at=send_at,
            attempts=attempts,
            created_at=created_at,
            updated_at=updated_at,
            recipient_name=recipient_name,
            host_id=host_id,
            booking_id=booking_id,
            one_time_link_id=one_time_link_id,
            link_id=link_id,
            event_id=event_id,
            error=error,
            subject=subject,
            message_id=message_id,
            sent_at=sent_at,
        )

        email.additional_properties = d
        return email

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
