from enum import StrEnum


class EmailRecipientRole(StrEnum):
    ATTENDEE = "attendee"
    HOST = "host"
    RECIPIENT = "recipient"

    def __str__(self) -> str:
        return str(self.value)
