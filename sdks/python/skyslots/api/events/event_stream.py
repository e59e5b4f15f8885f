from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.event import Event
from ...models.event_type import EventType
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    type_: EventType | Unset = UNSET,
    last_event_id: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(last_event_id, Unset):
        headers["Last-Event-ID"] = last_event_id

    params: dict[str, Any] = {}

    json_type_: str | Unset = UNSET
    if not isinstance(type_, Unset):
        json_type_ = type_.value

    params["type"] = json_type_

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/events/stream",
        "params": params,
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Problem | list[Event] | None:
    if response.status_code == 200:
        response_200 = []
        _response_200 = response.text
        for response_200_item_data in _response_200:
            response_200_item = Event.from_dict(response_200_item_data)

            response_200.append(response_200_item)

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
) -> Response[Problem | list[Event]]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    type_: EventType | Unset = UNSET,
    last_event_id: str | Unset = UNSET,
) -> Response[Problem | list[Event]]:
    """Stream events live

     Server-Sent Events of the same envelopes, as they are committed on any instance: each
    with `event:` its type and `id:` its number in the feed. Reconnect with
    `Last-Event-ID` to receive everything after that event, without gaps; without it the
    stream starts with the next event. A comment line every 15 s keeps proxies from
    closing an idle stream.

    Args:
        type_ (EventType | Unset): What happened.
        last_event_id (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | list[Event]]
    """

    kwargs = _get_kwargs(
        type_=type_,
        last_event_id=last_event_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    type_: EventType | Unset = UNSET,
    last_event_id: str | Unset = UNSET,
) -> Problem | list[Event] | None:
    """Stream events live

     Server-Sent Events of the same envelopes, as they are committed on any instance: each
    with `event:` its type and `id:` its number in the feed. Reconnect with
    `Last-Event-ID` to receive everything after that event, without gaps; without it the
    stream starts with the next event. A comment line every 15 s keeps proxies from
    closing an idle stream.

    Args:
        type_ (EventType | Unset): What happened.
        last_event_id (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | list[Event]
    """

    return sync_detailed(
        client=client,
        type_=type_,
        last_event_id=last_event_id,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    type_: EventType | Unset = UNSET,
    last_event_id: str | Unset = UNSET,
) -> Response[Problem | list[Event]]:
    """Stream events live

     Server-Sent Events of the same envelopes, as they are committed on any instance: each
    with `event:` its type and `id:` its number in the feed. Reconnect with
    `Last-Event-ID` to receive everything after that event, without gaps; without it the
    stream starts with the next event. A comment line every 15 s keeps proxies from
    closing an idle stream.

    Args:
        type_ (EventType | Unset): What happened.
        last_event_id (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | list[Event]]
    """

    kwargs = _get_kwargs(
        type_=type_,
        last_event_id=last_event_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    type_: EventType | Unset = UNSET,
    last_event_id: str | Unset = UNSET,
) -> Problem | list[Event] | None:
    """Stream events live

     Server-Sent Events of the same envelopes, as they are committed on any instance: each
    with `event:` its type and `id:` its number in the feed. Reconnect with
    `Last-Event-ID` to receive everything after that event, without gaps; without it the
    stream starts with the next event. A comment line every 15 s keeps proxies from
    closing an idle stream.

    Args:
        type_ (EventType | Unset): What happened.
        last_event_id (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | list[Event]
    """

    return (
        await asyncio_detailed(
            client=client,
            type_=type_,
            last_event_id=last_event_id,
        )
    ).parsed
