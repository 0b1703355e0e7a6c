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
  doc.addEventListener("input", (e) => mark(e.target), true);
  doc.addEventListener("change", (e) => mark(e.target), true);
  // Sliders are drawn, not native fields: a press or an arrow key on one changes it.
  const SLIDER = '[data-testid="stSlider"], [role="slider"]';
  doc.addEventListener("pointerdown", (e) => {
    if (e.target && e.target.closest && e.target.closest(SLIDER)) mark(e.target);
  }, true);
  doc.addEventListener("click", (e) => {
    const t = e.target;
    if (!t || !t.closest) return;
    // A choice from a list floats outside the form; the field it belongs to has the focus.
    if (t.closest('[role="option"]')) { mark(doc.activeElement); return; }
    const send = t.closest('[data-testid="stFormSubmitButton"]');
    if (send) { const f = formOf(send); if (f) held.delete(f); return; }
    const link = t.closest("a[href]");
    if (!link || link.target === "_blank" || link.hasAttribute("download")) return;
    let to;
    try { to = new URL(link.href, top.location.href); } catch (_) { return; }
    if (to.origin !== top.location.origin || to.pathname === top.location.pathname) return;
    if (!holding()) return;
    if (top.confirm(state.question)) { held.clear(); return; }
    e.preventDefault();
    e.stopImmediatePropagation();
  }, true);
  // Enter in a one-line field sends its form where the form says so ("Press Enter to submit form").
  doc.addEventListener("keydown", (e) => {
    const key = e.key || "";  // a keydown from autofill has none
    if (key.startsWith("Arrow") && e.target && e.target.closest && e.target.closest(SLIDER)) mark(e.target);
    if (key !== "Enter" || !e.target || e.target.tagName !== "INPUT") return;
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


def script(lang: str) -> str:
    """The page script; its question in ``lang`` (JSON-encoded, ``</`` escaped)."""
    question = json.dumps(i18n.t("app.unsaved_leave", lang), ensure_ascii=False).replace("</", "<\\/")
    return SCRIPT % {"question": question}


def guard(lang: str) -> None:
    """Draw (once per run, invisibly) the script that asks before a page with unsent text is left."""
    st.html(script(lang), unsafe_allow_javascript=True, width="content")
