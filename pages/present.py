"""Presentation: slides for the projector, stepped with the arrow keys; nothing confidential."""

from __future__ import annotations

import streamlit as st

from components import state, ui
from components.canvas import cluster_hulls, stakeholder_canvas
from werkatelier import render, slides
from werkatelier.slides import Slide

#: The slide shown, 1-based, in the URL (?slide=3) so a reload stays on it.
QUERY_SLIDE = "slide"
#: Tall enough that the fitted map fills a 1080-pixel projector under the slide's heading.
MAP_HEIGHT = 780
VIEW_TOOLS = ("zoom_in", "zoom_out", "fit")
PERSONA_LISTS = ("wishes", "needs", "interests", "frustrations", "goals", "contributions")
#: Static CSS only: no Streamlit chrome, no sidebar, slide text sized for a projector.
CSS = """<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stHeader"],
[data-testid="stToolbar"], [data-testid="stDecoration"], [data-testid="stStatusWidget"],
[data-testid="stSidebarNav"], footer { display: none !important; }
[data-testid="stMainBlockContainer"] { padding: 1rem 2.5rem 1.5rem 2.5rem; max-width: 100%; }
.st-key-present_keys { display: none !important; }
.st-key-present_slide h1 { font-size: 3.2rem; line-height: 1.15; }
.st-key-present_slide h2 { font-size: 2.4rem; }
.st-key-present_slide h3 { font-size: 1.8rem; }
.st-key-present_slide p, .st-key-present_slide li { font-size: 1.45rem; line-height: 1.45; }
.st-key-present_slide blockquote p { font-size: 1.7rem; font-style: italic; }
.st-key-present_slide td, .st-key-present_slide th { font-size: 1.35rem; }
.st-key-present_avatar p { font-size: 6rem; line-height: 1.1; margin: 0; }
.st-key-present_question p { font-size: 2.2rem; line-height: 1.3; font-weight: 600; }
@media (max-width: 640px) {
  [data-testid="stMainBlockContainer"] { padding: 0.5rem 0.75rem; }
  .st-key-present_slide h1 { font-size: 2rem; }
  .st-key-present_slide h2 { font-size: 1.6rem; }
  .st-key-present_slide h3 { font-size: 1.25rem; }
  .st-key-present_slide blockquote p { font-size: 1.2rem; }
  .st-key-present_slide p, .st-key-present_slide li { font-size: 1.1rem; }
  .st-key-present_question p { font-size: 1.4rem; }
  .st-key-present_avatar p { font-size: 3.5rem; }
  .st-key-present_hint { display: none !important; }
}
</style>"""


def current_slide(total: int) -> int:
    try:
        n = int(st.query_params.get(QUERY_SLIDE, "1"))
    except ValueError:
        n = 1
    return min(max(n, 1), total)


def go(n: int) -> None:
    st.query_params[QUERY_SLIDE] = str(n)


def part_suffix(slide: Slide) -> str:
    return f" ({ui.t('present.part', part=slide.part, parts=slide.parts)})" if slide.parts > 1 else ""


def bullets(items: tuple[str, ...] | list[str]) -> str:
    return "\n".join(f"- {ui.md(x)}" for x in items)


def title_slide(slide: Slide, only: bool) -> None:
    doc = slide.session
    m = doc.meta
    st.space("large")
    st.title(ui.md(m.title))
    event = [m.event.name, render.format_date(m.event.date, state.lang()), m.event.location]
    if any(event):
        st.subheader(" · ".join(ui.md(x) for x in event if x))
    who = [x for x in (m.team, m.programme) if x]
    if who:
        st.markdown(" · ".join(ui.md(x) for x in who))
    if doc.question.text:
        st.markdown(f"### {ui.t('present.question')}")
        with st.container(key="present_question"):
            st.markdown(ui.md(doc.question.text))
    if only:
        st.caption(ui.t("present.only_title"))


def map_slide(slide: Slide) -> None:
    st.header(ui.t("present.map"))
    # The public session, and confidential post-its excluded once more where the map is drawn.
    data = render.vis_data(slide.session, include_confidential=False, lang=state.lang(), seed=0)
    # Label sizes stay those the layout placed the post-its for: larger ones would overlap.
    # The map grows on the projector by filling the slide, and zoom makes it larger still.
    doc = slide.session
    stakeholder_canvas(data, key="present_map", height=MAP_HEIGHT, hulls=cluster_hulls(data),
                       lang=state.lang(), tools=VIEW_TOOLS,
                       version=f"{doc.id}@{doc.revision}:{state.lang()}")


def persona_slide(slide: Slide) -> None:
    p = slide.persona
    left, right = st.columns([1, 2], gap="large")
    with left:
        if p.avatar:
            with st.container(key="present_avatar"):
                st.markdown(ui.md(p.avatar))
        st.header(ui.md(p.name))
        if p.archetype:
            st.subheader(ui.md(p.archetype))
        if p.quote:
            st.markdown(f"> {ui.md(p.quote)}")
    with right:
        if p.background:
            st.markdown(f"**{ui.t('present.background')}**")
            st.markdown(ui.md(p.background))
        lists = [(name, getattr(p, name)) for name in PERSONA_LISTS if getattr(p, name)]
        columns = st.columns(2) if lists else []
        for i, (name, items) in enumerate(lists):
            with columns[i % 2]:
                st.markdown(f"**{ui.t(f'present.{name}')}**")
                st.markdown(bullets(items))
        if slide.linked:
            st.caption(ui.t("present.linked", names=", ".join(ui.md(n) for n in slide.linked)))


def insights_slide(slide: Slide) -> None:
    v = slide.interview
    st.header(ui.t("present.insights", who=ui.md(v.interviewee)) + part_suffix(slide))
    about = [v.perspective, render.format_date(v.date, state.lang())]
    if any(about):
        st.caption(" · ".join(ui.md(x) for x in about if x))
    if slide.insights:
        st.markdown(bullets(slide.insights))
    if slide.quotes:
        st.markdown(f"**{ui.t('present.quotes')}**")
        for q in slide.quotes:
            st.markdown(f"> {ui.md(q)}")


def actions_slide(slide: Slide) -> None:
    st.header(ui.t("present.actions") + part_suffix(slide))
    st.table({ui.t("present.col_action"): [ui.md(a.action) for a in slide.actions],
              ui.t("present.col_who"): [ui.md(a.who) for a in slide.actions],
              ui.t("present.col_when"): [ui.md(a.when) for a in slide.actions],
              ui.t("present.col_status"): [ui.t(f"present.status.{a.status}") for a in slide.actions]},
             hide_index=True, border="horizontal")


def navigation(n: int, total: int) -> None:
    with st.container(horizontal=True, vertical_alignment="center", key="present_nav"):
        # The shortcut shows on the button as its arrow.
        st.button(ui.t("present.prev"), key="present_prev", shortcut="Left", disabled=n <= 1,
                  on_click=go, args=(n - 1,))
        st.button(ui.t("present.next"), key="present_next", shortcut="Right", disabled=n >= total,
                  on_click=go, args=(n + 1,), type="primary")
        st.markdown(f"**{ui.t('present.counter', n=n, total=total)}**")
        with st.container(key="present_hint", width="content"):
            st.caption(ui.t("present.keys_hint"))
        st.space("stretch")
        st.page_link(ui.page("map"), label=ui.t("present.exit"), icon=":material/close:")
    # A presenter's clicker sends PageUp and PageDown; a button takes one shortcut, so two unseen ones.
    with st.container(key="present_keys"):
        st.button(ui.t("present.prev"), key="present_pageup", shortcut="PageUp", disabled=n <= 1,
                  on_click=go, args=(n - 1,))
        st.button(ui.t("present.next"), key="present_pagedown", shortcut="PageDown", disabled=n >= total,
                  on_click=go, args=(n + 1,))


doc = ui.require_session()
st.html(CSS)
deck = slides.slides(doc)
n = current_slide(len(deck))
if st.query_params.get(QUERY_SLIDE) != str(n):
    go(n)
navigation(n, len(deck))
slide = deck[n - 1]
with st.container(key="present_slide"):
    {"title": lambda s: title_slide(s, only=len(deck) == 1), "map": map_slide, "persona": persona_slide,
     "insights": insights_slide, "actions": actions_slide}[slide.kind](slide)
