from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...models.quote import Quote
from ...models.quote_request import QuoteRequest
from ...types import Response


def _get_kwargs(
    id: str,
    *,
    body: QuoteRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/links/{id}/quote".format(
            id=quote(str(id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json; charset=utf-8"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Problem | Quote | None:
    if response.status_code == 200:
        response_200 = Quote.from_dict(response.json())

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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Problem | Quote]:
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
    body: QuoteRequest,
) -> Response[Problem | Quote]:
    """Quote a booking's price

     What a booking of this start, duration and number of seats costs under the link's
    price, itemised, with the deposit due now and the rest due later — computed by the
    same function that prices the booking. It does not say whether the slot is free (see
    `availability_get`). Open to scoped tokens with `links:read`.

    Args:
        id (str):
        body (QuoteRequest): What to price: a start, a duration and seats. Example: {'duration':
            90, 'seats': None, 'start': '2026-12-08T14:00:00+00:00'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | Quote]
    """

    kwargs = _get_kwargs(
        id=id,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    id: str,
    *,
    client: AuthenticatedClient,
    body: QuoteRequest,
) -> Problem | Quote | None:
    """Quote a booking's price

     What a booking of this start, duration and number of seats costs under the link's
    price, itemised, with the deposit due now and the rest due later — computed by the
    same function that prices the booking. It does not say whether the slot is free (see
    `availability_get`). Open to scoped tokens with `links:read`.

    Args:
        id (str):
        body (QuoteRequest): What to price: a start, a duration and seats. Example: {'duration':
            90, 'seats': None, 'start': '2026-12-08T14:00:00+00:00'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | Quote
    """

    return sync_detailed(
        id=id,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    id: str,
    *,
    client: AuthenticatedClient,
    body: QuoteRequest,
) -> Response[Problem | Quote]:
    """Quote a booking's price

     What a booking of this start, duration and number of seats costs under the link's
    price, itemised, with the deposit due now and the rest due later — computed by the
    same function that prices the booking. It does not say whether the slot is free (see
    `availability_get`). Open to scoped tokens with `links:read`.

    Args:
        id (str):
        body (QuoteRequest): What to price: a start, a duration and seats. Example: {'duration':
            90, 'seats': None, 'start': '2026-12-08T14:00:00+00:00'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | Quote]
    """

    kwargs = _get_kwargs(
        id=id,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    id: str,
    *,
    client: AuthenticatedClient,
    body: QuoteRequest,
) -> Problem | Quote | None:
    """Quote a booking's price

     What a booking of this start, duration and number of seats costs under the link's
    price, itemised, with the deposit due now and the rest due later — computed by the
    same function that prices the booking. It does not say whether the slot is free (see
    `availability_get`). Open to scoped tokens with `links:read`.

    Args:
        id (str):
        body (QuoteRequest): What to price: a start, a duration and seats. Example: {'duration':
            90, 'seats': None, 'start': '2026-12-08T14:00:00+00:00'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | Quote
    """

    return (
        await asyncio_detailed(
            id=id,
            client=client,
            body=body,
        )
    ).parsed
