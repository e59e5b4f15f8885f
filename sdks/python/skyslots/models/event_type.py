from enum import StrEnum


class EventType(StrEnum):
    BOOKING_CANCELLED = "booking.cancelled"
    BOOKING_CONFIRMED = "booking.confirmed"
    BOOKING_CREATED = "booking.created"
    BOOKING_DECLINED = "booking.declined"
    BOOKING_EXPIRED = "booking.expired"
    BOOKING_RESCHEDULED = "booking.rescheduled"
    LINK_CREATED = "link.created"
    LINK_DELETED = "link.deleted"
    LINK_UPDATED = "link.updated"
    ONE_TIME_LINK_CREATED = "one_time_link.created"
    ONE_TIME_LINK_EXPIRED = "one_time_link.expired"
    ONE_TIME_LINK_USED = "one_time_link.used"
    PAYMENT_FAILED = "payment.failed"
    PAYMENT_REFUNDED = "payment.refunded"
    PAYMENT_SUCCEEDED = "payment.succeeded"
    WEBHOOK_ENDPOINT_DISABLED = "webhook_endpoint.disabled"
    WEBHOOK_ENDPOINT_PING = "webhook_endpoint.ping"

    def __str__(self) -> str:
        return str(self.value)
