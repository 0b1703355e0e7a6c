"""The Analyse page's results, kept between reruns and ready to send: Streamlit only.

What the figures mean lives in :mod:`werkatelier.analysis` and :mod:`werkatelier.charts`; this keeps
them per map and turns them into what the page's tabs send (Arrow tables, the grid's spec, text).

The results are kept with cache_resource, not cache_data: they are read and never changed, so they
are handed out as they are instead of unpickled on every rerun (20-40 ms on a map of 3,000
post-its). They are keyed by what the analysis reads (analysis.fingerprint), not the revision: a
move makes a new revision but changes no figure, so it reuses them; fingerprints remembers each
session's last key, so a move is not even hashed again. They live in this module, not the page:
a page's file runs again on every rerun, and with it each decorator, which reads its function's
source each time.
"""

from __future__ import annotations

from typing import Any

import pyarrow as pa
import streamlit as st

from components import ui
from werkatelier import analysis, charts, graph, i18n
from werkatelier.analysis import QUADRANTS
from werkatelier.model import Session

BROKER_COLUMNS = ["name", "cluster", "betweenness", "worlds", "linked", "relations", "cut"]
#: A quadrant lists at most this many names; a bigger one says how many more it holds. A wall of
#: 1,800 names reads as nothing, and writing it out cost a rerun 1-2 ms (Streamlit dedents and
#: hashes the text each time) and the browser far more.
NAMES_SHOWN = 100


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


def results(doc: Session, include_confidential: bool) -> tuple[str, dict[str, Any]]:
    """The map's analysis and the key it is kept under."""
    key = fingerprints()(doc, include_confidential=include_confidential)
    return key, analysed(key, include_confidential, doc)


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


def names_line(names: list[str], lang: str) -> str:
    """The names in alphabetical order, at most NAMES_SHOWN of them and then how many more."""
    ordered = sorted(names, key=str.casefold)
    # One escape of the whole line, the same text as one per name (a name is never blank).
    line = ui.md(" · ".join(ordered[:NAMES_SHOWN]))
    rest = len(ordered) - NAMES_SHOWN
    return line if rest <= 0 else f"{line} {i18n.t('analysis.more_names', lang, n=rest)}"


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
            "quadrants": {q: (len(who), names_line(who, lang)) for q, who in by_quadrant.items()},
            "brokers": _table(network, BROKER_COLUMNS),
            "bridges": _table(bridges, ["a", "b", "kinds"]) if bridges else None,
            "cut": ", ".join(ui.md(names[s]) for s in result["bridges"]["stakeholders"]),
            "isolated": "\n".join(f"- {ui.md(n)}" for n in sorted(alone, key=str.casefold)),
            "summary": {part: _table(rows, ["label", "count"]) for part, rows in summary.items()},
            "suggestions": _table(suggestions, ["name", "team_cluster", "suggested"])}
