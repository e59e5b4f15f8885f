from enum import StrEnum


class BookingStatus(StrEnum):
    AWAITING_PAYMENT = "awaiting_payment"
    CANCELLED = "cancelled"
    CONFIRMED = "confirmed"
    EXPIRED = "expired"
    PENDING = "pending"

    def __str__(self) -> str:
        return str(self.value)
