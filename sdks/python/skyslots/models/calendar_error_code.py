from enum import StrEnum


class CalendarErrorCode(StrEnum):
    CALENDAR_AUTH_FAILED = "calendar_auth_failed"
    CALENDAR_BAD_RESPONSE = "calendar_bad_response"
    CALENDAR_NOT_FOUND = "calendar_not_found"
    CALENDAR_UNREACHABLE = "calendar_unreachable"

    def __str__(self) -> str:
        return str(self.value)
