from enum import StrEnum


class DisabledReason(StrEnum):
    DISABLED = "disabled"
    FAILING = "failing"
    GONE = "gone"

    def __str__(self) -> str:
        return str(self.value)
