from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.assignment import Assignment
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.email_settings import EmailSettings
    from ..models.link_metadata import LinkMetadata
    from ..models.location import Location
    from ..models.policy import Policy
    from ..models.price import Price
    from ..models.question import Question


T = TypeVar("T", bound="Link")


@_attrs_define
class Link:
    """
    Attributes:
        id (str):
        slug (str):
        title (str):
        durations (list[int]):
        buffer_before (int):
        buffer_after (int):
        min_notice (int):
        capacity (int):
        host_ids (list[str]):
        assignment (Assignment): How a link's hosts are assigned to a booking (default `single`): `single` (the one
            host),
            `round_robin` (the free host with the fewest sessions of the link that week), `collective` (every host at once).
        questions (list[Question]):
        requires_confirmation (bool):
        policy (Policy):
        metadata (LinkMetadata):
        emails (EmailSettings): Which emails a link sends, and when (omitted: every message about a booking, no
            reminder,
            no follow-up).
        active (bool):
        created_at (datetime.datetime):
        updated_at (datetime.datetime):
        description (str | Unset):
        slot_interval (int | Unset):
        horizon_days (int | Unset):
        daily_limit (int | Unset):
        weekly_limit (int | Unset):
        schedule_id (str | Unset):
        location (Location | Unset):
        price (Price | Unset):
    """

    id: str
    slug: str
    title: str
    durations: list[int]
    buffer_before: int
    buffer_after: int
    min_notice: int
    capacity: int
    host_ids: list[str]
    assignment: Assignment
    questions: list[Question]
    requires_confirmation: bool
    policy: Policy
    metadata: LinkMetadata
    emails: EmailSettings
    active: bool
    created_at: datetime.datetime
    updated_at: datetime.datetime
    description: str | Unset = UNSET
    slot_interval: int | Unset = UNSET
    horizon_days: int | Unset = UNSET
    daily_limit: int | Unset = UNSET
    weekly_limit: int | Unset = UNSET
    schedule_id: str | Unset = UNSET
    location: Location | Unset = UNSET
    price: Price | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        slug = self.slug

        title = self.title

        durations = self.durations

        buffer_before = self.buffer_before

        buffer_after = self.buffer_after

        min_notice = self.min_notice

        capacity = self.capacity

        host_ids = self.host_ids

        assignment = self.assignment.value

        questions = []
        for questions_item_data in self.questions:
            questions_item = questions_item_data.to_dict()
            questions.append(questions_item)

        requires_confirmation = self.requires_confirmation

        policy = self.policy.to_dict()

        metadata = self.metadata.to_dict()

        emails = self.emails.to_dict()

        active = self.active

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        description = self.description

        slot_interval = self.slot_interval

        horizon_days = self.horizon_days

        daily_limit = self.daily_limit

        weekly_limit = self.weekly_limit

        schedule_id = self.schedule_id

        location: dict[str, Any] | Unset = UNSET
        if not isinstance(self.location, Unset):
            location = self.location.to_dict()

        price: dict[str, Any] | Unset = UNSET
        if not isinstance(self.price, Unset):
            price = self.price.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "slug": slug,
                "title": title,
                "durations": durations,
                "buffer_before": buffer_before,
                "buffer_after": buffer_after,
                "min_notice": min_notice,
                "capacity": capacity,
                "host_ids": host_ids,
                "assignment": assignment,
                "questions": questions,
                "requires_confirmation": requires_confirmation,
                "policy": policy,
                "metadata": metadata,
                "emails": emails,
                "active": active,
                "created_at": created_at,
                "updated_at": updated_at,
            }
        )
        if description is not UNSET:
            field_dict["description"] = description
        if slot_interval is not UNSET:
            field_dict["slot_interval"] = slot_interval
        if horizon_days is not UNSET:
            field_dict["horizon_days"] = horizon_days
        if daily_limit is not UNSET:
            field_dict["daily_limit"] = daily_limit
        if weekly_limit is not UNSET:
            field_dict["weekly_limit"] = weekly_limit
        if schedule_id is not UNSET:
            field_dict["schedule_id"] = schedule_id
        if location is not UNSET:
            field_dict["location"] = location
        if price is not UNSET:
            field_dict["price"] = price

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.email_settings import EmailSettings  # noqa: PLC0415
        from ..models.link_metadata import LinkMetadata  # noqa: PLC0415
        from ..models.location import Location  # noqa: PLC0415
        from ..models.policy import Policy  # noqa: PLC0415
        from ..models.price import Price  # noqa: PLC0415
        from ..models.question import Question  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        slug = d.pop("slug")

        title = d.pop("title")

        durations = cast(list[int], d.pop("durations"))

        buffer_before = d.pop("buffer_before")

        buffer_after = d.pop("buffer_after")

        min_notice = d.pop("min_notice")

        capacity = d.pop("capacity")

        host_ids = cast(list[str], d.pop("host_ids"))

        assignment = Assignment(d.pop("assignment"))

        questions = []
        _questions = d.pop("questions")
        for questions_item_data in _questions:
            questions_item = Question.from_dict(questions_item_data)

            questions.append(questions_item)

        requires_confirmation = d.pop("requires_confirmation")

        policy = Policy.from_dict(d.pop("policy"))

        metadata = LinkMetadata.from_dict(d.pop("metadata"))

        emails = EmailSettings.from_dict(d.pop("emails"))

        active = d.pop("active")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        description = d.pop("description", UNSET)

        slot_interval = d.pop("slot_interval", UNSET)

        horizon_days = d.pop("horizon_days", UNSET)

        daily_limit = d.pop("daily_limit", UNSET)

        weekly_limit = d.pop("weekly_limit", UNSET)

        schedule_id = d.pop("schedule_id", UNSET)

        _location = d.pop("location", UNSET)
        location: Location | Unset
        if isinstance(_location, Unset):
            location = UNSET
        else:
            location = Location.from_dict(_location)

        _price = d.pop("price", UNSET)
        price: Price | Unset
        if isinstance(_price, Unset):
            price = UNSET
        else:
            price = Price.from_dict(_price)

        link = cls(
            id=id,
            slug=slug,
            title=title,
            durations=durations,
            buffer_before=buffer_before,
            buffer_after=buffer_after,
            min_notice=min_notice,
            capacity=capacity,
            host_ids=host_ids,
            assignment=assignment,
            questions=questions,
            requires_confirmation=requires_confirmation,
            policy=policy,
            metadata=metadata,
            emails=emails,
            active=active,
            created_at=created_at,
            updated_at=updated_at,
            description=description,
            slot_interval=slot_interval,
            horizon_days=horizon_days,
            daily_limit=daily_limit,
            weekly_limit=weekly_limit,
            schedule_id=schedule_id,
            location=location,
            price=price,
        )

        link.additional_properties = d
        return link

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
