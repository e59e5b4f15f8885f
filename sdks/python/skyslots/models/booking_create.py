from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.attendee_input import AttendeeInput
    from ..models.booking_create_answers import BookingCreateAnswers
    from ..models.booking_create_metadata import BookingCreateMetadata


T = TypeVar("T", bound="BookingCreate")


@_attrs_define
class BookingCreate:
    """A booking request.

    Example:
        {'answers': {'company': 'Acme'}, 'attendee': {'email': 'grace@example.com', 'name': 'Grace', 'timezone':
            'America/New_York'}, 'duration': 30, 'link_id': 'lnk_01jdq4x8m2w9k3v7c5t1r6y0ab', 'metadata': {'crm_id': '42'},
            'seats': 1, 'start': '2026-12-01T15:00:00+00:00'}

    Attributes:
        link_id (str):
        start (datetime.datetime): Start of the slot, RFC 3339 (UTC recommended).
        attendee (AttendeeInput): The person booking.
        duration (int | Unset): One of the link's durations in minutes; omitted: the link's first duration.
        seats (int | Unset):  Default: 1.
        answers (BookingCreateAnswers | Unset): Answers to the link's questions, by question id: text, number,
            `true`/`false`, or a
            list of options.
        metadata (BookingCreateMetadata | Unset):
    """

    link_id: str
    start: datetime.datetime
    attendee: AttendeeInput
    duration: int | Unset = UNSET
    seats: int | Unset = 1
    answers: BookingCreateAnswers | Unset = UNSET
    metadata: BookingCreateMetadata | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        link_id = self.link_id

        start = self.start.isoformat()

        attendee = self.attendee.to_dict()

        duration = self.duration

        seats = self.seats

        answers: dict[str, Any] | Unset = UNSET
        if not isinstance(self.answers, Unset):
            answers = self.answers.to_dict()

        metadata: dict[str, Any] | Unset = UNSET
        if not isinstance(self.metadata, Unset):
            metadata = self.metadata.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "link_id": link_id,
                "start": start,
                "attendee": attendee,
            }
        )
        if duration is not UNSET:
            field_dict["duration"] = duration
        if seats is not UNSET:
            field_dict["seats"] = seats
        if answers is not UNSET:
            field_dict["answers"] = answers
        if metadata is not UNSET:
            field_dict["metadata"] = metadata

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.attendee_input import AttendeeInput  # noqa: PLC0415
        from ..models.booking_create_answers import BookingCreateAnswers  # noqa: PLC0415
        from ..models.booking_create_metadata import BookingCreateMetadata  # noqa: PLC0415

        d = dict(src_dict)
        link_id = d.pop("link_id")

        start = datetime.datetime.fromisoformat(d.pop("start"))

        attendee = AttendeeInput.from_dict(d.pop("attendee"))

        duration = d.pop("duration", UNSET)

        seats = d.pop("seats", UNSET)

        _answers = d.pop("answers", UNSET)
        answers: BookingCreateAnswers | Unset
        if isinstance(_answers, Unset):
            answers = UNSET
        else:
            answers = BookingCreateAnswers.from_dict(_answers)

        _metadata = d.pop("metadata", UNSET)
        metadata: BookingCreateMetadata | Unset
        if isinstance(_metadata, Unset):
            metadata = UNSET
        else:
            metadata = BookingCreateMetadata.from_dict(_metadata)

        booking_create = cls(
            link_id=link_id,
            start=start,
            attendee=attendee,
            duration=duration,
            seats=seats,
            answers=answers,
            metadata=metadata,
        )

        booking_create.additional_properties = d
        return booking_create

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
