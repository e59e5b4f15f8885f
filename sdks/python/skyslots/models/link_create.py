from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.assignment import Assignment
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.email_settings import EmailSettings
    from ..models.link_create_metadata import LinkCreateMetadata
    from ..models.location_input import LocationInput
    from ..models.policy_input import PolicyInput
    from ..models.price_input import PriceInput
    from ..models.question_input import QuestionInput


T = TypeVar("T", bound="LinkCreate")


@_attrs_define
class LinkCreate:
    """A new booking link (event type).

    Example:
        {'active': True, 'assignment': None, 'buffer_after': 10, 'buffer_before': 0, 'capacity': 1, 'daily_limit': None,
            'description': None, 'durations': [30, 60], 'emails': {'off': [], 'reminders': [1440, 60]}, 'horizon_days': 60,
            'host_ids': ['hst_01jdq4x8m2w9k3v7c5t1r6y0ab'], 'location': None, 'metadata': {}, 'min_notice': 120, 'policy':
            None, 'price': None, 'questions': [], 'requires_confirmation': False, 'schedule_id': None, 'slot_interval':
            None, 'slug': 'intro', 'title': 'Intro call', 'weekly_limit': None}

    Attributes:
        slug (str): Unique within the organization: a-z, 0-9 and -.
        title (str):
        durations (list[int]): Offered durations in minutes; a booking picks one.
        host_ids (list[str]):
        description (str | Unset):
        slot_interval (int | Unset): Minutes between slot starts; omitted: the chosen duration.
        buffer_before (int | Unset):  Default: 0.
        buffer_after (int | Unset):  Default: 0.
        min_notice (int | Unset): Minutes of notice a booking needs. Default: 0.
        horizon_days (int | Unset): How many days ahead bookings may start; omitted: no limit.
        daily_limit (int | Unset): Most bookings per host per day (in the schedule's time zone).
        weekly_limit (int | Unset): Most bookings per host per week (Monday to Sunday, schedule's time zone).
        capacity (int | Unset): Seats per slot; more than one makes a group session. Default: 1.
        assignment (Assignment | Unset): How a link's hosts are assigned to a booking (default `single`): `single` (the
            one host),
            `round_robin` (the free host with the fewest sessions of the link that week), `collective` (every host at once).
        schedule_id (str | Unset): A schedule for all hosts of this link; omitted: each host's default schedule.
        questions (list[QuestionInput] | Unset):
        location (LocationInput | Unset): Where bookings take place.
        requires_confirmation (bool | Unset):  Default: False.
        policy (PolicyInput | Unset): What attendees may change, until when, and what a cancellation refunds. The
            organization
            (an API key) is never bound by it.
        price (PriceInput | Unset): A price in minor units of an ISO 4217 currency (cents for EUR; whole yen for JPY, a
            zero-decimal currency; thousandths, in tens, for KWD), and how it applies.
        metadata (LinkCreateMetadata | Unset):
        emails (EmailSettings | Unset): Which emails a link sends, and when (omitted: every message about a booking, no
            reminder,
            no follow-up).
        active (bool | Unset):  Default: True.
    """

    slug: str
    title: str
    durations: list[int]
    host_ids: list[str]
    description: str | Unset = UNSET
    slot_interval: int | Unset = UNSET
    buffer_before: int | Unset = 0
    buffer_after: int | Unset = 0
    min_notice: int | Unset = 0
    horizon_days: int | Unset = UNSET
    daily_limit: int | Unset = UNSET
    weekly_limit: int | Unset = UNSET
    capacity: int | Unset = 1
    assignment: Assignment | Unset = UNSET
    schedule_id: str | Unset = UNSET
    questions: list[QuestionInput] | Unset = UNSET
    location: LocationInput | Unset = UNSET
    requires_confirmation: bool | Unset = False
    policy: PolicyInput | Unset = UNSET
    price: PriceInput | Unset = UNSET
    metadata: LinkCreateMetadata | Unset = UNSET
    emails: EmailSettings | Unset = UNSET
    active: bool | Unset = True
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        slug = self.slug

        title = self.title

        durations = self.durations

        host_ids = self.host_ids

        description = self.description

        slot_interval = self.slot_interval

        buffer_before = self.buffer_before

        buffer_after = self.buffer_after

        min_notice = self.min_notice

        horizon_days = self.horizon_days

        daily_limit = self.daily_limit

        weekly_limit = self.weekly_limit

        capacity = self.capacity

        assignment: str | Unset = UNSET
        if not isinstance(self.assignment, Unset):
            assignment = self.assignment.value

        schedule_id = self.schedule_id

        questions: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.questions, Unset):
            questions = []
            for questions_item_data in self.questions:
                questions_item = questions_item_data.to_dict()
                questions.append(questions_item)

        location: dict[str, Any] | Unset = UNSET
        if not isinstance(self.location, Unset):
            location = self.location.to_dict()

        requires_confirmation = self.requires_confirmation

        policy: dict[str, Any] | Unset = UNSET
        if not isinstance(self.policy, Unset):
            policy = self.policy.to_dict()

        price: dict[str, Any] | Unset = UNSET
        if not isinstance(self.price, Unset):
            price = self.price.to_dict()

        metadata: dict[str, Any] | Unset = UNSET
        if not isinstance(self.metadata, Unset):
            metadata = self.metadata.to_dict()

        emails: dict[str, Any] | Unset = UNSET
        if not isinstance(self.emails, Unset):
            emails = self.emails.to_dict()

        active = self.active

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "slug": slug,
                "title": title,
                "durations": durations,
                "host_ids": host_ids,
            }
        )
        if description is not UNSET:
            field_dict["description"] = description
        if slot_interval is not UNSET:
            field_dict["slot_interval"] = slot_interval
        if buffer_before is not UNSET:
            field_dict["buffer_before"] = buffer_before
        if buffer_after is not UNSET:
            field_dict["buffer_after"] = buffer_after
        if min_notice is not UNSET:
            field_dict["min_notice"] = min_notice
        if horizon_days is not UNSET:
            field_dict["horizon_days"] = horizon_days
        if daily_limit is not UNSET:
            field_dict["daily_limit"] = daily_limit
        if weekly_limit is not UNSET:
            field_dict["weekly_limit"] = weekly_limit
        if capacity is not UNSET:
            field_dict["capacity"] = capacity
        if assignment is not UNSET:
            field_dict["assignment"] = assignment
        if schedule_id is not UNSET:
            field_dict["schedule_id"] = schedule_id
        if questions is not UNSET:
            field_dict["questions"] = questions
        if location is not UNSET:
            field_dict["location"] = location
        if requires_confirmation is not UNSET:
            field_dict["requires_confirmation"] = requires_confirmation
        if policy is not UNSET:
            field_dict["policy"] = policy
        if price is not UNSET:
            field_dict["price"] = price
        if metadata is not UNSET:
            field_dict["metadata"] = metadata
        if emails is not UNSET:
            field_dict["emails"] = emails
        if active is not UNSET:
            field_dict["active"] = active

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.email_settings import EmailSettings  # noqa: PLC0415
        from ..models.link_create_metadata import LinkCreateMetadata  # noqa: PLC0415
        from ..models.location_input import LocationInput  # noqa: PLC0415
        from ..models.policy_input import PolicyInput  # noqa: PLC0415
        from ..models.price_input import PriceInput  # noqa: PLC0415
        from ..models.question_input import QuestionInput  # noqa: PLC0415

        d = dict(src_dict)
        slug = d.pop("slug")

        title = d.pop("title")

        durations = cast(list[int], d.pop("durations"))

        host_ids = cast(list[str], d.pop("host_ids"))

        description = d.pop("description", UNSET)

        slot_interval = d.pop("slot_interval", UNSET)

        buffer_before = d.pop("buffer_before", UNSET)

        buffer_after = d.pop("buffer_after", UNSET)

        min_notice = d.pop("min_notice", UNSET)

        horizon_days = d.pop("horizon_days", UNSET)

        daily_limit = d.pop("daily_limit", UNSET)

        weekly_limit = d.pop("weekly_limit", UNSET)

        capacity = d.pop("capacity", UNSET)

        _assignment = d.pop("assignment", UNSET)
        assignment: Assignment | Unset
        if isinstance(_assignment, Unset):
            assignment = UNSET
        else:
            assignment = Assignment(_assignment)

        schedule_id = d.pop("schedule_id", UNSET)

        _questions = d.pop("questions", UNSET)
        questions: list[QuestionInput] | Unset = UNSET
        if _questions is not UNSET:
            questions = []
            for questions_item_data in _questions:
                questions_item = QuestionInput.from_dict(questions_item_data)

                questions.append(questions_item)

        _location = d.pop("location", UNSET)
        location: LocationInput | Unset
        if isinstance(_location, Unset):
            location = UNSET
        else:
            location = LocationInput.from_dict(_location)

        requires_confirmation = d.pop("requires_confirmation", UNSET)

        _policy = d.pop("policy", UNSET)
        policy: PolicyInput | Unset
        if isinstance(_policy, Unset):
            policy = UNSET
        else:
            policy = PolicyInput.from_dict(_policy)

        _price = d.pop("price", UNSET)
        price: PriceInput | Unset
        if isinstance(_price, Unset):
            price = UNSET
        else:
            price = PriceInput.from_dict(_price)

        _metadata = d.pop("metadata", UNSET)
        metadata: LinkCreateMetadata | Unset
        if isinstance(_metadata, Unset):
            metadata = UNSET
        else:
            metadata = LinkCreateMetadata.from_dict(_metadata)

        _emails = d.pop("emails", UNSET)
        emails: EmailSettings | Unset
        if isinstance(_emails, Unset):
            emails = UNSET
        else:
            emails = EmailSettings.from_dict(_emails)

        active = d.pop("active", UNSET)

        link_create = cls(
            slug=slug,
            title=title,
            durations=durations,
            host_ids=host_ids,
            description=description,
            slot_interval=slot_interval,
            buffer_before=buffer_before,
            buffer_after=buffer_after,
            min_notice=min_notice,
            horizon_days=horizon_days,
            daily_limit=daily_limit,
            weekly_limit=weekly_limit,
            capacity=capacity,
            assignment=assignment,
            schedule_id=schedule_id,
            questions=questions,
            location=location,
            requires_confirmation=requires_confirmation,
            policy=policy,
            price=price,
            metadata=metadata,
            emails=emails,
            active=active,
        )

        link_create.additional_properties = d
        return link_create

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
