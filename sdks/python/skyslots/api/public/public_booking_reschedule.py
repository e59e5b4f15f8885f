from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.booking_reschedule import BookingReschedule
from ...models.problem import Problem
from ...models.public_booking import PublicBooking
from ...types import Response


def _get_kwargs(
    manage_token: str,
    *,
    body: BookingReschedule,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/public/bookings/{manage_token}/reschedule".format(
            manage_token=quote(str(manage_token), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json; charset=utf-8"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Problem | PublicBooking | None:
    if response.status_code == 200:
        response_200 = PublicBooking.from_dict(response.json())

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
) -> Response[Problem | PublicBooking]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    manage_token: str,
    *,
    client: AuthenticatedClient | Client,
    body: BookingReschedule,
) -> Response[Problem | PublicBooking]:
    """Reschedule a booking as its attendee

     Within the link's reschedule policy (409 `policy_window_closed` outside it), to a
    free slot (409 `slot_unavailable` otherwise). Same booking, calendar SEQUENCE + 1.

    Args:
        manage_token (str):
        body (BookingReschedule): Move a booking to another start (same booking, calendar SEQUENCE
            + 1).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | PublicBooking]
    """

    kwargs = _get_kwargs(
        manage_token=manage_token,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    manage_token: str,
    *,
    client: AuthenticatedClient | Client,
    body: BookingReschedule,
) -> Problem | PublicBooking | None:
    """Reschedule a booking as its attendee

     Within the link's reschedule policy (409 `policy_window_closed` outside it), to a
    free slot (409 `slot_unavailable` otherwise). Same booking, calendar SEQUENCE + 1.

    Args:
        manage_token (str):
        body (BookingReschedule): Move a booking to another start (same booking, calendar SEQUENCE
            + 1).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | PublicBooking
    """

    return sync_detailed(
        manage_token=manage_token,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    manage_token: str,
    *,
    client: AuthenticatedClient | Client,
    body: BookingReschedule,
) -> Response[Problem | PublicBooking]:
    """Reschedule a booking as its attendee

     Within the link's reschedule policy (409 `policy_window_closed` outside it), to a
    free slot (409 `slot_unavailable` otherwise). Same booking, calendar SEQUENCE + 1.

    Args:
        manage_token (str):
        body (BookingReschedule): Move a booking to another start (same booking, calendar SEQUENCE
            + 1).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | PublicBooking]
    """

    kwargs = _get_kwargs(
        manage_token=manage_token,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    manage_token: str,
    *,
    client: AuthenticatedClient | Client,
    body: BookingReschedule,
) -> Problem | PublicBooking | None:
    """Reschedule a booking as its attendee

     Within the link's reschedule policy (409 `policy_window_closed` outside it), to a
    free slot (409 `slot_unavailable` otherwise). Same booking, calendar SEQUENCE + 1.

    Args:
        manage_token (str):
        body (BookingReschedule): Move a booking to another start (same booking, calendar SEQUENCE
            + 1).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | PublicBooking
    """

    return (
        await asyncio_detailed(
            manage_token=manage_token,
            client=client,
            body=body,
        )
    ).parsed
