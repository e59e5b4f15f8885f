from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.feed_detail import FeedDetail
from ..types import UNSET, Unset

T = TypeVar("T", bound="CalendarFeedCreate")


@_attrs_define
class CalendarFeedCreate:
    """A new calendar feed: of exactly one host or one link; `detail` omitted is `full`.

    Example:
        {'detail': 'busy', 'host_id': 'hst_01jdq4x8m2w9k3v7c5t1r6y0ab', 'link_id': None}

    Attributes:
        host_id (str | Unset): The host whose bookings (on every link) the feed shows.
        link_id (str | Unset): The link whose bookings (of every host) the feed shows.
        detail (FeedDetail | Unset): How much a feed tells (`full` unless asked otherwise).
    """

    host_id: str | Unset = UNSET
    link_id: str | Unset = UNSET
    detail: FeedDetail | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        host_id = self.host_id

        link_id = self.link_id

        detail: str | Unset = UNSET
        if not isinstance(self.detail, Unset):
            detail = self.detail.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if host_id is not UNSET:
            field_dict["host_id"] = host_id
        if link_id is not UNSET:
            field_dict["link_id"] = link_id
        if detail is not UNSET:
            field_dict["detail"] = detail

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        host_id = d.pop("host_id", UNSET)

        link_id = d.pop("link_id", UNSET)

        _detail = d.pop("detail", UNSET)
        detail: FeedDetail | Unset
        if isinstance(_detail, Unset):
            detail = UNSET
        else:
            detail = FeedDetail(_detail)

        calendar_feed_create = cls(
            host_id=host_id,
            link_id=link_id,
            detail=detail,
        )

        calendar_feed_create.additional_properties = d
        return calendar_feed_create

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
