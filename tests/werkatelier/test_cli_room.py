"""`werkatelier room` and `werkatelier run --room`: what the facilitator reads, and where the app listens.

The network address is only ever looked up or listed (``ss -ltn``), never sent to: the tests that
talk to the app do so on 127.0.0.1.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from netserve import free_port, health, listeners, stop_group

from werkatelier import cli, roomnet
from werkatelier.document import WerkatelierError
from werkatelier.rooms import FACILITATOR_PATH, JOIN_PATH, Rooms
from werkatelier.store import ENV_DATA_DIR, FileStore

SCRIPT = Path(sys.executable).with_name("werkatelier")
CODE = re.compile(r"^[0-9A-HJKMNP-TV-Z]{3}-[0-9A-HJKMNP-TV-Z]{3}-[0-9A-HJKMNP-TV-Z]{3}$")


@pytest.fixture
def run(capsys):
    def run(*argv: str) -> tuple[int, str, str]:
        code = cli.main(list(argv))
        out, err = capsys.readouterr()
        return code, out, err
    return run


@pytest.fixture
def lan(monkeypatch) -> str:
    monkeypatch.setattr(roomnet, "lan_address", lambda: "192.168.1.23")
    return "192.168.1.23"


def test_room_prints_the_code_and_the_join_link_and_keeps_them(root, run, lan):
    sid = FileStore(root).create("Wijkaanpak").id
    code, out, err = run("room", sid)
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert len(lines) == 2 and lines[0].startswith("code: ")
    join = lines[0].removeprefix("code: ")
    assert CODE.match(join)
    assert lines[1] == f"join: http://192.168.1.23:8501{JOIN_PATH}?code={join}"
    # The same code the next time, the one the store holds, and another port when asked.
    assert run("room", sid, "--port", "9000")[1].splitlines() == [
        f"code: {join}", f"join: http://192.168.1.23:9000{JOIN_PATH}?code={join}"]
    assert Rooms(FileStore(root)).session_for(join) == sid


def test_room_new_code_replaces_the_old_one(root, run, lan):
    sid = FileStore(root).create("Wijkaanpak").id
    old = run("room", sid)[1].splitlines()[0].removeprefix("code: ")
    code, out, _ = run("room", sid, "--new-code")
    new = out.splitlines()[0].removeprefix("code: ")
    assert code == 0 and CODE.match(new) and new != old
    codes = Rooms(FileStore(root))
    assert codes.session_for(old) is None and codes.session_for(new) == sid


def test_room_honours_data_dir_and_without_a_network_prints_the_code_only(root, run, tmp_path, monkeypatch):
    elsewhere = tmp_path / "elders"
    sid = FileStore(elsewhere).create("Elders").id

    def no_network() -> str:
        raise WerkatelierError("This laptop is not on a network, so phones cannot reach it.")

    monkeypatch.setattr(roomnet, "lan_address", no_network)
    code, out, err = run("--data-dir", str(elsewhere), "room", sid)
    assert code == 0
    assert CODE.match(out.removeprefix("code: ").strip()) and out.count("\n") == 1
    assert err.startswith("werkatelier: No join link: This laptop is not on a network")
    assert Rooms(FileStore(elsewhere)).session_for(out.removeprefix("code: ").strip()) == sid
    assert Rooms(FileStore(root)).session_for(out.removeprefix("code: ").strip()) is None


def test_room_for_an_unknown_session_exits_2_with_one_sentence(root, run, lan):
    code, out, err = run("room", "s_000000000000")
    assert (code, out) == (2, "")
    assert err.startswith("werkatelier: ") and err.count("\n") == 1 and "Traceback" not in err


def test_run_room_without_a_network_exits_2_before_starting(root, run, monkeypatch):
    def no_network() -> str:
        raise WerkatelierError("This laptop is not on a network, so phones cannot reach it.")

    monkeypatch.setattr(roomnet, "lan_address", no_network)
    monkeypatch.setattr(os, "execve", lambda *a: pytest.fail("the app was started"))
    code, out, err = run("run", "--room")
    assert (code, out) == (2, "")
    assert err == "werkatelier: This laptop is not on a network, so phones cannot reach it.\n"


# --- through a real process -------------------------------------------------------------------

def _serve(tmp_path: Path, port: int, *room: str) -> tuple[str, set[str], set[str]]:
    """Start `werkatelier run [--room]`; its output, the listeners while it runs and after it stops."""
    env = {**os.environ, "STREAMLIT_SERVER_HEADLESS": "true"}
    env.pop(ENV_DATA_DIR, None)
    env.pop(roomnet.ENV_ROOM, None)
    proc = subprocess.Popen([str(SCRIPT), "--data-dir", str(tmp_path / "data"), "run", "--port", str(port),
                             *room], cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            start_new_session=True)
    try:
        health(port, proc)
        # The room opens in the server's start-up, before the health check answers.
        listening = listeners(port)
    finally:
        output = stop_group(proc)
    return output, listening, listeners(port)


def test_run_listens_beyond_loopback_only_with_a_room(tmp_path):
    port = free_port()
    output, listening, after = _serve(tmp_path, port, "--room")
    lines = output.splitlines()
    local = next((x for x in lines if x.startswith("facilitator: ")), None)
    assert local is not None, output
    code = local.rsplit("code=", 1)[1]
    assert local == f"facilitator: http://127.0.0.1:{port}{FACILITATOR_PATH}?code={code}"
    network = next(x for x in lines if x.startswith("facilitator (network): "))
    assert network.endswith(f"{FACILITATOR_PATH}?code={code}")
    assert Rooms(FileStore(tmp_path / "data")).is_facilitator_code(code)
    assert "127.0.0.1" in listening
    beyond = {a for a in listening if not a.startswith("127.")}
    assert beyond and beyond <= {network.split("//")[1].split(":")[0]}, (listening, output)
    assert after == set()

    port = free_port()
    output, listening, _ = _serve(tmp_path, port)
    assert "facilitator" not in output
    assert listening == {"127.0.0.1"}, (listening, output)
