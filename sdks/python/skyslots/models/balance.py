from enum import StrEnum


class Balance(StrEnum):
    AT_VENUE = "at_venue"
    LATER = "later"

    def __str__(self) -> str:
        return str(self.value)
