from enum import StrEnum


class LocationKind(StrEnum):
    CUSTOM = "custom"
    IN_PERSON = "in_person"
    PHONE = "phone"
    VIDEO = "video"

    def __str__(self) -> str:
        return str(self.value)
