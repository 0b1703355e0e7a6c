"""The JSON Schema of the session document, generated from the models."""

from __future__ import annotations

import json
from pathlib import Path

from werkatelier.model import Session

SCHEMA_PATH = Path(__file__).resolve().parent.parent / "docs" / "session.schema.json"


def schema_text() -> str:
    return json.dumps(Session.model_json_schema(), indent=2, sort_keys=True) + "\n"


def write(path: Path = SCHEMA_PATH) -> None:
    path.write_text(schema_text(), encoding="utf-8")


if __name__ == "__main__":
    write()
