"""Named operations: every change to a session is one of these, applied by the store."""

from __future__ import annotations

from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict

from werkatelier.document import WerkatelierError
from werkatelier.model import Session

#: Every operation class by its stable name, for history records and the CLI.
OPERATIONS: dict[str, type[Operation]] = {}


class Operation(BaseModel):
    """One change. ``apply`` mutates the document in place and returns a one-line summary.

    It raises WerkatelierError for bad input; the store then drops the half-changed
    document and keeps the last stored revision, so nothing is lost.
    """

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    op: ClassVar[str]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        name = cls.__dict__.get("op")
        if name:
            if name in OPERATIONS:
                raise TypeError(f"operation name {name!r} registered twice")
            OPERATIONS[name] = cls

    def apply(self, doc: Session) -> str:  # pragma: no cover - abstract
        raise NotImplementedError

    def record(self) -> dict[str, Any]:
        """What history keeps of this operation."""
        return {"op": self.op, "args": self.model_dump(mode="json")}


def operation_from_record(record: dict[str, Any]) -> Operation:
    cls = OPERATIONS.get(record.get("op", ""))
    if cls is None:
        raise WerkatelierError(f"Unknown operation {record.get('op')!r}")
    return cls.model_validate(record.get("args", {}))
