from enum import StrEnum


class Scope(StrEnum):
    AVAILABILITYREAD = "availability:read"
    BOOKINGSREAD = "bookings:read"
    BOOKINGSWRITE = "bookings:write"
    LINKSREAD = "links:read"

    def __str__(self) -> str:
        return str(self.value)
