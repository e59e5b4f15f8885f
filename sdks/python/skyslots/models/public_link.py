from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.location_kind import LocationKind
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.policy import Policy
    from ..models.price import Price
    from ..models.public_organization import PublicOrganization
    from ..models.public_payments import PublicPayments
    from ..models.question import Question


T = TypeVar("T", bound="PublicLink")


@_attrs_define
class PublicLink:
    """What a booking page needs to show a link: nothing internal.

    Attributes:
        organization (PublicOrganization): The organization behind a public link.
        slug (str):
        title (str):
        durations (list[int]): Minutes; the first is the default.
        capacity (int): Most seats one booking may take.
        questions (list[Question]):
        requires_confirmation (bool):
        policy (Policy):
        timezone_hint (str): The time zone the hosts' schedule is written in: a default for showing times when
            the visitor's own zone is unknown.
        description (str | Unset):
        location_kind (LocationKind | Unset):
        price (Price | Unset):
        payments (PublicPayments | Unset): How a booking page pays on this link: with Stripe.js and this publishable key
            (Stripe
            Elements with the booking's `payment.client_secret`), or on Stripe's hosted page
            (`payment.checkout_url`) when `checkout` is true.
    """

    organization: PublicOrganization
    slug: str
    title: str
    durations: list[int]
    capacity: int
    questions: list[Question]
    requires_confirmation: bool
    policy: Policy
    timezone_hint: str
    description: str | Unset = UNSET
    location_kind: LocationKind | Unset = UNSET
    price: Price | Unset = UNSET
    payments: PublicPayments | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        organization = self.organization.to_dict()

        slug = self.slug

        title = self.title

        durations = self.durations

        capacity = self.capacity

        questions = []
        for questions_item_data in self.questions:
            questions_item = questions_item_data.to_dict()
            questions.append(questions_item)

        requires_confirmation = self.requires_confirmation

        policy = self.policy.to_dict()

        timezone_hint = self.timezone_hint

        description = self.description

        location_kind: str | Unset = UNSET
        if not isinstance(self.location_kind, Unset):
            location_kind = self.location_kind.value

        price: dict[str, Any] | Unset = UNSET
        if not isinstance(self.price, Unset):
            price = self.price.to_dict()

        payments: dict[str, Any] | Unset = UNSET
        if not isinstance(self.payments, Unset):
            payments = self.payments.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "organization": organization,
                "slug": slug,
                "title": title,
                "durations": durations,
                "capacity": capacity,
                "questions": questions,
                "requires_confirmation": requires_confirmation,
                "policy": policy,
                "timezone_hint": timezone_hint,
            }
        )
        if description is not UNSET:
            field_dict["description"] = description
        if location_kind is not UNSET:
            field_dict["location_kind"] = location_kind
        if price is not UNSET:
            field_dict["price"] = price
        if payments is not UNSET:
            field_dict["payments"] = payments

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.policy import Policy  # noqa: PLC0415
        from ..models.price import Price  # noqa: PLC0415
        from ..models.public_organization import PublicOrganization  # noqa: PLC0415
        from ..models.public_payments import PublicPayments  # noqa: PLC0415
        from ..models.question import Question  # noqa: PLC0415

        d = dict(src_dict)
        organization = PublicOrganization.from_dict(d.pop("organization"))

        slug = d.pop("slug")

        title = d.pop("title")

        durations = cast(list[int], d.pop("durations"))

        capacity = d.pop("capacity")

        questions = []
        _questions = d.pop("questions")
        for questions_item_data in _questions:
            questions_item = Question.from_dict(questions_item_data)

            questions.append(questions_item)

        requires_confirmation = d.pop("requires_confirmation")

        policy = Policy.from_dict(d.pop("policy"))

        timezone_hint = d.pop("timezone_hint")

        description = d.pop("description", UNSET)

        _location_kind = d.pop("location_kind", UNSET)
        location_kind: LocationKind | Unset
        if isinstance(_location_kind, Unset):
            location_kind = UNSET
        else:
            location_kind = LocationKind(_location_kind)

        _price = d.pop("price", UNSET)
        price: Price | Unset
        if isinstance(_price, Unset):
            price = UNSET
        else:
            price = Price.from_dict(_price)

        _payments = d.pop("payments", UNSET)
        payments: PublicPayments | Unset
        if isinstance(_payments, Unset):
            payments = UNSET
        else:
            payments = PublicPayments.from_dict(_payments)

        public_link = cls(
            organization=organization,
            slug=slug,
            title=title,
            durations=durations,
            capacity=capacity,
            questions=questions,
            requires_confirmation=requires_confirmation,
            policy=policy,
            timezone_hint=timezone_hint,
            description=description,
            location_kind=location_kind,
            price=price,
            payments=payments,
        )

        public_link.additional_properties = d
        return public_link

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
