"""Reading, upgrading, validating and writing session documents as JSON."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

from pydantic import ValidationError

from werkatelier.model import NAME_PATTERN, SCHEMA_VERSION, TEXT_PATTERN, Session

#: Documents larger than this are refused before parsing.
MAX_DOCUMENT_BYTES = 50 * 1024 * 1024


class WerkatelierError(ValueError):
    """Bad input a person can fix: one plain sentence, plus the details behind it."""

    def __init__(self, message: str, problems: list[str] | None = None):
        super().__init__(message)
        self.message = message
        self.problems = problems or []

    def __str__(self) -> str:
        if not self.problems:
            return self.message
        shown = self.problems[:5]
        more = f" (and {len(self.problems) - 5} more)" if len(self.problems) > 5 else ""
        return f"{self.message}: " + "; ".join(shown) + more


def _where(loc: tuple[Any, ...]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out or "the document"


#: Patterns of the model, said in words: a regular expression is no message for a person.
PATTERN_WORDS = {
    "^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$": "an id is 1 to 64 letters, digits, _ or -, starting with a letter "
                                       "or digit",
    "^#[0-9a-fA-F]{6}$": "a colour is written as # and six hexadecimal digits, like #0072b2",
    TEXT_PATTERN: "text may not hold control characters (such as NUL); tab and newline are fine",
    NAME_PATTERN: "it needs at least one visible character, and no control characters (such as NUL)",
}


def explain(err: ValidationError) -> list[str]:
    """Pydantic's errors as short readable lines: where, what is wrong, what was given.

    >>> from werkatelier.model import Cluster
    >>> try:
    ...     Cluster(name="Zorg", colour="red")
    ... except ValidationError as e:
    ...     explain(e)
    ["colour: a colour is written as # and six hexadecimal digits, like #0072b2 (got 'red')"]
    """
    lines = []
    for e in err.errors(include_url=False):
        msg = e["msg"].removeprefix("Value error, ")
        if e["type"] == "string_pattern_mismatch":
            msg = PATTERN_WORDS.get((e.get("ctx") or {}).get("pattern", ""), msg)
        given = e.get("input")
        shown = ""
        if isinstance(given, int | float | bool) or (isinstance(given, str) and len(given) <= 40):
            shown = f" (got {given!r})"
        lines.append(f"{_where(tuple(e['loc']))}: {msg}{shown}")
    return lines


# --- upgrades ---------------------------------------------------------------------------------

def _v0_to_v1(data: dict[str, Any]) -> dict[str, Any]:
    """Version 0 (the prototype): ``power`` for influence, ``position: {x, y}``, the
    question as a plain string, and ``title`` at the top level."""
    data = dict(data)
    meta = dict(data.pop("meta", {}) or {})
    if "title" in data:
        meta.setdefault("title", data.pop("title"))
    data["meta"] = meta
    q = data.get("question")
    if isinstance(q, str) or q is None:
        data["question"] = {"text": q or "", "history": []}
    new_sh = []
    for s in data.get("stakeholders", []) or []:
        if isinstance(s, dict):
            s = dict(s)
            if "power" in s:
                s["influence"] = s.pop("power")
            pos = s.pop("position", None)
            if isinstance(pos, dict):
                s["x"], s["y"] = pos.get("x"), pos.get("y")
        new_sh.append(s)
    data["stakeholders"] = new_sh
    data["schema_version"] = 1
    return data


#: UPGRADES[n] turns a version-n document into version n + 1.
UPGRADES: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {0: _v0_to_v1}


def upgrade(data: dict[str, Any]) -> dict[str, Any]:
    """Bring a parsed document of any known older version up to SCHEMA_VERSION, step by step.

    >>> upgrade({"title": "Old", "question": "Hoe?"})["meta"]
    {'title': 'Old'}
    """
    version = data.get("schema_version", 0)
    if not isinstance(version, int) or isinstance(version, bool) or version < 0:
        raise WerkatelierError(f"schema_version must be a whole number, not {version!r}")
    if version > SCHEMA_VERSION:
        raise WerkatelierError(
            f"This session was saved by a newer Werkatelier (schema version {version}; "
            f"this one reads up to {SCHEMA_VERSION}). Update Werkatelier to open it"
        )
    while version < SCHEMA_VERSION:
        data = UPGRADES[version](data)
        version += 1
    return data


# --- reading and writing ----------------------------------------------------------------------

def from_data(data: Any) -> Session:
    """A Session from parsed JSON, upgraded and validated; WerkatelierError if it is not one."""
    if not isinstance(data, dict):
        kind = "null" if data is None else type(data).__name__
        kind = {"list": "a list", "str": "a string", "int": "a number", "float": "a number"}.get(
            kind, kind)
        raise WerkatelierError(f"A session must be a JSON object, but this file holds {kind}")
    data = upgrade(data)
    try:
        return Session.model_validate(data)
    except ValidationError as e:
        error = e
    except RecursionError:
        raise WerkatelierError("This file is nested too deeply to be a session") from None
    # Sessions saved before the model refused control characters may hold them: reading one
    # takes them out, so no file the store once accepted becomes one it cannot open.
    if any(d.get("type") == "string_pattern_mismatch" for d in error.errors()):
        try:
            return Session.model_validate(_without_controls(data))
        except ValidationError as e:
            error = e
        except RecursionError:
            raise WerkatelierError("This file is nested too deeply to be a session") from None
    raise WerkatelierError("This is not a valid session", explain(error)) from None


_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f]")
_BREAKS = re.compile(r"\r\n?|[\x0b\x0c]")


def _without_controls(value: Any) -> Any:
    """Parsed JSON with line breaks as newlines and no other C0 control characters in any string."""
    if isinstance(value, str):
        return _CONTROLS.sub("", _BREAKS.sub("\n", value)) if _CONTROLS.search(value) else value
    if isinstance(value, dict):
        return {k: _without_controls(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_without_controls(v) for v in value]
    return value


def loads(raw: str | bytes, *, max_bytes: int = MAX_DOCUMENT_BYTES) -> Session:
    """Parse a session document from JSON text.

    >>> loads('{"meta": {"title": " Team 6 "}}').meta.title
    'Team 6'
    """
    if len(raw) > max_bytes:
        raise WerkatelierError(
            f"The file is {len(raw) / 1e6:.1f} MB; sessions larger than "
            f"{max_bytes / 1e6:.0f} MB are refused")
    if isinstance(raw, bytes):
        try:
            raw = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise WerkatelierError("The file is not UTF-8 text") from None
    if not raw.strip():
        raise WerkatelierError("The file is empty")
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as e:
        raise WerkatelierError(
            f"The file is not valid JSON (line {e.lineno}, column {e.colno}: {e.msg})") from None
    except RecursionError:
        raise WerkatelierError("The file is nested too deeply to be a session") from None
    return from_data(data)


def to_data(doc: Session) -> dict[str, Any]:
    return doc.model_dump(mode="json")


def dumps(doc: Session) -> str:
    """The canonical JSON text: sorted keys and two-space indents, so files diff cleanly."""
    return json.dumps(to_data(doc), indent=2, sort_keys=True, ensure_ascii=False) + "\n"
