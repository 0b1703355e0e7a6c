"""Analysis: the power-interest grid, who sits between the worlds, the map in numbers, suggested clusters."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from components import state, ui
from werkatelier import analysis, charts, graph, i18n
from werkatelier.analysis import QUADRANTS, quadrant_name
from werkatelier.model import Session

CONFIDENTIAL = "analysis_confidential"
# Static CSS: on a phone the grid keeps a readable width and scrolls sideways instead of squeezing its labels.
CSS = """<style>
@media (max-width: 760px) {
  div.st-key-analysis_grid { overflow-x: auto; }
  div.st-key-analysis_grid > div { min-width: 900px; }
}
</style>"""


# cache_resource, not cache_data: what is kept is read and never changed here, so it is handed out
# as it is instead of unpickled on every rerun (20-40 ms on a map of 3,000 post-its).
@st.cache_resource(show_spinner=False, max_entries=16)
def analysed(fingerprint: str, include_confidential: bool, _doc: Session) -> dict[str, Any]:
    # Keyed by what the analysis reads (analysis.fingerprint), not the revision: a move
    # makes a new revision but changes no figure, so it reuses the result.
    return analysis.analyse(graph.to_graph(_doc, include_confidential=include_confidential))


@st.cache_resource(show_spinner=False, max_entries=16)
def drawn(fingerprint: str, include_confidential: bool, lang: str, _doc: Session, _result: dict[str, Any]
          ) -> dict[str, Any]:
    # What the tabs show is read from the same inputs as the analysis, and the language: a move
    # rebuilds none of it (thousands of rows and points on a big map).
    rows = charts.suggestion_rows(_doc, _result, lang=lang)
    for r in rows:
        if r["group"] is None:
            r["suggested"] = i18n.t("analysis.group_none", lang)
        elif r["group_mostly"]:
            r["suggested"] = i18n.t("analysis.group_mostly", lang, n=r["group"], cluster=r["group_mostly"])
        else:
            r["suggested"] = i18n.t("analysis.group", lang, n=r["group"])
    return {"grid": charts.power_interest_chart(_doc, _result["power_interest"], lang=lang),
            "network": charts.network_rows(_doc, _result, lang=lang),
            "bridges": charts.bridge_rows(_doc, _result),
            "summary": charts.summary_rows(_doc, _result, lang=lang),
            "suggestions": rows}


def number(x: float, digits: int = 2) -> str:
    text = f"{x:.{digits}f}"
    return text.replace(".", ",") if state.lang() == "nl" else text


def grid_tab(doc: Session, result: dict[str, Any], parts: dict[str, Any]) -> None:
    lang = state.lang()
    st.markdown(ui.t("analysis.grid_intro"))
    spec = parts["grid"]
    with st.container(key="analysis_grid"):
        st.vega_lite_chart(spec=spec, width="stretch", theme=None)
    names = {s.id: s.name for s in doc.stakeholders}
    by_quadrant: dict[str, list[str]] = {q: [] for q in QUADRANTS}
    for sid, place in result["power_interest"].items():
        by_quadrant[place["quadrant"]].append(names[sid])
    top, bottom = st.columns(2), st.columns(2)
    # Read like the grid: high influence on top, high interest on the right.
    for column, q in zip([*top, *bottom], ("keep_satisfied", "manage_closely", "monitor", "keep_informed"),
                         strict=True):
        with column.container(border=True, key=f"analysis_quadrant_{q}"):
            st.subheader(f"{quadrant_name(q, lang)} ({len(by_quadrant[q])})")
            st.caption(ui.t(f"analysis.q_{q}"))
            who = sorted(by_quadrant[q], key=str.casefold)
            st.markdown(" · ".join(ui.md(n) for n in who) if who else ui.t("analysis.nobody"))


def brokers_tab(doc: Session, result: dict[str, Any], parts: dict[str, Any]) -> None:
    st.subheader(ui.t("analysis.brokers_title"))
    st.markdown(ui.t("analysis.brokers_intro"))
    rows = parts["network"]
    frame = pd.DataFrame(rows, columns=["name", "cluster", "betweenness", "worlds", "linked", "relations",
                                        "cut"])
    frame["betweenness"] = (frame["betweenness"] * 100).round()  # whole percents read better on a wall
    st.dataframe(frame, hide_index=True, width="stretch", key="analysis_brokers",
                 height=min(38 + 35 * len(rows), 460),
                 column_config={
                     "name": st.column_config.TextColumn(ui.t("analysis.col_name"), width="medium"),
                     "cluster": st.column_config.TextColumn(ui.t("analysis.col_cluster")),
                     "betweenness": st.column_config.ProgressColumn(
                         ui.t("analysis.col_betweenness"), min_value=0, max_value=100, format="%.0f%%",
                         help=ui.t("analysis.col_betweenness_help")),
                     "worlds": st.column_config.NumberColumn(ui.t("analysis.col_worlds"),
                                                             help=ui.t("analysis.col_worlds_help")),
                     "linked": st.column_config.NumberColumn(ui.t("analysis.col_linked"),
                                                             help=ui.t("analysis.col_linked_help")),
                     "relations": st.column_config.NumberColumn(ui.t("analysis.col_relations")),
                     "cut": st.column_config.CheckboxColumn(ui.t("analysis.col_cut"),
                                                            help=ui.t("analysis.col_cut_help")),
                 })
    names = {s.id: s.name for s in doc.stakeholders}

    st.subheader(ui.t("analysis.bridges_title"))
    st.markdown(ui.t("analysis.bridges_intro"))
    bridges = parts["bridges"]
    if bridges:
        st.dataframe(pd.DataFrame(bridges, columns=["a", "b", "kinds"]), hide_index=True, width="stretch",
                     key="analysis_bridges",
                     column_config={"a": ui.t("analysis.col_from"), "b": ui.t("analysis.col_to"),
                                    "kinds": ui.t("analysis.col_kinds")})
    else:
        st.info(ui.t("analysis.no_bridges"))
    cut = [names[s] for s in result["bridges"]["stakeholders"]]
    if cut:
        st.markdown(ui.t("analysis.cut_people", names=", ".join(ui.md(n) for n in cut)))

    st.subheader(ui.t("analysis.isolated_title"))
    alone = sorted(result["isolated"].values(), key=str.casefold)
    if alone:
        st.markdown(ui.t("analysis.isolated_intro"))
        st.markdown("\n".join(f"- {ui.md(n)}" for n in alone))
    else:
        st.success(ui.t("analysis.no_isolated"))


def summary_tab(doc: Session, result: dict[str, Any], parts: dict[str, Any]) -> None:
    s = result["summary"]
    a, b, c = st.columns(3)
    a.metric(ui.t("analysis.metric_stakeholders"), s["stakeholders"])
    b.metric(ui.t("analysis.metric_relations"), s["relations"])
    c.metric(ui.t("analysis.metric_isolated"), s["isolated"])
    rows = parts["summary"]
    parts = [("clusters", "analysis.by_cluster"), ("kinds", "analysis.by_kind"),
             ("quadrants", "analysis.by_quadrant"), ("attitudes", "analysis.by_attitude")]
    columns = [*st.columns(2), *st.columns(2)]
    for column, (part, title) in zip(columns, parts, strict=True):
        with column:
            st.markdown(f"**{ui.t(title)}**")
            st.dataframe(pd.DataFrame(rows[part], columns=["label", "count"]), hide_index=True,
                         width="stretch", key=f"analysis_summary_{part}",
                         column_config={"label": ui.t(title), "count": st.column_config.NumberColumn(
                             ui.t("analysis.col_count"), width="small")})


def suggestions_tab(doc: Session, result: dict[str, Any], parts: dict[str, Any]) -> None:
    suggested = result["suggested_clusters"]
    st.markdown(ui.t("analysis.suggest_intro"))
    score = suggested["agreement"]
    if score is None:
        st.info(ui.t("analysis.agreement_none"))
    else:
        band = ui.t(f"analysis.agreement_{charts.agreement_band(score)}")
        st.markdown(f"{ui.t('analysis.agreement', score=number(score))} {band}")
    rows = parts["suggestions"]
    st.dataframe(pd.DataFrame(rows, columns=["name", "team_cluster", "suggested"]), hide_index=True,
                 width="stretch", key="analysis_suggested", height=min(38 + 35 * len(rows), 560),
                 column_config={"name": ui.t("analysis.col_name"), "team_cluster": ui.t("analysis.col_team"),
                                "suggested": ui.t("analysis.col_suggested")})
    st.page_link(ui.page("map"), label=ui.t("analysis.to_map"), icon=":material/hub:")


doc = ui.require_session()
st.html(CSS)
st.title(ui.t("nav.analysis"))
st.caption(ui.t("analysis.intro"))
hidden = sum(s.confidential for s in doc.stakeholders)
include = st.checkbox(ui.t("analysis.include_confidential", n=hidden), value=True, key=CONFIDENTIAL,
                      disabled=not hidden, help=ui.t("analysis.include_confidential_help"))
with st.spinner(ui.t("analysis.working")):  # a map of a thousand post-its takes seconds
    key = analysis.fingerprint(doc, include_confidential=include)
    result = analysed(key, include, doc)
if not result["power_interest"]:
    st.info(ui.t("analysis.empty"))
    st.page_link(ui.page("map"), label=ui.t("nav.map"), icon=":material/hub:")
    st.stop()

grid, brokers, summary, suggestions = st.tabs([ui.t("analysis.tab_grid"), ui.t("analysis.tab_brokers"),
                                               ui.t("analysis.tab_summary"), ui.t("analysis.tab_suggested")])
parts = drawn(key, include, state.lang(), doc, result)
with grid:
    grid_tab(doc, result, parts)
with brokers:
    brokers_tab(doc, result, parts)
with summary:
    summary_tab(doc, result, parts)
with suggestions:
    suggestions_tab(doc, result, parts)
