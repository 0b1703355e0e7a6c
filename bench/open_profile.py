"""Where a fresh open of the 1,000-post-it map goes: a timeline of one open in Chromium.

Not a benchmark with a target (bench/app.py --fresh-open is): a look inside a fresh open of the
map page's link, the canvas-only page, the floor app and bare vis-network, each after a warm
visit, so the figures of bench/app.py can be taken apart. For each page, in ms from navigation
start: the document's own marks (DOMContentLoaded, load), when Streamlit's websocket opened and
when its messages arrived (with the bytes of the largest), when the canvas's Network was made and
when it (or bare vis-network) had drawn; the larger files fetched; then, from a CPU profile
of the page's main thread (Chrome DevTools Protocol), the busy time per script file.

Run: ``.venv/bin/python bench/open_profile.py [rounds]``.
"""

from __future__ import annotations

import collections
import contextlib
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(HERE), str(ROOT), str(ROOT / "tests")]

from bare_vis import DRAWN as BARE_DRAWN  # noqa: E402
from bare_vis import serve_bare  # noqa: E402
from browser_support import CHROMIUM, CHROMIUM_ARGS, IDLE  # noqa: E402
from render import make_session  # noqa: E402

from app import start_servers  # noqa: E402  (bench/app.py, first on the path)
from werkatelier.store import FileStore  # noqa: E402

DRAWN = """n => { const c = (window.__werkatelierCanvas || {}).map_canvas;
    return !!c && c.nodes.length === n && c.edges.length === c.held.edges.size && c.edges.length > 0
        && (c.root.dataset.drawn | 0) > 0; }"""

#: Runs before any of the page's scripts: marks on window.__open.
HOOKS = """
(() => {
  const marks = window.__open = { marks: {} };
  const mark = (name) => { if (!(name in marks.marks)) marks.marks[name] = performance.now(); };
  document.addEventListener("DOMContentLoaded", () => mark("domcontentloaded"));
  window.addEventListener("load", () => mark("load"));
  // The canvas registers itself here when its Network is made (canvas.js create()).
  window.__werkatelierCanvas = new Proxy({}, {
    set: (t, k, v) => { mark("canvas_made"); t[k] = v; return true; } });
  const raf = () => {
    const c = (window.__werkatelierCanvas || {}).map_canvas;
    if (c && (c.root.dataset.drawn | 0) > 0) mark("canvas_drawn");
    else if (window.__bare && window.__bare.drawn > 0) mark("bare_drawn");
    else requestAnimationFrame(raf);
  };
  requestAnimationFrame(raf);
})();
"""


def one_open(context, url: str, ready, n: int = 1_000) -> dict:
    page = context.new_page()
    page.add_init_script(HOOKS)
    frames: list[tuple[float, int]] = []

    def listen(ws) -> None:
        if "/_stcore/stream" in ws.url:
            ws.on("framereceived", lambda payload: frames.append(
                ((time.perf_counter() - start) * 1000, len(payload))))
    page.on("websocket", listen)
    cdp = context.new_cdp_session(page)
    cdp.send("Profiler.enable")
    cdp.send("Profiler.setSamplingInterval", {"interval": 200})
    cdp.send("Profiler.start")
    start = time.perf_counter()
    page.goto(url)
    page.wait_for_function(ready, arg=n, polling=20, timeout=120_000)
    took = (time.perf_counter() - start) * 1000
    profile = cdp.send("Profiler.stop")["profile"]
    marks = page.evaluate("() => window.__open")
    nav = page.evaluate("() => performance.getEntriesByType('navigation')[0].toJSON()")
    resources = page.evaluate("""() => performance.getEntriesByType('resource').map(r => [r.name, r.startTime,
        r.responseEnd, r.transferSize, r.encodedBodySize])""")
    page.close()
    marks["ws"] = frames
    return {"took": took, "marks": marks, "nav": nav, "resources": resources, "cpu": cpu_by_file(profile)}


def cpu_by_file(profile: dict) -> list[tuple[str, float]]:
    """Self time (ms) per script file of a CPU profile, busiest first."""
    nodes = {n["id"]: n for n in profile["nodes"]}
    deltas = profile.get("timeDeltas", [])
    by: collections.Counter[str] = collections.Counter()
    for sample, dt in zip(profile.get("samples", []), [*deltas[1:], 0], strict=False):
        frame = nodes[sample]["callFrame"]
        url = frame.get("url") or ""
        by[url.rsplit("/", 1)[-1][:60] or frame.get("functionName") or "?"] += dt / 1000
    return [(k, round(v, 1)) for k, v in by.most_common(12)]


def show(name: str, r: dict) -> None:
    print(f"\n== {name}: ready after {r['took']:.0f} ms (wall, from goto)")
    nav = r["nav"]
    print(f"   document: response end {nav['responseEnd']:.0f}, DOMContentLoaded "
          f"{nav['domContentLoadedEventEnd']:.0f}, load {nav['loadEventEnd']:.0f}")
    for k, v in sorted(r["marks"]["marks"].items(), key=lambda kv: kv[1]):
        print(f"   {v:8.0f} {k}")
    ws = r["marks"]["ws"]
    if ws:
        big = sorted(ws, key=lambda m: -m[1])[:3]
        print(f"   Streamlit's websocket (ms from goto): {len(ws)} messages, first at {ws[0][0]:.0f}, "
              f"last at {ws[-1][0]:.0f}; largest "
              + ", ".join(f"{s:,} B at {t:.0f}" for t, s in big))
    for name_, st, end, _size, body in sorted(r["resources"], key=lambda x: x[1]):
        if body > 20_000 or "canvas" in name_ or "vis-network" in name_:
            print(f"   {st:8.0f}-{end:6.0f} {body:>9,} B {name_.rsplit('/', 1)[-1][:70]}")
    print("   main-thread CPU by file (ms): " + ", ".join(f"{k} {v}" for k, v in r["cpu"]))


def main() -> int:
    from playwright.sync_api import sync_playwright

    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 1
    root = Path(tempfile.mkdtemp(prefix="bench-profile-"))
    store = FileStore(root)
    sid = store.add(make_session(1_000)).id
    with contextlib.ExitStack() as servers:
        app_url, canvas_url, floor_url = start_servers(
            servers, root, (HERE / "app_canvas_only.py", HERE / "app_floor.py"), "bench-profile")
        bare_url = servers.enter_context(serve_bare(store.get(sid)))
        floor_ready = f"n => !!document.querySelector('{IDLE}') && !!document.querySelector('button')"
        pages = {"map page": (f"{app_url}/kaart?session={sid}", DRAWN),
                 "canvas alone": (f"{canvas_url}/?session={sid}", DRAWN),
                 "floor": (floor_url, floor_ready),
                 "bare vis-network": (bare_url, BARE_DRAWN)}
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            context = browser.new_context(viewport={"width": 1920, "height": 1080})
            # A first visit after a server start lands on Streamlit's "Page not found" modal on any
            # page but the start page (streamlit/streamlit#9992).
            page = context.new_page()
            page.goto(pages["map page"][0])
            page.wait_for_selector(IDLE, state="attached", timeout=600_000)
            page.close()
            for url, ready in pages.values():  # warm
                page = context.new_page()
                page.goto(url)
                page.wait_for_function(ready, arg=1_000, polling=50, timeout=120_000)
                page.close()
            for _ in range(rounds):
                for name, (url, ready) in pages.items():
                    show(name, one_open(context, url, ready))
            browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
