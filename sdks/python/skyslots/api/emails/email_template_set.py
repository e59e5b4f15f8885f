from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.email_template import EmailTemplate
from ...models.email_template_input import EmailTemplateInput
from ...models.problem import Problem
from ...types import Response


def _get_kwargs(
    kind: str,
    *,
    body: EmailTemplateInput,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "put",
        "url": "/v1/email-templates/{kind}".format(
            kind=quote(str(kind), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json; charset=utf-8"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> EmailTemplate | Problem | None:
    if response.status_code == 200:
        response_200 = EmailTemplate.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = Problem.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = Problem.from_dict(response.json())

        return response_403

    if response.status_code == 404:
        response_404 = Problem.from_dict(response.json())

        return response_404

    if response.status_code == 408:
        response_408 = Problem.from_dict(response.json())

        return response_408

    if response.status_code == 409:
        response_409 = Problem.from_dict(response.json())

        return response_409

    if response.status_code == 413:
        response_413 = Problem.from_dict(response.json())

        return response_413

    if response.status_code == 415:
        response_415 = Problem.from_dict(response.json())

        return response_415

    if response.status_code == 422:
        response_422 = Problem.from_dict(response.json())

        return response_422

    if response.status_code == 429:
        response_429 = Problem.from_dict(response.json())

        return response_429

    if response.status_code == 500:
        response_500 = Problem.from_dict(response.json())

        return response_500

    if response.status_code == 503:
        response_503 = Problem.from_dict(response.json())

        return response_503

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[EmailTemplate | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    kind: str,
    *,
    client: AuthenticatedClient,
    body: EmailTemplateInput,
) -> Response[EmailTemplate | Problem]:
    """Set an email template

     Replaces the default (or the earlier template) for this kind. The template must
    render with the sample data (422 `invalid_template` with minijinja's message and line
    otherwise). Emails due from now on use it.

    Args:
        kind (str):
        body (EmailTemplateInput): A template: minijinja syntax (`{{ booking.when.text }}`, `{% if
            manage_url %}…{% endif %}`);
            the HTML part is autoescaped. Variables: `organization.name`,
            `recipient.{name,email,role}`,
            `link.{title,description}`,
            `booking.{id,status,title,when,duration_minutes,location,hosts,
            seats,attendee,cancel_reason}` (`when`: `text`, `date`, `start_time`, `end_time`,
            `timezone`, `utc_offset`, `start`, `end`, in the recipient's zone), `previous.when`
            (reschedules), `manage_url` and `calendar_url` (attendees of guest bookings),
            `reminder.minutes_before`, `invitation.{url,expires}` (one-time links). Example: {'html':
            '<p>Hi {{ recipient.name }},</p><p>{{ link.title }}: {{ booking.when.text }}</p>{% if
            manage_url %}<p><a href="{{ manage_url }}">Change it</a></p>{% endif %}', 'subject': 'See
            you {{ booking.when.date }} at {{ booking.when.start_time }}', 'text': 'Hi {{
            recipient.name }},\\n\\n{{ link.title }}: {{ booking.when.text }}\\n{% if manage_url
            %}Change it: {{ manage_url }}{% endif %}\\n'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[EmailTemplate | Problem]
    """

    kwargs = _get_kwargs(
        kind=kind,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    kind: str,
    *,
    client: AuthenticatedClient,
    body: EmailTemplateInput,
) -> EmailTemplate | Problem | None:
    """Set an email template

     Replaces the default (or the earlier template) for this kind. The template must
    render with the sample data (422 `invalid_template` with minijinja's message and line
    otherwise). Emails due from now on use it.

    Args:
        kind (str):
        body (EmailTemplateInput): A template: minijinja syntax (`{{ booking.when.text }}`, `{% if
            manage_url %}…{% endif %}`);
            the HTML part is autoescaped. Variables: `organization.name`,
            `recipient.{name,email,role}`,
            `link.{title,description}`,
            `booking.{id,status,title,when,duration_minutes,location,hosts,
            seats,attendee,cancel_reason}` (`when`: `text`, `date`, `start_time`, `end_time`,
            `timezone`, `utc_offset`, `start`, `end`, in the recipient's zone), `previous.when`
            (reschedules), `manage_url` and `calendar_url` (attendees of guest bookings),
            `reminder.minutes_before`, `invitation.{url,expires}` (one-time links). Example: {'html':
            '<p>Hi {{ recipient.name }},</p><p>{{ link.title }}: {{ booking.when.text }}</p>{% if
            manage_url %}<p><a href="{{ manage_url }}">Change it</a></p>{% endif %}', 'subject': 'See
            you {{ booking.when.date }} at {{ booking.when.start_time }}', 'text': 'Hi {{
            recipient.name }},\\n\\n{{ link.title }}: {{ booking.when.text }}\\n{% if manage_url
            %}Change it: {{ manage_url }}{% endif %}\\n'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        EmailTemplate | Problem
    """

    return sync_detailed(
        kind=kind,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    kind: str,
    *,
    client: AuthenticatedClient,
    body: EmailTemplateInput,
) -> Response[EmailTemplate | Problem]:
    """Set an email template

     Replaces the default (or the earlier template) for this kind. The template must
    render with the sample data (422 `invalid_template` with minijinja's message and line
    otherwise). Emails due from now on use it.

    Args:
        kind (str):
        body (EmailTemplateInput): A template: minijinja syntax (`{{ booking.when.text }}`, `{% if
            manage_url %}…{% endif %}`);
            the HTML part is autoescaped. Variables: `organization.name`,
            `recipient.{name,email,role}`,
            `link.{title,description}`,
            `booking.{id,status,title,when,duration_minutes,location,hosts,
            seats,attendee,cancel_reason}` (`when`: `text`, `date`, `start_time`, `end_time`,
            `timezone`, `utc_offset`, `start`, `end`, in the recipient's zone), `previous.when`
            (reschedules), `manage_url` and `calendar_url` (attendees of guest bookings),
            `reminder.minutes_before`, `invitation.{url,expires}` (one-time links). Example: {'html':
            '<p>Hi {{ recipient.name }},</p><p>{{ link.title }}: {{ booking.when.text }}</p>{% if
            manage_url %}<p><a href="{{ manage_url }}">Change it</a></p>{% endif %}', 'subject': 'See
            you {{ booking.when.date }} at {{ booking.when.start_time }}', 'text': 'Hi {{
            recipient.name }},\\n\\n{{ link.title }}: {{ booking.when.text }}\\n{% if manage_url
            %}Change it: {{ manage_url }}{% endif %}\\n'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[EmailTemplate | Problem]
    """

    kwargs = _get_kwargs(
        kind=kind,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    kind: str,
    *,
    client: AuthenticatedClient,
    body: EmailTemplateInput,
) -> EmailTemplate | Problem | None:
    """Set an email template

     Replaces the default (or the earlier template) for this kind. The template must
    render with the sample data (422 `invalid_template` with minijinja's message and line
    otherwise). Emails due from now on use it.

    Args:
        kind (str):
        body (EmailTemplateInput): A template: minijinja syntax (`{{ booking.when.text }}`, `{% if
            manage_url %}…{% endif %}`);
            the HTML part is autoescaped. Variables: `organization.name`,
            `recipient.{name,email,role}`,
            `link.{title,description}`,
            `booking.{id,status,title,when,duration_minutes,location,hosts,
            seats,attendee,cancel_reason}` (`when`: `text`, `date`, `start_time`, `end_time`,
            `timezone`, `utc_offset`, `start`, `end`, in the recipient's zone), `previous.when`
            (reschedules), `manage_url` and `calendar_url` (attendees of guest bookings),
            `reminder.minutes_before`, `invitation.{url,expires}` (one-time links). Example: {'html':
            '<p>Hi {{ recipient.name }},</p><p>{{ link.title }}: {{ booking.when.text }}</p>{% if
            manage_url %}<p><a href="{{ manage_url }}">Change it</a></p>{% endif %}', 'subject': 'See
            you {{ booking.when.date }} at {{ booking.when.start_time }}', 'text': 'Hi {{
            recipient.name }},\\n\\n{{ link.title }}: {{ booking.when.text }}\\n{% if manage_url
            %}Change it: {{ manage_url }}{% endif %}\\n'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        EmailTemplate | Problem
    """

    return (
        await asyncio_detailed(
            kind=kind,
            client=client,
            body=body,
        )
    ).parsed
