from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.field_problem import FieldProblem


T = TypeVar("T", bound="Problem")


@_attrs_define
class Problem:
    """A problem (RFC 9457).

    Example:
        {'code': 'slot_unavailable', 'detail': 'The slot is no longer available.', 'reason': 'slot_full', 'status': 409,
            'title': 'Conflict', 'type': 'https://skyslots.dev/problems/slot-unavailable'}

    Attributes:
        type_ (str): A URI identifying the problem type.
        title (str): A short, human-readable summary of the problem type.
        status (int): The HTTP status code.
        detail (str): What went wrong in this occurrence, for a human.
        code (str): Stable machine-readable code, e.g. `slot_unavailable`, `validation_failed`, `not_found`.
        reason (str | Unset): For `slot_unavailable`: why the slot cannot be booked (`conflict`, `slot_full`,
            `too_soon`, `outside_schedule`, ...).
        errors (list[FieldProblem] | Unset): Field errors, for `validation_failed`.
    """

    type_: str
    title: str
    status: int
    detail: str
    code: str
    reason: str | Unset = UNSET
    errors: list[FieldProblem] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        type_ = self.type_

        title = self.title

        status = self.status

        detail = self.detail

        code = self.code

        reason = self.reason

        errors: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.errors, Unset):
            errors = []
            for errors_item_data in self.errors:
                errors_item = errors_item_data.to_dict()
                errors.append(errors_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "type": type_,
                "title": title,
                "status": status,
                "detail": detail,
                "code": code,
            }
        )
        if reason is not UNSET:
            field_dict["reason"] = reason
        if errors is not UNSET:
            field_dict["errors"] = errors

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.field_problem import FieldProblem  # noqa: PLC0415

        d = dict(src_dict)
        type_ = d.pop("type")

        title = d.pop("title")

        status = d.pop("status")

        detail = d.pop("detail")

        code = d.pop("code")

        reason = d.pop("reason", UNSET)

        _errors = d.pop("errors", UNSET)
        errors: list[FieldProblem] | Unset = UNSET
        if _errors is not UNSET:
            errors = []
            for errors_item_data in _errors:
                errors_item = FieldProblem.from_dict(errors_item_data)

                errors.append(errors_item)

        problem = cls(
            type_=type_,
            title=title,
            status=status,
            detail=detail,
            code=code,
            reason=reason,
            errors=errors,
        )

        problem.additional_properties = d
        return problem

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
