from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.email_template_input import EmailTemplateInput


T = TypeVar("T", bound="EmailTemplatePreviewInput")


@_attrs_define
class EmailTemplatePreviewInput:
    """What to preview: a draft, or (with no body) the template in use.

    Attributes:
        template (EmailTemplateInput | Unset): A template: minijinja syntax (`{{ booking.when.text }}`, `{% if
            manage_url %}…{% endif %}`);
            the HTML part is autoescaped. Variables: `organization.name`, `recipient.{name,email,role}`,
            `link.{title,description}`, `booking.{id,status,title,when,duration_minutes,location,hosts,
            seats,attendee,cancel_reason}` (`when`: `text`, `date`, `start_time`, `end_time`,
            `timezone`, `utc_offset`, `start`, `end`, in the recipient's zone), `previous.when`
            (reschedules), `manage_url` and `calendar_url` (attendees of guest bookings),
            `reminder.minutes_before`, `invitation.{url,expires}` (one-time links). Example: {'html': '<p>Hi {{
            recipient.name }},</p><p>{{ link.title }}: {{ booking.when.text }}</p>{% if manage_url %}<p><a href="{{
            manage_url }}">Change it</a></p>{% endif %}', 'subject': 'See you {{ booking.when.date }} at {{
            booking.when.start_time }}', 'text': 'Hi {{ recipient.name }},\\n\\n{{ link.title }}: {{ booking.when.text
            }}\\n{% if manage_url %}Change it: {{ manage_url }}{% endif %}\\n'}.
    """

    template: EmailTemplateInput | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        template: dict[str, Any] | Unset = UNSET
        if not isinstance(self.template, Unset):
            template = self.template.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if template is not UNSET:
            field_dict["template"] = template

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.email_template_input import EmailTemplateInput  # noqa: PLC0415

        d = dict(src_dict)
        _template = d.pop("template", UNSET)
        template: EmailTemplateInput | Unset
        if isinstance(_template, Unset):
            template = UNSET
        else:
            template = EmailTemplateInput.from_dict(_template)

        email_template_preview_input = cls(
            template=template,
        )

        email_template_preview_input.additional_properties = d
        return email_template_preview_input

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
