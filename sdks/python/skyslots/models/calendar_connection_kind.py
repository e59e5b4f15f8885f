from enum import StrEnum


class CalendarConnectionKind(StrEnum):
    CALDAV = "caldav"
    ICS = "ics"

    def __str__(self) -> str:
        return str(self.value)
