from enum import StrEnum


class RevenueGroupBy(StrEnum):
    DAY = "day"
    HOST = "host"
    LINK = "link"

    def __str__(self) -> str:
        return str(self.value)
