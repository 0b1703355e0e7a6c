"""Nothing typed is lost: a form typed in but not sent asks before its page is left."""

from __future__ import annotations

from browser_support import equal, eventually
from playwright.sync_api import expect

QUESTION = "Je hebt iets getypt dat nog niet is opgeslagen. Deze pagina toch verlaten?"


def copy_of(app_store, source: str = "s_team6wa2") -> str:
    return app_store.add(app_store.get(source)).id


def go(app, page_name: str) -> None:
    app.page.get_by_test_id("stSidebarNav").get_by_role("link", name=page_name, exact=True).click()


def test_leaving_a_form_with_unsent_text_asks_first_and_staying_keeps_the_text(app, app_store):
    sid = copy_of(app_store)
    app.open("sessie", session=sid)
    title = app.page.get_by_label("Titel", exact=True)
    title.fill("Werkatelier III, de middag")
    go(app, "Stakeholderkaart")
    eventually(app.page, lambda: equal(app.dialogs, [QUESTION]))
    app.idle()
    assert app.page.url.split("?")[0].endswith("/sessie")  # stayed: the dialog was answered "no"
    expect(title).to_have_value("Werkatelier III, de middag")
    app.page.get_by_role("button", name="Gegevens opslaan").click()
    eventually(app.page, lambda: equal(app_store.get(sid).meta.title, "Werkatelier III, de middag"))
    app.idle()
    go(app, "Stakeholderkaart")  # sent: nothing to ask
    app.page.wait_for_url("**/kaart**")
    assert app.dialogs == [QUESTION]


def test_a_form_left_untouched_or_answered_yes_lets_the_page_go(app, app_store):
    sid = copy_of(app_store)
    app.open("sessie", session=sid)
    go(app, "Persona's")
    app.page.wait_for_url("**/personas**")
    app.idle()
    assert app.dialogs == []
    app.open("sessie", session=sid)
    app.page.get_by_label("Titel", exact=True).fill("Weggooien")
    app.accept_dialogs = True
    go(app, "Stakeholderkaart")
    app.page.wait_for_url("**/kaart**")
    assert app.dialogs == [QUESTION]
    assert app_store.get(sid).meta.title != "Weggooien"


def test_the_post_it_edit_panel_asks_and_a_slider_counts_as_typing(app, app_store):
    sid = copy_of(app_store)
    app.open("kaart", session=sid)
    app.page.wait_for_function("() => { const c = (window.__werkatelierCanvas || {}).map_canvas;"
                               " return !!c && c.nodes.length > 0 && (c.root.dataset.drawn | 0) > 0; }")
    app.page.evaluate("""() => { const c = window.__werkatelierCanvas.map_canvas;
        c.network.selectNodes([c.nodes.getIds()[0]]); c.reportSelection(); }""")
    panel = app.page.get_by_test_id("stForm").filter(has=app.page.get_by_label("Invloed"))
    expect(panel).to_be_visible()
    app.idle()
    slider = panel.get_by_role("slider").first
    slider.focus()
    slider.press("ArrowRight")
    go(app, "Persona's")
    eventually(app.page, lambda: equal(app.dialogs, [QUESTION]))
    assert app.page.url.split("?")[0].endswith("/kaart")


def test_closing_the_tab_with_unsent_text_asks_the_browsers_own_question(app, app_store):
    sid = copy_of(app_store)
    app.open("sessie", session=sid)
    app.page.get_by_label("Titel", exact=True).fill("Bijna vergeten")
    app.page.close(run_before_unload=True)
    eventually(app.page, lambda: equal(app.dialogs, ["beforeunload"]))
    assert not app.page.is_closed()  # the question was answered "stay"
