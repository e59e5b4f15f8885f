from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.one_time_link_create import OneTimeLinkCreate
from ...models.one_time_link_created import OneTimeLinkCreated
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    link_id: str,
    *,
    body: OneTimeLinkCreate,
    idempotency_key: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/links/{link_id}/one-time-links".format(
            link_id=quote(str(link_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json; charset=utf-8"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> OneTimeLinkCreated | Problem | None:
    if response.status_code == 201:
        response_201 = OneTimeLinkCreated.from_dict(response.json())

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
) -> Response[OneTimeLinkCreated | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    link_id: str,
    *,
    client: AuthenticatedClient,
    body: OneTimeLinkCreate,
    idempotency_key: str | Unset = UNSET,
) -> Response[OneTimeLinkCreated | Problem]:
    """Create a one-time link

     A single-use link to the booking link for one recipient, until `expires_at`, limited
    to `offered_slots` if given. The token and its URL are in this response only.

    Args:
        link_id (str):
        idempotency_key (str | Unset):
        body (OneTimeLinkCreate): A one-time link for one recipient. Example: {'expires_at':
            '2026-12-01T15:00:00+00:00', 'offered_slots': [{'duration': 30, 'start':
            '2026-12-02T15:00:00+00:00'}], 'recipient_email': 'grace@example.com', 'recipient_name':
            'Grace'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[OneTimeLinkCreated | Problem]
    """

    kwargs = _get_kwargs(
        link_id=link_id,
        body=body,
        idempotency_key=idempotency_key,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    link_id: str,
    *,
    client: AuthenticatedClient,
    body: OneTimeLinkCreate,
    idempotency_key: str | Unset = UNSET,
) -> OneTimeLinkCreated | Problem | None:
    """Create a one-time link

     A single-use link to the booking link for one recipient, until `expires_at`, limited
    to `offered_slots` if given. The token and its URL are in this response only.

    Args:
        link_id (str):
        idempotency_key (str | Unset):
        body (OneTimeLinkCreate): A one-time link for one recipient. Example: {'expires_at':
            '2026-12-01T15:00:00+00:00', 'offered_slots': [{'duration': 30, 'start':
            '2026-12-02T15:00:00+00:00'}], 'recipient_email': 'grace@example.com', 'recipient_name':
            'Grace'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        OneTimeLinkCreated | Problem
    """

    return sync_detailed(
        link_id=link_id,
        client=client,
        body=body,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    link_id: str,
    *,
    client: AuthenticatedClient,
    body: OneTimeLinkCreate,
    idempotency_key: str | Unset = UNSET,
) -> Response[OneTimeLinkCreated | Problem]:
    """Create a one-time link

     A single-use link to the booking link for one recipient, until `expires_at`, limited
    to `offered_slots` if given. The token and its URL are in this response only.

    Args:
        link_id (str):
        idempotency_key (str | Unset):
        body (OneTimeLinkCreate): A one-time link for one recipient. Example: {'expires_at':
            '2026-12-01T15:00:00+00:00', 'offered_slots': [{'duration': 30, 'start':
            '2026-12-02T15:00:00+00:00'}], 'recipient_email': 'grace@example.com', 'recipient_name':
            'Grace'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[OneTimeLinkCreated | Problem]
    """

    kwargs = _get_kwargs(
        link_id=link_id,
        body=body,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    link_id: str,
    *,
    client: AuthenticatedClient,
    body: OneTimeLinkCreate,
    idempotency_key: str | Unset = UNSET,
) -> OneTimeLinkCreated | Problem | None:
    """Create a one-time link

     A single-use link to the booking link for one recipient, until `expires_at`, limited
    to `offered_slots` if given. The token and its URL are in this response only.

    Args:
        link_id (str):
        idempotency_key (str | Unset):
        body (OneTimeLinkCreate): A one-time link for one recipient. Example: {'expires_at':
            '2026-12-01T15:00:00+00:00', 'offered_slots': [{'duration': 30, 'start':
            '2026-12-02T15:00:00+00:00'}], 'recipient_email': 'grace@example.com', 'recipient_name':
            'Grace'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        OneTimeLinkCreated | Problem
    """

    return (
        await asyncio_detailed(
            link_id=link_id,
            client=client,
            body=body,
            idempotency_key=idempotency_key,
        )
    ).parsed
