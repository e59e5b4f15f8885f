import datetime
from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.availability import Availability
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    id: str,
    *,
    start: datetime.datetime,
    end: datetime.datetime,
    timezone: str | Unset = UNSET,
    duration: int | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_start = start.isoformat()
    params["start"] = json_start

    json_end = end.isoformat()
    params["end"] = json_end

    params["timezone"] = timezone

    params["duration"] = duration

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/links/{id}/availability".format(
            id=quote(str(id), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Availability | Problem | None:
    if response.status_code == 200:
        response_200 = Availability.from_dict(response.json())

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
) -> Response[Availability | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    id: str,
    *,
    client: AuthenticatedClient,
    start: datetime.datetime,
    end: datetime.datetime,
    timezone: str | Unset = UNSET,
    duration: int | Unset = UNSET,
) -> Response[Availability | Problem]:
    """Get a link's availability

     Bookable slots starting in `[start, end)` (at most 100 days), for one of the link's
    durations, with times in UTC and in `timezone`. Open to scoped tokens with
    `availability:read`.

    Args:
        id (str):
        start (datetime.datetime):
        end (datetime.datetime):
        timezone (str | Unset):
        duration (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Availability | Problem]
    """

    kwargs = _get_kwargs(
        id=id,
        start=start,
        end=end,
        timezone=timezone,
        duration=duration,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    id: str,
    *,
    client: AuthenticatedClient,
    start: datetime.datetime,
    end: datetime.datetime,
    timezone: str | Unset = UNSET,
    duration: int | Unset = UNSET,
) -> Availability | Problem | None:
    """Get a link's availability

     Bookable slots starting in `[start, end)` (at most 100 days), for one of the link's
    durations, with times in UTC and in `timezone`. Open to scoped tokens with
    `availability:read`.

    Args:
        id (str):
        start (datetime.datetime):
        end (datetime.datetime):
        timezone (str | Unset):
        duration (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Availability | Problem
    """

    return sync_detailed(
        id=id,
        client=client,
        start=start,
        end=end,
        timezone=timezone,
        duration=duration,
    ).parsed


async def asyncio_detailed(
    id: str,
    *,
    client: AuthenticatedClient,
    start: datetime.datetime,
    end: datetime.datetime,
    timezone: str | Unset = UNSET,
    duration: int | Unset = UNSET,
) -> Response[Availability | Problem]:
    """Get a link's availability

     Bookable slots starting in `[start, end)` (at most 100 days), for one of the link's
    durations, with times in UTC and in `timezone`. Open to scoped tokens with
    `availability:read`.

    Args:
        id (str):
        start (datetime.datetime):
        end (datetime.datetime):
        timezone (str | Unset):
        duration (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Availability | Problem]
    """

    kwargs = _get_kwargs(
        id=id,
        start=start,
        end=end,
        timezone=timezone,
        duration=duration,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    id: str,
    *,
    client: AuthenticatedClient,
    start: datetime.datetime,
    end: datetime.datetime,
    timezone: str | Unset = UNSET,
    duration: int | Unset = UNSET,
) -> Availability | Problem | None:
    """Get a link's availability

     Bookable slots starting in `[start, end)` (at most 100 days), for one of the link's
    durations, with times in UTC and in `timezone`. Open to scoped tokens with
    `availability:read`.

    Args:
        id (str):
        start (datetime.datetime):
        end (datetime.datetime):
        timezone (str | Unset):
        duration (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Availability | Problem
    """

    return (
        await asyncio_detailed(
            id=id,
            client=client,
            start=start,
            end=end,
            timezone=timezone,
            duration=duration,
        )
    ).parsed
