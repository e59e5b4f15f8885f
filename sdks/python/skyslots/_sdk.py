"""SkySlots: the Python SDK of the SkySlots scheduling and booking API.

Operations and models are generated from the OpenAPI spec (``skyslots.api``,
``skyslots.models``); each operation module has ``sync``, ``sync_detailed``, ``asyncio`` and
``asyncio_detailed``. This module adds what a generator cannot: a client with the key or token,
retries that reuse the same ``Idempotency-Key`` (so a retried create never books twice), every
error answer raised as a typed :class:`SkySlotsError`, and iteration over paginated lists.

    import skyslots
    from skyslots.api.bookings import booking_list

    client = skyslots.connect("http://127.0.0.1:8080", api_key="sk_...")
    for booking in skyslots.paginate(booking_list, client=client, link_id="lnk_..."):
        print(booking.start, booking.attendee.name)
"""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import AsyncIterator, Iterator
from typing import Any

import httpx

from . import api, models, types
from .client import AuthenticatedClient, Client
from .types import UNSET, Unset

__all__ = [
    "UNSET",
    "AuthenticatedClient",
    "AuthenticationError",
    "BadRequestError",
    "Client",
    "ConflictError",
    "GoneError",
    "NotFoundError",
    "PermissionDeniedError",
    "RateLimitedError",
    "ServerError",
    "SkySlotsError",
    "Unset",
    "ValidationError",
    "apaginate",
    "api",
    "connect",
    "models",
    "paginate",
    "types",
]


class SkySlotsError(Exception):
    """An error answer (RFC 9457 problem details). ``code`` is stable: branch on it."""

    def __init__(self, status: int, problem: dict[str, Any], retry_after: int | None = None):
        self.status = status
        self.problem = problem
        self.code: str = str(problem.get("code", "unexpected_response"))
        self.detail: str = str(problem.get("detail", ""))
        #: For ``slot_unavailable``: why (``slot_full``, ``conflict``, ``too_soon``, ...).
        self.reason: str | None = problem.get("reason")
        #: For ``validation_failed``: ``[{"field": ..., "code": ..., "message": ...}, ...]``.
        self.errors: list[dict[str, Any]] = list(problem.get("errors") or [])
        #: For ``rate_limited``: seconds until a request is accepted again.
        self.retry_after = retry_after
        super().__init__(f"{status} {self.code}: {self.detail}")


class BadRequestError(SkySlotsError):
    """400: the request could not be read (``malformed_request``)."""


class AuthenticationError(SkySlotsError):
    """401: no valid key or token (``unauthorized``, ``token_expired``, ``token_invalid``)."""


class PermissionDeniedError(SkySlotsError):
    """403: the token may not do this (``insufficient_scope``, ``token_restricted``, ...)."""


class NotFoundError(SkySlotsError):
    """404: ``not_found``, ``link_not_found``."""


class ConflictError(SkySlotsError):
    """409: ``slot_unavailable``, ``idempotency_conflict``, ``policy_window_closed``, ..."""


class GoneError(SkySlotsError):
    """410: a one-time link that was used, expired or revoked."""


class ValidationError(SkySlotsError):
    """422: ``validation_failed``, with one entry per field in ``errors``."""


class RateLimitedError(SkySlotsError):
    """429: ``rate_limited``; ``retry_after`` says when to try again."""


class ServerError(SkySlotsError):
    """5xx."""


_BY_STATUS: dict[int, type[SkySlotsError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    410: GoneError,
    422: ValidationError,
    429: RateLimitedError,
}


def _error(response: httpx.Response) -> SkySlotsError:
    try:
        parsed = response.json()
    except ValueError:
        parsed = None
    problem = (
        parsed
        if isinstance(parsed, dict)
        else {"code": "unexpected_response", "detail": response.text[:200]}
    )
    retry_after = response.headers.get("retry-after")
    kind = _BY_STATUS.get(response.status_code)
    if kind is None:
        kind = ServerError if response.status_code >= 500 else SkySlotsError
    return kind(
        response.status_code,
        problem,
        int(retry_after) if retry_after and retry_after.isdigit() else None,
    )


def _with_key(request: httpx.Request) -> None:
    if request.method == "POST" and "idempotency-key" not in request.headers:
        request.headers["Idempotency-Key"] = str(uuid.uuid4())


def _raise(response: httpx.Response) -> None:
    if response.is_error:
        response.read()
        raise _error(response)


async def _araise(response: httpx.Response) -> None:
    if response.is_error:
        await response.aread()
        raise _error(response)


async def _awith_key(request: httpx.Request) -> None:
    _with_key(request)


_RETRYABLE = {502, 503, 504}


class _Retrying(httpx.BaseTransport):
    """Re-sends a request that failed in transit or with 502/503/504, unchanged: the same
    ``Idempotency-Key`` makes the server answer a repeated create with its first result."""

    def __init__(self, inner: httpx.BaseTransport, retries: int):
        self.inner, self.retries = inner, retries

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        for attempt in range(self.retries + 1):
            try:
                response = self.inner.handle_request(request)
            except httpx.TransportError:
                if attempt == self.retries:
                    raise
            else:
                if response.status_code not in _RETRYABLE or attempt == self.retries:
                    return response
                response.close()
            time.sleep(0.1 * 2**attempt)
        raise AssertionError("unreachable")

    def close(self) -> None:
        self.inner.close()


class _AsyncRetrying(httpx.AsyncBaseTransport):
    def __init__(self, inner: httpx.AsyncBaseTransport, retries: int):
        self.inner, self.retries = inner, retries

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        for attempt in range(self.retries + 1):
            try:
                response = await self.inner.handle_async_request(request)
            except httpx.TransportError:
                if attempt == self.retries:
                    raise
            else:
                if response.status_code not in _RETRYABLE or attempt == self.retries:
                    return response
                await response.aclose()
            await asyncio.sleep(0.1 * 2**attempt)
        raise AssertionError("unreachable")

    async def aclose(self) -> None:
        await self.inner.aclose()


def connect(
    base_url: str,
    *,
    api_key: str | None = None,
    token: str | None = None,
    retries: int = 2,
    timeout: float = 30.0,
    transport: httpx.BaseTransport | None = None,
    async_transport: httpx.AsyncBaseTransport | None = None,
) -> AuthenticatedClient | Client:
    """A client for ``base_url`` (no ``/v1``), with a secret ``api_key`` (servers only) or a
    scoped ``token`` (from ``POST /v1/tokens``); with neither, for the public endpoints.

    Works with the generated operations, sync and async. Every error answer raises a
    :class:`SkySlotsError` subclass. ``transport``/``async_transport`` replace httpx's (tests,
    proxies)."""
    base_url = base_url.rstrip("/")
    secret = api_key or token
    headers = {"Authorization": f"Bearer {secret}"} if secret else {}
    sync_client = httpx.Client(
        base_url=base_url,
        headers=headers,
        timeout=timeout,
        transport=_Retrying(transport or httpx.HTTPTransport(), retries),
        event_hooks={"request": [_with_key], "response": [_raise]},
    )
    async_client = httpx.AsyncClient(
        base_url=base_url,
        headers=headers,
        timeout=timeout,
        transport=_AsyncRetrying(async_transport or httpx.AsyncHTTPTransport(), retries),
        event_hooks={"request": [_awith_key], "response": [_araise]},
    )
    client: AuthenticatedClient | Client
    if secret:
        client = AuthenticatedClient(base_url=base_url, token=secret)
    else:
        client = Client(base_url=base_url)
    client.set_httpx_client(sync_client)
    client.set_async_httpx_client(async_client)
    return client


def paginate(operation: Any, *, client: Any, **params: Any) -> Iterator[Any]:
    """Every item of a cursor-paginated list operation (a generated module such as
    ``skyslots.api.bookings.booking_list``), fetching pages as they are consumed."""
    cursor: Any = UNSET
    while True:
        page = operation.sync(client=client, cursor=cursor, **params)
        yield from page.data
        if not isinstance(page.next_cursor, str) or not page.next_cursor:
            return
        cursor = page.next_cursor


async def apaginate(operation: Any, *, client: Any, **params: Any) -> AsyncIterator[Any]:
    """:func:`paginate` for ``async for``."""
    cursor: Any = UNSET
    while True:
        page = await operation.asyncio(client=client, cursor=cursor, **params)
        for item in page.data:
            yield item
        if not isinstance(page.next_cursor, str) or not page.next_cursor:
            return
        cursor = page.next_cursor
