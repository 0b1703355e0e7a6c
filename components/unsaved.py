"""Nothing typed is lost: a page with a form typed in but not sent asks before it is left.

Tables save every edit as it is made (the map table, the actions, the participants), and so do
an interview's lines (when the field loses the focus). A form (a persona card, an interview's
details, the post-it's edit panel, the session's details and question, a working round) is sent
with its button, and a working round's answer box with Enter. One page script watches every form
on every page: typing in a form, ticking in it, choosing from one of its lists or moving one of
its sliders marks it as holding unsent text; its button (or Enter, where Enter sends the form)
clears that. While a form or an answer box holds unsent text, a click on a page in the sidebar
(or any link to another page of the app) asks first, in the page's language, and so do a reload
and closing the tab (the browser's own question; browsers do not let a page choose those words).

A field outside a form saves when it loses the focus, and a click on a page link is such a moment:
Streamlit sends the field's change a moment after the click has asked for the other page. It then
runs the old page's part on the new page, and the page goes white ("Bad delta path index"), or the
page change interrupts the callback that saves and the text is gone (Streamlit 1.67, measured in
the browser). So a page change waits, out of sight, until the app has run that change.
"""

from __future__ import annotations

import json

import streamlit as st

from werkatelier import i18n

SCRIPT = """<script>
(() => {
  const top = window.parent || window;
  const doc = top.document;
  const state = top.__werkatelierUnsaved || (top.__werkatelierUnsaved = {});
  state.question = %(question)s;
  if (state.installed) return;
  state.installed = true;
  const FORM = '[data-testid="stForm"]';
  const held = new Set();
  const formOf = (el) => (el && el.closest ? el.closest(FORM) : null);
  const mark = (el) => { const f = formOf(el); if (f) held.add(f); };
  // A working round's answer box is no form: it holds unsent text while it has any.
  const CHAT = '[data-testid="stChatInput"] textarea';
  const holding = () => {
    for (const f of [...held]) if (!f.isConnected) held.delete(f);
    return held.size > 0 || [...doc.querySelectorAll(CHAT)].some((t) => t.value.trim() !== "");
  };
  state.holding = holding;
  // A field outside a form (an interview's line, a table's cell) sends its change when it loses
  // the focus or on Enter. While that change is on its way or running, a page change waits.
  const BUSY = new Set(["running", "rerunRequested"]);
  const busy = () => {
    const app = doc.querySelector('[data-testid="stApp"]');
    return !!app && BUSY.has(app.getAttribute("data-test-script-state"));
  };
  // A list's search box (role combobox) sends nothing by itself: a choice from the list does.
  const loose = (el) => !!el && (el.tagName === "INPUT" || el.tagName === "TEXTAREA") && !formOf(el)
    && el.getAttribute("role") !== "combobox" && !el.closest('[data-testid="stChatInput"]');
  // From the click on, the page's live element asks for no rerun of this page (werkatelier/static/live.js).
  const leave = () => { top.__werkatelierLeaving = { from: top.location.pathname, at: Date.now() }; };
  let flight = null;  // {since, sawRun, quiet}: a loose field's change went out
  let waiting = null;  // the page link clicked while it did
  const go = (link) => {
    // A rerun may have drawn the link anew meanwhile.
    const same = (a) => a.href === link.href;
    const target = link.isConnected ? link : [...doc.querySelectorAll("a[href]")].find(same);
    if (!target) return;
    state.passing = target;
    try { target.click(); } finally { state.passing = null; }
  };
  const watch = () => {
    const now = Date.now();
    if (busy()) { flight.sawRun = true; flight.quiet = 0; }
    else if (flight.sawRun && !flight.quiet) flight.quiet = now;
    const settled = flight.quiet && now - flight.quiet >= %(settle_ms)d;
    const nothing = !flight.sawRun && now - flight.since >= %(no_run_ms)d;
    if (settled || nothing || now - flight.since >= %(max_ms)d) {
      flight = null;
      const link = waiting;
      waiting = null;
      if (link) go(link);
      return;
    }
    setTimeout(watch, 50);
  };
  const sent = () => {
    const watching = flight !== null;
    flight = { since: Date.now(), sawRun: false, quiet: 0 };
    if (!watching) setTimeout(watch, 0);
  };
  const typed = new WeakSet();  // loose fields typed in since they last sent
  const flush = (el) => { if (typed.delete(el)) sent(); };
  doc.addEventListener("focusout", (e) => flush(e.target), true);
  doc.addEventListener("input", (e) => { mark(e.target); if (loose(e.target)) typed.add(e.target); }, true);
  doc.addEventListener("change", (e) => mark(e.target), true);
  // Sliders are drawn, not native fields: a press or an arrow key on one changes it.
  const SLIDER = '[data-testid="stSlider"], [role="slider"]';
  doc.addEventListener("pointerdown", (e) => {
    if (e.target && e.target.closest && e.target.closest(SLIDER)) mark(e.target);
  }, true);
  doc.addEventListener("click", (e) => {
    const t = e.target;
    if (!t || !t.closest) return;
    if (state.passing && state.passing.contains(t)) return;  // the page change that waited, now going
    // A choice from a list floats outside the form; the field it belongs to has the focus.
    if (t.closest('[role="option"]')) { mark(doc.activeElement); return; }
    const send = t.closest('[data-testid="stFormSubmitButton"]');
    if (send) { const f = formOf(send); if (f) held.delete(f); return; }
    const link = t.closest("a[href]");
    if (!link || link.target === "_blank" || link.hasAttribute("download")) return;
    let to;
    try { to = new URL(link.href, top.location.href); } catch (_) { return; }
    if (to.origin !== top.location.origin || to.pathname === top.location.pathname) return;
    if (holding()) {
      if (!top.confirm(state.question)) { e.preventDefault(); e.stopImmediatePropagation(); return; }
      held.clear();
    }
    leave();
    if (!flight) return;
    e.preventDefault();
    e.stopImmediatePropagation();
    waiting = link;
  }, true);
  // Enter in a one-line field sends its form where the form says so ("Press Enter to submit form").
  doc.addEventListener("keydown", (e) => {
    const key = e.key || "";  // a keydown from autofill has none
    if (key.startsWith("Arrow") && e.target && e.target.closest && e.target.closest(SLIDER)) mark(e.target);
    if (key !== "Enter" || !e.target || e.target.tagName !== "INPUT") return;
    flush(e.target);
    const f = formOf(e.target);
    const box = e.target.closest('[data-testid="stTextInput"], [data-testid="stNumberInput"]');
    const says = box && box.querySelector('[data-testid="InputInstructions"]');
    if (f && says && says.textContent.trim()) held.delete(f);
  }, true);
  top.addEventListener("beforeunload", (e) => {
    if (!holding()) return;
    e.preventDefault();
    e.returnValue = state.question;
  });
})();
</script>"""


#: A field's change has run once the app has been idle this long after running (ms).
SETTLE_MS = 150
#: No run seen this long after a field's change went out: nothing was sent (ms).
NO_RUN_MS = 2000
#: A page change waits for a field's change at most this long (ms).
MAX_MS = 15000


def script(lang: str) -> str:
    """The page script; its question in ``lang`` (JSON-encoded, ``</`` escaped)."""
    question = json.dumps(i18n.t("app.unsaved_leave", lang), ensure_ascii=False).replace("</", "<\\/")
    return SCRIPT % {"question": question, "settle_ms": SETTLE_MS, "no_run_ms": NO_RUN_MS, "max_ms": MAX_MS}


def guard(lang: str) -> None:
    """Draw (once per run, invisibly) the script that asks before a page with unsent text is left."""
    st.html(script(lang), unsafe_allow_javascript=True, width="content")
