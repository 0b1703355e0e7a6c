"""A tiny app around the live canvas, used only by its AppTest and browser tests."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import streamlit as st

# `streamlit run` puts this file's folder on sys.path, not the repository's.
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from components.canvas import stakeholder_canvas  # noqa: E402

st.set_page_config(page_title="Canvas test", layout="wide")

CLUSTERS = {"cl_wonen": ("Wonen", "#0072b2"), "cl_zorg": ("Zorg", "#e69f00")}


def _node(nid: str, name: str, x: float, y: float, cluster: str | None, size: int = 18) -> dict:
    colour = CLUSTERS[cluster][1] if cluster else "#e4e4e4"
    return {"id": nid, "label": name, "title": f"{name}\nInvloed 3", "x": x, "y": y, "shape": "box",
            "margin": 10, "color": {"background": colour, "border": "#333333"},
            "font": {"size": size, "color": "#000000" if cluster != "cl_wonen" else "#ffffff"},
            "cluster": cluster}


if "nodes" not in st.session_state:
    st.session_state.nodes = {
        "sh_corp": _node("sh_corp", "Woningcorporatie", -220, -60, "cl_wonen", 24),
        "sh_buurt": _node("sh_buurt", "Bewonerscommissie", -200, 110, "cl_wonen", 14),
        "sh_zorg": _node("sh_zorg", "Wijkteam", 230, -40, "cl_zorg"),
        "sh_xss": _node("sh_xss", "<img src=x onerror=alert(1)>", 220, 140, "cl_zorg"),
    }
    st.session_state.edges = [{"id": "re_1", "from": "sh_corp", "to": "sh_buurt", "label": "overlegt met",
                               "arrows": ""}]
    st.session_state.received = []


def apply(event: dict) -> None:
    """What a page does with an event: here, straight into the in-memory map."""
    nodes, edges = st.session_state.nodes, st.session_state.edges
    if event["type"] == "moved":
        for nid, (x, y) in event["positions"].items():
            nodes[nid] = {**nodes[nid], "x": x, "y": y}
    elif event["type"] == "connect":
        edges.append({"id": f"re_{len(edges) + 1}_{len(st.session_state.received)}",
                      "from": event["source"], "to": event["target"], "arrows": "to"})
    elif event["type"] == "delete":
        for nid in event["ids"]:
            nodes.pop(nid, None)
        gone = set(event["ids"]) | set(event["edges"])
        st.session_state.edges = [e for e in edges if not gone & {e["id"], e["from"], e["to"]}]
    st.session_state.received.append(event)


lang = st.query_params.get("lang", "nl")
col_a, col_b, col_c = st.columns(3)
if col_a.button("Nieuwe post-it"):
    n = len(st.session_state.nodes)
    nid = f"sh_new{n}"
    st.session_state.nodes[nid] = _node(nid, f"Nieuw {n}", 0, 260 + 60 * n, None)
if col_b.button("Alleen opnieuw"):
    pass
fit = col_c.button("Passend maken")

data = {"nodes": list(st.session_state.nodes.values()), "edges": st.session_state.edges,
        "options": {"physics": {"enabled": False}}}
hulls = [{"id": cid, "name": name, "colour": colour} for cid, (name, colour) in CLUSTERS.items()]
event = stakeholder_canvas(data, key="map", height=560, hulls=hulls, fit=fit, lang=lang, on_event=apply)

st.text("returned: " + json.dumps(event, sort_keys=True))
st.text("received: " + str(len(st.session_state.received)))
st.text("history: " + " ".join(e["type"] for e in st.session_state.received))
last = st.session_state.received[-1] if st.session_state.received else None
st.text("last event: " + json.dumps(last, sort_keys=True))
st.text("positions: " + json.dumps({k: [v["x"], v["y"]] for k, v in st.session_state.nodes.items()},
                                   sort_keys=True))
st.text("edges: " + json.dumps(sorted([e["from"], e["to"]] for e in st.session_state.edges)))
