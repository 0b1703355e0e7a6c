"""Analysis: the power-interest grid, who sits between the worlds, the map in numbers, suggested clusters."""

from __future__ import annotations

from typing import Any

import streamlit as st

from components import analysisview, state, ui
from werkatelier import charts
from werkatelier.analysis import quadrant_name

CONFIDENTIAL = "analysis_confidential"
# Static CSS: on a phone the grid keeps a readable width and scrolls sideways instead of squeezing its labels.
CSS = """<style>
@media (max-width: 760px) {
  div.st-key-analysis_grid { overflow-x: auto; }
  div.st-key-analysis_grid > div { min-width: 900px; }
}
</style>"""


def number(x: float, digits: int = 2) -> str:
    text = f"{x:.{digits}f}"
    return text.replace(".", ",") if state.lang() == "nl" else text


def grid_tab(result: dict[str, Any], parts: dict[str, Any]) -> None:
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


def brokers_tab(result: dict[str, Any], parts: dict[str, Any]) -> None:
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
    key, result = analysisview.results(doc, include)
if not result["power_interest"]:
    st.info(ui.t("analysis.empty"))
    st.page_link(ui.page("map"), label=ui.t("nav.map"), icon=":material/hub:")
    st.stop()

# Only the open tab is drawn: a rerun sends its elements, not every tab's.
tabs = st.tabs([ui.t("analysis.tab_grid"), ui.t("analysis.tab_brokers"), ui.t("analysis.tab_summary"),
                ui.t("analysis.tab_suggested")], key="analysis_tab", on_change="rerun")
parts = analysisview.drawn(key, include, state.lang(), doc, result)
for tab, draw in zip(tabs, (grid_tab, brokers_tab, summary_tab, suggestions_tab), strict=True):
    if tab.open:
        with tab:
            draw(result, parts)
