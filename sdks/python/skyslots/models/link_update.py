from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.assignment import Assignment
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.email_settings import EmailSettings
    from ..models.link_update_metadata import LinkUpdateMetadata
    from ..models.location_input import LocationInput
    from ..models.policy_input import PolicyInput
    from ..models.price_input import PriceInput
    from ..models.question_input import QuestionInput


T = TypeVar("T", bound="LinkUpdate")


@_attrs_define
class LinkUpdate:
    """Changes to a link; omitted fields stay, `null` clears an optional setting.

    Attributes:
        slug (str | Unset):
        title (str | Unset):
        description (str | Unset):
        durations (list[int] | Unset):
        slot_interval (int | Unset):
        buffer_before (int | Unset):
        buffer_after (int | Unset):
        min_notice (int | Unset):
        horizon_days (int | Unset):
        daily_limit (int | Unset):
        weekly_limit (int | Unset):
        capacity (int | Unset):
        host_ids (list[str] | Unset):
        assignment (Assignment | Unset): How a link's hosts are assigned to a booking (default `single`): `single` (the
            one host),
            `round_robin` (the free host with the fewest sessions of the link that week), `collective` (every host at once).
        schedule_id (str | Unset):
        questions (list[QuestionInput] | Unset):
        location (LocationInput | Unset): Where bookings take place.
        requires_confirmation (bool | Unset):
        policy (PolicyInput | Unset): What attendees may change, until when, and what a cancellation refunds. The
            organization
            (an API key) is never bound by it.
        price (PriceInput | Unset): A price in minor units of an ISO 4217 currency (cents for EUR; whole yen for JPY, a
            zero-decimal currency; thousandths, in tens, for KWD), and how it applies.
        metadata (LinkUpdateMetadata | Unset):
        emails (EmailSettings | Unset): Which emails a link sends, and when (omitted: every message about a booking, no
            reminder,
            no follow-up).
        active (bool | Unset): Inactive links keep their bookings but take no new ones.
    """

    slug: str | Unset = UNSET
    title: str | Unset = UNSET
    description: str | Unset = UNSET
    durations: list[int] | Unset = UNSET
    slot_interval: int | Unset = UNSET
    buffer_before: int | Unset = UNSET
    buffer_after: int | Unset = UNSET
    min_notice: int | Unset = UNSET
    horizon_days: int | Unset = UNSET
    daily_limit: int | Unset = UNSET
    weekly_limit: int | Unset = UNSET
    capacity: int | Unset = UNSET
    host_ids: list[str] | Unset = UNSET
    assignment: Assignment | Unset = UNSET
    schedule_id: str | Unset = UNSET
    questions: list[QuestionInput] | Unset = UNSET
    location: LocationInput | Unset = UNSET
    requires_confirmation: bool | Unset = UNSET
    policy: PolicyInput | Unset = UNSET
    price: PriceInput | Unset = UNSET
    metadata: LinkUpdateMetadata | Unset = UNSET
    emails: EmailSettings | Unset = UNSET
    active: bool | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        slug = self.slug

        title = self.title

        description = self.description

        durations: list[int] | Unset = UNSET
        if not isinstance(self.durations, Unset):
            durations = self.durations

        slot_interval = self.slot_interval

        buffer_before = self.buffer_before

        buffer_after = self.buffer_after

        min_notice = self.min_notice

        horizon_days = self.horizon_days

        daily_limit = self.daily_limit

        weekly_limit = self.weekly_limit

        capacity = self.capacity

        host_ids: list[str] | Unset = UNSET
        if not isinstance(self.host_ids, Unset):
            host_ids = self.host_ids

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
        field_dict.update({})
        if slug is not UNSET:
            field_dict["slug"] = slug
        if title is not UNSET:
            field_dict["title"] = title
        if description is not UNSET:
            field_dict["description"] = description
        if durations is not UNSET:
            field_dict["durations"] = durations
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
        if host_ids is not UNSET:
            field_dict["host_ids"] = host_ids
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
        from ..models.link_update_metadata import LinkUpdateMetadata  # noqa: PLC0415
        from ..models.location_input import LocationInput  # noqa: PLC0415
        from ..models.policy_input import PolicyInput  # noqa: PLC0415
        from ..models.price_input import PriceInput  # noqa: PLC0415
        from ..models.question_input import QuestionInput  # noqa: PLC0415

        d = dict(src_dict)
        slug = d.pop("slug", UNSET)

        title = d.pop("title", UNSET)

        description = d.pop("description", UNSET)

        durations = cast(list[int], d.pop("durations", UNSET))

        slot_interval = d.pop("slot_interval", UNSET)

        buffer_before = d.pop("buffer_before", UNSET)

        buffer_after = d.pop("buffer_after", UNSET)

        min_notice = d.pop("min_notice", UNSET)

        horizon_days = d.pop("horizon_days", UNSET)

        daily_limit = d.pop("daily_limit", UNSET)

        weekly_limit = d.pop("weekly_limit", UNSET)

        capacity = d.pop("capacity", UNSET)

        host_ids = cast(list[str], d.pop("host_ids", UNSET))

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
        metadata: LinkUpdateMetadata | Unset
        if isinstance(_metadata, Unset):
            metadata = UNSET
        else:
            metadata = LinkUpdateMetadata.from_dict(_metadata)

        _emails = d.pop("emails", UNSET)
        emails: EmailSettings | Unset
        if isinstance(_emails, Unset):
            emails = UNSET
        else:
            emails = EmailSettings.from_dict(_emails)

        active = d.pop("active", UNSET)

        link_update = cls(
            slug=slug,
            title=title,
            description=description,
            durations=durations,
            slot_interval=slot_interval,
            buffer_before=buffer_before,
            buffer_after=buffer_after,
            min_notice=min_notice,
            horizon_days=horizon_days,
            daily_limit=daily_limit,
            weekly_limit=weekly_limit,
            capacity=capacity,
            host_ids=host_ids,
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

        link_update.additional_properties = d
        return link_update

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
