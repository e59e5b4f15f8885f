from enum import StrEnum


class CancelledBy(StrEnum):
    ATTENDEE = "attendee"
    ORGANIZATION = "organization"

    def __str__(self) -> str:
        return str(self.value)
