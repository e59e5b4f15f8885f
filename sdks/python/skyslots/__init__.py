"""SkySlots: the Python SDK of the SkySlots scheduling and booking API.

Operations (``skyslots.api.<tag>.<operation_id>``) and models (``skyslots.models``) are
generated from the OpenAPI spec; the client, errors and pagination are in ``_sdk.py``. This
file is hand-written: the generator's own ``__init__.py`` is not used.
"""

from ._sdk import (
    UNSET,
    AuthenticatedClient,
    AuthenticationError,
    BadRequestError,
    Client,
    ConflictError,
    GoneError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitedError,
    ServerError,
    SkySlotsError,
    Unset,
    ValidationError,
    apaginate,
    connect,
    paginate,
)
from .webhooks import WebhookVerificationError, verify_webhook

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
    "WebhookVerificationError",
    "apaginate",
    "connect",
    "paginate",
    "verify_webhook",
]
