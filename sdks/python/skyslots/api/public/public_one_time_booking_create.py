from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...models.public_booking_create import PublicBookingCreate
from ...models.public_booking_created import PublicBookingCreated
from ...types import Response


def _get_kwargs(
    token: str,
    *,
    body: PublicBookingCreate,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/public/one-time/{token}/bookings".format(
            token=quote(str(token), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json; charset=utf-8"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Problem | PublicBookingCreated | None:
    if response.status_code == 201:
        response_201 = PublicBookingCreated.from_dict(response.json())

        return response_201

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
) -> Response[Problem | PublicBookingCreated]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    token: str,
    *,
    client: AuthenticatedClient | Client,
    body: PublicBookingCreate,
) -> Response[Problem | PublicBookingCreated]:
    """Book with a one-time link

     Consumes the link in the same transaction as the booking: of two concurrent bookings
    with one token exactly one succeeds; the other gets 410 `link_used`.

    Args:
        token (str):
        body (PublicBookingCreate): A guest's booking request on a public or one-time link.
            Example: {'answers': {'company': 'Acme'}, 'attendee': {'email': 'grace@example.com',
            'name': 'Grace', 'timezone': 'America/New_York'}, 'duration': 30, 'seats': 1, 'start':
            '2026-12-01T15:00:00+00:00'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | PublicBookingCreated]
    """

    kwargs = _get_kwargs(
        token=token,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    token: str,
    *,
    client: AuthenticatedClient | Client,
    body: PublicBookingCreate,
) -> Problem | PublicBookingCreated | None:
    """Book with a one-time link

     Consumes the link in the same transaction as the booking: of two concurrent bookings
    with one token exactly one succeeds; the other gets 410 `link_used`.

    Args:
        token (str):
        body (PublicBookingCreate): A guest's booking request on a public or one-time link.
            Example: {'answers': {'company': 'Acme'}, 'attendee': {'email': 'grace@example.com',
            'name': 'Grace', 'timezone': 'America/New_York'}, 'duration': 30, 'seats': 1, 'start':
            '2026-12-01T15:00:00+00:00'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | PublicBookingCreated
    """

    return sync_detailed(
        token=token,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    token: str,
    *,
    client: AuthenticatedClient | Client,
    body: PublicBookingCreate,
) -> Response[Problem | PublicBookingCreated]:
    """Book with a one-time link

     Consumes the link in the same transaction as the booking: of two concurrent bookings
    with one token exactly one succeeds; the other gets 410 `link_used`.

    Args:
        token (str):
        body (PublicBookingCreate): A guest's booking request on a public or one-time link.
            Example: {'answers': {'company': 'Acme'}, 'attendee': {'email': 'grace@example.com',
            'name': 'Grace', 'timezone': 'America/New_York'}, 'duration': 30, 'seats': 1, 'start':
            '2026-12-01T15:00:00+00:00'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | PublicBookingCreated]
    """

    kwargs = _get_kwargs(
        token=token,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    token: str,
    *,
    client: AuthenticatedClient | Client,
    body: PublicBookingCreate,
) -> Problem | PublicBookingCreated | None:
    """Book with a one-time link

     Consumes the link in the same transaction as the booking: of two concurrent bookings
    with one token exactly one succeeds; the other gets 410 `link_used`.

    Args:
        token (str):
        body (PublicBookingCreate): A guest's booking request on a public or one-time link.
            Example: {'answers': {'company': 'Acme'}, 'attendee': {'email': 'grace@example.com',
            'name': 'Grace', 'timezone': 'America/New_York'}, 'duration': 30, 'seats': 1, 'start':
            '2026-12-01T15:00:00+00:00'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | PublicBookingCreated
    """

    return (
        await asyncio_detailed(
            token=token,
            client=client,
            body=body,
        )
    ).parsed
