from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.refund import Refund
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.booking import Booking
    from ..models.refund_issued import RefundIssued


T = TypeVar("T", bound="Cancellation")


@_attrs_define
class Cancellation:
    """A cancelled booking and what its cancellation refunds under the link's policy.

    Attributes:
        booking (Booking):
        refund (Refund):
        refund_percent (int):
        refunded (RefundIssued | Unset): Money going back for a paid booking: which refund of which payment, how much
            (minor
            units) and why. It is issued through the provider in the background; `payment.refunded`
            says when it went through.
    """

    booking: Booking
    refund: Refund
    refund_percent: int
    refunded: RefundIssued | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        booking = self.booking.to_dict()

        refund = self.refund.value

        refund_percent = self.refund_percent

        refunded: dict[str, Any] | Unset = UNSET
        if not isinstance(self.refunded, Unset):
            refunded = self.refunded.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "booking": booking,
                "refund": refund,
                "refund_percent": refund_percent,
            }
        )
        if refunded is not UNSET:
            field_dict["refunded"] = refunded

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.booking import Booking  # noqa: PLC0415
        from ..models.refund_issued import RefundIssued  # noqa: PLC0415

        d = dict(src_dict)
        booking = Booking.from_dict(d.pop("booking"))

        refund = Refund(d.pop("refund"))

        refund_percent = d.pop("refund_percent")

        _refunded = d.pop("refunded", UNSET)
        refunded: RefundIssued | Unset
        if isinstance(_refunded, Unset):
            refunded = UNSET
        else:
            refunded = RefundIssued.from_dict(_refunded)

        cancellation = cls(
            booking=booking,
            refund=refund,
            refund_percent=refund_percent,
            refunded=refunded,
        )

        cancellation.additional_properties = d
        return cancellation

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
