from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.availability_changed import AvailabilityChanged
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    org_slug: str,
    link_slug: str,
    *,
    last_event_id: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(last_event_id, Unset):
        headers["Last-Event-ID"] = last_event_id

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/public/links/{org_slug}/{link_slug}/stream".format(
            org_slug=quote(str(org_slug), safe=""),
            link_slug=quote(str(link_slug), safe=""),
        ),
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Problem | list[AvailabilityChanged] | None:
    if response.status_code == 200:
        response_200 = []
        _response_200 = response.text
        for response_200_item_data in _response_200:
            response_200_item = AvailabilityChanged.from_dict(response_200_item_data)

            response_200.append(response_200_item)

        return response_200

    if response.status_code == 400:
        response_400 = Problem.from_dict(response.json())

        return response_400

    if response.status_code == 404:
        response_404 = Problem.from_dict(response.json())

        return response_404

    if response.status_code == 408:
        response_408 = Problem.from_dict(response.json())

        return response_408

    if response.status_code == 409:
        response_409 = Problem.from_dict(response.json())

        return response_409

    if response.status_code == 410:
        response_410 = Problem.from_dict(response.json())

        return response_410

    if response.status_code == 413:
        response_413 = Problem.from_dict(response.json())

        return response_413

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
) -> Response[Problem | list[AvailabilityChanged]]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    org_slug: str,
    link_slug: str,
    *,
    client: AuthenticatedClient | Client,
    last_event_id: str | Unset = UNSET,
) -> Response[Problem | list[AvailabilityChanged]]:
    """Follow a public link's availability

     Server-Sent Events for a booking page: `availability.changed` whenever a booking, a
    cancellation or a reschedule on any link sharing a host with this one, or a change of
    this link's settings, may have changed its free times — without personal data: fetch
    the availability again to see what changed. `id:` and `Last-Event-ID` work as on
    `event_stream`; a comment line every 15 s keeps the connection open.

    Args:
        org_slug (str):
        link_slug (str):
        last_event_id (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | list[AvailabilityChanged]]
    """

    kwargs = _get_kwargs(
        org_slug=org_slug,
        link_slug=link_slug,
        last_event_id=last_event_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    org_slug: str,
    link_slug: str,
    *,
    client: AuthenticatedClient | Client,
    last_event_id: str | Unset = UNSET,
) -> Problem | list[AvailabilityChanged] | None:
    """Follow a public link's availability

     Server-Sent Events for a booking page: `availability.changed` whenever a booking, a
    cancellation or a reschedule on any link sharing a host with this one, or a change of
    this link's settings, may have changed its free times — without personal data: fetch
    the availability again to see what changed. `id:` and `Last-Event-ID` work as on
    `event_stream`; a comment line every 15 s keeps the connection open.

    Args:
        org_slug (str):
        link_slug (str):
        last_event_id (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | list[AvailabilityChanged]
    """

    return sync_detailed(
        org_slug=org_slug,
        link_slug=link_slug,
        client=client,
        last_event_id=last_event_id,
    ).parsed


async def asyncio_detailed(
    org_slug: str,
    link_slug: str,
    *,
    client: AuthenticatedClient | Client,
    last_event_id: str | Unset = UNSET,
) -> Response[Problem | list[AvailabilityChanged]]:
    """Follow a public link's availability

     Server-Sent Events for a booking page: `availability.changed` whenever a booking, a
    cancellation or a reschedule on any link sharing a host with this one, or a change of
    this link's settings, may have changed its free times — without personal data: fetch
    the availability again to see what changed. `id:` and `Last-Event-ID` work as on
    `event_stream`; a comment line every 15 s keeps the connection open.

    Args:
        org_slug (str):
        link_slug (str):
        last_event_id (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | list[AvailabilityChanged]]
    """

    kwargs = _get_kwargs(
        org_slug=org_slug,
        link_slug=link_slug,
        last_event_id=last_event_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    org_slug: str,
    link_slug: str,
    *,
    client: AuthenticatedClient | Client,
    last_event_id: str | Unset = UNSET,
) -> Problem | list[AvailabilityChanged] | None:
    """Follow a public link's availability

     Server-Sent Events for a booking page: `availability.changed` whenever a booking, a
    cancellation or a reschedule on any link sharing a host with this one, or a change of
    this link's settings, may have changed its free times — without personal data: fetch
    the availability again to see what changed. `id:` and `Last-Event-ID` work as on
    `event_stream`; a comment line every 15 s keeps the connection open.

    Args:
        org_slug (str):
        link_slug (str):
        last_event_id (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | list[AvailabilityChanged]
    """

    return (
        await asyncio_detailed(
            org_slug=org_slug,
            link_slug=link_slug,
            client=client,
            last_event_id=last_event_id,
        )
    ).parsed
