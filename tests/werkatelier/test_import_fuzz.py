"""Issue 14: every reader, fed random bytes and mutated real files, raises nothing but
WerkatelierError, writes nothing when it refuses, and every import it accepts loads back and
validates; a 100,000-row workbook stays within 200 MB."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from werkatelier import document
from werkatelier.document import WerkatelierError
from werkatelier.importing import import_file
from werkatelier.store import FileStore

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "import"


def xlsx(rows: list[list[object]], title: str = "Stakeholders") -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = title
    for r in rows:
        ws.append(r)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


SEEDS: dict[str, bytes] = {
    "csv": (FIXTURES / "dutch_excel.csv").read_bytes(),
    "xlsx": xlsx([["Naam", "Invloed", "Cluster"], ["Gemeente", 5, "Overheid"], ["Wijkraad", 2, "Bewoners"]]),
    "kumu": (FIXTURES / "kumu.json").read_bytes(),
    "kumu-xlsx": xlsx([["Label", "Type"], ["Rochdale", "Organization"]], "Elements"),
    "gexf": (FIXTURES / "map.gexf").read_bytes(),
    "graphml": (FIXTURES / "map.graphml").read_bytes(),
    "json": document.dumps(document.from_data({
        "meta": {"title": "t"}, "stakeholders": [{"id": "sh_a", "name": "A"}, {"id": "sh_b", "name": "B"}],
        "relations": [{"id": "re_1", "source": "sh_a", "target": "sh_b"}]})).encode(),
}
SUFFIX = {"csv": "csv", "xlsx": "xlsx", "kumu": "json", "kumu-xlsx": "xlsx", "gexf": "gexf",
          "graphml": "graphml", "json": "json"}


def tree(root: Path) -> dict[str, bytes]:
    if not root.exists():
        return {}
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


#: What messy files hold: controls, a Windows-1252 byte, spreadsheet errors, invisible
#: characters, delimiters and quotes, markup, numbers that are none, a sep= line, a UTF-16 BOM.
NASTY = [b"\x00", b"\xe9", b"#REF!", "\u200b".encode(), b";", b'"', b"<", b"NaN", b"1e999", b"\r\n",
         b"sep=;\n", b"\xff\xfe"]


@st.composite
def mutated(draw) -> tuple[str, bytes]:
    kind = draw(st.sampled_from(sorted(SEEDS)))
    raw = bytearray(SEEDS[kind])
    for _ in range(draw(st.integers(0, 6))):
        op = draw(st.sampled_from(["flip", "cut", "insert", "dup"]))
        at = draw(st.integers(0, max(0, len(raw) - 1)))
        if op == "flip" and raw:
            raw[at] = draw(st.integers(0, 255))
        elif op == "cut":
            del raw[at:at + draw(st.integers(1, 40))]
        elif op == "insert":
            raw[at:at] = draw(st.sampled_from(NASTY))
        else:
            piece = bytes(raw[at:at + 60])
            raw[at:at] = piece
    return kind, bytes(raw)


def check(store: FileStore, kind: str, raw: bytes) -> None:
    name = f"fuzz.{SUFFIX[kind]}"
    sessions = store.add(document.from_data({"meta": {"title": "bestaand"}})).id
    for into in (None, sessions):
        before = tree(store.root)
        try:
            result = import_file(store, raw, name=name, into=into)
        except WerkatelierError:
            assert tree(store.root) == before  # refused: nothing written
            continue
        sid = result.session_id
        doc = store.get(sid)
        assert document.loads(document.dumps(doc)) == doc
        assert FileStore(store.root).get(sid) == doc  # a fresh store reads it back


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
@given(case=mutated())
def test_mutated_real_files(tmp_path_factory, case):
    check(FileStore(tmp_path_factory.mktemp("fuzz")), *case)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(kind=st.sampled_from(sorted(SEEDS)), raw=st.binary(min_size=1, max_size=400))
def test_random_bytes(tmp_path_factory, kind, raw):
    check(FileStore(tmp_path_factory.mktemp("fuzz")), kind, raw)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cells=st.lists(st.lists(st.text(max_size=12), min_size=1, max_size=5), min_size=1, max_size=8))
def test_random_text_tables(tmp_path_factory, cells):
    raw = "\n".join(";".join(c.replace(";", "").replace('"', "") for c in row) for row in
                    [["naam", "invloed", "belang", "notities"], *cells]).encode("utf-8", "surrogatepass")
    check(FileStore(tmp_path_factory.mktemp("fuzz")), "csv", raw)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(max_size=30))
def test_any_text_in_a_session_json(tmp_path_factory, text):
    data = json.loads(SEEDS["json"])
    data["stakeholders"][0]["name"] = text
    data["stakeholders"][1]["notes"] = text
    check(FileStore(tmp_path_factory.mktemp("fuzz")), "json", json.dumps(data).encode())


WRITE_WORKBOOK = textwrap.dedent('''
    import sys
    from openpyxl import Workbook
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Stakeholders")
    ws.append(["Naam", "Organisatie", "Invloed", "Belang", "Notities"])
    for i in range(100_000):
        ws.append([f"Partij {i}", f"Organisatie {i % 977}", 1 + i % 5, 1 + i % 3, f"Notitie {i}"])
    wb.save(sys.argv[1])
    if sys.argv[2:] == ["--no-dimension"]:  # as some tools write it: the size is then unknown
        import re, shutil, zipfile
        src = sys.argv[1] + ".tmp"
        shutil.move(sys.argv[1], src)
        with zipfile.ZipFile(src) as zin, zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED) as zout:
            for info in zin.infolist():
                data = zin.read(info)
                if info.filename.startswith("xl/worksheets/"):
                    data = re.sub(rb"<dimension[^>]*/>", b"", data)
                zout.writestr(info, data)
''')
IMPORT_WORKBOOK = textwrap.dedent('''
    import resource, sys, tempfile
    from pathlib import Path

    def high_water() -> int:
        """This process's own peak RSS in KiB: VmHWM belongs to the address space exec made,
        where ru_maxrss also counts the parent's peak at fork (the pytest process)."""
        status = Path("/proc/self/status").read_text()
        return int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmHWM:")))

    from werkatelier.document import WerkatelierError
    from werkatelier.importing import import_file
    from werkatelier.store import FileStore
    before = high_water()
    try:
        import_file(FileStore(tempfile.mkdtemp()), sys.argv[1])
        outcome = "handled"
    except WerkatelierError as e:
        outcome = "refused: " + str(e)
    peak = min(high_water(), resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
    print(before, peak, outcome, sep="\\t")
''')


@pytest.mark.parametrize("dimension", ["", "--no-dimension"])
def test_a_100000_row_workbook_stays_within_200_mb(tmp_path, dimension):
    """Peak RSS (KiB) of a fresh process that imports a 100,000-row workbook; the workbook is
    written beforehand by another process. ru_maxrss alone would count pytest's own peak, which
    a child inherits at fork; /proc's VmHWM is the child's own, and the lower of the two is."""
    path = tmp_path / "groot.xlsx"
    subprocess.run([sys.executable, "-c", WRITE_WORKBOOK, str(path), *filter(None, [dimension])],
                   check=True, timeout=300)
    assert path.stat().st_size < 10_000_000  # within the upload cap: the importer itself must cope
    done = subprocess.run([sys.executable, "-c", IMPORT_WORKBOOK, str(path)], capture_output=True,
                          text=True, timeout=300, check=True)
    before, peak, outcome = done.stdout.strip().split("\t")
    print(f"\nworkbook {path.stat().st_size / 1e6:.1f} MB; peak RSS {int(peak) / 1024:.0f} MB "
          f"(after imports, before reading: {int(before) / 1024:.0f} MB); {outcome}")
    assert outcome.startswith("refused: groot.xlsx has more than 10,000 rows")
    assert int(peak) < 200 * 1024
