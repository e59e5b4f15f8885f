from enum import StrEnum


class PriceUnit(StrEnum):
    PER_BOOKING = "per_booking"
    PER_HOUR = "per_hour"
    PER_SEAT = "per_seat"

    def __str__(self) -> str:
        return str(self.value)
