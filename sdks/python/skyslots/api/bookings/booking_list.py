import datetime
from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.booking_list import BookingList
from ...models.booking_status import BookingStatus
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    link_id: str | Unset = UNSET,
    host_id: str | Unset = UNSET,
    status: BookingStatus | Unset = UNSET,
    start_from: datetime.datetime | Unset = UNSET,
    start_to: datetime.datetime | Unset = UNSET,
    attendee_email: str | Unset = UNSET,
    limit: int | Unset = UNSET,
    cursor: str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["link_id"] = link_id

    params["host_id"] = host_id

    json_status: str | Unset = UNSET
    if not isinstance(status, Unset):
        json_status = status.value

    params["status"] = json_status

    json_start_from: str | Unset = UNSET
    if not isinstance(start_from, Unset):
        json_start_from = start_from.isoformat()
    params["start_from"] = json_start_from

    json_start_to: str | Unset = UNSET
    if not isinstance(start_to, Unset):
        json_start_to = start_to.isoformat()
    params["start_to"] = json_start_to

    params["attendee_email"] = attendee_email

    params["limit"] = limit

    params["cursor"] = cursor

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/bookings",
        "params": params,
    }

    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> BookingList | Problem | None:
    if response.status_code == 200:
        response_200 = BookingList.from_dict(response.json())

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
) -> Response[BookingList | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    link_id: str | Unset = UNSET,
    host_id: str | Unset = UNSET,
    status: BookingStatus | Unset = UNSET,
    start_from: datetime.datetime | Unset = UNSET,
    start_to: datetime.datetime | Unset = UNSET,
    attendee_email: str | Unset = UNSET,
    limit: int | Unset = UNSET,
    cursor: str | Unset = UNSET,
) -> Response[BookingList | Problem]:
    """List bookings

     Ordered by start time; filters combine with AND. Open to scoped tokens with
    `bookings:read`: a token limited to a link or an attendee lists only theirs.

    Args:
        link_id (str | Unset):
        host_id (str | Unset):
        status (BookingStatus | Unset):
        start_from (datetime.datetime | Unset):
        start_to (datetime.datetime | Unset):
        attendee_email (str | Unset):
        limit (int | Unset):
        cursor (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[BookingList | Problem]
    """

    kwargs = _get_kwargs(
        link_id=link_id,
        host_id=host_id,
        status=status,
        start_from=start_from,
        start_to=start_to,
        attendee_email=attendee_email,
        limit=limit,
        cursor=cursor,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    link_id: str | Unset = UNSET,
    host_id: str | Unset = UNSET,
    status: BookingStatus | Unset = UNSET,
    start_from: datetime.datetime | Unset = UNSET,
    start_to: datetime.datetime | Unset = UNSET,
    attendee_email: str | Unset = UNSET,
    limit: int | Unset = UNSET,
    cursor: str | Unset = UNSET,
) -> BookingList | Problem | None:
    """List bookings

     Ordered by start time; filters combine with AND. Open to scoped tokens with
    `bookings:read`: a token limited to a link or an attendee lists only theirs.

    Args:
        link_id (str | Unset):
        host_id (str | Unset):
        status (BookingStatus | Unset):
        start_from (datetime.datetime | Unset):
        start_to (datetime.datetime | Unset):
        attendee_email (str | Unset):
        limit (int | Unset):
        cursor (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        BookingList | Problem
    """

    return sync_detailed(
        client=client,
        link_id=link_id,
        host_id=host_id,
        status=status,
        start_from=start_from,
        start_to=start_to,
        attendee_email=attendee_email,
        limit=limit,
        cursor=cursor,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    link_id: str | Unset = UNSET,
    host_id: str | Unset = UNSET,
    status: BookingStatus | Unset = UNSET,
    start_from: datetime.datetime | Unset = UNSET,
    start_to: datetime.datetime | Unset = UNSET,
    attendee_email: str | Unset = UNSET,
    limit: int | Unset = UNSET,
    cursor: str | Unset = UNSET,
) -> Response[BookingList | Problem]:
    """List bookings

     Ordered by start time; filters combine with AND. Open to scoped tokens with
    `bookings:read`: a token limited to a link or an attendee lists only theirs.

    Args:
        link_id (str | Unset):
        host_id (str | Unset):
        status (BookingStatus | Unset):
        start_from (datetime.datetime | Unset):
        start_to (datetime.datetime | Unset):
        attendee_email (str | Unset):
        limit (int | Unset):
        cursor (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[BookingList | Problem]
    """

    kwargs = _get_kwargs(
        link_id=link_id,
        host_id=host_id,
        status=status,
        start_from=start_from,
        start_to=start_to,
        attendee_email=attendee_email,
        limit=limit,
        cursor=cursor,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    link_id: str | Unset = UNSET,
    host_id: str | Unset = UNSET,
    status: BookingStatus | Unset = UNSET,
    start_from: datetime.datetime | Unset = UNSET,
    start_to: datetime.datetime | Unset = UNSET,
    attendee_email: str | Unset = UNSET,
    limit: int | Unset = UNSET,
    cursor: str | Unset = UNSET,
) -> BookingList | Problem | None:
    """List bookings

     Ordered by start time; filters combine with AND. Open to scoped tokens with
    `bookings:read`: a token limited to a link or an attendee lists only theirs.

    Args:
        link_id (str | Unset):
        host_id (str | Unset):
        status (BookingStatus | Unset):
        start_from (datetime.datetime | Unset):
        start_to (datetime.datetime | Unset):
        attendee_email (str | Unset):
        limit (int | Unset):
        cursor (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        BookingList | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            link_id=link_id,
            host_id=host_id,
            status=status,
            start_from=start_from,
            start_to=start_to,
            attendee_email=attendee_email,
            limit=limit,
            cursor=cursor,
        )
    ).parsed
