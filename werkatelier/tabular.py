"""Shared helpers for spreadsheets and CSV: column aliases, cell parsing, formula neutralising."""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from werkatelier.formats.notes import BadValue, ImportRefused, Note, note

#: Column names accepted on import, per table, after :func:`normalise_header`.
#: The one alias table: Dutch first, then English, then other tools' names (Kumu, Gephi).
STAKEHOLDER_COLUMNS: dict[str, tuple[str, ...]] = {
    "id": ("id",),
    "name": ("naam", "name", "label", "stakeholder", "partij"),
    "organisation": ("organisatie", "organisation", "organization"),
    "kind": ("soort", "type", "kind", "element type"),
    "capacity": ("hoedanigheid", "rol", "capacity", "role"),
    "contact_for": ("waarvoor", "contact for", "waarvoor contact"),
    "cluster": ("cluster", "groep", "group", "modularity class"),
    "influence": ("invloed", "influence", "macht", "power"),
    "interest": ("belang", "interest"),
    "attitude": ("houding", "attitude"),
    "tags": ("tags", "trefwoorden"),
    "notes": ("notities", "notes", "toelichting", "beschrijving", "description", "opmerkingen"),
    "confidential": ("vertrouwelijk", "confidential"),
    "x": ("x",),
    "y": ("y",),
    "colour": ("kleur", "colour", "color"),
}
RELATION_COLUMNS: dict[str, tuple[str, ...]] = {
    "id": ("id",),
    "source": ("van", "from", "source", "bron"),
    "target": ("naar", "to", "target", "doel"),
    "source_id": ("van id", "from id", "source id"),
    "target_id": ("naar id", "to id", "target id"),
    "kind": ("soort", "kind", "type", "connection type", "relatie"),
    "label": ("label",),
    "directed": ("gericht", "directed", "direction", "richting"),
    "strength": ("sterkte", "strength"),
    "notes": ("notities", "notes", "toelichting", "beschrijving", "description", "opmerkingen"),
}
CLUSTER_COLUMNS: dict[str, tuple[str, ...]] = {
    "id": ("id",),
    "name": ("naam", "name", "cluster", "label"),
    "colour": ("kleur", "colour", "color"),
    "description": ("beschrijving", "description", "omschrijving", "toelichting"),
}
#: Sheet names accepted on import, per part.
SHEETS: dict[str, tuple[str, ...]] = {
    "stakeholders": ("stakeholders", "belanghebbenden", "partijen", "actoren", "elements",
                     "elementen", "nodes", "knopen"),
    "relations": ("relations", "relaties", "verbindingen", "connections", "edges", "koppelingen"),
    "clusters": ("clusters",),
}

#: Kind words on import; anything else is kept as a tag.
KIND_WORDS: dict[str, str] = {
    **dict.fromkeys(("person", "persoon", "individu", "individual", "people", "personen"), "person"),
    **dict.fromkeys(("organisation", "organization", "organisatie", "company", "bedrijf",
                     "instelling", "instantie", "org"), "organisation"),
    **dict.fromkeys(("group", "groep", "collectief"), "group"),
}
ATTITUDE_WORDS: dict[str, int] = {
    "zeer positief": 2, "very positive": 2, "positief": 1, "positive": 1,
    "neutraal": 0, "neutral": 0,
    "negatief": -1, "negative": -1, "zeer negatief": -2, "very negative": -2,
}
#: Words for influence and interest, as Kumu maps and workshop sheets often say them.
SCORE_WORDS: dict[str, int] = {
    "zeer laag": 1, "very low": 1, "laag": 2, "low": 2,
    "gemiddeld": 3, "midden": 3, "medium": 3, "hoog": 4, "high": 4, "zeer hoog": 5, "very high": 5,
}
_TRUE = {"1", "ja", "j", "yes", "y", "true", "waar", "x", "directed", "gericht", "→", "->"}
_FALSE = {"0", "nee", "n", "no", "false", "onwaar", "undirected", "ongericht", "mutual", "wederzijds",
          "-", ""}

#: A cell starting with one of these is read as a formula by spreadsheet programs.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: Any) -> Any:
    """A cell value safe to put in CSV or XLSX: text that a spreadsheet would run as a
    formula gets a leading apostrophe; numbers, booleans and None stay what they are.

    >>> neutralise("=HYPERLINK(\\"http://x\\")"), neutralise("-2"), neutralise(-2), neutralise("Wijk")
    ('\\'=HYPERLINK("http://x")', "'-2", -2, 'Wijk')
    """
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def unneutralise(value: str) -> str:
    """Undo :func:`neutralise` on import, so exported files re-import unchanged.

    >>> unneutralise("'=1+1"), unneutralise("'t Hof")
    ('=1+1', "'t Hof")
    """
    if value.startswith("'") and value[1:].startswith(FORMULA_STARTS):
        return value[1:]
    return value


#: Characters that take no room and show nothing: a name of only these counts as empty.
INVISIBLE = "\u00ad\u180e\u200b\u200c\u200d\u200e\u200f\u2060\u2061\u2062\u2063\u2064\ufeff"
#: C0 controls other than tab and newline: no text field of a session holds them. A carriage
#: return, vertical tab or form feed is a line break written another way and becomes one.
CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f]")
_BREAKS = re.compile(r"\r\n?|[\x0b\x0c]")
#: Controls worth a note on import: a carriage return is only Windows' way to end a line.
NOTED_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_EDGES = re.compile(f"^[\\s{INVISIBLE}]+|[\\s{INVISIBLE}]+$")
#: What spreadsheets show for a formula that failed; an error, never a name or a score.
SPREADSHEET_ERRORS = frozenset({"#REF!", "#VALUE!", "#N/A", "#DIV/0!", "#NAME?", "#NULL!", "#NUM!",
                                "#SPILL!", "#CALC!", "#GETTING_DATA", "#FIELD!", "#BLOCKED!",
                                "#CONNECT!", "#BUSY!", "#UNKNOWN!", "#N/A!"})


def clean_text(text: str) -> str:
    """Text as a session may hold it: line breaks as newlines, no other C0 controls, and no
    whitespace or invisible characters (a stray BOM, a zero-width space) at either end.

    >>> clean_text("\\ufeff Zo\\x00\\u00eb\\r\\nDe\\x0bBuurt\\u200b ")
    'Zo\u00eb\\nDe\\nBuurt'
    """
    if CONTROLS.search(text):
        text = CONTROLS.sub("", _BREAKS.sub("\n", text))
    return _EDGES.sub("", text)


def is_error_value(value: Any) -> bool:
    """A spreadsheet's error value such as ``#REF!``, as a cell of a workbook or CSV holds it.

    >>> is_error_value("#DIV/0!"), is_error_value(" #n/a "), is_error_value("#1 in de wijk")
    (True, True, False)
    """
    return isinstance(value, str) and value.strip().upper() in SPREADSHEET_ERRORS


def fold(text: str) -> str:
    """Case-, space- and accent-insensitive form of a name, for matching only.

    >>> fold("  Coöperatie   WOONBOND ") == fold("cooperatie woonbond")
    True
    """
    if text.isascii() and text.isprintable():  # most names: nothing to decompose or remove
        return " ".join(text.casefold().split())
    text = unicodedata.normalize("NFKD", clean_text(text).casefold())
    text = "".join(ch for ch in text if not unicodedata.combining(ch) and ch not in INVISIBLE)
    return " ".join(text.split())


def normalise_header(header: Any) -> str:
    """A column or sheet name as the alias tables spell it.

    >>> normalise_header(" Contact_For "), normalise_header("Hoedanigheid")
    ('contact for', 'hoedanigheid')
    """
    return " ".join(re.sub(r"[_\-.:]+", " ", fold(str(header or ""))).split())


def map_columns(headers: Sequence[Any], table: dict[str, tuple[str, ...]]
                ) -> tuple[dict[str, int], list[str]]:
    """Which column holds which field, and the headers that were not recognised.

    The first column with a known name wins; importers refuse a table where two columns name
    one field (:func:`duplicate_columns`).

    >>> map_columns(["Naam", "Invloed", "Foo", "Name"], STAKEHOLDER_COLUMNS)
    ({'name': 0, 'influence': 1}, ['Foo', 'Name'])
    """
    lookup = {alias: field for field, aliases in table.items() for alias in aliases}
    found: dict[str, int] = {}
    unknown: list[str] = []
    for i, h in enumerate(headers):
        field = lookup.get(normalise_header(h))
        if field is None or field in found:
            if str(h or "").strip():
                unknown.append(str(h).strip())
            continue
        found[field] = i
    return found, unknown


def duplicate_columns(headers: Sequence[Any], table: dict[str, tuple[str, ...]]) -> list[list[str]]:
    """Headers that name a field another header names too, grouped per field: a file that
    says the name twice cannot say which one it means. Repeated columns the import does not
    read are no problem.

    >>> duplicate_columns(["Naam", "Invloed", "Foo", "Name", "Foo"], STAKEHOLDER_COLUMNS)
    [['Naam', 'Name']]
    """
    lookup = {alias: field for field, aliases in table.items() for alias in aliases}
    by_field: dict[str, list[str]] = {}
    for h in headers:
        if (field := lookup.get(normalise_header(h))) is not None:
            by_field.setdefault(field, []).append(str(h).strip())
    return [names for names in by_field.values() if len(names) > 1]


def sheet_part(title: str) -> str | None:
    """Which part of a session a sheet holds, by its name.

    >>> sheet_part("Relaties"), sheet_part("Elements"), sheet_part("Blad1")
    ('relations', 'stakeholders', None)
    """
    key = normalise_header(title)
    return next((part for part, names in SHEETS.items() if key in names), None)


# --- reading cells ----------------------------------------------------------------------------

def cell_text(value: Any) -> str:
    """A cell as trimmed text (see :func:`clean_text`); None and empty are ''. Integral floats
    lose their '.0'."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return unneutralise(clean_text(str(value)))


def parse_number(value: Any) -> float:
    """A number from a cell: 4, "4.0", "+1", "-2", or Dutch "3,5". ValueError if none.

    >>> parse_number("+1"), parse_number(" 3,5 "), parse_number(4)
    (1.0, 3.5, 4.0)
    """
    if isinstance(value, bool):
        raise ValueError
    if isinstance(value, int | float):
        return float(value)
    text = cell_text(value).replace("\u2212", "-").replace(" ", "")
    if _DECIMAL_COMMA.fullmatch(text):
        text = text.replace(",", ".")
    if not _NUMBER.fullmatch(text):
        raise ValueError
    return float(text)


_DECIMAL_COMMA = re.compile(r"[+-]?\d+,\d+")
#: Plain decimal notation only: float() alone would also take "nan", "inf" and "1_000".
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


def parse_score(value: Any, label: str, lo: int, hi: int, words: dict[str, int] | None = None) -> int:
    """A whole-number score within lo..hi (label: its field); :class:`BadValue` saying why otherwise.

    >>> parse_score("4.0", "influence", 1, 5), parse_score("negatief", "attitude", -2, 2, ATTITUDE_WORDS)
    (4, -1)
    >>> parse_score("9", "influence", 1, 5)
    Traceback (most recent call last):
    ...
    werkatelier.formats.notes.BadValue: influence 9 is outside 1 to 5
    """
    text = cell_text(value)
    if words and text and not text[-1].isdigit() and fold(text) in words:
        return words[fold(text)]
    field = note(f"field.{label}")
    try:
        number = parse_number(text if isinstance(value, str) else value)
    except ValueError:
        raise BadValue("score_not_number", field=field, value=text, lo=lo, hi=hi) from None
    if not number.is_integer():
        raise BadValue("score_not_whole", field=field, value=text)
    if not lo <= number <= hi:
        raise BadValue("score_outside", field=field, value=int(number), lo=lo, hi=hi)
    return int(number)


def parse_bool(value: Any, label: str) -> bool:
    """Yes/no from a cell: ja/nee, yes/no, true/false, 1/0, x, directed/undirected.

    >>> parse_bool("Ja", "directed"), parse_bool("undirected", "directed")
    (True, False)
    """
    if isinstance(value, bool):
        return value
    key = fold(cell_text(value))
    if key in _TRUE:
        return True
    if key in _FALSE:
        return False
    raise BadValue("not_yes_or_no", field=note(f"field.{label}"), value=cell_text(value))


def split_tags(value: Any) -> list[str]:
    """Tags from one cell, separated by commas, semicolons, pipes (Kumu) or new lines.

    >>> split_tags("wonen; zorg|veiligheid, ")
    ['wonen', 'zorg', 'veiligheid']
    """
    if isinstance(value, list | tuple):
        parts: Iterable[Any] = value
    else:
        parts = re.split(r"[,;|\n]", cell_text(value))
    out: list[str] = []
    for p in parts:
        t = cell_text(p)
        if t and t not in out:
            out.append(t)
    return out


def parse_colour(value: Any) -> str | None:
    """'#rrggbb' from '#RRGGBB', 'rrggbb', '#rgb' or 'rgb(r, g, b)'; None if it is none of them.

    >>> parse_colour("E69F00"), parse_colour("#0af"), parse_colour("rgb(0, 114, 178)"), parse_colour("red")
    ('#e69f00', '#00aaff', '#0072b2', None)
    """
    text = cell_text(value).lower().replace(" ", "")
    if m := re.fullmatch(r"#?([0-9a-f]{6})", text):
        return "#" + m.group(1)
    if m := re.fullmatch(r"#?([0-9a-f]{3})", text):
        return "#" + "".join(c * 2 for c in m.group(1))
    if m := re.fullmatch(r"rgba?\((\d{1,3}),(\d{1,3}),(\d{1,3})(,[\d.]+)?\)", text):
        return rgb_hex(*(int(g) for g in m.groups()[:3]))
    return None


def rgb_hex(r: Any, g: Any, b: Any) -> str | None:
    """'#rrggbb' from three 0-255 components, or None if they are not that."""
    try:
        parts = [int(float(v)) for v in (r, g, b)]
    except (TypeError, ValueError):
        return None
    if not all(0 <= v <= 255 for v in parts):
        return None
    return "#" + "".join(f"{v:02x}" for v in parts)


# --- CSV --------------------------------------------------------------------------------------

#: Bytes a UTF-16 text starts with (Excel's "Unicode text" and some exports).
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_SURROGATE = re.compile("[\udc80-\udcff]")
_SEP_LINE = re.compile(r"\Asep=(.)[ \t]*(\r\n?|\n|\Z)", re.IGNORECASE)


def decode_text(raw: bytes, name: str) -> tuple[str, str]:
    """The text of a file and how it was read, decided for the whole file:

    - ``utf-8``: it is UTF-8 (with or without BOM);
    - ``utf-8-damaged``: UTF-8 with a few bytes that are not, kept as lone surrogates
      (``surrogateescape``) so the rows holding them can be named and skipped; chosen when
      the file holds at least as many well-formed UTF-8 characters beyond ASCII as bad
      bytes (a Windows-1252 file almost never holds one: it would read as ``Ã«``);
    - ``cp1252``: Windows-1252, as Dutch Excel saves "CSV (gescheiden door lijstscheidingsteken)".

    UTF-16 and text in neither encoding are refused, saying what to do.

    >>> decode_text("Zoë".encode() + b";Caf\\xe9\\n", "k.csv")
    ('Zoë;Caf\\udce9\\n', 'utf-8-damaged')
    >>> decode_text(b"Caf\\xe9", "k.csv")
    ('Café', 'cp1252')
    """
    if raw.startswith(_UTF16_BOMS) or (len(raw) >= 4 and raw[:200].count(b"\x00") * 3 > len(raw[:200])):
        raise ImportRefused("refused_utf16", file=name)
    try:
        return raw.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    text = raw.decode("utf-8-sig", "surrogateescape")
    bad = len(_SURROGATE.findall(text))
    good = sum(1 for ch in text if ch > "\x7f") - bad
    if good and good >= bad:
        return text, "utf-8-damaged"
    try:
        return raw.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        raise ImportRefused("refused_encoding", file=name) from None


def sniff_delimiter(text: str) -> str:
    """The delimiter of a CSV: whichever of ; , or tab occurs most in its first line.

    >>> sniff_delimiter('naam;organisatie;"a, b"\\n'), sniff_delimiter("name,organisation\\n")
    (';', ',')
    """
    first = next((line for line in text.splitlines() if line.strip()), "")
    unquoted = re.sub(r'"[^"]*"', "", first)
    counts = {d: unquoted.count(d) for d in (";", ",", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


@dataclass
class TextTable:
    """The rows of a CSV file, and what a person should know about how it was read."""

    #: (row number as a spreadsheet shows it, cells), blank rows dropped; the header first.
    rows: list[tuple[int, list[str]]] = field(default_factory=list)
    #: About the whole file: the encoding assumed, Excel's ``sep=`` line.
    remarks: list[Note] = field(default_factory=list)
    #: Rows that could not be read, by number, with the reason.
    unreadable: dict[int, Note] = field(default_factory=dict)


def read_csv(raw: bytes, name: str, *, max_rows: int | None = None) -> TextTable:
    """The rows of a CSV file with their row numbers as a spreadsheet shows them (the header
    is row 1); blank rows dropped. Excel's ``sep=;`` first line sets the delimiter and is not
    a row. More than ``max_rows`` rows below the header are refused while reading, so a huge
    file is never held whole.

    >>> read_csv(b"naam;invloed\\r\\n\\r\\nRochdale;5\\r\\n", "k.csv").rows
    [(1, ['naam', 'invloed']), (3, ['Rochdale', '5'])]
    >>> read_csv(b"sep=,\\nnaam,invloed\\nRochdale;Noord,5\\n", "k.csv").rows
    [(2, ['naam', 'invloed']), (3, ['Rochdale;Noord', '5'])]
    """
    text, encoding = decode_text(raw, name)
    out = TextTable()
    offset = 0
    if m := _SEP_LINE.match(text):
        delimiter = m.group(1)
        text = text[m.end():]
        offset = 1
        out.remarks.append(Note(key="sep_line", params={"file": name, "sep": delimiter}))
    else:
        delimiter = sniff_delimiter(text)
    if encoding == "cp1252" and any(ch > "\x7f" for ch in text):
        out.remarks.append(Note(key="encoding_cp1252", params={"file": name}))
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
        for i, row in enumerate(reader, 1 + offset):
            if not any(c.strip() for c in row):
                continue
            if max_rows is not None and len(out.rows) > max_rows:
                raise ImportRefused("refused_rows", file=name, limit=f"{max_rows:,}")
            if encoding == "utf-8-damaged" and any(_SURROGATE.search(c) for c in row):
                bad = sorted({f"{ord(ch) - 0xDC00:02X}" for c in row for ch in _SURROGATE.findall(c)})
                out.unreadable[i] = Note(key="row_not_utf8", params={"bytes": " ".join(bad)})
                row = [_SURROGATE.sub("\ufffd", c) for c in row]
            out.rows.append((i, row))
    except csv.Error as e:
        detail = note("csv_end_of_data") if str(e) == "unexpected end of data" else str(e)
        raise ImportRefused("refused_csv", file=name, detail=detail) from None
    if out.unreadable:
        out.remarks.append(Note(key="encoding_damaged", params={
            "file": name, "rows": _numbers(list(out.unreadable))}))
    return out


def _numbers(rows: list[int], shown: int = 10) -> str:
    """'3, 7, 12' or '3, 7, 12, … (25 rows)' for a note."""
    text = ", ".join(str(r) for r in rows[:shown])
    return text + (f", … ({len(rows)})" if len(rows) > shown else "")


def write_csv(header: Sequence[str], rows: Iterable[Sequence[Any]], *, delimiter: str = ";") -> bytes:
    """CSV bytes for spreadsheets: UTF-8 with a BOM, so Dutch Excel shows accents right,
    every cell neutralised, numbers written as numbers.

    >>> write_csv(["naam", "invloed"], [["=1+1", 4]]).decode("utf-8-sig")
    "naam;invloed\\r\\n'=1+1;4\\r\\n"
    """
    out = io.StringIO()
    w = csv.writer(out, delimiter=delimiter)
    w.writerow(header)
    for row in rows:
        w.writerow(["" if v is None else neutralise(v) for v in row])
    return out.getvalue().encode("utf-8-sig")
