"""Importing maps: what the session holds afterwards, what the preview says, and what is refused."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from werkatelier import cli, document, importing, palette
from werkatelier.document import WerkatelierError
from werkatelier.importing import OLE2, ImportItems, import_file, plan, read
from werkatelier.model import Cluster, Interview, Meta, Persona, Session, Stakeholder
from werkatelier.ops import NoChange, operation_from_record
from werkatelier.store import FileStore

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "import"


def tree(root: Path) -> dict[str, bytes]:
    """Every file under root with its bytes: equal before and after means nothing was written."""
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def by_name(doc: Session) -> dict[str, Stakeholder]:
    return {s.name: s for s in doc.stakeholders}


def cluster_of(doc: Session, s: Stakeholder) -> str | None:
    c = doc.cluster(s.cluster) if s.cluster else None
    return c.name if c else None


def imported(file_store: FileStore, name: str, **kwargs) -> Session:
    result = import_file(file_store, FIXTURES / name, **kwargs)
    assert result.written
    return file_store.get(result.session_id)


# --- CSV --------------------------------------------------------------------------------------

def test_dutch_excel_csv_windows_1252_semicolons_dutch_headers(file_store):
    doc = imported(file_store, "dutch_excel.csv")
    people = by_name(doc)
    assert set(people) == {"Café de Buurt", "Wijkagent", "Bewonerscommissie"}
    cafe = people["Café de Buurt"]
    assert (cafe.organisation, cafe.capacity, cafe.contact_for) == (
        "Buurthuis", "ontmoetingsplek", "Signalen uit de straat")
    assert (cafe.influence, cafe.interest, cafe.attitude) == (2, 4, 1)  # "positief"
    assert (cafe.x, cafe.y) == (10.5, -3.0)  # a Dutch decimal comma
    assert cafe.tags == ["buurt", "ontmoeting"]
    assert cluster_of(doc, cafe) == cluster_of(doc, people["Bewonerscommissie"]) == "Bewoners"
    agent = people["Wijkagent"]
    assert (agent.kind, agent.attitude, agent.notes) == ("person", 1, "Spreekuur; maandag")
    assert agent.placed  # the file gave no position: the import places it beside the others
    assert (people["Bewonerscommissie"].kind, people["Bewonerscommissie"].influence) == ("group", 3)
    assert doc.meta.title == "dutch_excel"
    assert len(doc.clusters) == 2 and len({c.colour for c in doc.clusters}) == 2


def test_utf8_bom_csv_with_english_headers(file_store):
    doc = imported(file_store, "bom.csv")
    rochdale = by_name(doc)["Rochdale"]
    assert (rochdale.capacity, rochdale.contact_for, rochdale.influence) == ("owner", "renovation", 5)
    assert cluster_of(doc, rochdale) == "Housing"


def test_reimporting_updates_and_creates_no_duplicates(file_store):
    first = imported(file_store, "bom.csv")
    changed = (FIXTURES / "bom.csv").read_bytes().replace(b"Rochdale,Rochdale,owner,Housing,5",
                                                          b"  rochdale ,Rochdale,owner,Housing,2")
    again = import_file(file_store, changed, name="bom.csv", into=first.id)
    doc = file_store.get(first.id)
    assert sorted(s.name for s in doc.stakeholders) == ["ROC Amsterdam", "Rochdale"]
    assert len(doc.clusters) == 2
    assert by_name(doc)["Rochdale"].influence == 2
    assert by_name(doc)["Rochdale"].id == by_name(first)["Rochdale"].id
    assert "update stakeholder 'rochdale' (row 2): influence 5 → 2" in again.plan.preview()
    assert "unchanged stakeholder 'ROC Amsterdam' (row 3)" in again.plan.preview()
    # The same file once more changes nothing at all, so the file_store makes no revision.
    third = import_file(file_store, changed, name="bom.csv", into=first.id)
    assert not third.plan.changes
    assert file_store.get(first.id) == doc
    assert [r.op for r in file_store.history(first.id)][-1] == "import_items"


def test_names_match_across_case_spaces_and_accents():
    doc = Session(meta=Meta(title="t"), stakeholders=[Stakeholder(name="Café de Buurt", influence=1)])
    p = plan(doc, read(b"naam;invloed\n  CAFE   de buurt ;4\n", name="k.csv"))
    assert [r.action for r in p.rows] == ["update"]
    assert p.stakeholder_updates == {doc.stakeholders[0].id: {"influence": 4}}


def test_an_empty_cell_leaves_the_current_value_alone():
    doc = Session(meta=Meta(title="t"), stakeholders=[
        Stakeholder(name="Wijkteam", organisation="Gemeente", influence=4)])
    p = plan(doc, read(b"naam,organisatie,invloed\nWijkteam,,\n", name="k.csv"))
    assert [(r.action, r.name) for r in p.rows] == [("unchanged", "Wijkteam")]


def test_edge_list_creates_the_stakeholders_it_names_and_matches_relations_by_pair_and_kind(file_store):
    doc = imported(file_store, "edges.csv")
    names = {s.id: s.name for s in doc.stakeholders}
    assert sorted(names.values()) == ["Gemeente", "ROC Amsterdam", "Rochdale"]
    rels = {(names[r.source], names[r.target], r.kind, r.directed, r.strength) for r in doc.relations}
    assert rels == {("Rochdale", "ROC Amsterdam", "werkt samen met", False, 3),
                    ("Gemeente", "Rochdale", "financiert", True, 2)}
    # Row 4 is row 2 read the other way round; an undirected relation is the same relation.
    p = import_file(file_store, FIXTURES / "edges.csv", into=doc.id).plan
    assert ("skip relation 'ROC Amsterdam – Rochdale (werkt samen met)' (row 4): "
            "the same relation as row 2") in p.preview()
    assert len(file_store.get(doc.id).relations) == 2 and len(file_store.get(doc.id).stakeholders) == 3


def test_relations_csv_links_existing_stakeholders_by_name(small_session, file_store):
    session = file_store.add(small_session)
    csv = b"van,naar,soort,label\nwoningcorporatie,Wijkteam,financiert,buurtbudget\n"
    result = import_file(file_store, csv, name="relaties.csv", into=session.id)
    doc = file_store.get(session.id)
    assert len(doc.stakeholders) == 3
    new = [r for r in doc.relations if r.kind == "financiert"]
    assert [(r.source, r.target, r.label) for r in new] == [("sh_corp", "sh_zorg", "buurtbudget")]
    assert result.plan.counts() == {"relation": {"add": 1}}


def test_a_bad_row_is_skipped_with_its_row_and_reason_and_the_rest_imports(file_store):
    result = import_file(file_store, FIXTURES / "bad_rows.csv")
    lines = result.plan.preview()
    assert lines[0] == "bad_rows.csv: stakeholders 1 to add, 4 skipped"
    assert "skip stakeholder 'Buurtteam' (row 3): influence 9 is outside 1 to 5" in lines
    assert "skip stakeholder '?' (row 4): it has no name" in lines
    assert ("skip stakeholder 'Jongerenwerk' (row 5): attitude 'misschien' is not a number "
            "from -2 to 2") in lines
    assert "skip stakeholder 'Corporatie' (row 6): influence 4.5 is not a whole number" in lines
    assert [s.name for s in file_store.get(result.session_id).stakeholders] == ["Wijkteam"]


def test_a_relation_to_a_skipped_row_is_skipped_too():
    p = plan(Session(meta=Meta(title="t")), read(
        b"van,naar\nA,B\n", name="r.csv").model_copy(update={"stakeholders": read(
            b"naam,invloed\nA,1\nB,7\n", name="k.csv").stakeholders}))
    assert "skip relation 'A – B' (row 2): 'B' was skipped" in p.preview()
    assert p.new_relations == []


def test_a_graph_file_drops_a_bad_value_and_keeps_the_node_and_its_relations():
    p = plan(Session(meta=Meta(title="t")), read(
        json.dumps({"elements": [{"_id": "a", "attributes": {"label": "A"}},
                                 {"_id": "b", "attributes": {"label": "B", "influence": 7}}],
                    "connections": [{"from": "a", "to": "b"}]}).encode(), name="k.json"))
    assert ("add stakeholder 'B' (element 2): influence 7 is outside 1 to 5; this value is left out"
            in p.preview())
    assert ("toevoegen stakeholder 'B' (element 2): invloed 7 ligt niet tussen 1 en 5; "
            "deze waarde is weggelaten") in p.preview("nl")
    assert len(p.new_relations) == 1


@pytest.mark.parametrize("cell,field,value", [
    ("4", "influence", 4), ("4.0", "influence", 4), ("4,0", "influence", 4), ("+1", "attitude", 1),
    ("-2", "attitude", -2), ("negatief", "attitude", -1), ("Zeer positief", "attitude", 2),
    ("neutraal", "attitude", 0), ("hoog", "interest", 4)])
def test_scores_are_read_from_the_ways_people_type_them(cell, field, value):
    header = {"influence": "invloed", "interest": "belang", "attitude": "houding"}[field]
    p = plan(Session(meta=Meta(title="t")), read(f"naam;{header}\nX;{cell}\n".encode(), name="k.csv"))
    assert getattr(p.new_stakeholders[0], field) == value


def test_a_formula_neutralised_by_our_export_comes_back_as_typed():
    p = plan(Session(meta=Meta(title="t")), read(b"naam\n'=1+1\n'+31 20 123\n't Hof\n", name="k.csv"))
    assert [s.name for s in p.new_stakeholders] == ["=1+1", "+31 20 123", "'t Hof"]


def test_a_csv_without_a_name_column_is_refused_naming_the_file(file_store):
    with pytest.raises(WerkatelierError, match=r"^lijst.csv has no column for the name"):
        import_file(file_store, b"foo;bar\n1;2\n", name="lijst.csv")
    assert file_store.list() == []


def test_text_that_is_neither_utf8_nor_windows_1252_is_refused(file_store):
    with pytest.raises(WerkatelierError, match="neither UTF-8 nor Windows-1252"):
        read(b"naam\n\x81\x8d\n", name="k.csv")


# --- spreadsheets -----------------------------------------------------------------------------

def workbook(sheets: dict[str, list[list[object]]]) -> bytes:
    wb = Workbook()
    wb.remove(wb.active)
    for title, rows in sheets.items():
        ws = wb.create_sheet(title)
        for row in rows:
            ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_kumu_spreadsheet_elements_and_connections(file_store):
    raw = workbook({
        "Elements": [["Label", "Type", "Description", "Tags", "Image"],
                     ["Rochdale", "Organization", "Corporatie in\nNieuw-West", "wonen|eigenaar", "x.png"],
                     ["Faisal", "Person", None, None, None]],
        "Connections": [["From", "To", "Type", "Direction"],
                        ["Rochdale", "Faisal", "werkgever", "directed"],
                        ["Faisal", "Halsema", "kent", None]],
    })
    result = import_file(file_store, raw, name="kumu.xlsx")
    doc = file_store.get(result.session_id)
    people = by_name(doc)
    assert set(people) == {"Rochdale", "Faisal", "Halsema"}
    assert people["Rochdale"].tags == ["wonen", "eigenaar"]
    assert people["Rochdale"].notes == "Corporatie in\nNieuw-West"
    assert people["Faisal"].kind == "person"
    rels = {(r.source, r.target): r for r in doc.relations}
    assert rels[(people["Rochdale"].id, people["Faisal"].id)].directed
    assert rels[(people["Rochdale"].id, people["Faisal"].id)].kind == "werkgever"
    assert rels[(people["Faisal"].id, people["Halsema"].id)].kind == "kent"
    assert "note: sheet 'Elements': columns not imported: Image" in result.plan.preview()
    assert result.plan.summary().startswith("kumu.xlsx: stakeholders 3 added")


def test_workbook_with_dutch_sheet_names_and_extra_sheets(file_store):
    raw = workbook({
        "Uitleg": [["Dit blad is uitleg"], ["en wordt overgeslagen"]],
        "Belanghebbenden": [["Naam", "Invloed", "Cluster"], ["Gemeente", 5, "Overheid"],
                            ["Wijkraad", 2.0, "Bewoners"]],
        "Relaties": [["Van", "Naar", "Sterkte"], ["Gemeente", "Wijkraad", 3]],
    })
    result = import_file(file_store, raw, name="kaart.xlsx", new="Almelo")
    doc = file_store.get(result.session_id)
    assert doc.meta.title == "Almelo"
    assert {s.name: (s.influence, cluster_of(doc, s)) for s in doc.stakeholders} == {
        "Gemeente": (5, "Overheid"), "Wijkraad": (2, "Bewoners")}
    assert [r.strength for r in doc.relations] == [3]
    assert "note: kaart.xlsx: sheets not imported: Uitleg" in result.plan.preview()


def test_a_workbook_without_a_known_sheet_is_refused(file_store):
    with pytest.raises(WerkatelierError, match="kaart.xlsx has no sheet of stakeholders or relations"):
        import_file(file_store, workbook({"Blad1": [["a", "b"], [1, 2]]}), name="kaart.xlsx")
    assert file_store.list() == []


def test_a_zip_that_unpacks_far_beyond_the_cap_is_refused_before_unpacking():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("stakeholders.csv", b"naam\n" + b" " * 5_000_000)
    with pytest.raises(WerkatelierError, match="bomb.xlsx unpacks to 5 MB, which is too large"):
        read(out.getvalue(), name="bomb.xlsx", max_bytes=100_000)


# --- Kumu JSON, GEXF, GraphML ------------------------------------------------------------------

def test_kumu_json_elements_connections_and_map_positions(file_store):
    result = import_file(file_store, FIXTURES / "kumu.json")
    doc = file_store.get(result.session_id)
    assert doc.meta.title == "Wijknetwerk"
    people = by_name(doc)
    assert (people["Rochdale"].x, people["Rochdale"].y) == (100.5, -40.0)  # from the default map
    assert (people["Jongerenwerker"].kind, people["Jongerenwerker"].x) == ("person", -12.0)
    # Not on Kumu's map: placed by the layout when imported, clear of those that are.
    assert people["Wijkteam Noord"].placed
    assert people["Wijkteam Noord"].tags == ["Team"]
    assert people["Rochdale"].tags == ["wonen", "eigenaar"]
    financing = next(r for r in doc.relations if r.kind == "financiert")
    assert (financing.source, financing.target, financing.directed) == (
        people["Rochdale"].id, people["Wijkteam Noord"].id, True)
    lines = result.plan.preview()
    assert ("add stakeholder 'Wijkteam Noord' (element 2): type 'Team' is not person, organisation or "
            "group; kept as a tag") in lines
    assert ("skip relation 'Rochdale – elem-missing' (connection 3): 'elem-missing' is not a node "
            "in this file") in lines
    assert "note: kumu.json: Kumu fields not imported: population" in lines


def test_gexf_keeps_positions_and_turns_colours_into_cluster_colours(file_store):
    result = import_file(file_store, FIXTURES / "map.gexf")
    doc = file_store.get(result.session_id)
    people = by_name(doc)
    assert (people["Gemeente Almelo"].x, people["Gemeente Almelo"].y) == (-120.5, 33.25)
    assert people["Gemeente Almelo"].influence == 5
    assert {c.name: c.colour for c in doc.clusters} == {"Overheid": "#d55e00", "Bewoners": "#009e73"}
    assert cluster_of(doc, people["Huurdersvereniging"]) == "Bewoners"
    rels = {(r.source, r.target): r for r in doc.relations}
    e0 = rels[(people["Gemeente Almelo"].id, people["Wijkraad"].id)]
    assert (e0.kind, e0.label, e0.directed) == ("financiert", "subsidie", True)
    assert not rels[(people["Wijkraad"].id, people["Huurdersvereniging"].id)].directed
    assert ("skip relation 'Huurdersvereniging – Huurdersvereniging' (edge 'e2'): "
            "a relation needs two different stakeholders") in result.plan.preview()


def test_graphml_keeps_positions_and_notes_a_colour_without_a_cluster(file_store):
    result = import_file(file_store, FIXTURES / "map.graphml")
    doc = file_store.get(result.session_id)
    people = by_name(doc)
    assert (people["Stichting Welzijn"].x, people["Stichting Welzijn"].y) == (-5.5, 40.0)
    assert (people["Sportclub"].x, people["Sportclub"].y) == (60.0, -8.25)
    assert "c" in people  # a node without a label is named by its id
    assert doc.clusters == []
    assert ("note: 1 node colour left out: colours are kept as cluster colours, and these rows "
            "name no cluster (or group)") in result.plan.preview()
    directed = {(r.kind, r.directed) for r in doc.relations}
    assert directed == {("werkt samen met", False), ("verwijst naar", True)}


def test_graphml_colour_with_a_group_becomes_the_cluster_colour():
    raw = (b'<graphml xmlns="http://graphml.graphdrawing.org/xmlns">'
           b'<key id="l" for="node" attr.name="label"/><key id="g" for="node" attr.name="group"/>'
           b'<key id="c" for="node" attr.name="color"/><graph edgedefault="undirected">'
           b'<node id="1"><data key="l">A</data><data key="g">Zorg</data><data key="c">#CC79A7</data></node>'
           b'</graph></graphml>')
    p = plan(Session(meta=Meta(title="t")), read(raw, name="g.graphml"))
    assert [(c.name, c.colour) for c in p.new_clusters] == [("Zorg", "#cc79a7")]


def test_clusters_a_file_names_without_colour_get_the_colours_the_map_would_offer():
    existing = Cluster(name="Wonen", colour=palette.PALETTE[0])
    names = [f"Cluster {i}" for i in range(len(palette.PALETTE))]
    raw = ("naam;cluster\n" + "".join(f"Partij {i};{n}\n" for i, n in enumerate(names))).encode()
    p = plan(Session(meta=Meta(title="t"), clusters=[existing]), read(raw, name="k.csv"))
    # The palette's colours not yet on the map first, in its order; then its first variation.
    assert [c.colour for c in p.new_clusters] == [*palette.PALETTE[1:], palette.VARIATIONS[0]]


@pytest.mark.parametrize("name", ["xxe.gexf", "billion_laughs.graphml"])
def test_xml_with_entities_or_a_dtd_is_refused_and_nothing_is_written(file_store, small_session, name):
    session = file_store.add(small_session)
    before = tree(file_store.root)
    for into in (None, session.id):
        with pytest.raises(WerkatelierError) as e:
            import_file(file_store, FIXTURES / name, into=into)
        assert str(e.value).startswith(f"{name} was refused: it declares a DTD or entities")
    assert tree(file_store.root) == before


def test_broken_xml_names_the_line(file_store):
    with pytest.raises(WerkatelierError, match=r"kaart.gexf is not valid XML \(line 2, column"):
        read(b'<gexf version="1.2">\n<graph><nodes></graph>', name="kaart.gexf")


def test_xml_declaring_an_encoding_nobody_knows_is_refused_in_words():
    # Found by the fuzzer (a mutated byte in a Gephi export): it crashed with a LookupError.
    with pytest.raises(WerkatelierError, match="kaart.gexf names an encoding Werkatelier does not know"):
        read(b'<?xml version="1.0" encoding="ATF-8"?>\n<gexf version="1.2"><graph/></gexf>',
             name="kaart.gexf")


def test_a_format_that_does_not_match_the_file_is_refused():
    with pytest.raises(WerkatelierError, match="map.graphml is not a GEXF file"):
        read(FIXTURES / "map.graphml", format="gexf")


def test_the_size_cap_is_checked_before_reading(file_store, tmp_path):
    big = tmp_path / "groot.csv"
    big.write_bytes(b"naam\n" + b"x\n" * 600_000)
    with pytest.raises(WerkatelierError, match=r"^groot.csv is 1.2 MB; imports larger than 1 MB are refused"):
        import_file(file_store, big, max_bytes=1_000_000)
    assert file_store.list() == []


def test_a_missing_file_is_named(file_store):
    with pytest.raises(WerkatelierError, match="nergens.csv does not exist"):
        import_file(file_store, Path("/nonexistent/nergens.csv"))


# --- our own JSON, and the operation ----------------------------------------------------------

def test_session_json_becomes_a_new_session_whole(file_store, small_session):
    small_session.personas.append(Persona(name="Straatwerker", stakeholder_ids=["sh_zorg"]))
    result = import_file(file_store, document.dumps(small_session).encode(), name="team6.json")
    doc = file_store.get(result.session_id)
    assert doc.id != small_session.id
    assert doc.meta.title == "Kleine kaart"
    same = {"id", "revision", "updated"}
    assert doc.model_dump(exclude=same) == small_session.model_dump(exclude=same)
    assert not any("also holds" in line for line in result.plan.preview())


def test_session_json_merged_brings_the_map_and_says_what_it_leaves(file_store, small_session):
    other = small_session.model_copy(deep=True)
    other.stakeholders[0].influence = 1
    other.interviews.append(Interview(interviewee="wijkagent"))
    other.stakeholders.append(Stakeholder(id="sh_new", name="Politie", cluster="cl_zorg"))
    target = file_store.add(small_session, keep_id=True)
    result = import_file(file_store, document.dumps(other).encode(), name="later.json", into=target.id)
    doc = file_store.get(target.id)
    assert len(doc.stakeholders) == 4 and len(doc.clusters) == 2 and len(doc.relations) == 2
    assert by_name(doc)["Woningcorporatie"].influence == 1
    assert cluster_of(doc, by_name(doc)["Politie"]) == "Zorg"
    assert doc.interviews == []
    assert any("also holds 1 interview:" in line for line in result.plan.preview())
    assert any("later.json bevat ook 1 interview:" in line for line in result.plan.preview("nl"))


def test_a_dry_run_writes_nothing_and_still_previews(file_store, small_session):
    session = file_store.add(small_session)
    before = tree(file_store.root)
    result = import_file(file_store, FIXTURES / "bom.csv", into=session.id, dry_run=True)
    assert not result.written and tree(file_store.root) == before
    assert result.plan.counts()["stakeholder"] == {"add": 2}
    new = import_file(file_store, FIXTURES / "bom.csv", dry_run=True)
    assert (new.session_id, new.written) == (None, False) and file_store.list()[0].id == session.id
    assert len(file_store.list()) == 1


def test_the_operation_replans_against_the_latest_revision(small_session):
    """Planned against an old revision, applied to a newer one: still no duplicates."""
    op = ImportItems(parsed=read(b"naam;invloed\nPolitie;4\n", name="k.csv"))
    newer = small_session.model_copy(deep=True)
    newer.stakeholders.append(Stakeholder(name="politie", influence=2))
    summary = op.apply(newer)
    assert [s.influence for s in newer.stakeholders if s.name.casefold() == "politie"] == [4]
    assert summary == "k.csv: stakeholders 1 updated"
    again = operation_from_record(json.loads(json.dumps(op.record())))
    assert isinstance(again, ImportItems) and again == op
    with pytest.raises(NoChange):
        again.apply(newer)


def test_two_stakeholders_with_the_same_name_make_a_row_ambiguous():
    doc = Session(meta=Meta(title="t"), stakeholders=[Stakeholder(name="Wijkteam"),
                                                      Stakeholder(name="wijkteam")])
    p = plan(doc, read(b"naam;invloed\nWijkteam;4\n", name="k.csv"))
    assert p.skipped[0].detail.startswith("2 stakeholders on the map are called 'Wijkteam'")


def test_a_repeated_row_in_one_file_is_merged_once_seen():
    p = plan(Session(meta=Meta(title="t")), read(b"naam;invloed\nWijkteam;4\nWijkteam;2\n", name="k.csv"))
    assert [(r.action, r.detail) for r in p.rows] == [("add", ""), ("merge", "the same stakeholder as row 2")]


def test_read_plan_is_pure(small_session):
    before = small_session.model_copy(deep=True)
    importing.plan(small_session, read(FIXTURES / "edges.csv"))
    assert small_session == before


# --- the command line -------------------------------------------------------------------------

@pytest.fixture
def run(capsys, monkeypatch):
    for name in ("LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")  # the preview's language follows the locale; English here

    def run(*argv: str) -> tuple[int, str, str]:
        code = cli.main([str(a) for a in argv])
        out, err = capsys.readouterr()
        return code, out, err
    return run


def test_cli_import_prints_the_preview_and_the_session_id(run, tmp_path):
    data = tmp_path / "data"
    code, out, err = run("--data-dir", data, "import", FIXTURES / "dutch_excel.csv", "--new", "Team 6")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == "dutch_excel.csv: stakeholders 3 to add; clusters 2 to add"
    doc = FileStore(data).get(lines[-1])
    assert doc.meta.title == "Team 6"
    assert "Café de Buurt" in {s.name for s in doc.stakeholders}

    code, out, _ = run("--data-dir", data, "import", FIXTURES / "bom.csv", "--into", doc.id, "--dry-run")
    assert code == 0
    assert out.splitlines()[-2:] == ["Dry run: nothing was written.", doc.id]
    assert FileStore(data).get(doc.id) == doc

    code, out, _ = run("--data-dir", data, "import", FIXTURES / "bom.csv", "--into", doc.id)
    assert code == 0 and out.splitlines()[-1] == doc.id
    assert len(FileStore(data).get(doc.id).stakeholders) == 5


def test_cli_import_says_its_preview_in_the_language_asked_or_the_locales(run, tmp_path, monkeypatch):
    data = tmp_path / "data"
    code, out, err = run("--data-dir", data, "import", FIXTURES / "bad_rows.csv", "--dry-run", "--lang", "nl")
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        "bad_rows.csv: stakeholders 1 toe te voegen, 4 overgeslagen",
        "toevoegen stakeholder 'Wijkteam' (rij 2)",
        "overslaan stakeholder 'Buurtteam' (rij 3): invloed 9 ligt niet tussen 1 en 5",
        "overslaan stakeholder '?' (rij 4): de rij heeft geen naam",
        "overslaan stakeholder 'Jongerenwerk' (rij 5): houding 'misschien' is geen getal van -2 tot en met 2",
        "overslaan stakeholder 'Corporatie' (rij 6): invloed 4.5 is geen heel getal",
        "let op: Nieuwe stakeholders zonder waarde in het bestand krijgen de standaardwaarde: belang 3 (1×)",
        "Proefimport: er is niets opgeslagen."]
    code, english, _ = run("--data-dir", data, "import", FIXTURES / "bad_rows.csv", "--dry-run")
    assert english.splitlines()[2] == "skip stakeholder 'Buurtteam' (row 3): influence 9 is outside 1 to 5"
    monkeypatch.setenv("LANG", "nl_NL.UTF-8")
    assert run("--data-dir", data, "import", FIXTURES / "bad_rows.csv", "--dry-run")[1] == out
    asked = run("--data-dir", data, "import", FIXTURES / "bad_rows.csv", "--dry-run", "--lang", "en")
    assert asked[1] == english
    old = tmp_path / "oud.xls"
    old.write_bytes(OLE2 + b"\0" * 100)
    code, out, err = run("--data-dir", data, "import", old)
    assert code == 2 and "Excel 97-2003-werkmap (.xls)" in err
    assert not data.exists() or tree(data) == {}


@pytest.mark.parametrize("argv,message", [
    (["import", FIXTURES / "xxe.gexf"], "werkatelier: xxe.gexf was refused: it declares a DTD or entities"),
    (["import", FIXTURES / "map.gexf", "--format", "graphml"], "werkatelier: map.gexf is not a GRAPHML file"),
    (["import", FIXTURES / "nergens.csv"], "werkatelier: nergens.csv does not exist"),
    (["import", FIXTURES / "bom.csv", "--into", "s_000000000000"], "werkatelier: "),
    (["import", FIXTURES / "bom.csv", "--into", "s_000000000000", "--new", "x"],
     "werkatelier: Give either a session to import into or a title for a new one"),
    (["import", FIXTURES / "bom.csv", "--format", "pdf"], "werkatelier: argument --format: invalid choice"),
])
def test_cli_import_of_bad_input_exits_2_with_the_reason_and_writes_nothing(run, tmp_path, argv, message):
    data = tmp_path / "data"
    code, out, err = run("--data-dir", data, *argv)
    assert code == 2 and out == ""
    assert err.startswith(message) and err.count("\n") == 1
    assert not data.exists() or tree(data) == {}


def test_graphml_from_yed_takes_label_geometry_and_fill_from_the_drawing():
    raw = b"""<?xml version="1.0" encoding="UTF-8"?>
<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:y="http://www.yworks.com/xml/graphml">
  <key for="node" id="d6" yfiles.type="nodegraphics"/>
  <key for="edge" id="d10" yfiles.type="edgegraphics"/>
  <graph edgedefault="directed" id="G">
    <node id="n0"><data key="d6"><y:ShapeNode><y:Geometry height="30" width="80" x="120.5" y="-35"/>
      <y:Fill color="#FFCC00" transparent="false"/><y:NodeLabel>Buurtteam</y:NodeLabel>
    </y:ShapeNode></data></node>
    <node id="n1"><data key="d6"><y:ShapeNode><y:Geometry x="0" y="0"/>
      <y:NodeLabel>Wijkagent</y:NodeLabel></y:ShapeNode></data></node>
    <edge id="e0" source="n0" target="n1"><data key="d10"><y:PolyLineEdge>
      <y:EdgeLabel>belt bij zorgen</y:EdgeLabel></y:PolyLineEdge></data></edge>
  </graph>
</graphml>"""
    p = plan(Session(meta=Meta(title="t")), read(raw, name="yed.graphml"))
    assert [(s.name, s.x, s.y) for s in p.new_stakeholders] == [("Buurtteam", 120.5, -35.0),
                                                                ("Wijkagent", 0.0, 0.0)]
    assert [(r.label, r.directed) for r in p.new_relations] == [("belt bij zorgen", True)]
    assert "note: 1 node colour left out" in " ".join(p.preview())


def test_a_relation_naming_a_skipped_row_does_not_bring_it_back():
    raw = workbook({"Elements": [["Label", "Influence"], ["Reid", "enorm"], ["PayPal", 4]],
                    "Connections": [["From", "To"], ["PayPal", "Reid"]]})
    p = plan(Session(meta=Meta(title="t")), read(raw, name="kumu.xlsx"))
    assert [s.name for s in p.new_stakeholders] == ["PayPal"]
    assert "skip relation 'PayPal – Reid' (sheet 'Connections', row 2): 'Reid' was skipped" in p.preview()


def test_cli_import_says_a_refusal_in_the_language_asked(run, tmp_path):
    data = tmp_path / "data"
    empty = tmp_path / "leeg.csv"
    empty.write_bytes(b"\n")
    code, out, err = run("--data-dir", data, "import", empty, "--lang", "nl")
    assert (code, out, err) == (2, "", "werkatelier: leeg.csv is leeg.\n")
    code, out, err = run("--data-dir", data, "import", FIXTURES / "nergens.csv", "--lang", "nl")
    assert (code, err) == (2, "werkatelier: nergens.csv bestaat niet.\n")
    assert run("--data-dir", data, "import", empty, "--lang", "en")[2] == "werkatelier: leeg.csv is empty.\n"
    assert not data.exists() or tree(data) == {}
