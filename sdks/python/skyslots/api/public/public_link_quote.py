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
    org_slug: str,
    link_slug: str,
    *,
    body: QuoteRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/public/links/{org_slug}/{link_slug}/quote".format(
            org_slug=quote(str(org_slug), safe=""),
            link_slug=quote(str(link_slug), safe=""),
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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Problem | Quote]:
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
    body: QuoteRequest,
) -> Response[Problem | Quote]:
    """Quote a booking on a public link

     What a booking of this start, duration and number of seats costs, itemised, as
    `link_quote` computes it. 404 `link_not_found` for unknown or inactive links.

    Args:
        org_slug (str):
        link_slug (str):
        body (QuoteRequest): What to price: a start, a duration and seats. Example: {'duration':
            90, 'seats': None, 'start': '2026-12-08T14:00:00+00:00'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | Quote]
    """

    kwargs = _get_kwargs(
        org_slug=org_slug,
        link_slug=link_slug,
        body=body,
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
    body: QuoteRequest,
) -> Problem | Quote | None:
    """Quote a booking on a public link

     What a booking of this start, duration and number of seats costs, itemised, as
    `link_quote` computes it. 404 `link_not_found` for unknown or inactive links.

    Args:
        org_slug (str):
        link_slug (str):
        body (QuoteRequest): What to price: a start, a duration and seats. Example: {'duration':
            90, 'seats': None, 'start': '2026-12-08T14:00:00+00:00'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | Quote
    """

    return sync_detailed(
        org_slug=org_slug,
        link_slug=link_slug,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    org_slug: str,
    link_slug: str,
    *,
    client: AuthenticatedClient | Client,
    body: QuoteRequest,
) -> Response[Problem | Quote]:
    """Quote a booking on a public link

     What a booking of this start, duration and number of seats costs, itemised, as
    `link_quote` computes it. 404 `link_not_found` for unknown or inactive links.

    Args:
        org_slug (str):
        link_slug (str):
        body (QuoteRequest): What to price: a start, a duration and seats. Example: {'duration':
            90, 'seats': None, 'start': '2026-12-08T14:00:00+00:00'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | Quote]
    """

    kwargs = _get_kwargs(
        org_slug=org_slug,
        link_slug=link_slug,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    org_slug: str,
    link_slug: str,
    *,
    client: AuthenticatedClient | Client,
    body: QuoteRequest,
) -> Problem | Quote | None:
    """Quote a booking on a public link

     What a booking of this start, duration and number of seats costs, itemised, as
    `link_quote` computes it. 404 `link_not_found` for unknown or inactive links.

    Args:
        org_slug (str):
        link_slug (str):
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
            org_slug=org_slug,
            link_slug=link_slug,
            client=client,
            body=body,
        )
    ).parsed
