"""The live canvas in headless Chromium against a real `streamlit run` of tests/apps/canvas_app.py."""

from __future__ import annotations

import json
import re
import sys

import pytest
from browser_support import ROOT, SHOTS, AppPage, drag, equal, eventually, on_screen, serve
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

APP = ROOT / "tests" / "apps" / "canvas_app.py"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    cmd = [sys.executable, "-m", "streamlit", "run", str(APP), "--server.port", "{port}"]
    with serve(cmd, "the canvas test app", tmp_path_factory.mktemp("canvas") / "streamlit.log") as url:
        yield url


class App(AppPage):
    """One browser tab on the canvas test app, with every request and dialog it saw."""

    def __init__(self, page: Page, url: str):
        super().__init__(page, url)
        self.url = url
        page.goto(url)
        expect(page.locator("[data-testid=stApp]")).to_be_visible()
        self.wait_drawn()

    def js(self, expr: str, arg=None):
        return self.page.evaluate(expr, arg)

    def wait_drawn(self, n: int = 1) -> None:
        self.page.wait_for_function(
            "n => { const c = (window.__werkatelierCanvas || {}).map;"
            " return !!c && c.nodes.length > 0 && (c.root.dataset.drawn | 0) >= n; }", arg=n)

    def screen(self, node_id: str) -> tuple[float, float]:
        return on_screen(self.page, "map", node_id)

    def drag(self, start: tuple[float, float], end: tuple[float, float]) -> None:
        drag(self.page, start, end)

    def line(self, prefix: str):
        return self.page.locator("[data-testid=stText]", has_text=re.compile("^" + re.escape(prefix)))

    def value(self, prefix: str):
        return json.loads(self.line(prefix).inner_text()[len(prefix):])

    def received(self) -> int:
        return int(self.line("received: ").inner_text().split(": ")[1])

    def wait_received(self, n: int) -> None:
        expect(self.line("received: ")).to_have_text(f"received: {n}")

    def eventually(self, check) -> None:
        eventually(self.page, check)

    def view(self) -> dict:
        return self.js("""() => { const n = window.__werkatelierCanvas.map.network;
            return {scale: n.getScale(), ...n.getViewPosition()}; }""")


@pytest.fixture
def app(page: Page, server: str) -> App:
    return App(page, server)


def test_dragging_a_post_it_tells_python_its_new_position(app: App):
    before = app.value("positions: ")["sh_zorg"]
    scale = app.view()["scale"]
    x, y = app.screen("sh_zorg")
    app.drag((x, y), (x + 150, y + 90))
    # Grabbing a post-it selects it, as vis-network shows; letting go reports where it is.
    expect(app.line("history: ")).to_have_text("history: selected moved")

    def moved():
        assert app.value("last event: ")["positions"].keys() == {"sh_zorg"}
        after = app.value("positions: ")["sh_zorg"]
        assert after[0] == pytest.approx(before[0] + 150 / scale, abs=6)
        assert after[1] == pytest.approx(before[1] + 90 / scale, abs=6)
        assert app.value("returned: ")["type"] == "moved"
    app.eventually(moved)
    after = app.value("positions: ")["sh_zorg"]
    # The canvas shows the post-it where Python now has it.
    assert app.js("() => window.__werkatelierCanvas.map.network.getPositions(['sh_zorg']).sh_zorg") == \
        {"x": after[0], "y": after[1]}
    # Returned once: later reruns neither return nor apply it again.
    for _ in range(2):
        app.page.get_by_role("button", name="Alleen opnieuw").click()
    expect(app.line("returned: ")).to_have_text("returned: null")
    expect(app.line("history: ")).to_have_text("history: selected moved")


def test_clicking_selects_and_delete_deletes(app: App):
    app.page.mouse.click(*app.screen("sh_buurt"))
    app.wait_received(1)
    app.eventually(lambda: equal(app.value("last event: "),
                               {"type": "selected", "ids": ["sh_buurt"], "edges": []}))
    delete = app.page.get_by_role("button", name="Verwijderen")
    expect(delete).to_be_enabled()
    app.page.keyboard.press("Delete")
    app.wait_received(2)

    def deleted():
        assert app.value("last event: ") == {"type": "delete", "ids": ["sh_buurt"], "edges": []}
        assert "sh_buurt" not in app.value("positions: ")
        assert app.value("edges: ") == []  # its relation went with it
    app.eventually(deleted)
    app.page.wait_for_function("() => window.__werkatelierCanvas.map.nodes.get('sh_buurt') === null")
    # Clicking empty canvas clears the selection, and says so.
    canvas = app.page.locator("canvas").first.bounding_box()
    app.page.mouse.click(canvas["x"] + 30, canvas["y"] + canvas["height"] - 30)
    app.wait_received(3)
    app.eventually(lambda: equal(app.value("last event: "), {"type": "selected", "ids": [], "edges": []}))
    expect(delete).to_be_disabled()


def test_the_toolbar_deletes_and_fits(app: App):
    app.page.get_by_role("button", name="Inzoomen").click()
    app.page.get_by_role("button", name="Inzoomen").click()
    assert app.view()["scale"] == pytest.approx(1.5625)
    app.page.get_by_role("button", name="Alles tonen", exact=True).click()
    assert app.view()["scale"] == pytest.approx(1.0)  # vis-network never fits closer than 1:1
    app.page.mouse.click(*app.screen("sh_zorg"))
    app.wait_received(1)
    app.page.get_by_role("button", name="Verwijderen").click()
    app.wait_received(2)
    app.eventually(lambda: equal(app.value("last event: "),
                               {"type": "delete", "ids": ["sh_zorg"], "edges": []}))


def test_events_in_quick_succession_all_arrive_in_order_and_once(app: App):
    # Two events in one tick: the second's rerun overtakes the first's, which must not be lost.
    app.js("""() => { const c = window.__werkatelierCanvas.map;
        c.emit({type: "selected", ids: ["sh_corp"], edges: []});
        c.emit({type: "moved", positions: {sh_corp: [0, 0]}});
        c.emit({type: "delete", ids: ["sh_xss"], edges: []}); }""")
    expect(app.line("history: ")).to_have_text("history: selected moved delete")
    app.page.wait_for_function("() => window.__werkatelierCanvas.map.pending.length === 0")
    app.page.get_by_role("button", name="Alleen opnieuw").click()
    expect(app.line("returned: ")).to_have_text("returned: null")
    expect(app.line("history: ")).to_have_text("history: selected moved delete")


def test_drawing_mode_connects_post_its_one_after_another(app: App):
    draw = app.page.get_by_role("button", name="Relatie tekenen")
    draw.click()
    expect(draw).to_have_attribute("aria-pressed", "true")
    app.drag(app.screen("sh_zorg"), app.screen("sh_corp"))
    app.wait_received(1)
    app.eventually(lambda: equal(app.value("last event: "),
                               {"type": "connect", "source": "sh_zorg", "target": "sh_corp"}))
    # Still drawing: a second relation without touching the toolbar.
    app.drag(app.screen("sh_xss"), app.screen("sh_buurt"))
    app.wait_received(2)

    def second():
        assert app.value("last event: ") == {"type": "connect", "source": "sh_xss", "target": "sh_buurt"}
        assert ["sh_xss", "sh_buurt"] in app.value("edges: ")
    app.eventually(second)
    app.page.wait_for_function("() => window.__werkatelierCanvas.map.edges.length === 3")
    # Nothing moved while drawing.
    positions = app.value("positions: ")
    assert positions["sh_zorg"] == [230, -40] and positions["sh_corp"] == [-220, -60]
    expect(app.line("history: ")).to_have_text("history: connect connect")
    draw.click()
    expect(draw).to_have_attribute("aria-pressed", "false")


def test_a_rerun_with_new_data_keeps_zoom_pan_selection_and_the_same_network(app: App):
    app.page.get_by_role("button", name="Inzoomen").click()
    canvas = app.page.locator("canvas").first.bounding_box()
    # Pan by dragging empty canvas.
    app.drag((canvas["x"] + 40, canvas["y"] + 40), (canvas["x"] + 140, canvas["y"] + 100))
    app.page.mouse.click(*app.screen("sh_corp"))
    app.wait_received(1)
    before = app.view()
    assert before["scale"] == pytest.approx(1.25)
    app.js("() => { window.__networkBefore = window.__werkatelierCanvas.map.network; }")
    app.page.get_by_role("button", name="Nieuwe post-it").click()
    app.page.wait_for_function("() => window.__werkatelierCanvas.map.nodes.length === 5")
    after = app.view()
    assert after == pytest.approx(before)
    assert app.js("() => window.__werkatelierCanvas.map.network === window.__networkBefore")
    assert app.js("() => window.__werkatelierCanvas.map.network.getSelectedNodes()") == ["sh_corp"]
    # Fit only when Python asks for it.
    app.page.get_by_role("button", name="Passend maken").click()
    app.page.wait_for_function("s => window.__werkatelierCanvas.map.network.getScale() !== s",
                               arg=after["scale"])


def test_bundle_is_fetched_once_and_nothing_leaves_the_app(app: App):
    for _ in range(3):
        n = app.js("() => window.__werkatelierCanvas.map.nodes.length")
        app.page.get_by_role("button", name="Nieuwe post-it").click()
        app.page.wait_for_function("n => window.__werkatelierCanvas.map.nodes.length === n + 1", arg=n)
        app.page.get_by_role("button", name="Alleen opnieuw").click()
    app.wait_drawn()
    bundle = [u for u in app.requests if u.endswith("/vis-network.min.js")]
    assert bundle == [app.url + "/_stcore/bidi-components/werkatelier.canvas/vis-network.min.js"]
    own = re.compile(r"^(blob:)?" + re.escape(app.url) + r"(/|$)|^data:")
    foreign = [u for u in app.requests if not own.match(u)]
    assert foreign == []


def test_a_stakeholder_named_like_html_is_shown_as_text(app: App):
    label = "<img src=x onerror=alert(1)>"
    assert app.js("() => window.__werkatelierCanvas.map.nodes.get('sh_xss').label") == label
    x, y = app.screen("sh_xss")
    app.page.mouse.move(x - 10, y)
    app.page.mouse.move(x, y, steps=3)
    tooltip = app.page.locator(".wa-tip")
    expect(tooltip).to_be_visible()
    expect(tooltip).to_contain_text(label)
    assert app.page.locator("img[src=x]").count() == 0  # CSS locators look inside shadow roots
    assert app.dialogs == []


def test_screenshots(app: App, browser, server: str):
    """Screenshots to look at, on a projector-sized screen and a phone."""
    SHOTS.mkdir(exist_ok=True)
    app.page.screenshot(path=str(SHOTS / "canvas_1920x1080.png"))
    phone = browser.new_page(viewport={"width": 390, "height": 844})
    try:
        small = App(phone, server)
        small.page.screenshot(path=str(SHOTS / "canvas_390x844.png"), full_page=True)
        # Every toolbar button stays in reach on a phone.
        for b in small.page.locator(".wa-btn:visible").all():
            box = b.bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= 390 and box["height"] >= 44
    finally:
        phone.close()
