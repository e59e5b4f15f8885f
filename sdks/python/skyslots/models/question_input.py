from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.question_kind import QuestionKind
from ..types import UNSET, Unset

T = TypeVar("T", bound="QuestionInput")


@_attrs_define
class QuestionInput:
    """An intake question. Its `id` is the key of the answer in a booking's `answers`.

    Attributes:
        id (str):
        label (str):
        kind (QuestionKind):
        required (bool | Unset):  Default: False.
        options (list[str] | Unset): Choices, for `select` and `multiselect`.
    """

    id: str
    label: str
    kind: QuestionKind
    required: bool | Unset = False
    options: list[str] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        label = self.label

        kind = self.kind.value

        required = self.required

        options: list[str] | Unset = UNSET
        if not isinstance(self.options, Unset):
            options = self.options

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "label": label,
                "kind": kind,
            }
        )
        if required is not UNSET:
            field_dict["required"] = required
        if options is not UNSET:
            field_dict["options"] = options

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        label = d.pop("label")

        kind = QuestionKind(d.pop("kind"))

        required = d.pop("required", UNSET)

        options = cast(list[str], d.pop("options", UNSET))

        question_input = cls(
            id=id,
            label=label,
            kind=kind,
            required=required,
            options=options,
        )

        question_input.additional_properties = d
        return question_input

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
