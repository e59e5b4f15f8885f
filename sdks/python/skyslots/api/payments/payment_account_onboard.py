from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.onboarding_link import OnboardingLink
from ...models.onboarding_link_create import OnboardingLinkCreate
from ...models.problem import Problem
from ...types import Response


def _get_kwargs(
    *,
    body: OnboardingLinkCreate,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/payment-account/onboarding-link",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json; charset=utf-8"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> OnboardingLink | Problem | None:
    if response.status_code == 200:
        response_200 = OnboardingLink.from_dict(response.json())

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
) -> Response[OnboardingLink | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: OnboardingLinkCreate,
) -> Response[OnboardingLink | Problem]:
    """Create an onboarding link

     A single-use link to Stripe's onboarding for the connected account (identity, bank
    account); send the account holder there.

    Args:
        body (OnboardingLinkCreate): Where Stripe's onboarding sends the account holder back to.
            Example: {'refresh_url': 'https://studio.example/settings/payments?retry=1', 'return_url':
            'https://studio.example/settings/payments'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[OnboardingLink | Problem]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    body: OnboardingLinkCreate,
) -> OnboardingLink | Problem | None:
    """Create an onboarding link

     A single-use link to Stripe's onboarding for the connected account (identity, bank
    account); send the account holder there.

    Args:
        body (OnboardingLinkCreate): Where Stripe's onboarding sends the account holder back to.
            Example: {'refresh_url': 'https://studio.example/settings/payments?retry=1', 'return_url':
            'https://studio.example/settings/payments'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        OnboardingLink | Problem
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: OnboardingLinkCreate,
) -> Response[OnboardingLink | Problem]:
    """Create an onboarding link

     A single-use link to Stripe's onboarding for the connected account (identity, bank
    account); send the account holder there.

    Args:
        body (OnboardingLinkCreate): Where Stripe's onboarding sends the account holder back to.
            Example: {'refresh_url': 'https://studio.example/settings/payments?retry=1', 'return_url':
            'https://studio.example/settings/payments'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[OnboardingLink | Problem]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: OnboardingLinkCreate,
) -> OnboardingLink | Problem | None:
    """Create an onboarding link

     A single-use link to Stripe's onboarding for the connected account (identity, bank
    account); send the account holder there.

    Args:
        body (OnboardingLinkCreate): Where Stripe's onboarding sends the account holder back to.
            Example: {'refresh_url': 'https://studio.example/settings/payments?retry=1', 'return_url':
            'https://studio.example/settings/payments'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        OnboardingLink | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
