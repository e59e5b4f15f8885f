from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.calendar_connection import CalendarConnection
from ...models.calendar_connection_create import CalendarConnectionCreate
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    body: CalendarConnectionCreate,
    idempotency_key: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/calendar-connections",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json; charset=utf-8"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> CalendarConnection | Problem | None:
    if response.status_code == 201:
        response_201 = CalendarConnection.from_dict(response.json())

        return response_201

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
) -> Response[CalendarConnection | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: CalendarConnectionCreate,
    idempotency_key: str | Unset = UNSET,
) -> Response[CalendarConnection | Problem]:
    """Connect a calendar

     Its events keep the host busy from the first refresh on, which runs within seconds
    (`status` turns `ok` or `error`; `calendar_connection_refresh` runs one and waits for
    it). Busy time is read for a year ahead and refreshed every 15 minutes; events marked
    free (`TRANSP:TRANSPARENT`) or cancelled do not count. With `write_calendar`, the
    host's bookings are written into that calendar and kept up to date.

    Args:
        idempotency_key (str | Unset):
        body (CalendarConnectionCreate): A new calendar connection. Example: {'busy_calendars':
            None, 'host_id': 'hst_01jdq4x8m2w9k3v7c5t1r6y0ab', 'kind': 'caldav', 'name': 'Work
            calendar', 'password': 'app-password', 'url':
            'https://caldav.fastmail.com/dav/calendars/user/ada@example.com/', 'username':
            'ada@example.com', 'write_calendar': None}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CalendarConnection | Problem]
    """

    kwargs = _get_kwargs(
        body=body,
        idempotency_key=idempotency_key,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    body: CalendarConnectionCreate,
    idempotency_key: str | Unset = UNSET,
) -> CalendarConnection | Problem | None:
    """Connect a calendar

     Its events keep the host busy from the first refresh on, which runs within seconds
    (`status` turns `ok` or `error`; `calendar_connection_refresh` runs one and waits for
    it). Busy time is read for a year ahead and refreshed every 15 minutes; events marked
    free (`TRANSP:TRANSPARENT`) or cancelled do not count. With `write_calendar`, the
    host's bookings are written into that calendar and kept up to date.

    Args:
        idempotency_key (str | Unset):
        body (CalendarConnectionCreate): A new calendar connection. Example: {'busy_calendars':
            None, 'host_id': 'hst_01jdq4x8m2w9k3v7c5t1r6y0ab', 'kind': 'caldav', 'name': 'Work
            calendar', 'password': 'app-password', 'url':
            'https://caldav.fastmail.com/dav/calendars/user/ada@example.com/', 'username':
            'ada@example.com', 'write_calendar': None}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CalendarConnection | Problem
    """

    return sync_detailed(
        client=client,
        body=body,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: CalendarConnectionCreate,
    idempotency_key: str | Unset = UNSET,
) -> Response[CalendarConnection | Problem]:
    """Connect a calendar

     Its events keep the host busy from the first refresh on, which runs within seconds
    (`status` turns `ok` or `error`; `calendar_connection_refresh` runs one and waits for
    it). Busy time is read for a year ahead and refreshed every 15 minutes; events marked
    free (`TRANSP:TRANSPARENT`) or cancelled do not count. With `write_calendar`, the
    host's bookings are written into that calendar and kept up to date.

    Args:
        idempotency_key (str | Unset):
        body (CalendarConnectionCreate): A new calendar connection. Example: {'busy_calendars':
            None, 'host_id': 'hst_01jdq4x8m2w9k3v7c5t1r6y0ab', 'kind': 'caldav', 'name': 'Work
            calendar', 'password': 'app-password', 'url':
            'https://caldav.fastmail.com/dav/calendars/user/ada@example.com/', 'username':
            'ada@example.com', 'write_calendar': None}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CalendarConnection | Problem]
    """

    kwargs = _get_kwargs(
        body=body,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: CalendarConnectionCreate,
    idempotency_key: str | Unset = UNSET,
) -> CalendarConnection | Problem | None:
    """Connect a calendar

     Its events keep the host busy from the first refresh on, which runs within seconds
    (`status` turns `ok` or `error`; `calendar_connection_refresh` runs one and waits for
    it). Busy time is read for a year ahead and refreshed every 15 minutes; events marked
    free (`TRANSP:TRANSPARENT`) or cancelled do not count. With `write_calendar`, the
    host's bookings are written into that calendar and kept up to date.

    Args:
        idempotency_key (str | Unset):
        body (CalendarConnectionCreate): A new calendar connection. Example: {'busy_calendars':
            None, 'host_id': 'hst_01jdq4x8m2w9k3v7c5t1r6y0ab', 'kind': 'caldav', 'name': 'Work
            calendar', 'password': 'app-password', 'url':
            'https://caldav.fastmail.com/dav/calendars/user/ada@example.com/', 'username':
            'ada@example.com', 'write_calendar': None}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CalendarConnection | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            idempotency_key=idempotency_key,
        )
    ).parsed
