from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="EmailTemplateInput")


@_attrs_define
class EmailTemplateInput:
    """A template: minijinja syntax (`{{ booking.when.text }}`, `{% if manage_url %}…{% endif %}`);
    the HTML part is autoescaped. Variables: `organization.name`, `recipient.{name,email,role}`,
    `link.{title,description}`, `booking.{id,status,title,when,duration_minutes,location,hosts,
    seats,attendee,cancel_reason}` (`when`: `text`, `date`, `start_time`, `end_time`,
    `timezone`, `utc_offset`, `start`, `end`, in the recipient's zone), `previous.when`
    (reschedules), `manage_url` and `calendar_url` (attendees of guest bookings),
    `reminder.minutes_before`, `invitation.{url,expires}` (one-time links).

        Example:
            {'html': '<p>Hi {{ recipient.name }},</p><p>{{ link.title }}: {{ booking.when.text }}</p>{% if manage_url
                %}<p><a href="{{ manage_url }}">Change it</a></p>{% endif %}', 'subject': 'See you {{ booking.when.date }} at {{
                booking.when.start_time }}', 'text': 'Hi {{ recipient.name }},\\n\\n{{ link.title }}: {{ booking.when.text
                }}\\n{% if manage_url %}Change it: {{ manage_url }}{% endif %}\\n'}

        Attributes:
            subject (str): One line once rendered (at most 250 characters are kept).
            text (str):
            html (str):
    """

    subject: str
    text: str
    html: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        subject = self.subject

        text = self.text

        html = self.html

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "subject": subject,
                "text": text,
                "html": html,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        subject = d.pop("subject")

        text = d.pop("text")

        html = d.pop("html")

        email_template_input = cls(
            subject=subject,
            text=text,
            html=html,
        )

        email_template_input.additional_properties = d
        return email_template_input

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
