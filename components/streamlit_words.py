"""Streamlit's own words (form hints, pickers, uploader, table toolbar) in the page's language."""

from __future__ import annotations

import json

import streamlit as st

from werkatelier import i18n

#: Streamlit's English, exactly as its frontend writes it (text, placeholder, aria-label or title),
#: and the locale key of what a person reads instead. Streamlit has no translations of its own.
WORDS = {
    "Skip to main content": "streamlit.skip_to_content",
    "Choose an option": "streamlit.choose_option",
    "Choose options": "streamlit.choose_options",
    "No options to select": "streamlit.no_options",
    "No options to select.": "streamlit.no_options",
    "No results": "streamlit.no_results",
    "Press Enter to submit form": "streamlit.enter_to_submit",
    "Press Enter to apply": "streamlit.enter_to_apply",
    "Upload": "streamlit.upload",
    "Browse files": "streamlit.browse_files",
    "Drag and drop file here": "streamlit.drop_file",
    "Drag and drop files here": "streamlit.drop_files",
    "Show/hide columns": "streamlit.show_hide_columns",
    "Download as CSV": "streamlit.download_csv",
    "Search": "streamlit.search",
    "Fullscreen": "streamlit.fullscreen",
    "Close fullscreen": "streamlit.close_fullscreen",
    "Add row": "streamlit.add_row",
    "Delete row": "streamlit.delete_row",
    "Delete rows": "streamlit.delete_rows",
    "Choose date": "streamlit.choose_date",
    "Clear date": "streamlit.clear_date",
    "Clear value": "streamlit.clear_value",
    "Clear all": "streamlit.clear_all",
    # What a screen reader says for an icon-only button or the uploader's icon (DynamicIcon).
    "close icon": "streamlit.close_icon",
    "file upload": "streamlit.file_upload_icon",
    "add icon": "streamlit.add_icon",
}
#: Streamlit's English with a part of its own in it: a regular expression and the locale key,
#: whose {0} is the part.
PATTERNS = {
    r"^Help for (.+)$": "streamlit.help_for",
    r"^(\d+\s?[KMG]B) per file(.*)$": "streamlit.per_file",
}

SCRIPT = """<script>
(() => {
  const words = %(words)s, patterns = %(patterns)s.map(([re, to]) => [new RegExp(re), to]);
  const say = (s) => {
    if (!s) return null;
    const key = s.trim();
    if (Object.prototype.hasOwnProperty.call(words, key)) return s.replace(key, words[key]);
    for (const [re, to] of patterns) {
      const m = key.match(re);
      if (m) return to.replace("{0}", m[1]) + (m[2] || "");
    }
    return null;
  };
  const ATTRS = ["placeholder", "aria-label", "title"];
  const fix = (root) => {
    const texts = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let n = texts.currentNode; n; n = texts.nextNode()) {
      if (n.nodeType !== 3) continue;
      const said = say(n.nodeValue);
      if (said !== null && said !== n.nodeValue) n.nodeValue = said;
    }
    const sel = "[placeholder],[aria-label],[title]";
    const els = root.nodeType === 1 ? [root, ...root.querySelectorAll(sel)] : [];
    for (const el of els) for (const a of ATTRS) {
      const said = say(el.getAttribute && el.getAttribute(a));
      if (said !== null && said !== el.getAttribute(a)) el.setAttribute(a, said);
    }
  };
  const doc = window.parent && window.parent.document ? window.parent.document : document;
  const top = window.parent || window;
  const state = top.__werkatelierWords || (top.__werkatelierWords = {});
  state.say = say;
  if (state.observer) state.observer.disconnect();
  state.observer = new MutationObserver((changes) => {
    for (const c of changes) {
      if (c.type === "characterData") { const s = say(c.target.nodeValue);
        if (s !== null && s !== c.target.nodeValue) c.target.nodeValue = s; }
      else if (c.type === "attributes") fix(c.target);
      else for (const n of c.addedNodes) fix(n.nodeType === 3 ? n.parentNode || n : n);
    }
  });
  fix(doc.body);
  state.observer.observe(doc.body, {subtree: true, childList: true, characterData: true,
                                     attributes: true, attributeFilter: ATTRS});
})();
</script>"""


def script(lang: str) -> str:
    """The page script that puts Streamlit's words into lang; in English it puts back the
    originals, so switching language on an open page leaves no Dutch behind."""
    if lang == "en":
        words = {i18n.t(key, "nl"): english for english, key in WORDS.items()}
        patterns: list[tuple[str, str]] = []
    else:
        words = {english: i18n.t(key, lang) for english, key in WORDS.items()}
        patterns = [(re, i18n.t(key, lang)) for re, key in PATTERNS.items()]
    # json.dumps keeps every string a JS literal; </ is escaped so no text can close the script.
    dump = lambda v: json.dumps(v, ensure_ascii=False).replace("</", "<\\\\/")  # noqa: E731
    return SCRIPT % {"words": dump(words), "patterns": dump(patterns)}


def translate(lang: str) -> None:
    """Draw (once per run, invisibly) the script that translates Streamlit's own words."""
    st.html(script(lang), unsafe_allow_javascript=True, width="content")
