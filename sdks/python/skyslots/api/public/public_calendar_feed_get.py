from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    file: str,
    *,
    if_none_match: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(if_none_match, Unset):
        headers["If-None-Match"] = if_none_match

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/public/feeds/{file}".format(
            file=quote(str(file), safe=""),
        ),
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Any | Problem | str | None:
    if response.status_code == 200:
        response_200 = response.text
        return response_200

    if response.status_code == 304:
        response_304 = cast(Any, None)
        return response_304

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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Any | Problem | str]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    file: str,
    *,
    client: AuthenticatedClient | Client,
    if_none_match: str | Unset = UNSET,
) -> Response[Any | Problem | str]:
    """Get a calendar feed

     The subscribable calendar behind a feed's URL (`{token}.ics`, from
    `calendar_feed_create`): `text/calendar`, one `VEVENT` per booking with stable `UID`s,
    `REFRESH-INTERVAL` and `X-PUBLISHED-TTL` of 15 minutes. `If-None-Match` with the last
    `ETag` gets a 304 while nothing changed. A regenerated or deleted feed's URL is 404.

    Args:
        file (str):
        if_none_match (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | Problem | str]
    """

    kwargs = _get_kwargs(
        file=file,
        if_none_match=if_none_match,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    file: str,
    *,
    client: AuthenticatedClient | Client,
    if_none_match: str | Unset = UNSET,
) -> Any | Problem | str | None:
    """Get a calendar feed

     The subscribable calendar behind a feed's URL (`{token}.ics`, from
    `calendar_feed_create`): `text/calendar`, one `VEVENT` per booking with stable `UID`s,
    `REFRESH-INTERVAL` and `X-PUBLISHED-TTL` of 15 minutes. `If-None-Match` with the last
    `ETag` gets a 304 while nothing changed. A regenerated or deleted feed's URL is 404.

    Args:
        file (str):
        if_none_match (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | Problem | str
    """

    return sync_detailed(
        file=file,
        client=client,
        if_none_match=if_none_match,
    ).parsed


async def asyncio_detailed(
    file: str,
    *,
    client: AuthenticatedClient | Client,
    if_none_match: str | Unset = UNSET,
) -> Response[Any | Problem | str]:
    """Get a calendar feed

     The subscribable calendar behind a feed's URL (`{token}.ics`, from
    `calendar_feed_create`): `text/calendar`, one `VEVENT` per booking with stable `UID`s,
    `REFRESH-INTERVAL` and `X-PUBLISHED-TTL` of 15 minutes. `If-None-Match` with the last
    `ETag` gets a 304 while nothing changed. A regenerated or deleted feed's URL is 404.

    Args:
        file (str):
        if_none_match (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | Problem | str]
    """

    kwargs = _get_kwargs(
        file=file,
        if_none_match=if_none_match,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    file: str,
    *,
    client: AuthenticatedClient | Client,
    if_none_match: str | Unset = UNSET,
) -> Any | Problem | str | None:
    """Get a calendar feed

     The subscribable calendar behind a feed's URL (`{token}.ics`, from
    `calendar_feed_create`): `text/calendar`, one `VEVENT` per booking with stable `UID`s,
    `REFRESH-INTERVAL` and `X-PUBLISHED-TTL` of 15 minutes. `If-None-Match` with the last
    `ETag` gets a 304 while nothing changed. A regenerated or deleted feed's URL is 404.

    Args:
        file (str):
        if_none_match (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | Problem | str
    """

    return (
        await asyncio_detailed(
            file=file,
            client=client,
            if_none_match=if_none_match,
        )
    ).parsed
