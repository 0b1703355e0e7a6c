"""Session documents as JSON: reading, upgrading, validating and writing; the one home of session bytes."""

from __future__ import annotations

import gc
import json
import operator
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from typing import Any, get_args, get_origin

from pydantic import BaseModel, ValidationError
from pydantic_core import to_json

from werkatelier import i18n
from werkatelier.model import (
    COLOUR_PATTERN,
    ID_PATTERN,
    NAME_PATTERN,
    SCHEMA_VERSION,
    TEXT_PATTERN,
    Action,
    Cluster,
    Interview,
    Meta,
    Participant,
    Persona,
    Relation,
    Round,
    Session,
    Stakeholder,
)

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


def path_of(loc: tuple[Any, ...]) -> str:
    """Where in a document an error is: ``stakeholders[0].name``, or 'the document'."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out or "the document"


#: Patterns of the model, said in words: a regular expression is no message for a person. Their
#: words are the locale's ``import.invalid.pattern_*``, which an import says in the reader's language.
PATTERN_KEYS = {ID_PATTERN: "id", COLOUR_PATTERN: "colour", TEXT_PATTERN: "text", NAME_PATTERN: "name"}
PATTERN_WORDS = {pattern: i18n.t(f"import.invalid.pattern_{key}", "en")
                 for pattern, key in PATTERN_KEYS.items()}


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
        lines.append(f"{path_of(tuple(e['loc']))}: {msg}{shown}")
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


def _v1_to_v2(data: dict[str, Any]) -> dict[str, Any]:
    """Version 2 adds the live room (lock, timer, votes); a version-1 session has none yet."""
    return {**data, "schema_version": 2}


#: UPGRADES[n] turns a version-n document into version n + 1.
UPGRADES: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {0: _v0_to_v1, 1: _v1_to_v2}


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
    # The ValidationError stays its cause: an import says each problem in the reader's language.
    raise WerkatelierError("This is not a valid session", explain(error)) from error


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


#: Only a file this module wrote at the current version holds this line; for those pydantic
#: may parse the JSON itself, which is faster than json.loads plus validation.
_CANONICAL = f'\n  "schema_version": {SCHEMA_VERSION},\n'
_CANONICAL_BYTES = _CANONICAL.encode()


def loads(raw: str | bytes, *, max_bytes: int = MAX_DOCUMENT_BYTES, where: str | None = None) -> Session:
    """A Session from JSON text; WerkatelierError (naming ``where``, if given) if it is not one.

    >>> loads('{"meta": {"title": " Team 6 "}}').meta.title
    'Team 6'
    """
    marker = _CANONICAL if isinstance(raw, str) else _CANONICAL_BYTES
    if len(raw) <= max_bytes and marker in raw:
        with suppress(ValidationError, ValueError), _gc_paused():
            return Session.model_validate_json(raw)
    try:
        return _loads(raw, max_bytes)
    except WerkatelierError as e:
        if where is None:
            raise
        raise WerkatelierError(f"Cannot open {where}: {e.message}", e.problems) from None


def _loads(raw: str | bytes, max_bytes: int) -> Session:
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
    """The canonical JSON text: sorted keys and two-space indents, so files diff cleanly.

    >>> doc = Session(meta=Meta(title="Wijk"), stakeholders=[Stakeholder(name="A", x=1e-5, y=2.0)])
    >>> dumps(doc) == _standard(doc)
    True
    """
    fast = _fast(doc)
    return _standard(doc) if fast is None else fast.decode("utf-8")


def dump_bytes(doc: Session) -> bytes:
    """Exactly ``dumps(doc)`` as UTF-8 bytes: what a store writes.

    Refuses a session larger than :func:`loads` reads back, so no store ever writes one.
    """
    fast = _fast(doc)
    data = _standard(doc).encode("utf-8") if fast is None else fast
    if len(data) > MAX_DOCUMENT_BYTES:
        raise WerkatelierError(f"This session would be {len(data) / 1e6:.1f} MB; sessions larger than "
                               f"{MAX_DOCUMENT_BYTES / 1e6:.0f} MB are refused")
    return data


def _standard(doc: Session) -> str:
    """The format itself, as the standard library writes it; the fast writer must match it byte for byte."""
    return json.dumps(to_data(doc), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


# --- the fast writer ------------------------------------------------------------------------------
# json.dumps with an indent runs in pure Python; pydantic-core writes the same text in Rust once
# the keys are sorted. Where the two could differ (very small floats, text that is not valid
# Unicode, a pydantic-core that formats otherwise, checked once on first use) the standard
# library writes it.

#: The model of each list part of a session.
PART_MODELS: dict[str, type[BaseModel]] = {
    "participants": Participant, "stakeholders": Stakeholder, "relations": Relation,
    "clusters": Cluster, "personas": Persona, "interviews": Interview, "rounds": Round,
    "actions": Action,
}


class _NotAlike(Exception):
    """A value pydantic-core would format differently from json.dumps."""


def _tiny(v: Any) -> bool:
    # Python writes 1e-05 where pydantic-core writes 0.00001; no other value is written differently.
    return type(v) is float and v != 0.0 and -1e-4 < v < 1e-4


def _sorted(value: Any) -> Any:
    """value with every object's keys in sorted order, as json.dumps(sort_keys=True) writes them."""
    if type(value) is dict:
        return _sorted_dict(value)
    if type(value) is list:
        return _sorted_list(value)
    if _tiny(value):
        raise _NotAlike
    return value


def _sorted_dict(d: dict[str, Any]) -> dict[str, Any]:
    out = {}
    for k in sorted(d):
        v = d[k]
        t = type(v)
        if t is dict:
            v = _sorted_dict(v)
        elif t is list:
            if v:
                v = _sorted_list(v)
        elif t is float and _tiny(v):
            raise _NotAlike
        out[k] = v
    return out


def _sorted_list(items: list[Any]) -> list[Any]:
    return [_sorted(v) for v in items]


def _types_in(annotation: Any) -> Iterator[Any]:
    yield annotation
    for arg in get_args(annotation):
        yield from _types_in(arg)


class _PartWriter:
    """Sorts the dumped items of one part fast: every item has the same flat set of fields.

    A 10,000-post-it map holds some 200,000 values; sorting each item's keys with one
    C-level itemgetter instead of a Python loop over its values is most of the saving.
    """

    def __init__(self, model: type[BaseModel]):
        self.names = sorted(model.model_fields)
        self.get = operator.itemgetter(*self.names)
        kinds = {n: list(_types_in(f.annotation)) for n, f in model.model_fields.items()}
        self.floats = [n for n, ts in kinds.items() if float in ts]
        # A field that can hold an object (or anything) needs the general, recursive sort.
        self.flat = not any(t is Any or t is dict or get_origin(t) is dict
                            or (isinstance(t, type) and issubclass(t, BaseModel))
                            for ts in kinds.values() for t in ts)

    def __call__(self, items: list[Any]) -> list[Any]:
        if not self.flat:
            return _sorted_list(items)
        n, names, get = len(self.names), self.names, self.get
        out = []
        for d in items:
            if type(d) is not dict or len(d) != n:
                return _sorted_list(items)
            out.append(dict(zip(names, get(d))))  # noqa: B905 - lengths checked above
        for name in self.floats:
            for d in items:
                if _tiny(d[name]):
                    raise _NotAlike
        return out


_WRITERS = {part: _PartWriter(model) for part, model in PART_MODELS.items()}


def _sorted_session(data: dict[str, Any]) -> dict[str, Any]:
    out = {}
    for key in sorted(data):
        value = data[key]
        writer = _WRITERS.get(key)
        out[key] = writer(value) if writer is not None and type(value) is list else _sorted(value)
    return out


@contextmanager
def _gc_paused() -> Iterator[None]:
    """No garbage collection while tens of thousands of acyclic objects are made at once.

    Each collection would walk every object the process holds (other cached sessions
    included), which made loading a large map a third slower.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


_alike: bool | None = None


def _fast_bytes(doc: Session) -> bytes:
    with _gc_paused():
        return to_json(_sorted_session(doc.model_dump(mode="json")), indent=2) + b"\n"


def _formats_alike() -> bool:
    """Whether this pydantic-core writes a session byte for byte as the standard library does."""
    global _alike
    if _alike is None:
        text = 'é"\\\x7f\n\t\u2028/👩‍🌾 </script>'
        probe = Session(
            meta=Meta(title=text, event={"name": "WA", "date": "2019-02-07"}),
            question={"text": "Hoe?", "history": [{"text": "Wat?", "when": "2019-02-07T10:00:00+01:00"}]},
            stakeholders=[Stakeholder(id=f"s{i}", name=text, tags=["a", text], x=x, y=-x)
                          for i, x in enumerate((1.5, -0.0, 1e16, 1e-4, 0.1 + 0.2, 1e300, 123456.789))],
            clusters=[Cluster(id="c", name="C")], relations=[Relation(source="s0", target="s1", kind=text)],
            personas=[Persona(name="P", stakeholder_ids=["s0"])],
            interviews=[Interview(interviewee="I", date="2019-02-07")],
            rounds=[Round(prompt="R", answers=[text])],
            actions=[Action(action="A")], participants=[Participant(name="N")])
        try:
            _alike = _fast_bytes(probe) == _standard(probe).encode("utf-8")
        except Exception:  # noqa: BLE001 - any surprise means: use the standard library
            _alike = False
    return _alike


def _fast(doc: Session) -> bytes | None:
    """The canonical bytes written by pydantic-core, several times faster; None where they could differ."""
    if _formats_alike():
        try:
            return _fast_bytes(doc)
        except (_NotAlike, ValueError, TypeError, RecursionError):
            pass
    return None
