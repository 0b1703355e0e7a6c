"""The werkatelier command: what a user sees on stdout and stderr, and what lands (or not) on disk."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from netserve import free_port, health, stop_group

from werkatelier import cli, demo, document, ops
from werkatelier.store import ENV_DATA_DIR, FileStore

PYTHON = sys.executable
#: The console script pip installs next to the interpreter (the README's .venv/bin/werkatelier).
SCRIPT = Path(sys.executable).with_name("werkatelier")
ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$")
UNKNOWN = "s_000000000000"


@pytest.fixture
def data(root, tmp_path, monkeypatch) -> Path:
    """The data dir, chosen through the environment, with the working directory elsewhere."""
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    return root


@pytest.fixture
def run(capsys):
    def run(*argv: str) -> tuple[int, str, str]:
        code = cli.main(list(argv))
        out, err = capsys.readouterr()
        return code, out, err
    return run


def tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() if p.is_file() else b"<dir>"
            for p in sorted(root.rglob("*"))}


def assert_one_sentence(err: str) -> None:
    assert "Traceback" not in err
    assert err.startswith("werkatelier: ")
    assert err.endswith("\n") and err.count("\n") == 1, err


# --- new, show, list --------------------------------------------------------------------------

def test_new_prints_only_an_id_that_show_then_finds(data, run):
    code, out, err = run("new", "Team 6 — eenzaamheid")
    assert (code, err) == (0, "")
    new_id = out.removesuffix("\n")
    assert ID.match(new_id) and out == new_id + "\n"
    code, out, err = run("show", new_id)
    assert (code, err) == (0, "")
    assert out.splitlines()[0] == "Team 6 — eenzaamheid"
    assert f"id {new_id}" in out


def test_list_json_holds_every_session_with_its_title(data, run):
    ids = {run("new", title)[1].strip(): title for title in ("Eerste", "Tweede")}
    code, out, _ = run("list", "--json")
    assert code == 0
    listed = {s["id"]: s["title"] for s in json.loads(out)}
    assert listed == ids


def test_list_says_when_there_are_no_sessions(data, run):
    code, out, _ = run("list")
    assert code == 0
    assert out == f"No sessions yet in {data}.\n"
    assert json.loads(run("list", "--json")[1]) == []


def test_list_names_a_session_it_cannot_read_and_lists_the_rest(data, run):
    broken = run("new", "Kapot")[1].strip()
    run("new", "Heel")
    (data / broken / "session.json").write_text('{"meta": ', encoding="utf-8")
    code, out, err = run("list")
    assert code == 0
    assert "Heel" in out and "Kapot" not in out
    assert_one_sentence(err)
    assert f"Session {broken} is not listed because it cannot be read" in err


def test_list_groups_by_programme_and_team(data, run, small_session):
    store = cli.open_store(data)
    for team, title in (("6", "Team 6 eerste"), ("2", "Team 2"), ("6", "Team 6 tweede")):
        doc = small_session.model_copy(deep=True)
        doc.meta.title, doc.meta.team, doc.meta.programme = title, team, "Eenzaamheid"
        store.add(doc)
    code, out, _ = run("list")
    lines = out.splitlines()
    assert code == 0
    assert lines.count("Eenzaamheid / team 6") == 1 and lines.count("Eenzaamheid / team 2") == 1
    start = lines.index("Eenzaamheid / team 6")
    team6 = lines[start + 1:start + 3]
    assert all(line.startswith("  ") for line in team6)
    assert sorted("eerste" in line for line in team6) == [False, True]


def test_show_json_is_the_document_exactly(data, run, small_session):
    stored = cli.open_store(data).add(small_session)
    code, out, _ = run("show", stored.id, "--json")
    assert code == 0
    assert out == document.dumps(cli.open_store(data).get(stored.id))
    assert document.loads(out).stakeholders == stored.stakeholders


def test_show_text_names_the_stakeholders_and_their_cluster(data, run, small_session):
    stored = cli.open_store(data).add(small_session)
    out = run("show", stored.id)[1]
    assert "Kleine kaart" in out
    assert "Woningcorporatie  (Wonen; influence 5, interest 4, attitude +1)" in out


def test_data_dir_option_wins_over_the_environment_before_or_after_the_command(data, run, tmp_path):
    other = tmp_path / "other"
    first = run("--data-dir", str(other), "new", "Elders")[1].strip()
    second = run("new", "Ook elders", "--data-dir", str(other))[1].strip()
    assert {s["id"] for s in json.loads(run("--data-dir", str(other), "list", "--json")[1])} == {
        first, second}
    assert json.loads(run("list", "--json")[1]) == []


# --- history and restore ----------------------------------------------------------------------

def test_a_restore_makes_a_new_revision_with_the_old_content(data, run, small_session):
    store = cli.open_store(data)
    stored = store.add(small_session)
    before = store.get(stored.id)
    op = ops.DeleteStakeholder(id="sh_zorg")
    after = store.apply(stored.id, op)
    assert after.revision > before.revision

    code, out, _ = run("history", stored.id)
    assert code == 0
    revisions = [int(line.split()[0]) for line in out.splitlines()]
    assert revisions == sorted(revisions) and revisions[-1] == after.revision
    assert op.op in out.splitlines()[-1]

    code, out, _ = run("restore", stored.id, str(before.revision))
    assert code == 0
    restored = store.get(stored.id)
    assert restored.revision == after.revision + 1
    assert out == f"Revision {before.revision} of {stored.id} restored as revision {restored.revision}.\n"
    assert [s.id for s in restored.stakeholders] == [s.id for s in before.stakeholders]
    assert len(run("history", stored.id)[1].splitlines()) == len(revisions) + 1


# --- validate ---------------------------------------------------------------------------------

def test_validate_accepts_a_good_file_and_writes_nothing(data, run, tmp_path, small_session):
    good = tmp_path / "goed.json"
    good.write_text(document.dumps(small_session), encoding="utf-8")
    before = tree(tmp_path)
    code, out, err = run("validate", str(good))
    assert (code, err) == (0, "")
    assert out.startswith(f"{good}: a valid session, 'Kleine kaart'")
    assert tree(tmp_path) == before


def _deep() -> str:
    return '{"meta": {"title": "x"}, "stakeholders": ' + "[" * 10_000 + "]" * 10_000 + "}"


BAD_FILES = {
    "truncated": ('{"meta": {"title": "Team 6"}, "stakeholders": [{"na', "not valid JSON (line 1"),
    "empty": ("", "The file is empty"),
    "null": ("null", "holds null"),
    "list": ("[]", "holds a list"),
    "wrong types": (json.dumps({"meta": {"title": "x"},
                                "stakeholders": [{"name": "a", "influence": "veel"}]}),
                    "stakeholders[0].influence"),
    "newer schema": (json.dumps({"schema_version": 99, "meta": {"title": "x"}}), "newer Werkatelier"),
    "dangling": (json.dumps({"meta": {"title": "x"}, "stakeholders": [{"id": "a", "name": "A"}],
                             "relations": [{"source": "a", "target": "nobody"}]}),
                 "'nobody', which does not exist"),
    "duplicate ids": (json.dumps({"meta": {"title": "x"}, "clusters": [{"id": "c", "name": "C"},
                                                                        {"id": "c", "name": "D"}]}),
                      "'c' is used twice"),
    "20 MB string": (json.dumps({"meta": {"title": "x" * 20_000_000}}), "meta.title"),
    "nested 10000 deep": (_deep(), "nested too deeply"),
    "id ../x": (json.dumps({"id": "../x", "meta": {"title": "x"}}), "id: an id is 1 to 64 letters"),
}


@pytest.mark.parametrize("case", BAD_FILES)
def test_validate_refuses_bad_files_with_one_sentence_and_writes_nothing(case, data, run, tmp_path):
    text, reason = BAD_FILES[case]
    bad = tmp_path / "slecht.json"
    bad.write_text(text, encoding="utf-8")
    before = tree(tmp_path)
    code, out, err = run("validate", str(bad))
    assert (code, out) == (2, "")
    assert_one_sentence(err)
    assert str(bad) in err and reason in err
    assert len(err) < 2000
    assert tree(tmp_path) == before


def test_validate_names_a_missing_file(data, run, tmp_path):
    before = tree(tmp_path)
    code, out, err = run("validate", str(tmp_path / "weg.json"))
    assert (code, out) == (2, "")
    assert err == f"werkatelier: {tmp_path / 'weg.json'}: there is no such file.\n"
    assert tree(tmp_path) == before


# --- ids and titles that try to be paths ------------------------------------------------------

def test_a_title_that_looks_like_a_path_is_only_a_title(data, run, tmp_path):
    code, out, _ = run("new", "../../etc/passwd")
    assert code == 0
    new_id = out.strip()
    assert "passwd" not in new_id and "/" not in new_id
    assert run("show", new_id)[1].splitlines()[0] == "../../etc/passwd"
    outside = [p for p in tmp_path.rglob("*") if p.is_file() and data not in p.parents]
    assert outside == []
    assert not (tmp_path / "etc").exists()


@pytest.mark.parametrize("argv", [("show", UNKNOWN), ("show", UNKNOWN, "--json"), ("history", UNKNOWN),
                                  ("restore", UNKNOWN, "0"), ("show", "../x"), ("history", "../../data"),
                                  ("restore", "..", "1")])
def test_unknown_ids_exit_2_and_write_nothing(argv, data, run, tmp_path):
    run("new", "Bestaat wel")
    before = tree(tmp_path)
    code, out, err = run(*argv)
    assert (code, out) == (2, "")
    assert_one_sentence(err)
    assert argv[1] in err
    assert tree(tmp_path) == before


def test_restoring_a_revision_that_does_not_exist_exits_2(data, run):
    new_id = run("new", "Eén versie")[1].strip()
    code, out, err = run("restore", new_id, "99")
    assert (code, out) == (2, "")
    assert_one_sentence(err)
    assert "99" in err


@pytest.mark.parametrize("argv,reason", [((), "COMMAND"), (("frobnicate",), "invalid choice"),
                                         (("new",), "TITLE"), (("restore", "s_1", "twee"), "'twee'"),
                                         (("run", "--port", "99999"), "1 to 65535")])
def test_usage_errors_are_one_sentence(argv, reason, data, run):
    code, out, err = run(*argv)
    assert code == 2
    if argv:
        assert out == ""
        assert_one_sentence(err)
        assert reason in err
    else:
        assert reason in out  # no command at all: the help, so the user sees what there is


# --- through a real process -------------------------------------------------------------------

def test_a_real_process_exits_2_with_one_sentence_and_no_traceback(data, tmp_path):
    bad = tmp_path / "kapot.json"
    bad.write_text('{"meta": ', encoding="utf-8")
    env = {**os.environ, ENV_DATA_DIR: str(data)}
    for argv in (["validate", str(bad)], ["show", UNKNOWN]):
        done = subprocess.run([PYTHON, "-m", "werkatelier", *argv], capture_output=True, text=True,
                              env=env, timeout=60)
        assert (done.returncode, done.stdout) == (2, "")
        assert_one_sentence(done.stderr)
    done = subprocess.run([str(SCRIPT), "new", "Via het script"], capture_output=True, text=True,
                          env=env, timeout=60)
    assert (done.returncode, done.stderr) == (0, "")
    assert json.loads(subprocess.run([str(SCRIPT), "list", "--json"], capture_output=True, text=True,
                                     env=env, timeout=60).stdout)[0]["title"] == "Via het script"


def test_run_seeds_the_demos_and_serves_the_app(tmp_path):
    examples = sorted(demo.EXAMPLES_DIR.glob("*.json"))
    expected = {demo.read_session_file(p).id for p in examples}
    assert expected, f"no demo sessions in {demo.EXAMPLES_DIR}"
    root = tmp_path / "data"
    port = free_port()
    env = {**os.environ, "STREAMLIT_SERVER_HEADLESS": "true"}
    env.pop(ENV_DATA_DIR, None)
    proc = subprocess.Popen([str(SCRIPT), "--data-dir", str(root), "run", "--port", str(port)],
                            cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            start_new_session=True)
    try:
        said = health(port, proc)
    finally:
        output = stop_group(proc)
    assert said == "ok", output
    assert {s.id for s in cli.open_store(root).list()} == expected
    assert demo.is_seeded(root)


def test_run_without_the_app_next_to_the_package_says_so_and_writes_nothing(data, run, tmp_path,
                                                                          monkeypatch):
    monkeypatch.setattr(cli, "APP_PATH", tmp_path / "site-packages" / "app.py")
    before = tree(tmp_path)
    code, out, err = run("run")
    assert (code, out) == (2, "")
    assert_one_sentence(err)
    assert f"The app is missing: {tmp_path / 'site-packages' / 'app.py'} does not exist" in err
    assert tree(tmp_path) == before


# --- demo seeding -----------------------------------------------------------------------------

@pytest.fixture
def examples(tmp_path, small_session) -> Path:
    """Two good demos, the second carried forward from the first, and one broken file."""
    folder = tmp_path / "examples"
    folder.mkdir()
    first = small_session.model_copy(update={"id": "s_demo_eerste"}, deep=True)
    second = small_session.model_copy(update={"id": "s_demo_tweede"}, deep=True)
    second.meta.carried_from = first.id
    (folder / "01-eerste.json").write_text(document.dumps(first), encoding="utf-8")
    (folder / "02-tweede.json").write_text(document.dumps(second), encoding="utf-8")
    (folder / "03-kapot.json").write_text('{"meta": {"title": ', encoding="utf-8")
    (folder / "LEESMIJ.md").write_text("not a session", encoding="utf-8")
    return folder


def test_first_start_adds_the_demos_with_their_ids_and_reports_a_broken_one(tmp_path, examples):
    root = tmp_path / "data"
    store = cli.open_store(root)
    reported: list[str] = []
    added = demo.seed_examples(store, examples, data_dir=root, report=reported.append)
    assert added == ["s_demo_eerste", "s_demo_tweede"]
    assert store.get("s_demo_tweede").meta.carried_from == "s_demo_eerste"
    assert len(reported) == 1 and "03-kapot.json" in reported[0] and "not valid JSON" in reported[0]
    assert demo.is_seeded(root)


def test_demos_a_user_deleted_do_not_come_back(tmp_path, examples):
    root = tmp_path / "data"
    store = cli.open_store(root)
    demo.seed_examples(store, examples, data_dir=root, report=lambda _: None)
    store.delete("s_demo_eerste")
    assert demo.seed_examples(store, examples, data_dir=root) == []
    assert [s.id for s in store.list()] == ["s_demo_tweede"]


def test_seeding_skips_demos_already_there(tmp_path, examples):
    root = tmp_path / "data"
    store = cli.open_store(root)
    store.add(document.loads((examples / "01-eerste.json").read_bytes()), keep_id=True)
    assert demo.seed_examples(store, examples, data_dir=root, report=lambda _: None) == ["s_demo_tweede"]
    assert sorted(s.id for s in store.list()) == ["s_demo_eerste", "s_demo_tweede"]


# --- analyse ----------------------------------------------------------------------------------

def test_analyse_names_brokers_quadrants_and_the_isolated_in_words(data, run, small_session):
    small_session.stakeholders.append(small_session.stakeholders[0].model_copy(
        update={"id": "sh_alone", "name": "Buurtcentrum", "cluster": None}))
    sid = FileStore(data).add(small_session).id
    code, out, err = run("analyse", sid)
    assert code == 0 and err == ""
    # One of the three pairs among the other post-its runs through it: b–c–z.
    assert "Woningcorporatie  0.333  (Wonen, Zorg)" in out
    assert "Isolated (no relation): Buurtcentrum" in out
    assert "Manage closely: Woningcorporatie, Buurtcentrum" in out
    assert "Woningcorporatie – Bewonerscommissie" in out


def test_analyse_json_holds_every_figure_and_an_unknown_id_exits_2(data, run, small_session):
    sid = FileStore(data).add(small_session).id
    code, out, _ = run("analyse", sid, "--json")
    result = json.loads(out)
    assert code == 0
    assert result["power_interest"]["sh_corp"]["quadrant"] == "manage_closely"
    assert result["summary"]["stakeholders"] == 3
    code, out, err = run("analyse", "s_nothere")
    assert code == 2 and out == ""
    assert_one_sentence(err)
