"""Two app servers on one PostgreSQL database, a Chromium screen on each: they follow each other.

Each server is `werkatelier run --store URL` in its own process, as behind a load balancer. Each
post-it typed on the first server's map is committed to the database, announced with NOTIFY,
heard by the second server's listener and pushed to its screen; it must show there within a
second of being committed.
"""

from __future__ import annotations

import contextlib
import statistics
import sys
import time

from browser_support import AppPage, serve
from playwright.sync_api import Browser

from werkatelier.ops import AddStakeholder
from werkatelier.store import open_store

MAP = "map_canvas"
NODE_NAMED = ("name => { const c = (window.__werkatelierCanvas || {}).map_canvas;"
              " return !!c && c.nodes.get().some(n => (n.label || '').replace(/\\n/g, ' ') === name); }")


def run_on(url: str, log_dir, name: str):
    cmd = [sys.executable, "-m", "werkatelier", "--store", url, "run", "--port", "{port}"]
    return serve(cmd, f"werkatelier run ({name})", log_dir / f"{name}.log")


def test_a_post_it_added_on_one_server_appears_on_the_others_screen_within_a_second(browser: Browser,
                                                                                      pg_url, tmp_path):
    database = open_store(pg_url)
    sid = database.create("Twee servers").id
    database.apply(sid, AddStakeholder(name="Gemeente", x=0.0, y=0.0))
    with contextlib.ExitStack() as stack:
        first, second = (stack.enter_context(run_on(pg_url, tmp_path, name)) for name in ("een", "twee"))
        screens = []
        for url in (first, second):
            context = browser.new_context(viewport={"width": 1440, "height": 1100})
            stack.callback(context.close)
            app = AppPage(context.new_page(), url).open("kaart", session=sid)
            app.page.wait_for_function(NODE_NAMED, arg="Gemeente", timeout=60_000)
            screens.append(app)
        here, there = screens
        field = here.page.get_by_label("Nieuwe post-it")
        lags = []
        for name in ("Wijkagent Noord", "Huisarts", "Buurtsportcoach", "Jongerenwerk", "Voedselbank"):
            there.page.evaluate("""([body, name]) => {
                const test = new Function('name', 'return (' + body + ')(name);');
                window.__seenAt = 0;
                const timer = setInterval(() => { let ok = false; try { ok = test(name); } catch (e) {}
                    if (ok) { window.__seenAt = Date.now(); clearInterval(timer); } }, 20); }""",
                                [NODE_NAMED, name])
            field.fill(name)
            field.press("Enter")
            deadline = time.monotonic() + 30
            while not any(s.name == name for s in database.get(sid).stakeholders):
                assert time.monotonic() < deadline, f"{name} never reached the database"
                time.sleep(0.05)
            committed = database.get(sid).updated.timestamp()
            there.page.wait_for_function("() => window.__seenAt > 0", timeout=10_000)
            lags.append(round(there.page.evaluate("() => window.__seenAt") / 1000 - committed, 3))
            # The first server's own screen shows it too, from the same revision.
            here.page.wait_for_function(NODE_NAMED, arg=name, timeout=10_000)
        # Printed, not asserted: the one-second figure is bench/store.py's (timing lives in benchmarks).
        print(f"post-its added on one server, on the other server's screen after {lags} s, "
              f"median {statistics.median(lags):.3f} s")
        assert len(lags) == 5 and all(lag >= 0 for lag in lags), lags
    database.close()
