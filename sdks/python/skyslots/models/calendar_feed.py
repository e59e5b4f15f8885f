from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.feed_detail import FeedDetail
from ..types import UNSET, Unset

T = TypeVar("T", bound="CalendarFeed")


@_attrs_define
class CalendarFeed:
    """A subscribable calendar of bookings. Its URL is shown only when made (creation and
    `regenerate`): only a hash of its token is stored.

        Attributes:
            id (str):
            detail (FeedDetail): How much a feed tells (`full` unless asked otherwise).
            created_at (datetime.datetime):
            updated_at (datetime.datetime): When the URL was last made.
            host_id (str | Unset):
            link_id (str | Unset):
            url (str | Unset): The feed, `https://…/v1/public/feeds/cf_….ics` (at creation and regeneration only).
            webcal_url (str | Unset): The same as `webcal://…`, which calendar apps open as a subscription.
    """

    id: str
    detail: FeedDetail
    created_at: datetime.datetime
    updated_at: datetime.datetime
    host_id: str | Unset = UNSET
    link_id: str | Unset = UNSET
    url: str | Unset = UNSET
    webcal_url: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        detail = self.detail.value

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        host_id = self.host_id

        link_id = self.link_id

        url = self.url

        webcal_url = self.webcal_url

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "detail": detail,
                "created_at": created_at,
                "updated_at": updated_at,
            }
        )
        if host_id is not UNSET:
            field_dict["host_id"] = host_id
        if link_id is not UNSET:
            field_dict["link_id"] = link_id
        if url is not UNSET:
            field_dict["url"] = url
        if webcal_url is not UNSET:
            field_dict["webcal_url"] = webcal_url

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        detail = FeedDetail(d.pop("detail"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        host_id = d.pop("host_id", UNSET)

        link_id = d.pop("link_id", UNSET)

        url = d.pop("url", UNSET)

        webcal_url = d.pop("webcal_url", UNSET)

        calendar_feed = cls(
            id=id,
            detail=detail,
            created_at=created_at,
            updated_at=updated_at,
            host_id=host_id,
            link_id=link_id,
            url=url,
            webcal_url=webcal_url,
        )

        calendar_feed.additional_properties = d
        return calendar_feed

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
