from enum import StrEnum


class CalendarConnectionStatus(StrEnum):
    ERROR = "error"
    OK = "ok"
    PENDING = "pending"

    def __str__(self) -> str:
        return str(self.value)
