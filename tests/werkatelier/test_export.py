"""Exports: what the written file holds, read back with csv, openpyxl, ElementTree and networkx."""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import date
from pathlib import Path
from xml.etree import ElementTree as ET

import networkx as nx
import pytest
from openpyxl import load_workbook

from werkatelier import cli, document, exporting, importing, privacy
from werkatelier.document import WerkatelierError
from werkatelier.formats import gexf, graphml, kumu, referral, sessionjson, xlsx
from werkatelier.model import (
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
from werkatelier.store import FileStore

SECRET = "Tipgever Zuid"
FORMULA = '=HYPERLINK("http://example.invalid","klik")'


@pytest.fixture
def team6() -> Session:
    """A map with everything an export must carry: clusters, positions, mixed relations,
    a confidential stakeholder and interview, and text that a spreadsheet would run."""
    clusters = [Cluster(id="cl_wonen", name="Wonen", colour="#0072b2", description="huisvesting"),
                Cluster(id="cl_zorg", name="Zorg & welzijn", colour="#d55e00")]
    stakeholders = [
        Stakeholder(id="sh_roch", name="Rochdale", organisation="Rochdale", capacity="aannemer via renovatie",
                    contact_for="renovatie | pilotproject", cluster="cl_wonen", influence=5, interest=4,
                    attitude=1, tags=["corporatie", "Nieuw-West"], x=-120.5, y=40.25),
        Stakeholder(id="sh_roc", name="ROC Amsterdam", capacity="school/begeleiding",
                    contact_for="stageplekken", cluster="cl_zorg", influence=3, interest=4, attitude=2,
                    x=80.0, y=-12.0),
        Stakeholder(id="sh_gem", name="Gemeente Amsterdam", capacity="directeur arbeid", influence=5,
                    interest=2, attitude=-1, notes="Coördinatie via stadsdeel"),
        Stakeholder(id="sh_evil", name=FORMULA, capacity="@SUM(A1)", contact_for="-1+1",
                    notes="+31 20 000 0000", tags=["=cmd"], cluster="cl_wonen", influence=1,
                    attitude=-2),
        Stakeholder(id="sh_tip", name=SECRET, kind="person", capacity="off the record",
                    cluster="cl_zorg", confidential=True, x=5.0, y=5.0),
    ]
    relations = [
        Relation(id="re_1", source="sh_roch", target="sh_roc", kind="werkt samen met", strength=3),
        Relation(id="re_2", source="sh_gem", target="sh_roch", kind="financiert", label="buurtbudget",
                 directed=True),
        Relation(id="re_3", source="sh_tip", target="sh_gem", kind="informeert", directed=True),
    ]
    interviews = [Interview(id="iv_1", interviewee="jongerenwerker", insights=["vertrouwen eerst"],
                            stakeholder_ids=["sh_roc"]),
                  Interview(id="iv_2", interviewee="particulier rechercheur", confidential=True,
                            notes=[f"{SECRET} noemde namen"], stakeholder_ids=["sh_tip"])]
    personas = [Persona(id="pe_1", name="Straatwerker", avatar="SW", wishes=["veiligheid", "steun"],
                        stakeholder_ids=["sh_roc", "sh_tip"], interview_ids=["iv_1", "iv_2"])]
    return Session(
        meta=Meta(title="Team 6 · Werkatelier IV", programme="Innovatiechallenge Leefbare Wijken"),
        clusters=clusters, stakeholders=stakeholders, relations=relations, interviews=interviews,
        personas=personas, rounds=[Round(prompt="Wat is ondermijning?", answers=["drugs", "=1+1"])],
        actions=[Action(action="Sessie met jongeren", who="BajT", when="eind juni")],
        participants=[Participant(name="Faisal", function="wijkprofessional", role="guest")])


def unzip_text(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return "\n".join(z.read(n).decode("utf-8-sig") for n in z.namelist())


def members(data: bytes) -> dict[str, bytes]:
    """A zip's files, less the workbook's creation time."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {n: z.read(n) for n in z.namelist() if n != "docProps/core.xml"}


def text_of(fmt: str, data: bytes) -> str:
    return unzip_text(data) if fmt in ("csv", "xlsx", "kumu") else data.decode("utf-8-sig")


def reimported(data: bytes, name: str) -> Session:
    """An export read back by the importer into a fresh session."""
    doc = Session(meta=Meta(title="terug"))
    importing.plan(doc, importing.read(data, name=name)).apply_to(doc)
    return document.from_data(doc.model_dump(mode="json"))


def map_of(doc: Session) -> dict[str, object]:
    """What a round trip must keep: names, clusters with colours, relations and positions."""
    names = {s.id: s.name for s in doc.stakeholders}
    clusters = {c.id: (c.name, c.colour) for c in doc.clusters}
    return {
        "stakeholders": sorted((s.name, clusters.get(s.cluster or ""), s.x, s.y) for s in doc.stakeholders),
        "relations": sorted((*((names[r.source], names[r.target]) if r.directed
                               else sorted((names[r.source], names[r.target]))),
                             r.kind, r.label, r.directed, r.strength) for r in doc.relations),
    }


# --- confidentiality --------------------------------------------------------------------------

#: The HTML export is render.export_html's, and tested with it.
FILE_FORMATS = sorted(f for f in exporting.EXPORT_FORMATS if f != "html")


@pytest.mark.parametrize("fmt", FILE_FORMATS)
def test_confidential_items_are_left_out_of_every_export_unless_asked(team6, fmt):
    hidden = text_of(fmt, exporting.export(team6, fmt))
    shown = text_of(fmt, exporting.export(team6, fmt, include_confidential=True))
    for secret in (SECRET, "off the record"):
        assert secret not in hidden
        assert secret in shown
    assert "Rochdale" in hidden


def test_json_without_confidential_items_is_still_a_sound_session(team6):
    doc = document.loads(sessionjson.write(team6))
    assert SECRET not in {s.name for s in doc.stakeholders}
    assert [r.id for r in doc.relations] == ["re_1", "re_2"]
    assert [i.id for i in doc.interviews] == ["iv_1"]
    assert (doc.personas[0].stakeholder_ids, doc.personas[0].interview_ids) == (["sh_roc"], ["iv_1"])


def test_json_round_trip_is_exact(team6):
    assert document.loads(exporting.export(team6, "json", include_confidential=True)) == team6


# --- formula injection ------------------------------------------------------------------------

DANGEROUS = tuple("=+-@\t\r")


def test_csv_cells_are_neutralised_and_numbers_stay_numbers(team6):
    with zipfile.ZipFile(io.BytesIO(exporting.export(team6, "csv", lang="en"))) as z:
        assert sorted(z.namelist()) == ["clusters.csv", "relations.csv", "stakeholders.csv"]
        raw = z.read("stakeholders.csv")
    assert raw.startswith(b"\xef\xbb\xbf")  # a BOM, so Excel reads the accents
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    evil = next(r for r in rows if r["id"] == "sh_evil")
    assert evil["name"] == "'" + FORMULA
    assert (evil["capacity"], evil["contact_for"], evil["notes"], evil["tags"]) == (
        "'@SUM(A1)", "'-1+1", "'+31 20 000 0000", "'=cmd")
    assert (evil["influence"], evil["attitude"]) == ("1", "-2")  # numbers, not neutralised text
    gem = next(r for r in rows if r["id"] == "sh_gem")
    assert gem["notes"] == "Coördinatie via stadsdeel"


@pytest.mark.parametrize("fmt", ["xlsx", "kumu"])
def test_xlsx_cells_are_neutralised_text_and_numbers_stay_numbers(team6, fmt):
    wb = load_workbook(io.BytesIO(exporting.export(team6, fmt, lang="en")))
    cells = [c for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value is not None]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    assert not [c.value for c in cells if isinstance(c.value, str) and c.value.startswith(DANGEROUS)]
    assert "'" + FORMULA in {c.value for c in cells}
    ws = wb.worksheets[0]
    header = [c.value for c in ws[1]]
    evil = next(r for r in ws.iter_rows(min_row=2, values_only=True) if r[header.index(
        "name" if fmt == "xlsx" else "Label")] == "'" + FORMULA)
    assert evil[header.index("influence" if fmt == "xlsx" else "Influence")] == 1
    assert evil[header.index("attitude" if fmt == "xlsx" else "Attitude")] == -2


def test_referral_csv_is_neutralised_too(team6):
    rows = list(csv.reader(io.StringIO(referral.table(team6).decode("utf-8-sig")), delimiter=";"))
    assert ["Wonen", "'" + FORMULA, "", "organisatie", "'@SUM(A1)", "'-1+1"] in rows


# --- round trips ------------------------------------------------------------------------------

@pytest.mark.parametrize("fmt,name", [("gexf", "k.gexf"), ("graphml", "k.graphml"), ("xlsx", "k.xlsx"),
                                      ("csv", "k.zip"), ("kumu", "kumu.xlsx"), ("json", "k.json")])
def test_round_trip_keeps_names_clusters_relations_and_positions(team6, fmt, name):
    public = privacy.public_view(team6)
    back = reimported(exporting.export(team6, fmt), name)
    expected, got = map_of(public), map_of(back)
    # A post-it that arrives without a position (Kumu sheets carry none) is placed by the import.
    arrived_unplaced = {n for n, _, x, _ in expected["stakeholders"] if x is None or fmt == "kumu"}
    assert all(x is not None and y is not None for n, _, x, y in got["stakeholders"])

    def positions_kept(rows):
        return [(n, c, None, None) if n in arrived_unplaced else (n, c, x, y) for n, c, x, y in rows]
    assert {**got, "stakeholders": positions_kept(got["stakeholders"])} == \
        {**expected, "stakeholders": positions_kept(expected["stakeholders"])}
    evil = next(s for s in back.stakeholders if s.name == FORMULA)
    assert (evil.capacity, evil.tags, evil.influence, evil.attitude) == ("@SUM(A1)", ["=cmd"], 1, -2)


def test_gexf_holds_viz_positions_colours_and_edge_types(team6):
    root = ET.fromstring(gexf.write(team6))
    ns = {"g": "http://gexf.net/1.3", "viz": "http://gexf.net/1.3/viz"}
    assert root.get("version") == "1.3"
    graph = root.find("g:graph", ns)
    assert graph.get("defaultedgetype") == "directed"
    node = graph.find("g:nodes/g:node[@id='sh_roch']", ns)
    assert node.get("label") == "Rochdale"
    pos = node.find("viz:position", ns)
    assert (float(pos.get("x")), float(pos.get("y"))) == (-120.5, 40.25)
    colour = node.find("viz:color", ns)
    assert (colour.get("r"), colour.get("g"), colour.get("b")) == ("0", "114", "178")
    assert graph.find("g:nodes/g:node[@id='sh_gem']/viz:position", ns) is None  # not placed yet
    edges = {e.get("id"): e.get("type") for e in graph.findall("g:edges/g:edge", ns)}
    assert edges == {"re_1": "undirected", "re_2": None}


def test_graphml_is_read_by_networkx(team6):
    one_way = team6.model_copy(deep=True)
    one_way.relations = [r for r in one_way.relations if r.directed]
    G = nx.read_graphml(io.BytesIO(graphml.write(one_way)))
    assert G.is_directed()
    assert G.nodes["sh_roch"]["label"] == "Rochdale"
    assert (G.nodes["sh_roch"]["x"], G.nodes["sh_roch"]["y"], G.nodes["sh_roch"]["color"]) == (
        -120.5, 40.25, "#0072b2")
    assert G.edges["sh_gem", "sh_roch"]["kind"] == "financiert"
    assert SECRET not in {d["label"] for _, d in G.nodes(data=True)}


def test_gexf_is_read_by_networkx(team6):
    undirected = team6.model_copy(deep=True)
    undirected.relations = [r for r in undirected.relations if not r.directed]
    G = nx.read_gexf(io.BytesIO(gexf.write(undirected)))
    assert not G.is_directed()
    assert G.nodes["sh_roc"]["viz"]["position"]["x"] == 80.0
    assert G.nodes["sh_roc"]["cluster"] == "Zorg & welzijn"
    assert G.edges["sh_roch", "sh_roc"]["kind"] == "werkt samen met"


def test_xlsx_has_one_sheet_per_part(team6):
    wb = load_workbook(io.BytesIO(xlsx.write(team6)))
    assert wb.sheetnames == ["stakeholders", "relations", "clusters", "personas", "interviews", "rounds",
                             "actions", "participants"]
    personas = list(wb["personas"].iter_rows(values_only=True))
    header = personas[0]
    assert personas[1][header.index("wishes")] == "veiligheid\nsteun"
    assert personas[1][header.index("stakeholders")] == "ROC Amsterdam"
    assert [r[1] for r in wb["participants"].iter_rows(min_row=2, values_only=True)] == ["Faisal"]
    answers = next(wb["rounds"].iter_rows(min_row=2, values_only=True))[3]
    assert answers == "drugs\n=1+1"  # only a cell's start can make it a formula


def test_kumu_workbook_has_the_sheets_and_columns_kumu_reads(team6):
    wb = load_workbook(io.BytesIO(kumu.write(team6)))
    assert wb.sheetnames == ["Elements", "Connections"]
    head = [c.value for c in wb["Elements"][1]]
    assert head[:4] == ["Label", "Type", "Description", "Tags"]
    rows = {r[0]: r for r in wb["Elements"].iter_rows(min_row=2, values_only=True)}
    assert rows["Rochdale"][1:4] == ("Organization", None, "corporatie|Nieuw-West")
    conns = list(wb["Connections"].iter_rows(values_only=True))
    assert conns[0][:3] == ("From", "To", "Type")
    assert ("Gemeente Amsterdam", "Rochdale", "financiert", "buurtbudget", "directed") in [
        c[:5] for c in conns]


# --- the referral index -----------------------------------------------------------------------

def test_referral_index_markdown_lists_everyone_by_cluster(team6):
    md = referral.markdown(team6)
    assert md.startswith("# Verwijzingsindex: Team 6 · Werkatelier IV\n")
    assert md.index("## Wonen") < md.index("## Zorg & welzijn") < md.index("## Zonder cluster")
    assert "| Rochdale | aannemer via renovatie | renovatie \\| pilotproject |" in md
    assert "| ROC Amsterdam | school/begeleiding | stageplekken |" in md
    assert "| Gemeente Amsterdam | directeur arbeid | – |" in md
    assert SECRET not in md
    english = referral.markdown(team6, lang="en")
    assert "## No cluster" in english and "| Party | Capacity | Contact for |" in english


def test_referral_index_markdown_keeps_user_text_inert():
    doc = Session(meta=Meta(title="t"), stakeholders=[
        Stakeholder(name="<script>alert(1)</script>", contact_for="[klik](http://x) *nu*")])
    md = referral.markdown(doc)
    assert "<script>" not in md and "[klik](" not in md
    assert "\\<script\\>alert(1)\\</script\\>" in md and "\\*nu\\*" in md


def test_referral_index_csv_groups_rows_by_cluster(team6):
    rows = list(csv.reader(io.StringIO(referral.table(team6).decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["cluster", "naam", "organisatie", "soort", "hoedanigheid", "waarvoor"]
    assert [(r[0], r[1]) for r in rows[1:]] == [
        ("Wonen", "'" + FORMULA), ("Wonen", "Rochdale"), ("Zorg & welzijn", "ROC Amsterdam"),
        ("Zonder cluster", "Gemeente Amsterdam")]


def test_an_empty_map_still_gives_a_referral_index(empty_session):
    assert "Er staan nog geen partijen op de kaart." in referral.markdown(empty_session)
    assert referral.index(empty_session) == []


# --- files ------------------------------------------------------------------------------------

def test_write_export_replaces_the_file_whole(team6, tmp_path):
    out = tmp_path / "kaart.gexf"
    out.write_text("old")
    assert exporting.write_export(team6, "gexf", out) == out
    assert out.read_bytes() == gexf.write(team6)
    assert [p.name for p in tmp_path.iterdir()] == ["kaart.gexf"]
    with pytest.raises(WerkatelierError, match="does not exist"):
        exporting.write_export(team6, "json", tmp_path / "nope" / "x.json")


def test_file_names_come_from_the_title_without_path_parts(team6):
    evil = team6.model_copy(update={"meta": Meta(title="../../etc/passwd")})
    assert exporting.file_name(evil, "gexf", date(2019, 6, 1)) == "etc-passwd-2019-06-01.gexf"
    assert exporting.file_name(team6, "referral", date(2019, 6, 1)) == (
        "team-6-werkatelier-iv-verwijzingsindex-2019-06-01.md")


def test_an_unknown_format_is_refused(team6):
    with pytest.raises(WerkatelierError, match="Unknown export format 'pdf'"):
        exporting.export(team6, "pdf")


def test_exports_leave_the_session_unchanged(team6):
    before = team6.model_copy(deep=True)
    for fmt in FILE_FORMATS:
        exporting.export(team6, fmt)
    assert team6 == before


# --- the command line -------------------------------------------------------------------------

@pytest.fixture
def stored(team6, root) -> tuple[Path, Session]:
    return root, FileStore(root).add(team6, keep_id=True)


def export_cli(capsys, data: Path, *argv: object) -> tuple[int, str, str]:
    code = cli.main(["--data-dir", str(data), "export", *(str(a) for a in argv)])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("fmt,suffix", [
    ("json", ".json"), ("csv", ".zip"), ("xlsx", ".xlsx"), ("kumu", ".xlsx"), ("gexf", ".gexf"),
    ("graphml", ".graphml"), ("referral", ".md"), ("referral", ".csv")])
def test_cli_export_writes_the_file_the_library_makes(capsys, stored, tmp_path, fmt, suffix):
    data, doc = stored
    out_path = tmp_path / f"kaart{suffix}"
    code, out, err = export_cli(capsys, data, doc.id, "--format", fmt, "--out", out_path)
    assert (code, err) == (0, "")
    assert out == f"Wrote {out_path} (confidential items left out).\n"
    expected = exporting.export(doc, "referral-csv" if suffix == ".csv" else fmt)
    if fmt in ("csv", "xlsx", "kumu"):  # zips carry timestamps; compare what they hold
        assert members(out_path.read_bytes()) == members(expected)
    else:
        assert out_path.read_bytes() == expected
    assert SECRET not in text_of("xlsx" if fmt == "kumu" else fmt, out_path.read_bytes())


def test_cli_export_can_include_confidential_items_and_speak_english(capsys, stored, tmp_path):
    data, doc = stored
    out_path = tmp_path / "index.md"
    code, out, _ = export_cli(capsys, data, doc.id, "--format", "referral", "--out", out_path,
                              "--include-confidential", "--lang", "en")
    assert code == 0 and out == f"Wrote {out_path}.\n"
    text = out_path.read_text(encoding="utf-8")
    assert text.startswith("# Referral index: ") and SECRET in text


@pytest.mark.parametrize("argv,message", [
    (["s_000000000000", "--format", "json", "--out", "x.json"], "werkatelier: No session with id"),
    (["{id}", "--format", "pptx", "--out", "x.pptx"], "werkatelier: argument --format: invalid choice"),
    (["{id}", "--out", "x.json"], "werkatelier: the following arguments are required: --format"),
    (["{id}", "--format", "json", "--out", "missing/x.json"],
     "werkatelier: The folder missing does not exist"),
])
def test_cli_export_bad_input_exits_2_and_writes_nothing(capsys, stored, tmp_path, monkeypatch, argv,
                                                         message):
    data, doc = stored
    monkeypatch.chdir(tmp_path)
    before = sorted(p.name for p in tmp_path.iterdir())
    code, out, err = export_cli(capsys, data, *(a.format(id=doc.id) for a in argv))
    assert code == 2 and out == ""
    assert err.startswith(message) and err.count("\n") == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == before


def test_html_export_is_the_rendered_map_without_confidential_items(team6, capsys, stored, tmp_path):
    hidden = exporting.export(team6, "html").decode("utf-8")
    assert hidden.lstrip().lower().startswith("<!doctype html")
    assert "ROC Amsterdam" in hidden and SECRET not in hidden
    assert SECRET in exporting.export(team6, "html", include_confidential=True).decode("utf-8")
    data, doc = stored
    out_path = tmp_path / "kaart.html"
    assert export_cli(capsys, data, doc.id, "--format", "html", "--out", out_path)[0] == 0
    assert "ROC Amsterdam" in out_path.read_text(encoding="utf-8")


def test_xlsx_and_csv_name_sheets_files_and_columns_in_the_language_asked(team6):
    nl = load_workbook(io.BytesIO(exporting.export(team6, "xlsx", lang="nl")))
    assert nl.sheetnames == ["stakeholders", "relaties", "clusters", "persona's", "interviews", "werkrondes",
                             "acties", "deelnemers"]
    assert [c.value for c in nl["acties"][1]] == ["id", "actie", "wie", "wanneer", "status"]
    assert [c.value for c in nl["stakeholders"][1]][:4] == ["id", "naam", "organisatie", "soort"]
    en = load_workbook(io.BytesIO(exporting.export(team6, "xlsx", lang="en")))
    assert en.sheetnames[:3] == ["stakeholders", "relations", "clusters"]
    assert [c.value for c in en["actions"][1]] == ["id", "action", "who", "when", "status"]
    with zipfile.ZipFile(io.BytesIO(exporting.export(team6, "csv", lang="nl"))) as z:
        assert sorted(z.namelist()) == ["clusters.csv", "relaties.csv", "stakeholders.csv"]
        assert z.read("relaties.csv").decode("utf-8-sig").splitlines()[0].startswith("id;van;naar;soort")


@pytest.mark.parametrize(("fmt", "name"), [("xlsx", "kaart.xlsx"), ("csv", "kaart.zip")])
def test_a_dutch_export_imports_back_like_an_english_one(team6, fmt, name):
    dutch = reimported(exporting.export(team6, fmt, lang="nl"), name)
    english = reimported(exporting.export(team6, fmt, lang="en"), name)
    assert map_of(dutch) == map_of(english)
    assert map_of(dutch)
