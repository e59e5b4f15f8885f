from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.payment import Payment
from ...models.payment_refund_create import PaymentRefundCreate
from ...models.problem import Problem
from ...types import Response


def _get_kwargs(
    id: str,
    *,
    body: PaymentRefundCreate,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/payments/{id}/refund".format(
            id=quote(str(id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json; charset=utf-8"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Payment | Problem | None:
    if response.status_code == 200:
        response_200 = Payment.from_dict(response.json())

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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Payment | Problem]:
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
    body: PaymentRefundCreate,
) -> Response[Payment | Problem]:
    """Refund a payment

     Refunds `amount` (default: all that is left) of a succeeded payment through the
    provider; partial refunds add up to at most what was paid (409
    `refund_exceeds_payment`). The refund is recorded `pending` at once and issued in the
    background (retried while the provider is unreachable); `payment.refunded` says when
    it went through.

    Args:
        id (str):
        body (PaymentRefundCreate): A refund to issue. Example: {'amount': 500}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Payment | Problem]
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
    body: PaymentRefundCreate,
) -> Payment | Problem | None:
    """Refund a payment

     Refunds `amount` (default: all that is left) of a succeeded payment through the
    provider; partial refunds add up to at most what was paid (409
    `refund_exceeds_payment`). The refund is recorded `pending` at once and issued in the
    background (retried while the provider is unreachable); `payment.refunded` says when
    it went through.

    Args:
        id (str):
        body (PaymentRefundCreate): A refund to issue. Example: {'amount': 500}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Payment | Problem
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
    body: PaymentRefundCreate,
) -> Response[Payment | Problem]:
    """Refund a payment

     Refunds `amount` (default: all that is left) of a succeeded payment through the
    provider; partial refunds add up to at most what was paid (409
    `refund_exceeds_payment`). The refund is recorded `pending` at once and issued in the
    background (retried while the provider is unreachable); `payment.refunded` says when
    it went through.

    Args:
        id (str):
        body (PaymentRefundCreate): A refund to issue. Example: {'amount': 500}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Payment | Problem]
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
    body: PaymentRefundCreate,
) -> Payment | Problem | None:
    """Refund a payment

     Refunds `amount` (default: all that is left) of a succeeded payment through the
    provider; partial refunds add up to at most what was paid (409
    `refund_exceeds_payment`). The refund is recorded `pending` at once and issued in the
    background (retried while the provider is unreachable); `payment.refunded` says when
    it went through.

    Args:
        id (str):
        body (PaymentRefundCreate): A refund to issue. Example: {'amount': 500}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Payment | Problem
    """

    return (
        await asyncio_detailed(
            id=id,
            client=client,
            body=body,
        )
    ).parsed
