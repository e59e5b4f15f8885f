from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.attendee_input import AttendeeInput
    from ..models.public_booking_create_answers import PublicBookingCreateAnswers


T = TypeVar("T", bound="PublicBookingCreate")


@_attrs_define
class PublicBookingCreate:
    """A guest's booking request on a public or one-time link.

    Example:
        {'answers': {'company': 'Acme'}, 'attendee': {'email': 'grace@example.com', 'name': 'Grace', 'timezone':
            'America/New_York'}, 'duration': 30, 'seats': 1, 'start': '2026-12-01T15:00:00+00:00'}

    Attributes:
        start (datetime.datetime): Start of the slot, RFC 3339.
        attendee (AttendeeInput): The person booking.
        duration (int | Unset): One of the link's durations in minutes; omitted: the link's first duration.
        seats (int | Unset):  Default: 1.
        answers (PublicBookingCreateAnswers | Unset): Answers to the link's questions, by question id.
    """

    start: datetime.datetime
    attendee: AttendeeInput
    duration: int | Unset = UNSET
    seats: int | Unset = 1
    answers: PublicBookingCreateAnswers | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        start = self.start.isoformat()

        attendee = self.attendee.to_dict()

        duration = self.duration

        seats = self.seats

        answers: dict[str, Any] | Unset = UNSET
        if not isinstance(self.answers, Unset):
            answers = self.answers.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
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

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.attendee_input import AttendeeInput  # noqa: PLC0415
        from ..models.public_booking_create_answers import PublicBookingCreateAnswers  # noqa: PLC0415

        d = dict(src_dict)
        start = datetime.datetime.fromisoformat(d.pop("start"))

        attendee = AttendeeInput.from_dict(d.pop("attendee"))

        duration = d.pop("duration", UNSET)

        seats = d.pop("seats", UNSET)

        _answers = d.pop("answers", UNSET)
        answers: PublicBookingCreateAnswers | Unset
        if isinstance(_answers, Unset):
            answers = UNSET
        else:
            answers = PublicBookingCreateAnswers.from_dict(_answers)

        public_booking_create = cls(
            start=start,
            attendee=attendee,
            duration=duration,
            seats=seats,
            answers=answers,
        )

        public_booking_create.additional_properties = d
        return public_booking_create

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
