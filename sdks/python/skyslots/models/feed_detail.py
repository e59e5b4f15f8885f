from enum import StrEnum


class FeedDetail(StrEnum):
    BUSY = "busy"
    FULL = "full"

    def __str__(self) -> str:
        return str(self.value)
