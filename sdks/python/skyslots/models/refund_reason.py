from enum import StrEnum


class RefundReason(StrEnum):
    CANCELLATION = "cancellation"
    MANUAL = "manual"
    SLOT_TAKEN = "slot_taken"

    def __str__(self) -> str:
        return str(self.value)
