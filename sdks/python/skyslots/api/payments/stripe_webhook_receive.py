from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...models.provider_webhook_received import ProviderWebhookReceived
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    body: Any,
    stripe_signature: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(stripe_signature, Unset):
        headers["Stripe-Signature"] = stripe_signature

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/stripe/webhook",
    }

    _kwargs["json"] = body

    headers["Content-Type"] = "application/json; charset=utf-8"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Problem | ProviderWebhookReceived | None:
    if response.status_code == 200:
        response_200 = ProviderWebhookReceived.from_dict(response.json())

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


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Problem | ProviderWebhookReceived]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: Any,
    stripe_signature: str | Unset = UNSET,
) -> Response[Problem | ProviderWebhookReceived]:
    """Receive a Stripe webhook

     The endpoint to register with Stripe (or `stripe listen --forward-to
    https://<host>/v1/stripe/webhook`): `payment_intent.succeeded` confirms the booking,
    `payment_intent.payment_failed` records the failure. The `Stripe-Signature` header is
    verified against `SKYSLOTS_STRIPE_WEBHOOK_SECRET` with a five-minute tolerance (400
    `webhook_signature_invalid` otherwise, and nothing changes); each event is applied
    once, however often it is delivered. Other event types are acknowledged and ignored.

    Args:
        stripe_signature (str | Unset):
        body (Any):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | ProviderWebhookReceived]
    """

    kwargs = _get_kwargs(
        body=body,
        stripe_signature=stripe_signature,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    body: Any,
    stripe_signature: str | Unset = UNSET,
) -> Problem | ProviderWebhookReceived | None:
    """Receive a Stripe webhook

     The endpoint to register with Stripe (or `stripe listen --forward-to
    https://<host>/v1/stripe/webhook`): `payment_intent.succeeded` confirms the booking,
    `payment_intent.payment_failed` records the failure. The `Stripe-Signature` header is
    verified against `SKYSLOTS_STRIPE_WEBHOOK_SECRET` with a five-minute tolerance (400
    `webhook_signature_invalid` otherwise, and nothing changes); each event is applied
    once, however often it is delivered. Other event types are acknowledged and ignored.

    Args:
        stripe_signature (str | Unset):
        body (Any):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | ProviderWebhookReceived
    """

    return sync_detailed(
        client=client,
        body=body,
        stripe_signature=stripe_signature,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: Any,
    stripe_signature: str | Unset = UNSET,
) -> Response[Problem | ProviderWebhookReceived]:
    """Receive a Stripe webhook

     The endpoint to register with Stripe (or `stripe listen --forward-to
    https://<host>/v1/stripe/webhook`): `payment_intent.succeeded` confirms the booking,
    `payment_intent.payment_failed` records the failure. The `Stripe-Signature` header is
    verified against `SKYSLOTS_STRIPE_WEBHOOK_SECRET` with a five-minute tolerance (400
    `webhook_signature_invalid` otherwise, and nothing changes); each event is applied
    once, however often it is delivered. Other event types are acknowledged and ignored.

    Args:
        stripe_signature (str | Unset):
        body (Any):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | ProviderWebhookReceived]
    """

    kwargs = _get_kwargs(
        body=body,
        stripe_signature=stripe_signature,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: Any,
    stripe_signature: str | Unset = UNSET,
) -> Problem | ProviderWebhookReceived | None:
    """Receive a Stripe webhook

     The endpoint to register with Stripe (or `stripe listen --forward-to
    https://<host>/v1/stripe/webhook`): `payment_intent.succeeded` confirms the booking,
    `payment_intent.payment_failed` records the failure. The `Stripe-Signature` header is
    verified against `SKYSLOTS_STRIPE_WEBHOOK_SECRET` with a five-minute tolerance (400
    `webhook_signature_invalid` otherwise, and nothing changes); each event is applied
    once, however often it is delivered. Other event types are acknowledged and ignored.

    Args:
        stripe_signature (str | Unset):
        body (Any):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | ProviderWebhookReceived
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            stripe_signature=stripe_signature,
        )
    ).parsed
