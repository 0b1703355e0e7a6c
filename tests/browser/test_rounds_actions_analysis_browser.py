"""Rounds, actions and analysis in Chromium: post-its typed with Enter, the status filter, the grid."""

from __future__ import annotations

from playwright.sync_api import expect

from werkatelier.analysis import quadrant_names
from werkatelier.ops import UpsertAction


def fresh_copy(app_store, demo: str) -> str:
    """A session of our own: the demos are shared by every browser test in the run."""
    return app_store.add(app_store.get(demo)).id


def open_page(app, path: str, sid: str) -> None:
    # On a server that has not run the app yet, a deep link first shows "Page not found" over the page
    # (Streamlit resolves the URL before app.py has registered its pages); the start page warms it up.
    app.open("", session=sid)
    app.open(path, session=sid)


def test_three_answers_typed_with_enter_stand_on_the_wall_and_the_cursor_stays(app, app_store):
    sid = fresh_copy(app_store, "s_team6wa1")
    before = app_store.get(sid).rounds[0].answers
    open_page(app, "werkrondes", sid)
    notes = app.page.locator("div[class*='st-key-rounds_note_']")
    expect(notes).to_have_count(len(before))
    field = app.page.get_by_test_id("stChatInputTextArea")
    field.click()
    typed = ["Buurtbewoners die meedenken", "De wijkagent", "Jongerenwerkers"]
    for n, text in enumerate(typed, start=1):
        app.page.keyboard.type(text)
        app.page.keyboard.press("Enter")
        expect(notes).to_have_count(len(before) + n)
        expect(notes.last).to_contain_text(text)
        # The note just added is marked, and named beside the input where the eyes are.
        expect(app.page.locator("div[class*='st-key-rounds_note_new_']")).to_have_count(1)
        expect(app.page.get_by_text(f"Op de muur: {text}")).to_be_visible()
        expect(field).to_be_focused()
        expect(field).to_have_value("")
    app.idle()
    expect(field).to_be_focused()
    assert app_store.get(sid).rounds[0].answers == [*before, *typed]
    app.shoot("rounds")
    assert app.foreign_requests() == []
    assert app.dialogs == []


def test_the_action_table_filters_by_status(app, app_store):
    sid = fresh_copy(app_store, "s_team6wa1")
    acts = app_store.get(sid).actions
    app_store.apply(sid, UpsertAction(action=acts[0].model_copy(update={"status": "done"})))
    app_store.apply(sid, UpsertAction(action=acts[1].model_copy(update={"status": "doing"})))
    open_page(app, "acties", sid)
    rows = app.page.locator("[data-testid=stDataFrame] [data-testid^='glide-cell-1-']")
    expect(rows).to_have_count(len(acts))
    expect(app.page.get_by_text(f"{len(acts)} van {len(acts)} acties")).to_be_visible()
    pills = app.page.get_by_test_id("stMain").get_by_test_id("stButtonGroup").first
    pills.get_by_role("button", name="Open", exact=True).click()
    app.idle()
    expect(app.page.get_by_text(f"2 van {len(acts)} acties")).to_be_visible()
    expect(rows).to_have_count(2)
    expect(app.page.get_by_test_id("glide-cell-1-0")).to_contain_text(acts[0].action[:30])
    pills.get_by_role("button", name="Bezig", exact=True).click()
    app.idle()
    expect(app.page.get_by_text(f"1 van {len(acts)} acties")).to_be_visible()
    expect(rows).to_have_count(1)
    pills.get_by_role("button", name="Open", exact=True).click()
    pills.get_by_role("button", name="Bezig", exact=True).click()
    app.idle()
    expect(rows).to_have_count(len(acts))
    assert [a.status for a in app_store.get(sid).actions].count("open") == len(acts) - 2
    app.shoot("actions")
    assert app.foreign_requests() == []
    assert app.dialogs == []


def test_the_power_interest_grid_is_drawn_with_its_quadrants_named(app, app_store):
    sid = fresh_copy(app_store, "s_team6wa2")
    doc = app_store.get(sid)
    open_page(app, "analyse", sid)
    chart = app.page.locator("[data-testid=stVegaLiteChart] svg.marks")
    expect(chart).to_be_visible()
    for name in quadrant_names("nl").values():
        expect(chart.locator("text", has_text=name).first).to_be_visible()
    # One point per stakeholder (the legend's symbols are not marks).
    points = chart.locator("g.mark-symbol.role-mark path")
    expect(points).to_have_count(len(doc.stakeholders))
    expect(chart.locator("text", has_text="Burgemeester")).to_have_count(1)
    app.shoot("analysis")
    assert app.foreign_requests() == []
    assert app.dialogs == []
