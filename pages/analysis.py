"""Analysis: the power-interest grid, who sits between the worlds, the map in numbers, suggested clusters."""

from __future__ import annotations

from typing import Any

import pyarrow as pa
import streamlit as st

from components import state, ui
from werkatelier import analysis, charts, graph, i18n
from werkatelier.analysis import QUADRANTS, quadrant_name
from werkatelier.model import Session

CONFIDENTIAL = "analysis_confidential"
BROKER_COLUMNS = ["name", "cluster", "betweenness", "worlds", "linked", "relations", "cut"]
# Static CSS: on a phone the grid keeps a readable width and scrolls sideways instead of squeezing its labels.
CSS = """<style>
@media (max-width: 760px) {
  div.st-key-analysis_grid { overflow-x: auto; }
  div.st-key-analysis_grid > div { min-width: 900px; }
}
</style>"""


# The page's results are kept with cache_resource, not cache_data: they are read and never changed
# here, so they are handed out as they are instead of unpickled on every rerun (20-40 ms on a map
# of 3,000 post-its). They are keyed by what the analysis reads (analysis.fingerprint), not the
# revision: a move makes a new revision but changes no figure, so it reuses them; fingerprints
# remembers each session's last key, so a move is not even hashed again. The decorated functions
# stay a line long: Streamlit reads (tokenizes) a cached function's source on every rerun of a page.
@st.cache_resource(show_spinner=False)
def fingerprints() -> analysis.Fingerprints:
    return analysis.Fingerprints()


@st.cache_resource(show_spinner=False, max_entries=16)
def analysed(fingerprint: str, include_confidential: bool, _doc: Session) -> dict[str, Any]:
    return analyse(_doc, include_confidential)


@st.cache_resource(show_spinner=False, max_entries=16)
def drawn(fingerprint: str, include_confidential: bool, lang: str, _doc: Session, _result: dict[str, Any]
          ) -> dict[str, Any]:
    return ready_to_send(_doc, _result, lang)


@analysis.collector_paused()  # the graph too is thousands of dicts that stay (see there)
def analyse(doc: Session, include_confidential: bool) -> dict[str, Any]:
    return analysis.analyse(graph.to_graph(doc, include_confidential=include_confidential))


def _table(rows: list[dict[str, Any]], columns: list[str]) -> pa.Table:
    """Rows as the Arrow table st.dataframe sends: built once, not converted from pandas every rerun."""
    return pa.table({c: [r[c] for r in rows] for c in columns})


def _arrow(rows: list[dict[str, Any]]) -> pa.Table:
    """A chart's named dataset as an Arrow table, built once; Streamlit writes it out as it sends
    it (0.04 ms for 3,000 points), through its public chart call rather than its internal writer."""
    return pa.Table.from_pylist(rows)


def _names(names: list[str]) -> str:
    # One escape of the whole line, the same text as one per name (a name is never blank).
    return ui.md(" · ".join(sorted(names, key=str.casefold)))


@analysis.collector_paused()  # thousands of rows of dicts that stay (see there)
def ready_to_send(doc: Session, result: dict[str, Any], lang: str) -> dict[str, Any]:
    """Everything the tabs show, ready to send, kept by drawn: a move rebuilds none of it, and a
    rerun converts nothing (thousands of rows and points on a big map: the grid's points and the
    tables as Arrow, the quadrants' names as text)."""
    suggestions = charts.suggestion_rows(doc, result, lang=lang)
    for r in suggestions:
        if r["group"] is None:
            r["suggested"] = i18n.t("analysis.group_none", lang)
        elif r["group_mostly"]:
            r["suggested"] = i18n.t("analysis.group_mostly", lang, n=r["group"], cluster=r["group_mostly"])
        else:
            r["suggested"] = i18n.t("analysis.group", lang, n=r["group"])
    spec = charts.power_interest_chart(doc, result["power_interest"], lang=lang)
    spec["datasets"] = {name: _arrow(rows) for name, rows in spec["datasets"].items()}
    names = {s.id: s.name for s in doc.stakeholders}
    by_quadrant: dict[str, list[str]] = {q: [] for q in QUADRANTS}
    for sid, place in result["power_interest"].items():
        by_quadrant[place["quadrant"]].append(names[sid])
    network = charts.network_rows(doc, result, lang=lang)
    for r in network:
        r["betweenness"] = float(round(r["betweenness"] * 100))  # whole percents read better on a wall
    bridges = charts.bridge_rows(doc, result)
    summary = charts.summary_rows(doc, result, lang=lang)
    alone = result["isolated"].values()
    return {"grid": spec,
            "quadrants": {q: (len(who), _names(who)) for q, who in by_quadrant.items()},
            "brokers": _table(network, BROKER_COLUMNS),
            "bridges": _table(bridges, ["a", "b", "kinds"]) if bridges else None,
            "cut": ", ".join(ui.md(names[s]) for s in result["bridges"]["stakeholders"]),
            "isolated": "\n".join(f"- {ui.md(n)}" for n in sorted(alone, key=str.casefold)),
            "summary": {part: _table(rows, ["label", "count"]) for part, rows in summary.items()},
            "suggestions": _table(suggestions, ["name", "team_cluster", "suggested"])}


def number(x: float, digits: int = 2) -> str:
    text = f"{x:.{digits}f}"
    return text.replace(".", ",") if state.lang() == "nl" else text


def grid_tab(parts: dict[str, Any]) -> None:
    lang = state.lang()
    st.markdown(ui.t("analysis.grid_intro"))
    with st.container(key="analysis_grid"):
        st.vega_lite_chart(spec=parts["grid"], width="stretch", theme=None)
    top, bottom = st.columns(2), st.columns(2)
    # Read like the grid: high influence on top, high interest on the right.
    for column, q in zip([*top, *bottom], ("keep_satisfied", "manage_closely", "monitor", "keep_informed"),
                         strict=True):
        count, who = parts["quadrants"][q]
        with column.container(border=True, key=f"analysis_quadrant_{q}"):
            st.subheader(f"{quadrant_name(q, lang)} ({count})")
            st.caption(ui.t(f"analysis.q_{q}"))
            st.markdown(who or ui.t("analysis.nobody"))


def brokers_tab(parts: dict[str, Any]) -> None:
    st.subheader(ui.t("analysis.brokers_title"))
    st.markdown(ui.t("analysis.brokers_intro"))
    table = parts["brokers"]
    st.dataframe(table, hide_index=True, width="stretch", key="analysis_brokers",
                 height=min(38 + 35 * table.num_rows, 460),
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

    st.subheader(ui.t("analysis.bridges_title"))
    st.markdown(ui.t("analysis.bridges_intro"))
    if parts["bridges"] is not None:
        st.dataframe(parts["bridges"], hide_index=True, width="stretch", key="analysis_bridges",
                     column_config={"a": ui.t("analysis.col_from"), "b": ui.t("analysis.col_to"),
                                    "kinds": ui.t("analysis.col_kinds")})
    else:
        st.info(ui.t("analysis.no_bridges"))
    if parts["cut"]:
        st.markdown(ui.t("analysis.cut_people", names=parts["cut"]))

    st.subheader(ui.t("analysis.isolated_title"))
    if parts["isolated"]:
        st.markdown(ui.t("analysis.isolated_intro"))
        st.markdown(parts["isolated"])
    else:
        st.success(ui.t("analysis.no_isolated"))


def summary_tab(result: dict[str, Any], parts: dict[str, Any]) -> None:
    s = result["summary"]
    a, b, c = st.columns(3)
    a.metric(ui.t("analysis.metric_stakeholders"), s["stakeholders"])
    b.metric(ui.t("analysis.metric_relations"), s["relations"])
    c.metric(ui.t("analysis.metric_isolated"), s["isolated"])
    tables = [("clusters", "analysis.by_cluster"), ("kinds", "analysis.by_kind"),
              ("quadrants", "analysis.by_quadrant"), ("attitudes", "analysis.by_attitude")]
    columns = [*st.columns(2), *st.columns(2)]
    for column, (part, title) in zip(columns, tables, strict=True):
        with column:
            st.markdown(f"**{ui.t(title)}**")
            st.dataframe(parts["summary"][part], hide_index=True,
                         width="stretch", key=f"analysis_summary_{part}",
                         column_config={"label": ui.t(title), "count": st.column_config.NumberColumn(
                             ui.t("analysis.col_count"), width="small")})


def suggestions_tab(result: dict[str, Any], parts: dict[str, Any]) -> None:
    suggested = result["suggested_clusters"]
    st.markdown(ui.t("analysis.suggest_intro"))
    score = suggested["agreement"]
    if score is None:
        st.info(ui.t("analysis.agreement_none"))
    else:
        band = ui.t(f"analysis.agreement_{charts.agreement_band(score)}")
        st.markdown(f"{ui.t('analysis.agreement', score=number(score))} {band}")
    table = parts["suggestions"]
    st.dataframe(table, hide_index=True,
                 width="stretch", key="analysis_suggested", height=min(38 + 35 * table.num_rows, 560),
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
    key = fingerprints()(doc, include_confidential=include)
    result = analysed(key, include, doc)
if not result["power_interest"]:
    st.info(ui.t("analysis.empty"))
    st.page_link(ui.page("map"), label=ui.t("nav.map"), icon=":material/hub:")
    st.stop()

grid, brokers, summary, suggestions = st.tabs([ui.t("analysis.tab_grid"), ui.t("analysis.tab_brokers"),
                                               ui.t("analysis.tab_summary"), ui.t("analysis.tab_suggested")])
parts = drawn(key, include, state.lang(), doc, result)
with grid:
    grid_tab(parts)
with brokers:
    brokers_tab(parts)
with summary:
    summary_tab(result, parts)
with suggestions:
    suggestions_tab(result, parts)
