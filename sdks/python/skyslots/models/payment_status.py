from enum import StrEnum


class PaymentStatus(StrEnum):
    CANCELED = "canceled"
    PARTIALLY_REFUNDED = "partially_refunded"
    REFUNDED = "refunded"
    REQUIRES_PAYMENT = "requires_payment"
    SUCCEEDED = "succeeded"

    def __str__(self) -> str:
        return str(self.value)
