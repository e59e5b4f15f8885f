from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...models.revenue_group_by import RevenueGroupBy
from ...models.revenue_report import RevenueReport
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    start: str,
    end: str,
    group_by: RevenueGroupBy | Unset = UNSET,
    timezone: str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["start"] = start

    params["end"] = end

    json_group_by: str | Unset = UNSET
    if not isinstance(group_by, Unset):
        json_group_by = group_by.value

    params["group_by"] = json_group_by

    params["timezone"] = timezone

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/reports/revenue",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Problem | RevenueReport | None:
    if response.status_code == 200:
        response_200 = RevenueReport.from_dict(response.json())

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
) -> Response[Problem | RevenueReport]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    start: str,
    end: str,
    group_by: RevenueGroupBy | Unset = UNSET,
    timezone: str | Unset = UNSET,
) -> Response[Problem | RevenueReport]:
    """Get a revenue report

     Payments made from `start` to `end` (both days included, at most 366, in `timezone`,
    default UTC), grouped by day, link or host and by currency: gross, refunds, fees and
    net. Counted by the day each payment was made; a refund counts with its payment.

    Args:
        start (str):
        end (str):
        group_by (RevenueGroupBy | Unset): How a revenue report groups payments.
        timezone (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | RevenueReport]
    """

    kwargs = _get_kwargs(
        start=start,
        end=end,
        group_by=group_by,
        timezone=timezone,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    start: str,
    end: str,
    group_by: RevenueGroupBy | Unset = UNSET,
    timezone: str | Unset = UNSET,
) -> Problem | RevenueReport | None:
    """Get a revenue report

     Payments made from `start` to `end` (both days included, at most 366, in `timezone`,
    default UTC), grouped by day, link or host and by currency: gross, refunds, fees and
    net. Counted by the day each payment was made; a refund counts with its payment.

    Args:
        start (str):
        end (str):
        group_by (RevenueGroupBy | Unset): How a revenue report groups payments.
        timezone (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | RevenueReport
    """

    return sync_detailed(
        client=client,
        start=start,
        end=end,
        group_by=group_by,
        timezone=timezone,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    start: str,
    end: str,
    group_by: RevenueGroupBy | Unset = UNSET,
    timezone: str | Unset = UNSET,
) -> Response[Problem | RevenueReport]:
    """Get a revenue report

     Payments made from `start` to `end` (both days included, at most 366, in `timezone`,
    default UTC), grouped by day, link or host and by currency: gross, refunds, fees and
    net. Counted by the day each payment was made; a refund counts with its payment.

    Args:
        start (str):
        end (str):
        group_by (RevenueGroupBy | Unset): How a revenue report groups payments.
        timezone (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | RevenueReport]
    """

    kwargs = _get_kwargs(
        start=start,
        end=end,
        group_by=group_by,
        timezone=timezone,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    start: str,
    end: str,
    group_by: RevenueGroupBy | Unset = UNSET,
    timezone: str | Unset = UNSET,
) -> Problem | RevenueReport | None:
    """Get a revenue report

     Payments made from `start` to `end` (both days included, at most 366, in `timezone`,
    default UTC), grouped by day, link or host and by currency: gross, refunds, fees and
    net. Counted by the day each payment was made; a refund counts with its payment.

    Args:
        start (str):
        end (str):
        group_by (RevenueGroupBy | Unset): How a revenue report groups payments.
        timezone (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | RevenueReport
    """

    return (
        await asyncio_detailed(
            client=client,
            start=start,
            end=end,
            group_by=group_by,
            timezone=timezone,
        )
    ).parsed
