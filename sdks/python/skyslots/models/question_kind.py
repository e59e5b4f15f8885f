from enum import StrEnum


class QuestionKind(StrEnum):
    CHECKBOX = "checkbox"
    EMAIL = "email"
    MULTISELECT = "multiselect"
    NUMBER = "number"
    PHONE = "phone"
    SELECT = "select"
    TEXT = "text"

    def __str__(self) -> str:
        return str(self.value)
