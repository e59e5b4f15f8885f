from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.booking import Booking
    from ..models.event_cancellation import EventCancellation
    from ..models.link import Link
    from ..models.one_time_link import OneTimeLink
    from ..models.payment import Payment
    from ..models.refund_issued import RefundIssued
    from ..models.webhook_endpoint import WebhookEndpoint


T = TypeVar("T", bound="EventData")


@_attrs_define
class EventData:
    """
    Attributes:
        object_ (Booking | Link | OneTimeLink | Payment | WebhookEndpoint): The resource an event is about, as the API
            returns it.
        previous (Any | Unset): For changes of fields (`booking.rescheduled`, `link.updated`): the top-level fields that
            changed, with their values before the change.
        cancellation (EventCancellation | Unset): For `booking.cancelled` and `booking.declined`: who cancelled the
            booking and what the
            cancellation refunds under the link's policy.
        refund (RefundIssued | Unset): Money going back for a paid booking: which refund of which payment, how much
            (minor
            units) and why. It is issued through the provider in the background; `payment.refunded`
            says when it went through.
    """

    object_: Booking | Link | OneTimeLink | Payment | WebhookEndpoint
    previous: Any | Unset = UNSET
    cancellation: EventCancellation | Unset = UNSET
    refund: RefundIssued | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.booking import Booking  # noqa: PLC0415
        from ..models.link import Link  # noqa: PLC0415
        from ..models.one_time_link import OneTimeLink  # noqa: PLC0415
        from ..models.webhook_endpoint import WebhookEndpoint  # noqa: PLC0415

        object_: dict[str, Any]
        if isinstance(self.object_, Booking):
            object_ = self.object_.to_dict()
        elif isinstance(self.object_, Link):
            object_ = self.object_.to_dict()
        elif isinstance(self.object_, OneTimeLink):
            object_ = self.object_.to_dict()
        elif isinstance(self.object_, WebhookEndpoint):
            object_ = self.object_.to_dict()
        else:
            object_ = self.object_.to_dict()

        previous = self.previous

        cancellation: dict[str, Any] | Unset = UNSET
        if not isinstance(self.cancellation, Unset):
            cancellation = self.cancellation.to_dict()

        refund: dict[str, Any] | Unset = UNSET
        if not isinstance(self.refund, Unset):
            refund = self.refund.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "object": object_,
            }
        )
        if previous is not UNSET:
            field_dict["previous"] = previous
        if cancellation is not UNSET:
            field_dict["cancellation"] = cancellation
        if refund is not UNSET:
            field_dict["refund"] = refund

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.booking import Booking  # noqa: PLC0415
        from ..models.event_cancellation import EventCancellation  # noqa: PLC0415
        from ..models.link import Link  # noqa: PLC0415
        from ..models.one_time_link import OneTimeLink  # noqa: PLC0415
        from ..models.payment import Payment  # noqa: PLC0415
        from ..models.refund_issued import RefundIssued  # noqa: PLC0415
        from ..models.webhook_endpoint import WebhookEndpoint  # noqa: PLC0415

        d = dict(src_dict)

        def _parse_object_(data: object) -> Booking | Link | OneTimeLink | Payment | WebhookEndpoint:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_event_object_type_0 = Booking.from_dict(data)

                return componentsschemas_event_object_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_event_object_type_1 = Link.from_dict(data)

                return componentsschemas_event_object_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_event_object_type_2 = OneTimeLink.from_dict(data)

                return componentsschemas_event_object_type_2
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_event_object_type_3 = WebhookEndpoint.from_dict(data)

                return componentsschemas_event_object_type_3
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            componentsschemas_event_object_type_4 = Payment.from_dict(data)

            return componentsschemas_event_object_type_4

        object_ = _parse_object_(d.pop("object"))

        previous = d.pop("previous", UNSET)

        _cancellation = d.pop("cancellation", UNSET)
        cancellation: EventCancellation | Unset
        if isinstance(_cancellation, Unset):
            cancellation = UNSET
        else:
            cancellation = EventCancellation.from_dict(_cancellation)

        _refund = d.pop("refund", UNSET)
        refund: RefundIssued | Unset
        if isinstance(_refund, Unset):
            refund = UNSET
        else:
            refund = RefundIssued.from_dict(_refund)

        event_data = cls(
            object_=object_,
            previous=previous,
            cancellation=cancellation,
            refund=refund,
        )

        event_data.additional_properties = d
        return event_data

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
