"""Benchmark: the map page's rerun time and bytes, next to a one-widget floor and the usual pyvis page.

Each figure is measured next to its comparison, in the same run:

1. Server-side rerun time (AppTest, median): the map page of the real app (app.py with its
   sidebar, on ``pages/map.py``) at 300, 1,000 and 3,000 stakeholders, next to the floor
   (``bench/app_floor.py``, one button) and the baseline (``bench/app_pyvis.py``: the session
   through networkx, ``Network.from_nx``, ``generate_html`` and ``st.components.v1.html``).
   AppTest compiles every script again on every run (a fresh ``ScriptCache`` each time), which
   a running server does once; for the main figures all three apps get one shared cache, as on
   the server. The AppTest-as-is figures at 300 are shown too. "unchanged" reruns change
   nothing; "changed" reruns follow a move stored meanwhile, so the map is built again. "page
   alone" is the time inside ``pages/map.py`` itself, without the app shell around it.
2. Bytes the browser receives over the websocket (Playwright ``framereceived``) for a rerun
   in which nothing changed (the "r" shortcut, the same trigger for both apps), map page
   against baseline, both served by ``streamlit run`` and driven by Chromium; and for a rerun
   after a post-it was moved in the store, so both have a changed map to send. Both for the
   whole page and for the map element alone. Streamlit's message cache sends an element the
   browser got in the last two runs as a 74-byte reference, so the baseline's unchanged rerun
   is a few hundred bytes whatever its map; the target is checked as worded (whole pages),
   and the canvas element is also compared with the baseline's map element as it is sent
   when the cache does not have it (its bytes at load: a new tab, or after two runs without it).
3. Time from navigation to a drawn map of 1,000 stakeholders (until vis-network holds every
   post-it and every relation and has drawn them), in one warm browser, two ways:
   - in the app: a click on "Stakeholderkaart" in the sidebar's page list (``st.navigation``) on
     the session page, the way a facilitator gets to the map; checked against 2 s;
   - a fresh open of the map's link in a new tab (a reload, a shared ``?session=`` link), checked
     against bare vis-network drawing the same post-its and relations (``bench/bare_vis.py``: a
     plain HTML page with the vendored bundle and the same vis data, physics off, served locally),
     in the same run: within 1.5x of it. Next to them, loaded the same way: the floor app's button
     (Streamlit's own fixed cost of a fresh open) and ``bench/app_canvas_only.py``, the same canvas
     of the same map with nothing else on the page. The four are opened in turn, round after
     round, so a busy moment of the machine falls on all of them alike. Also the bytes the map
     page's fresh open receives over the websocket: all of them, and the canvas element's.

Run: ``.venv/bin/python bench/app.py``; ``--fresh-open`` runs only the fresh open (part 3's
second half). Ends with one JSON line of the figures; exit status 1 when a target is missed.
"""

from __future__ import annotations

import contextlib
import gc
import json
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(HERE), str(ROOT), str(ROOT / "tests")]

from bare_vis import DRAWN as BARE_DRAWN  # noqa: E402
from bare_vis import serve_bare  # noqa: E402
from browser_support import CHROMIUM, CHROMIUM_ARGS, IDLE, serve  # noqa: E402  (tests/browser_support.py)
from playwright.sync_api import TimeoutError as PlaywrightTimeout  # noqa: E402
from render import make_session  # noqa: E402  (bench/render.py: placed, clustered, 3 relations each)
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg  # noqa: E402
from streamlit.runtime.scriptrunner.script_cache import ScriptCache  # noqa: E402
from streamlit.testing.v1 import app_test, local_script_runner  # noqa: E402
from streamlit.testing.v1.app_test import AppTest  # noqa: E402

from components import state  # noqa: E402
from components.launch import pages_by_navigation_only  # noqa: E402
from werkatelier.ops import MoveStakeholders  # noqa: E402
from werkatelier.store import ENV_DATA_DIR, FileStore  # noqa: E402

SIZES = (300, 1_000, 3_000)
RUNS = {300: 15, 1_000: 9, 3_000: 5}
#: The baseline takes about a second at 1,000 and several at 3,000 per rerun.
BASELINE_RUNS = {300: 5, 1_000: 3, 3_000: 3}
FLOOR_RUNS = 30
BROWSER_RUNS = 5
TARGET_FLOOR_RATIO = 5.0  # map page at 300 within 5x the floor
TARGET_SPEEDUP = 20.0  # at 3,000 at least 20x faster than the baseline
TARGET_BYTES_SHARE = 0.02  # an unchanged rerun sends less than 2% of the baseline's bytes
TARGET_DRAWN_S = 2.0  # in-app navigation to a drawn map of 1,000
TARGET_BARE_RATIO = 1.5  # the map's fresh open within 1.5x of bare vis-network drawing the same map
APP = ROOT / "app.py"
FLOOR = HERE / "app_floor.py"
BASELINE = HERE / "app_pyvis.py"
CANVAS_ONLY = HERE / "app_canvas_only.py"
#: Drawn: vis-network holds all n post-its and every relation the page was sent, and has drawn.
DRAWN = """n => { const c = (window.__werkatelierCanvas || {}).map_canvas;
    return !!c && c.nodes.length === n && c.edges.length === c.held.edges.size && c.edges.length > 0
        && (c.root.dataset.drawn | 0) > 0; }"""
WAIT_MS = 600_000


# --- server-side rerun time ---------------------------------------------------------------------

@contextlib.contextmanager
def compiled_once():
    """AppTest with one bytecode cache for all runs, as a running server keeps it."""
    shared = ScriptCache()
    saved = app_test.ScriptCache, local_script_runner.ScriptCache
    app_test.ScriptCache = local_script_runner.ScriptCache = lambda: shared
    try:
        yield
    finally:
        app_test.ScriptCache, local_script_runner.ScriptCache = saved


#: Seconds spent in the map page's own script (``pages/map.py``) on each run, inside app.py's.
PAGE_SECONDS: list[float] = []


@contextlib.contextmanager
def timing_the_page(url_path: str = "kaart"):
    """Time the page script app.py runs through st.navigation, so the page's own share of a
    rerun shows apart from the app around it (navigation, sidebar, undo, language)."""
    from streamlit.navigation.page import StreamlitPage

    original = StreamlitPage.run

    def run(page: StreamlitPage) -> None:
        start = time.perf_counter()
        try:
            original(page)
        finally:
            if page.url_path == url_path:
                PAGE_SECONDS.append(time.perf_counter() - start)
    StreamlitPage.run = run
    try:
        yield
    finally:
        StreamlitPage.run = original


def median_rerun(at: AppTest, runs: int, before: Callable[[], None] | None = None) -> float:
    """Median seconds of ``at.run()``; ``before`` (not timed) runs ahead of each."""
    times = []
    PAGE_SECONDS.clear()
    for _ in range(runs):
        if before:
            before()
        gc.collect()
        start = time.perf_counter()
        at.run()
        times.append(time.perf_counter() - start)
        assert not at.exception, at.exception
    return statistics.median(times)


def map_page(sid: str) -> AppTest:
    """The real app on the map page, as a browser that opened the session has it."""
    at = AppTest.from_file(str(APP), default_timeout=600)
    at.session_state[state.SESSION] = sid
    at.session_state[state.LANG] = "nl"
    at.run()
    at.switch_page("pages/map.py").run()
    assert not at.exception, at.exception
    return at


def baseline_page(sid: str) -> AppTest:
    os.environ["BENCH_SESSION"] = sid
    at = AppTest.from_file(str(BASELINE), default_timeout=600).run()
    assert not at.exception, at.exception
    return at


def mover(store: FileStore, sid: str) -> Callable[[], None]:
    """Each call moves the first post-it a little further: a new revision, the rest unchanged."""
    first = store.get(sid).stakeholders[0]
    steps = iter(range(1, 1_000_000))

    def move() -> None:
        store.apply(sid, MoveStakeholders(positions={first.id: (first.x + 10 * next(steps), first.y)}))
    return move


def apptest_figures(root: Path, sessions: dict[int, str]) -> dict[str, object]:
    store = FileStore(root)
    raw_floor = median_rerun(AppTest.from_file(str(FLOOR)).run(), FLOOR_RUNS)
    raw_map = median_rerun(map_page(sessions[300]), RUNS[300])
    out: dict[str, object] = {"as_apptest_runs_it_300": {
        "floor_ms": round(raw_floor * 1000, 2), "map_ms": round(raw_map * 1000, 1),
        "x_floor": round(raw_map / raw_floor, 2)}}
    print(f"AppTest as it is (every script compiled on every run): floor {raw_floor * 1000:.1f} ms, "
          f"map at 300 {raw_map * 1000:.1f} ms = {raw_map / raw_floor:.1f}x")
    with compiled_once(), timing_the_page():
        t_floor = median_rerun(AppTest.from_file(str(FLOOR)).run(), FLOOR_RUNS)
        out["floor_ms"] = round(t_floor * 1000, 2)
        print(f"compiled once, as on the server: floor (one button) {t_floor * 1000:.1f} ms per rerun\n")
        print(f"{'stakeholders':>12} {'map':>10} {'x floor':>8} {'page alone':>11} {'x floor':>8} "
              f"{'map changed':>12} {'baseline':>10} {'speed-up':>9} {'changed':>8}")
        for n, sid in sessions.items():
            at = map_page(sid)
            t_map = median_rerun(at, RUNS[n])
            t_page = statistics.median(PAGE_SECONDS)
            t_changed = median_rerun(at, RUNS[n], before=mover(store, sid))
            t_base = median_rerun(baseline_page(sid), BASELINE_RUNS[n])
            row = {"map_ms": round(t_map * 1000, 1), "map_changed_ms": round(t_changed * 1000, 1),
                   "page_script_ms": round(t_page * 1000, 1), "page_x_floor": round(t_page / t_floor, 2),
                   "baseline_ms": round(t_base * 1000, 1), "x_floor": round(t_map / t_floor, 2),
                   "speedup": round(t_base / t_map, 1), "speedup_changed": round(t_base / t_changed, 1)}
            out[str(n)] = row
            print(f"{n:>12,} {row['map_ms']:>8.1f}ms {row['x_floor']:>7.2f}x {row['page_script_ms']:>9.1f}ms "
                  f"{row['page_x_floor']:>7.2f}x "
                  f"{row['map_changed_ms']:>10.1f}ms {row['baseline_ms']:>8.0f}ms {row['speedup']:>8.1f}x "
                  f"{row['speedup_changed']:>7.1f}x", flush=True)
    return out


# --- the browser --------------------------------------------------------------------------------

def rerun(page) -> None:
    """The "r" shortcut, then wait until the rerun has finished and its last messages are in."""
    page.keyboard.press("r")
    # A quick rerun may start and end between two polls.
    with contextlib.suppress(PlaywrightTimeout):
        page.wait_for_selector("[data-test-script-state=running]", state="attached", timeout=5_000)
    page.wait_for_selector(IDLE, state="attached", timeout=WAIT_MS)
    page.wait_for_timeout(1500)


def element_path(frames: list[bytes], is_map: Callable[[ForwardMsg], bool]) -> tuple[int, ...] | None:
    """Where in the page the map element sits (its delta path), from the frames of a first load."""
    for raw in frames:
        msg = ForwardMsg()
        msg.ParseFromString(raw)
        if msg.WhichOneof("type") == "delta" and msg.delta.WhichOneof("type") == "new_element" \
                and is_map(msg):
            return tuple(msg.metadata.delta_path)
    return None


def bytes_at(frames: list[bytes], path: tuple[int, ...] | None) -> int:
    """Bytes of the frames for the element at ``path``: the element itself, or Streamlit's
    reference to it when the browser has it cached already."""
    total = 0
    for raw in frames:
        msg = ForwardMsg()
        msg.ParseFromString(raw)
        if tuple(msg.metadata.delta_path) == path and msg.WhichOneof("type") in ("delta", "ref_hash"):
            total += len(raw)
    return total


def is_canvas(msg: ForwardMsg) -> bool:
    element = msg.delta.new_element
    return element.WhichOneof("type") == "bidi_component" and \
        element.bidi_component.component_name == "werkatelier.canvas"


def is_iframe(msg: ForwardMsg) -> bool:
    return msg.delta.new_element.WhichOneof("type") == "iframe"


def rerun_bytes(context, url: str, ready: Callable, change: Callable[[], None],
                is_map: Callable[[ForwardMsg], bool]) -> dict[str, int]:
    """Bytes the browser receives for a rerun that changes nothing, then for one after a change:
    all of them, and those of the map element alone."""
    page = context.new_page()
    received: list[bytes] = []

    def listen(ws) -> None:
        ws.on("framereceived", lambda payload: received.append(
            bytes(payload) if isinstance(payload, bytes | bytearray) else payload.encode()))
    page.on("websocket", listen)
    page.goto(url)
    page.wait_for_selector(IDLE, state="attached", timeout=WAIT_MS)
    ready(page)
    page.wait_for_timeout(1500)  # trailing messages of the first run
    path = element_path(received, is_map)
    out = {"load": sum(map(len, received)), "load_map": bytes_at(received, path)}
    received.clear()
    rerun(page)
    out.update(unchanged=sum(map(len, received)), unchanged_frames=len(received),
               unchanged_map=bytes_at(received, path))
    change()
    received.clear()
    rerun(page)
    out.update(changed=sum(map(len, received)), changed_map=bytes_at(received, path))
    page.close()
    return out


def navigation_time(context, url: str, ready: Callable, n: int = BROWSER_RUNS) -> list[float]:
    times = []
    for _ in range(n):
        page = context.new_page()
        start = time.perf_counter()
        page.goto(url)
        ready(page)
        times.append(time.perf_counter() - start)
        page.close()
    return times


def in_app_navigation_time(context, url: str, page_path: str, ready: Callable) -> list[float]:
    """From a click on ``page_path`` in the sidebar's page list of the page at ``url`` until ``ready``."""
    times = []
    for _ in range(BROWSER_RUNS):
        page = context.new_page()
        page.goto(url)
        page.wait_for_selector(IDLE, state="attached", timeout=WAIT_MS)
        link = page.locator(f'[data-testid="stSidebarNav"] a[href*="/{page_path}"]')
        link.wait_for(timeout=WAIT_MS)
        start = time.perf_counter()
        link.click()
        ready(page)
        times.append(time.perf_counter() - start)
        page.close()
    return times


def drawn_map(page) -> None:
    page.wait_for_function(DRAWN, arg=1_000, timeout=WAIT_MS, polling=20)


def bare_drawn(page) -> None:
    page.wait_for_function(BARE_DRAWN, arg=1_000, timeout=WAIT_MS, polling=20)


def floor_drawn(page) -> None:
    page.wait_for_selector(IDLE, state="attached", timeout=WAIT_MS)
    page.get_by_role("button", name="Opnieuw").wait_for(timeout=WAIT_MS)


def runs(times: list[float]) -> str:
    return f"median of {len(times)}: {', '.join(f'{t:.2f}' for t in times)}"


def opening_bytes(context, url: str) -> dict[str, int]:
    """Bytes the map page's fresh open receives over Streamlit's websocket: all, and the canvas
    element's."""
    page = context.new_page()
    received: list[bytes] = []

    def listen(ws) -> None:
        if "/_stcore/stream" in ws.url:  # Streamlit's, not the live room's socket (live.js)
            ws.on("framereceived", lambda payload: received.append(
                bytes(payload) if isinstance(payload, bytes | bytearray) else payload.encode()))
    page.on("websocket", listen)
    page.goto(url)
    drawn_map(page)
    page.wait_for_selector(IDLE, state="attached", timeout=WAIT_MS)
    page.wait_for_timeout(1000)  # trailing messages of the first run
    page.close()
    canvas = bytes_at(received, element_path(received, is_canvas))
    return {"open_bytes": sum(map(len, received)), "open_canvas_bytes": canvas}


def fresh_open_figures(context, app_url: str, canvas_url: str, floor_url: str, bare_url: str,
                       sid: str) -> dict[str, object]:
    """A fresh open of the 1,000-post-it map's link in a new tab, against bare vis-network drawing the
    same map, the canvas alone and the floor, opened in turn, BROWSER_RUNS rounds."""
    pages = {"map": (f"{app_url}/kaart?session={sid}", drawn_map),
             "bare": (bare_url, bare_drawn),
             "canvas_only": (f"{canvas_url}/?session={sid}", drawn_map),
             "floor": (floor_url, floor_drawn)}
    for url, ready in pages.values():  # warm: first imports, the browser's cache of the bundles
        navigation_time(context, url, ready, 1)
    times: dict[str, list[float]] = {name: [] for name in pages}
    for _ in range(BROWSER_RUNS):
        for name, (url, ready) in pages.items():
            times[name] += navigation_time(context, url, ready, 1)
    med = {name: statistics.median(t) for name, t in times.items()}
    out: dict[str, object] = {f"{name}_fresh_open_s": round(med[name], 3) for name in pages}
    out.update({f"{name}_fresh_open_all_s": [round(t, 3) for t in times[name]] for name in pages})
    out["map_x_bare"] = round(med["map"] / med["bare"], 2)
    out["canvas_only_x_bare"] = round(med["canvas_only"] / med["bare"], 2)
    out["floor_x_bare"] = round(med["floor"] / med["bare"], 2)
    out.update(opening_bytes(context, pages["map"][0]))
    print(f"\na fresh open of the 1,000-post-it map's link in a new tab, until every post-it and relation "
          f"is in vis-network and drawn:"
          f"\n  the map page:                   {med['map']:.2f} s ({runs(times['map'])})"
          f"\n  bare vis-network, the same map: {med['bare']:.2f} s ({runs(times['bare'])})"
          f"\n  the map page / bare vis-network: {out['map_x_bare']:.2f}x (target {TARGET_BARE_RATIO}x)"
          f"\n  the canvas alone on a page:     {med['canvas_only']:.2f} s = "
          f"{out['canvas_only_x_bare']:.2f}x bare ({runs(times['canvas_only'])})"
          f"\n  the floor app's button:         {med['floor']:.2f} s = {out['floor_x_bare']:.2f}x bare "
          f"({runs(times['floor'])}): Streamlit's own fresh open, no map"
          f"\n  bytes over the websocket on the map page's fresh open: {out['open_bytes']:,} B, of which the "
          f"canvas element {out['open_canvas_bytes']:,} B", flush=True)
    return out


def start_servers(servers: contextlib.ExitStack, root: Path, scripts: tuple[Path, ...],
                  what: str = "bench-app") -> list[str]:
    """``werkatelier run`` on ``root`` and ``streamlit run`` of each of ``scripts`` beside it, for as
    long as ``servers`` holds them: their URLs, the app's first."""
    env = {ENV_DATA_DIR: str(root), "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false"}
    logs = Path(tempfile.mkdtemp(prefix=f"{what}-logs-"))
    urls = [servers.enter_context(serve(
        [sys.executable, "-m", "werkatelier", "--data-dir", str(root), "run", "--port", "{port}"],
        "werkatelier run", logs / "app.log", env))]
    urls += [servers.enter_context(serve(
        [sys.executable, "-m", "streamlit", "run", str(script), "--server.port", "{port}"],
        script.name, logs / f"{script.stem}.log", env)) for script in scripts]
    return urls


def fresh_open_only(root: Path, sid: str) -> dict[str, object]:
    """Just the fresh open: the app, the canvas-only and floor pages and bare vis-network."""
    from playwright.sync_api import sync_playwright

    with contextlib.ExitStack() as servers:
        app_url, floor_url, canvas_url = start_servers(servers, root, (FLOOR, CANVAS_ONLY))
        bare_url = servers.enter_context(serve_bare(FileStore(root).get(sid)))
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            context = browser.new_context(viewport={"width": 1920, "height": 1080})
            # A first visit after a server start lands on Streamlit's "Page not found" modal on any
            # page but the start page (streamlit/streamlit#9992).
            page = context.new_page()
            page.goto(f"{app_url}/kaart?session={sid}")
            page.wait_for_selector(IDLE, state="attached", timeout=WAIT_MS)
            page.close()
            out = fresh_open_figures(context, app_url, canvas_url, floor_url, bare_url, sid)
            browser.close()
    return out


def browser_figures(root: Path, sessions: dict[int, str]) -> dict[str, object]:
    from playwright.sync_api import sync_playwright

    with contextlib.ExitStack() as servers:
        app_url, base_url, floor_url, canvas_url = start_servers(servers, root,
                                                                 (BASELINE, FLOOR, CANVAS_ONLY))
        store = FileStore(root)
        out: dict[str, object] = {}
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            context = browser.new_context(viewport={"width": 1920, "height": 1080})
            # A first visit after a server start lands on Streamlit's "Page not found" modal on any
            # page but the start page (streamlit/streamlit#9992) and pays for first imports.
            for url in (f"{app_url}/kaart?session={sessions[300]}", f"{base_url}/?session={sessions[300]}",
                        floor_url, f"{canvas_url}/?session={sessions[300]}"):
                page = context.new_page()
                page.goto(url)
                page.wait_for_selector(IDLE, state="attached", timeout=WAIT_MS)
                page.close()
            print(f"\n{'':>12} {'unchanged rerun, whole page':^38}   {'after a move, whole page':^24}   "
                  f"{'the map element alone: unchanged / after a move':^47}")
            print(f"{'stakeholders':>12} {'map page':>11} {'baseline':>11} {'share':>8}   "
                  f"{'map page':>11} {'baseline':>11}   {'map page':>23} {'baseline':>23}")
            for n, sid in sessions.items():
                m = rerun_bytes(context, f"{app_url}/kaart?session={sid}",
                                lambda page, n=n: page.wait_for_function(DRAWN, arg=n, timeout=WAIT_MS),
                                mover(store, sid), is_canvas)
                b = rerun_bytes(context, f"{base_url}/?session={sid}",
                                lambda page: page.wait_for_selector("iframe", timeout=WAIT_MS),
                                mover(store, sid), is_iframe)
                row = {"map_bytes": m["unchanged"], "map_frames": m["unchanged_frames"],
                       "baseline_bytes": b["unchanged"], "baseline_frames": b["unchanged_frames"],
                       "share": round(m["unchanged"] / b["unchanged"], 4),
                       "map_changed_bytes": m["changed"], "baseline_changed_bytes": b["changed"],
                       "map_load_bytes": m["load"], "baseline_load_bytes": b["load"],
                       "canvas_unchanged_bytes": m["unchanged_map"],
                       "iframe_unchanged_bytes": b["unchanged_map"],
                       "canvas_changed_bytes": m["changed_map"], "iframe_changed_bytes": b["changed_map"],
                       "canvas_load_bytes": m["load_map"], "iframe_load_bytes": b["load_map"],
                       "canvas_share_of_iframe": round(m["unchanged_map"] / b["load_map"], 5)}
                out[str(n)] = row
                print(f"{n:>12,} {m['unchanged']:>9,} B {b['unchanged']:>9,} B {100 * row['share']:>7.1f}%   "
                      f"{m['changed']:>9,} B {b['changed']:>9,} B   "
                      f"{m['unchanged_map']:>9,} / {m['changed_map']:>9,} B {b['unchanged_map']:>9,} / "
                      f"{b['changed_map']:>9,} B", flush=True)
            shares = (f"{100 * out[str(n)]['canvas_share_of_iframe']:.2f}% at {n:,}" for n in sessions)
            print("the canvas element of an unchanged rerun, against the baseline's map element as sent "
                  "without the cache: " + ", ".join(shares))
            in_app = in_app_navigation_time(context, f"{app_url}/sessie?session={sessions[1_000]}", "kaart",
                                            drawn_map)
            out["drawn_1000_in_app_s"] = round(statistics.median(in_app), 2)
            out["drawn_1000_in_app_all_s"] = [round(t, 2) for t in in_app]
            print(f"\nnavigation to a drawn map of 1,000 (every post-it and relation in vis-network, drawn):"
                  f"\n  in the app (sidebar link on the session page): {out['drawn_1000_in_app_s']:.2f} s "
                  f"({runs(in_app)})")
            with serve_bare(store.get(sessions[1_000])) as bare_url:
                out.update(fresh_open_figures(context, app_url, canvas_url, floor_url, bare_url,
                                              sessions[1_000]))
            browser.close()
    return out


def main() -> int:
    root = Path(tempfile.mkdtemp(prefix="bench-app-"))
    os.environ[ENV_DATA_DIR] = str(root)
    store = FileStore(root)
    if "--fresh-open" in sys.argv[1:]:
        load = os.getloadavg()
        figures = {"browser": fresh_open_only(root, store.add(make_session(1_000)).id)}
        ratio = figures["browser"]["map_x_bare"]
        checks = {"fresh_open_1000_within_1_5x_bare_vis": ratio <= TARGET_BARE_RATIO}
        return report(figures, checks, load)
    sessions = {n: store.add(make_session(n)).id for n in SIZES}
    load = os.getloadavg()
    # AppTest turns the pages/-folder mode back on before every run; run pages as the server does.
    with pages_by_navigation_only():
        figures: dict[str, object] = {"apptest": apptest_figures(root, sessions)}
    figures["browser"] = browser_figures(root, sessions)
    at, br = figures["apptest"], figures["browser"]
    checks = {
        "map_300_within_5x_floor": at["300"]["x_floor"] <= TARGET_FLOOR_RATIO,
        "speedup_3000_at_least_20x": at["3000"]["speedup"] >= TARGET_SPEEDUP,
        "unchanged_rerun_bytes_below_2pct": all(br[str(n)]["share"] < TARGET_BYTES_SHARE for n in SIZES),
        "drawn_1000_under_2s_in_app": br["drawn_1000_in_app_s"] < TARGET_DRAWN_S,
        "fresh_open_1000_within_1_5x_bare_vis": br["map_x_bare"] <= TARGET_BARE_RATIO,
    }
    return report(figures, checks, load)


def report(figures: dict[str, object], checks: dict[str, bool], load: tuple[float, float, float]) -> int:
    figures["load_average_at_start"] = [round(x, 2) for x in load]
    figures["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    figures["targets"] = checks
    print(f"\nload average (1, 5, 15 min) at start {load[0]:.1f} {load[1]:.1f} {load[2]:.1f} on "
          f"{os.cpu_count()} cores")
    print("\n".join(f"{'ok    ' if ok else 'MISSED'} {name}" for name, ok in checks.items()))
    print(json.dumps(figures, sort_keys=True))
    return 0 if all(checks.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
