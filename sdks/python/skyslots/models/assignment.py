from enum import StrEnum


class Assignment(StrEnum):
    COLLECTIVE = "collective"
    ROUND_ROBIN = "round_robin"
    SINGLE = "single"

    def __str__(self) -> str:
        return str(self.value)
