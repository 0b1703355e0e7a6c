"""The map page and the projector view in Chromium against a real `werkatelier run`."""

from __future__ import annotations

import json
import time

from browser_support import SHOTS, AppPage, equal, eventually, on_screen
from browser_support import drag as browser_drag
from playwright.sync_api import expect
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from werkatelier import geometry, render
from werkatelier.model import Cluster, Meta, Relation, Session, Stakeholder
from werkatelier.ops import AssignClusters, RecolourCluster, UpdateStakeholder

MAP = "map_canvas"
PROJECTOR = "projector_canvas"
HOSTILE = "<img src=x onerror=alert(1)>"
CANVAS_TOP = f"() => Math.round(window.__werkatelierCanvas.{MAP}.stage.getBoundingClientRect().top)"


def copy_of(app_store, source: str = "s_team6wa2") -> str:
    """A fresh copy of a demo session, so the demos shared by every test stay as they are."""
    return app_store.add(app_store.get(source)).id


def visit(app, path: str, sid: str) -> None:
    """Open a page on a session. The first visit after a server start that lands on a page other
    than the start page gets Streamlit's "Page not found" modal over the right page (a known bug,
    streamlit/streamlit#9992: pages register when the script first runs); it traps the keyboard,
    so it is closed here like a person would."""
    app.open(path, session=sid)
    modal = app.page.get_by_role("dialog").filter(has_text="Page not found")
    if modal.count():
        modal.get_by_role("button").first.click()
        expect(modal).to_have_count(0)


def js(app, expr: str, arg=None):
    return app.page.evaluate(expr, arg)


def wait_drawn(app, key: str = MAP, nodes: int = 1) -> None:
    app.page.wait_for_function(
        "([k, n]) => { const c = (window.__werkatelierCanvas || {})[k];"
        " return !!c && c.nodes.length >= n && (c.root.dataset.drawn | 0) > 0; }", arg=[key, nodes])


def hittable(app, key: str = MAP, skip: tuple[str, ...] = ()) -> list[str]:
    """Post-its whose centre is on screen and not covered by another post-it."""
    return js(app, """([k, skip]) => { const c = window.__werkatelierCanvas[k]; const n = c.network;
        const r = c.stage.getBoundingClientRect();
        return c.nodes.getIds().filter(id => !skip.includes(id)).filter(id => {
            const d = n.canvasToDOM(n.getPositions([id])[id]);
            return d.x > 60 && d.y > 60 && d.x < r.width - 160 && d.y < r.height - 160
                && n.getNodeAt(d) === id; }); }""", [key, list(skip)])


def screen(app, node: str, key: str = MAP) -> tuple[float, float]:
    return on_screen(app.page, key, node)


def drag(app, start: tuple[float, float], end: tuple[float, float]) -> None:
    browser_drag(app.page, start, end)


def clean(app) -> None:
    assert app.foreign_requests() == []
    assert app.dialogs == []


def test_three_post_its_typed_with_the_keyboard_alone(app, app_store):
    sid = app_store.create("Toetsenbord").id
    visit(app, "kaart", sid)
    app.page.wait_for_function(f"() => !!(window.__werkatelierCanvas || {{}}).{MAP}")
    field = app.page.get_by_label("Nieuwe post-it")
    field.focus()
    names = ["Gemeente", "Huurdersvereniging Oost", "Wijkteam"]
    for n, name in enumerate(names, 1):
        app.page.keyboard.type(name)
        app.page.keyboard.press("Enter")
        # The canvas may be mounted afresh on a rerun; wait for it, then for the post-it.
        app.page.wait_for_function(f"""n => {{ const c = (window.__werkatelierCanvas || {{}}).{MAP};
            return !!c && c.nodes.length === n; }}""", arg=n)
        app.idle()
        # The field is empty again and still has the cursor: the next name can be typed at once.
        expect(field).to_have_value("")
        expect(field).to_be_focused()
    assert [s.name for s in app_store.get(sid).stakeholders] == names
    # Each one landed where the room can see it.
    inside = js(app, f"""() => {{ const c = window.__werkatelierCanvas.{MAP}; const n = c.network;
        const r = c.stage.getBoundingClientRect();
        return c.nodes.getIds().every(id => {{ const d = n.canvasToDOM(n.getPositions([id])[id]);
            return d.x > 0 && d.y > 0 && d.x < r.width && d.y < r.height; }}); }}""")
    assert inside
    clean(app)


def test_a_dragged_post_it_is_where_it_was_dropped_after_a_reload(app, app_store):
    sid = copy_of(app_store)
    visit(app, "kaart", sid)
    wait_drawn(app)
    node = hittable(app)[0]
    before = app_store.get(sid).stakeholder(node)
    x, y = screen(app, node)
    drag(app, (x, y), (x + 140, y + 90))

    def stored():
        s = app_store.get(sid).stakeholder(node)
        assert (s.x, s.y) != (before.x, before.y)
    eventually(app.page, stored)
    s = app_store.get(sid).stakeholder(node)
    scale = js(app, f"() => window.__werkatelierCanvas.{MAP}.network.getScale()")
    assert abs(s.x - (before.x + 140 / scale)) < 8 and abs(s.y - (before.y + 90 / scale)) < 8
    app.page.reload()
    app.idle()
    wait_drawn(app)
    shown = js(app, f"id => window.__werkatelierCanvas.{MAP}.network.getPositions([id])[id]", node)
    assert (shown["x"], shown["y"]) == (s.x, s.y)
    clean(app)


def canvas_payloads(frames: list[bytes]) -> list[tuple[int, dict]]:
    """What the map canvas was sent in these websocket frames: (bytes, decoded payload) each.
    A frame Streamlit sends as a reference to an earlier one (nothing changed) is not among them."""
    out = []
    for raw in frames:
        msg = ForwardMsg()
        msg.ParseFromString(raw if isinstance(raw, bytes) else raw.encode())
        if msg.WhichOneof("type") != "delta" or msg.delta.WhichOneof("type") != "new_element":
            continue
        element = msg.delta.new_element
        if element.WhichOneof("type") == "bidi_component" and element.bidi_component.component_name \
                == "werkatelier.canvas":
            data = element.bidi_component.bytes
            out.append((len(data), json.loads(data)))
    return out


def listen(app) -> list[bytes]:
    frames: list[bytes] = []
    # Streamlit's own socket only: the live room's socket (/_werkatelier/live/...) carries JSON.
    app.page.on("websocket", lambda ws: "/_stcore/stream" in ws.url
                and ws.on("framereceived", lambda payload: frames.append(payload)))
    return frames


def held_positions(app) -> dict[str, list[float]]:
    """The map the page keeps from what Python sent it: every post-it's position."""
    return js(app, f"""() => Object.fromEntries([...window.__werkatelierHeld.get('{MAP}').nodes]
        .map(([id, n]) => [id, [n.x, n.y]]))""")


def test_a_move_sends_the_moved_post_it_not_the_whole_map(app, app_store):
    sid = copy_of(app_store)
    frames = listen(app)
    visit(app, "kaart", sid)
    wait_drawn(app)
    doc = app_store.get(sid)
    size, whole = canvas_payloads(frames)[-1]
    assert whole["base"] is None and len(whole["nodes"]) == len(doc.stakeholders)
    node = hittable(app)[0]
    frames.clear()
    x, y = screen(app, node)
    drag(app, (x, y), (x + 120, y + 60))

    def stored():
        s = app_store.get(sid).stakeholder(node)
        assert (s.x, s.y) != (doc.stakeholder(node).x, doc.stakeholder(node).y)
    eventually(app.page, stored)
    app.idle()
    steps = [(n, p) for n, p in canvas_payloads(frames) if p["nodes"]]
    assert steps, "the move never reached the canvas"
    for n, step in steps:
        assert step["base"] == whole["v"] and [s["id"] for s in step["nodes"]] == [node]
        assert step["edges"] == [] and n < size / 20
    # What the page holds is the stored map, post-it for post-it.
    assert held_positions(app) == {s.id: [s.x, s.y] for s in app_store.get(sid).stakeholders}
    clean(app)


def test_a_canvas_out_of_step_asks_for_the_whole_map_and_shows_it(app, app_store):
    sid = copy_of(app_store)
    visit(app, "kaart", sid)
    wait_drawn(app)
    # As if the page had missed a step: the next change cannot be applied to what it holds.
    js(app, f"() => {{ window.__werkatelierHeld.get('{MAP}').v = 'elsewhere'; }}")
    field = app.page.get_by_label("Nieuwe post-it")
    field.fill("Buurtsportcoach")
    field.press("Enter")

    def whole_map_again():
        doc = app_store.get(sid)
        assert "Buurtsportcoach" in [s.name for s in doc.stakeholders]
        assert held_positions(app) == {s.id: [s.x, s.y] for s in doc.stakeholders}
        labels = js(app, f"() => window.__werkatelierCanvas.{MAP}.nodes.map(n => n.label)")
        assert "Buurtsportcoach" in labels and len(labels) == len(doc.stakeholders)
    eventually(app.page, whole_map_again)
    assert js(app, f"() => window.__werkatelierHeld.get('{MAP}').v") != "elsewhere"
    clean(app)


def busy_map(app_store) -> str:
    """120 post-its in a grid with 310 relations: more than render.EDGE_LABELS_ALWAYS_UP_TO."""
    people = [Stakeholder(id=f"sh_{i}", name=f"Partij {i}", x=(i % 12) * 240.0, y=(i // 12) * 120.0)
              for i in range(120)]
    pairs = [(a, b) for a in range(120) for b in range(a + 1, 120) if (a * 7 + b) % 23 == 0][:310]
    relations = [Relation(id=f"re_{n}", source=f"sh_{a}", target=f"sh_{b}", kind="werkt samen met")
                 for n, (a, b) in enumerate(pairs)]
    assert len(relations) == 310
    return app_store.add(Session(meta=Meta(title="Druk"), stakeholders=people, relations=relations)).id


def labelled(app) -> int:
    return js(app, f"() => window.__werkatelierCanvas.{MAP}.edges.get().filter(e => e.label).length")


def test_a_busy_map_gets_relation_labels_when_zoomed_in_far_enough_to_read_them(app, app_store):
    # On a projector it opens readable (on a part of it, labels and all); a phone shows it whole.
    app.page.set_viewport_size({"width": 390, "height": 844})
    visit(app, "kaart", busy_map(app_store))
    wait_drawn(app, nodes=120)
    assert js(app, f"() => window.__werkatelierCanvas.{MAP}.network.getScale()") < 1
    assert labelled(app) == 0
    zoom_in = app.page.get_by_role("button", name="Inzoomen")
    for _ in range(12):  # each click zooms in 1.25 times
        if js(app, f"() => window.__werkatelierCanvas.{MAP}.network.getScale()") >= 1:
            break
        zoom_in.click()
    eventually(app.page, lambda: equal(labelled(app), 310))
    clean(app)


def test_a_small_map_has_its_relation_labels_from_the_start(app, app_store):
    sid = copy_of(app_store)
    visit(app, "kaart", sid)
    wait_drawn(app)
    assert labelled(app) == len(app_store.get(sid).relations) > 0


def test_a_cluster_recoloured_elsewhere_recolours_its_post_its_and_the_view_stays(app, app_store):
    sid = copy_of(app_store)
    visit(app, "kaart", sid)
    wait_drawn(app)
    doc = app_store.get(sid)
    cluster = doc.clusters[0]
    member = next(s.id for s in doc.stakeholders if s.cluster == cluster.id)
    colour = f"() => window.__werkatelierCanvas.{MAP}.network.body.nodes['{member}'].options.color.background"
    view = f"""() => {{ const n = window.__werkatelierCanvas.{MAP}.network;
        return [n.getScale(), n.getViewPosition().x, n.getViewPosition().y]; }}"""
    app.page.get_by_role("button", name="Inzoomen").click()
    before = js(app, view)
    assert js(app, colour) == cluster.colour != "#cc79a7"
    # Another laptop recolours the cluster; this page shows it with its next rerun.
    app_store.apply(sid, RecolourCluster(id=cluster.id, colour="#cc79a7"))
    app.page.locator("body").press("r")
    eventually(app.page, lambda: equal(js(app, colour), "#cc79a7"))
    assert js(app, view) == before
    clean(app)


def test_a_narrowed_window_shows_the_whole_map_until_the_person_moves_the_view(app, app_store):
    sid = copy_of(app_store)
    visit(app, "kaart", sid)
    wait_drawn(app)
    total = len(app_store.get(sid).stakeholders)
    inside = f"""() => {{ const c = window.__werkatelierCanvas.{MAP}; const n = c.network;
        const r = c.stage.getBoundingClientRect();
        return c.nodes.getIds().filter(id => {{ const d = n.canvasToDOM(n.getPositions([id])[id]);
            return d.x >= 0 && d.y >= 0 && d.x <= r.width && d.y <= r.height; }}).length; }}"""
    centre = f"""() => {{ const p = window.__werkatelierCanvas.{MAP}.network.getViewPosition();
        return [Math.round(p.x), Math.round(p.y)]; }}"""
    # The projector's first view is close enough to read, so part of the map is off the stage.
    assert js(app, inside) < total
    app.page.set_viewport_size({"width": 390, "height": 844})
    eventually(app.page, lambda: equal(js(app, inside), total))
    # Zoomed in by the person, the view stays where they put it when the window widens again
    # (vis-network keeps its centre and how much of the map's width it shows).
    app.page.get_by_role("button", name="Inzoomen").click()
    zoomed = js(app, centre)
    app.page.set_viewport_size({"width": 1920, "height": 1080})
    wide = f"() => window.__werkatelierCanvas.{MAP}.stage.clientWidth > 800"
    eventually(app.page, lambda: equal(js(app, wide), True))
    app.page.wait_for_timeout(300)
    assert js(app, centre) == zoomed
    clean(app)


def test_back_from_the_table_the_map_starts_from_what_the_page_held_and_shows_changes_made_meanwhile(
        app, app_store):
    sid = copy_of(app_store)
    frames = listen(app)
    visit(app, "kaart", sid)
    wait_drawn(app)
    first = canvas_payloads(frames)[-1][1]
    app.page.get_by_role("tab", name="Tabel").click()
    app.idle()
    expect(app.page.locator(".wa-canvas")).to_have_count(0)
    # Renamed on another laptop while this one shows the table.
    node = app_store.get(sid).stakeholders[0].id
    app_store.apply(sid, UpdateStakeholder(id=node, changes={"name": "Wijkagent Noord"}))
    frames.clear()
    app.page.get_by_role("tab", name="Kaart").click()
    app.idle()
    wait_drawn(app)
    label = f"() => window.__werkatelierCanvas.{MAP}.nodes.get('{node}').label"
    eventually(app.page, lambda: equal(js(app, label), "Wijkagent Noord"))
    # A new canvas, drawn from what the page kept plus the one change: not the whole map again.
    sent = [p for _, p in canvas_payloads(frames)]
    assert sent and all(p["base"] == first["v"] for p in sent)
    assert [n["id"] for n in sent[0]["nodes"]] == [node]
    assert js(app, f"() => window.__werkatelierCanvas.{MAP}.nodes.length") == \
        len(app_store.get(sid).stakeholders)
    clean(app)


def test_a_relation_drawn_on_the_canvas_gets_the_kind_picked_beside_it(app, app_store):
    sid = copy_of(app_store)
    visit(app, "kaart", sid)
    wait_drawn(app)
    a, b = hittable(app)[:2]
    known = {r.id for r in app_store.get(sid).relations}
    draw = app.page.get_by_role("button", name="Relatie tekenen")
    draw.click()
    expect(draw).to_have_attribute("aria-pressed", "true")
    drag(app, screen(app, a), screen(app, b))
    expect(app.page.get_by_text("Nieuwe relatie")).to_be_visible()
    app.page.get_by_role("radio", name="financiert").click()
    app.page.get_by_label("Toelichting op de lijn (mag leeg)").fill("subsidie 2019")
    app.page.get_by_role("button", name="Relatie leggen").click()
    app.idle()

    def connected():
        new = [r for r in app_store.get(sid).relations if r.id not in known]
        assert [(r.source, r.target, r.kind, r.label) for r in new] == [(a, b, "financiert", "subsidie 2019")]
    eventually(app.page, connected)
    new = next(r for r in app_store.get(sid).relations if r.id not in known)
    app.page.wait_for_function(f"id => !!window.__werkatelierCanvas.{MAP}.edges.get(id)", arg=new.id)
    expect(app.page.get_by_text("Nieuwe relatie")).to_have_count(0)
    clean(app)


def test_a_name_written_like_html_is_shown_as_text(app, app_store):
    sid = copy_of(app_store)
    node = next(s.id for s in app_store.get(sid).stakeholders if not s.confidential)
    app_store.apply(sid, UpdateStakeholder(id=node, changes={"name": HOSTILE}))
    visit(app, "kaart", sid)
    wait_drawn(app)
    # Wrapped over lines like every label, and otherwise exactly as typed.
    label = js(app, f"id => window.__werkatelierCanvas.{MAP}.nodes.get(id).label", node)
    assert label.split() == HOSTILE.split()
    # Selecting it opens the edit form with the name as typed.
    js(app, f"""id => {{ const c = window.__werkatelierCanvas.{MAP}; c.network.selectNodes([id]);
        c.reportSelection(); }}""", node)
    expect(app.page.get_by_label("Naam", exact=True)).to_have_value(HOSTILE)
    visit(app, "projectie", sid)
    wait_drawn(app, PROJECTOR)
    assert app.page.locator("img[src=x]").count() == 0  # CSS locators look inside shadow roots
    clean(app)


def test_the_projector_has_no_sidebar_and_labels_of_at_least_18_px(app, app_store):
    sid = copy_of(app_store)
    doc = app_store.get(sid)
    visit(app, "projectie", sid)
    wait_drawn(app, PROJECTOR)
    expect(app.page.locator("[data-testid=stSidebar]")).to_be_hidden()
    expect(app.page.get_by_role("link", name="Terug naar de kaart")).to_be_visible()
    sizes = js(app, f"""() => {{ const c = window.__werkatelierCanvas.{PROJECTOR}; const n = c.network;
        return c.nodes.getIds().map(id => n.body.nodes[id].options.font.size * n.getScale()); }}""")
    assert len(sizes) == sum(1 for s in doc.stakeholders if not s.confidential)
    assert min(sizes) >= 18
    # The title and legend in the shipped font, like the post-its.
    for selector in ("[data-testid=stMainBlockContainer] h1", ".wa-legend"):
        family = js(app, "s => getComputedStyle(document.querySelector(s)).fontFamily", selector)
        assert family.replace('"', "'").startswith("'Atkinson Hyperlegible'"), (selector, family)
    assert js(app, "() => document.fonts.check(\"bold 32px 'Atkinson Hyperlegible'\")")
    # Only the zoom tools: nothing on the projector edits the map.
    expect(app.page.get_by_role("button", name="Relatie tekenen")).to_be_hidden()
    expect(app.page.get_by_role("button", name="Verwijderen")).to_be_hidden()
    # The facilitator still arranges post-its there.
    node = hittable(app, PROJECTOR)[0]
    x, y = screen(app, node, PROJECTOR)
    drag(app, (x, y), (x - 120, y + 60))

    def stored():
        s = app_store.get(sid).stakeholder(node)
        assert (s.x, s.y) != (doc.stakeholder(node).x, doc.stakeholder(node).y)
    eventually(app.page, stored)
    clean(app)


def test_screenshots_of_the_map_and_the_projector(app, app_store):
    sid = copy_of(app_store)
    visit(app, "kaart", sid)
    wait_drawn(app)
    app.shoot("map-team6")
    node = hittable(app)[0]
    js(app, f"""id => {{ const c = window.__werkatelierCanvas.{MAP}; c.network.selectNodes([id]);
        c.reportSelection(); }}""", node)
    expect(app.page.get_by_text("Post-it bewerken")).to_be_visible()
    app.shoot("map-team6-editing")
    visit(app, "projectie", sid)
    wait_drawn(app, PROJECTOR)
    app.shoot("projector-team6")
    clean(app)


LONG_NAMES = ("Woningcorporatie Het Anker", "Maatschappelijke dienstverlening Zuidoost-Utrecht",
              "Zoë Dekker — Coöperatie Ĳsselstreek", "🏠 Huurdersvereniging", "🏠 Huurders Oost",
              "Stichting Maatschappelijke Opvang en Begeleid Wonen regio Amersfoort en omstreken")


def test_post_its_are_drawn_in_the_shipped_font_in_the_box_layout_gives_them(app, app_store):
    people = [Stakeholder(id=f"sh_{i}_{kind}_{inf}", name=name, kind=kind, influence=inf,
                          x=600.0 * (3 * inf + ["organisation", "person", "group"].index(kind)), y=200.0 * i)
              for i, name in enumerate(LONG_NAMES) for kind in ("organisation", "person", "group")
              for inf in (1, 5)]
    sid = app_store.add(Session(meta=Meta(title="Lange namen"), stakeholders=people)).id
    # The font arrives after vis-network's bundle, as on a slow venue network: vis must still
    # measure the labels in it, not in the fallback it would use while the font is on its way.
    app.page.route("**/*.ttf", lambda route: (time.sleep(1.5), route.continue_()))
    visit(app, "kaart", sid)
    wait_drawn(app, MAP, len(people))
    # The font came from the app itself, and the canvas drew with it.
    fonts = [u for u in app.requests if u.endswith(".ttf")]
    assert fonts and all(u.startswith(app.base + "/_stcore/bidi-components/werkatelier.canvas/fonts/")
                         for u in fonts)
    assert js(app, "() => document.fonts.check(\"18px 'Atkinson Hyperlegible'\")")
    assert js(app, """() => [...document.fonts].some(f => f.family.replace(/["']/g, '') ===
        'Atkinson Hyperlegible' && f.status === 'loaded')""")
    drawn = js(app, f"""() => {{ const n = window.__werkatelierCanvas.{MAP}.network, out = {{}};
        for (const id of n.body.data.nodes.getIds()) {{ const b = n.getBoundingBox(id);
            out[id] = [b.right - b.left, b.bottom - b.top]; }}
        return out; }}""")
    for s in people:
        w, h = geometry.stakeholder_box(s)
        dw, dh = drawn[s.id]
        # Never larger than layout's box, and not much smaller: the box is the font's own size.
        assert dw <= w + 0.5 and dh <= h + 0.5, (s.name, s.kind, s.influence, dw, w, dh, h)
        assert dw >= 0.92 * w and dh >= 0.92 * h, (s.name, s.kind, s.influence, dw, w, dh, h)
    app.page.unroute("**/*.ttf")
    app.shoot("map-long-names")
    clean(app)


def test_clusters_made_one_after_another_each_get_their_own_colour(app, app_store):
    """Issue 16: three clusters made in a row, without a reload, all came out #e69f00."""
    sid = app_store.create("Drie clusters").id
    visit(app, "kaart", sid)
    app.page.locator("summary").filter(has_text="categoryClusters").click()
    app.idle()
    names = ["Wonen", "Zorg", "Veiligheid"]
    for n, name in enumerate(names, 1):
        create = app.page.get_by_role("button", name="Cluster maken")
        form = app.page.get_by_test_id("stForm").filter(has=create)
        form.get_by_label("Naam").fill(name)
        form.get_by_role("button", name="Cluster maken").click()
        eventually(app.page, lambda n=n: equal(len(app_store.get(sid).clusters), n))
        app.idle()
        expect(form.get_by_label("Naam")).to_have_value("")
    colours = [c.colour for c in app_store.get(sid).clusters]
    assert [c.name for c in app_store.get(sid).clusters] == names
    assert len(set(colours)) == 3, colours
    app.shoot("clusters_made_in_a_row")
    clean(app)


def test_a_party_typed_twice_gets_a_quiet_hint_and_can_be_added_anyway(app, app_store):
    sid = copy_of(app_store)
    visit(app, "kaart", sid)
    wait_drawn(app)
    before = len(app_store.get(sid).stakeholders)
    app.idle()
    top = js(app, CANVAS_TOP)
    field = app.page.get_by_label("Nieuwe post-it")
    field.fill("rochdale")
    field.press("Enter")
    hint = app.page.get_by_text("Rochdale staat al op de kaart.")
    expect(hint).to_be_visible()
    app.idle()
    app.shoot("duplicate_hint")
    assert js(app, CANVAS_TOP) == top  # the hint sits beside "Volg mij": the map stays where it was
    assert len(app_store.get(sid).stakeholders) == before
    app.page.get_by_role("button", name="Toch toevoegen").click()
    eventually(app.page, lambda: equal(len(app_store.get(sid).stakeholders), before + 1))
    expect(hint).to_have_count(0)
    expect(field).to_have_value("")
    clean(app)


def test_undo_survives_a_reload_of_the_same_browser_and_a_new_browser_has_none(app, app_store, browser):
    sid = app_store.create("Ongedaan na herladen").id
    visit(app, "kaart", sid)
    field = app.page.get_by_label("Nieuwe post-it")
    field.fill("Buurtteam Oost")
    field.press("Enter")
    eventually(app.page, lambda: equal([s.name for s in app_store.get(sid).stakeholders], ["Buurtteam Oost"]))
    assert any(c["name"] == "wa_browser" for c in app.page.context.cookies())
    app.page.reload()
    app.idle()
    undo_button = app.page.get_by_role("button", name="Ongedaan maken")
    expect(undo_button).to_be_enabled()
    # Another browser on the same session has nothing of this one's to undo.
    other = AppPage(browser.new_context().new_page(), app.base).open("kaart", session=sid)
    expect(other.page.get_by_role("button", name="Ongedaan maken")).to_be_disabled()
    undo_button.click()
    eventually(app.page, lambda: equal(app_store.get(sid).stakeholders, []))
    other.page.context.close()


# --- every post-it readable on open ---------------------------------------------------------------

VIEW = """k => { const c = window.__werkatelierCanvas[k]; const n = c.network;
    const r = c.stage.getBoundingClientRect(); const pos = n.getPositions();
    const out = Object.keys(pos).filter(id => { const d = n.canvasToDOM(pos[id]);
        return d.x < 0 || d.y < 0 || d.x > r.width || d.y > r.height; });
    const fonts = c.nodes.getIds().map(id => n.body.nodes[id].options.font.size * n.getScale());
    return {outside: out.length, total: Object.keys(pos).length, smallest: Math.min(...fonts),
            top: r.top, bottom: r.bottom, button: c.outside.hidden ? "" : c.outside.textContent}; }"""
#: Where every cluster's area and title reach on screen, drawn as canvas.js draws them.
AREAS = """k => { const c = window.__werkatelierCanvas[k]; const n = c.network;
    const r = c.stage.getBoundingClientRect(); const shown = new Set(c.hulls.map(h => h.id)); let box = null;
    for (const node of c.nodes.get()) {
        if (!shown.has(node.cluster != null ? node.cluster : node.group)) continue;
        const b = n.getBoundingBox(node.id);
        const a = n.canvasToDOM({x: b.left - 22, y: b.top - 22 - 26});
        const z = n.canvasToDOM({x: b.right + 22, y: b.bottom + 22});
        box = box ? {l: Math.min(box.l, a.x), t: Math.min(box.t, a.y), r: Math.max(box.r, z.x),
                     b: Math.max(box.b, z.y)} : {l: a.x, t: a.y, r: z.x, b: z.y}; }
    return box && {inside: box.l >= 0 && box.t >= 0 && box.r <= r.width && box.b <= r.height, ...box}; }"""


def test_a_map_that_fits_opens_whole_with_labels_of_18_px_and_one_that_does_not_says_what_is_outside(
        app, app_store):
    # Team 6's whole map does not fit at 18 px: its busiest part, and the count of the others.
    sid = copy_of(app_store, "s_team6wa4")
    for path, key in (("kaart", MAP), ("projectie", PROJECTOR)):
        visit(app, path, sid)
        wait_drawn(app, key)
        app.idle()
        view = js(app, VIEW, key)
        assert view["smallest"] >= 18, view
        assert 0 < view["outside"] < view["total"], view
        assert view["bottom"] <= 1080, view  # the whole canvas on a 1920x1080 projector
        count = app.page.locator(".wa-outside")
        expect(count).to_have_text(f"{view['outside']} post-its buiten beeld — alles tonen")
        app.shoot(f"readable-{path}-open")
        # The count takes the room to the rest: every post-it, the clusters' areas and titles inside.
        count.click()
        eventually(app.page, lambda k=key: equal(js(app, VIEW, k)["outside"], 0))
        expect(count).to_be_hidden()
        areas = js(app, AREAS, key)
        assert areas is not None and areas["inside"], areas
        app.shoot(f"readable-{path}-all")
    # A map that fits at 18 px opens whole, without a count.
    people = [Stakeholder(id=f"sh_{i}", name=f"Partij {i}", x=(i % 4) * 220.0, y=(i // 4) * 140.0)
              for i in range(8)]
    small = app_store.add(Session(meta=Meta(title="Klein"), stakeholders=people))
    visit(app, "kaart", small.id)
    wait_drawn(app, MAP, 8)
    app.idle()
    view = js(app, VIEW, MAP)
    assert (view["outside"], view["button"]) == (0, "") and view["smallest"] >= 18, view
    clean(app)


def test_show_all_keeps_cluster_titles_inside_the_frame(app, app_store):
    sid = copy_of(app_store, "s_team6wa4")
    visit(app, "kaart", sid)
    wait_drawn(app)
    app.page.get_by_role("button", name="Alles tonen", exact=True).click()
    eventually(app.page, lambda: equal(js(app, VIEW, MAP)["outside"], 0))
    areas = js(app, AREAS, MAP)
    assert areas is not None and areas["inside"], areas
    clean(app)


def test_messages_do_not_move_the_map(app, app_store):
    """What went well floats as a toast: the canvas stays where it is when a message comes and goes."""
    sid = copy_of(app_store)
    visit(app, "kaart", sid)
    wait_drawn(app)
    expect(app.page.get_by_text("1 scherm open")).to_be_visible()
    app.idle()
    before = js(app, CANVAS_TOP)
    field = app.page.get_by_label("Nieuwe post-it")
    field.fill("Buurtcentrum")
    field.press("Enter")
    expect(app.page.get_by_text("Buurtcentrum staat op de kaart.", exact=False)).to_be_visible()
    app.idle()
    assert js(app, CANVAS_TOP) == before
    app.page.get_by_role("button", name="Overlap opruimen").click()  # the next click, and its message
    expect(app.page.get_by_text("Er liggen geen post-its over elkaar.")).to_be_visible()
    app.idle()
    assert js(app, CANVAS_TOP) == before
    clean(app)


def selected_on_canvas(app) -> list[str]:
    return sorted(js(app, f"() => window.__werkatelierCanvas.{MAP}.network.getSelectedNodes()"))


def test_post_its_ctrl_clicked_right_after_a_cluster_assignment_are_all_selected(app, app_store):
    """Select two, put them in a cluster (they move beside it), and at once click a third and
    ctrl-click two more: those three are selected on the canvas and the panel says so, on the
    first try."""
    sid = copy_of(app_store)
    visit(app, "kaart", sid)
    wait_drawn(app)
    app.page.get_by_role("button", name="Alles tonen", exact=True).click()
    app.idle()
    first, second = hittable(app)[:2]
    app.page.mouse.click(*screen(app, first))
    app.page.keyboard.down("Control")
    app.page.mouse.click(*screen(app, second))
    app.page.keyboard.up("Control")
    expect(app.page.get_by_text("2 post-its geselecteerd")).to_be_visible()
    app.page.get_by_role("button", name="In dit cluster zetten").click()
    later = hittable(app, skip=(first, second))[:3]
    assert len(later) == 3
    app.page.mouse.click(*screen(app, later[0]))
    app.page.keyboard.down("Control")
    for node in later[1:]:
        app.page.mouse.click(*screen(app, node))
    app.page.keyboard.up("Control")
    app.idle()
    assert selected_on_canvas(app) == sorted(later)
    expect(app.page.get_by_text("3 post-its geselecteerd")).to_be_visible()
    clean(app)


def test_opslaan_in_the_side_panel_is_in_reach_with_the_map_in_view_and_the_page_stays(app, app_store):
    """The edit panel's fields scroll within it: Opslaan is on a 1920x1080 screen beside the whole
    map (no page scroll needed), and saving leaves the page and the map where they were."""
    sid = copy_of(app_store)
    visit(app, "kaart", sid)
    wait_drawn(app)
    app.idle()
    node = hittable(app)[0]
    app.page.mouse.click(*screen(app, node))
    name = app.page.get_by_label("Naam", exact=True)
    expect(name).to_be_visible()
    app.idle()
    name.fill("Woonbond Ede")
    save = app.page.get_by_role("button", name="Opslaan", exact=True)
    stage = js(app, f"() => {{ const r = window.__werkatelierCanvas.{MAP}.stage.getBoundingClientRect();"
                    " return [r.top, r.bottom]; }")
    box = save.bounding_box()
    assert box["y"] + box["height"] <= 1080 and stage[0] >= 0 and stage[1] <= 1080
    app.shoot("edit_panel")
    top = js(app, CANVAS_TOP)
    save.click()
    eventually(app.page, lambda: equal(app_store.get(sid).stakeholder(node).name, "Woonbond Ede"))
    app.idle()
    assert js(app, CANVAS_TOP) == top
    clean(app)


def hub_map(app_store) -> str:
    """A post-it in Wonen with four connected neighbours close around it and a fifth further off."""
    clusters = [Cluster(id="cl_wonen", name="Wonen"), Cluster(id="cl_zorg", name="Zorg")]
    around = {"sh_e": (260, 0), "sh_w": (-260, 0), "sh_s": (0, 150), "sh_n": (0, -150)}
    people = [Stakeholder(id="sh_hub", name="Huurdersvereniging Oost", kind="group", cluster="cl_wonen",
                          organisation="Bewoners", notes="Belt elke week.", x=0, y=0),
              *[Stakeholder(id=i, name=f"Buur {i[-1].upper()}", cluster="cl_wonen", x=x, y=y)
                for i, (x, y) in around.items()],
              Stakeholder(id="sh_far", name="Verder weg", x=700, y=300)]
    relations = [Relation(id=f"re_{i}", source="sh_hub", target=i, kind="overlegt met") for i in around]
    return app_store.add(Session(meta=Meta(title="Rond de hub"), clusters=clusters, stakeholders=people,
                                 relations=relations)).id


def tip_box(app) -> dict:
    tip = app.page.locator(".wa-tip")
    expect(tip).to_be_visible()
    return tip.bounding_box()


def test_a_hovered_post_it_tells_its_current_cluster_beside_it_not_over_its_neighbours(app, app_store):
    sid = hub_map(app_store)
    visit(app, "kaart", sid)
    wait_drawn(app, nodes=6)
    # Another laptop moves it to Zorg; this page shows it with its next rerun.
    app_store.apply(sid, AssignClusters(ids=["sh_hub"], cluster="cl_zorg"))
    app.page.locator("body").press("r")
    eventually(app.page, lambda: equal(
        js(app, f"() => window.__werkatelierCanvas.{MAP}.held.nodes.get('sh_hub').cluster"), "cl_zorg"))
    x, y = screen(app, "sh_hub")
    app.page.mouse.move(x - 5, y)
    app.page.mouse.move(x, y, steps=3)
    tip = app.page.locator(".wa-tip")
    expect(tip).to_contain_text("Huurdersvereniging Oost")
    expect(tip).to_contain_text("Groep · Zorg")
    # Word for word what the exported page's tooltip says of it now.
    doc = app_store.get(sid)
    hub = next(s for s in doc.stakeholders if s.id == "sh_hub")
    assert tip.inner_text() == render.node_title(hub, "Zorg", render.words("nl"), "nl")
    box = tip_box(app)
    for other in ("sh_hub", "sh_e", "sh_w", "sh_s", "sh_n"):
        cx, cy = screen(app, other)
        inside = box["x"] <= cx <= box["x"] + box["width"] and box["y"] <= cy <= box["y"] + box["height"]
        assert not inside, f"the tooltip covers {other}"
    app.page.set_viewport_size({"width": 1920, "height": 1080})
    SHOTS.mkdir(parents=True, exist_ok=True)
    app.page.screenshot(path=str(SHOTS / "map-tooltip-desktop.png"))
    # Away from the post-it, the tooltip goes.
    app.page.mouse.move(x, y + 400, steps=3)
    expect(tip).to_be_hidden()
    clean(app)


def test_a_hovered_relation_tells_its_ends_kind_and_strength(app, app_store):
    sid = hub_map(app_store)
    visit(app, "kaart", sid)
    wait_drawn(app, nodes=6)
    (hx, hy), (ex, ey) = screen(app, "sh_hub"), screen(app, "sh_e")
    # On the line, past the hub's box: a relation, not a post-it.
    mx, my = hx + (ex - hx) * 0.55, hy + (ey - hy) * 0.55
    app.page.mouse.move(mx, my - 30)
    app.page.mouse.move(mx, my, steps=3)
    tip = app.page.locator(".wa-tip")
    expect(tip).to_have_text("Huurdersvereniging Oost — Buur E\noverlegt met\nSterkte: 2/3")
    clean(app)
