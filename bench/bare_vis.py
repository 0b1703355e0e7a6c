"""For bench/app.py: bare vis-network drawing a session's map, with nothing else on the page.

A plain HTML page with the vendored ``vis-network.min.js`` (a file of its own, as the canvas
fetches it) and the map's nodes, edges and options from ``werkatelier.render.vis_data`` inline,
physics off, served from a temporary folder by ``http.server`` in a thread. It is what a fresh
open of any page drawing these post-its with vis-network cannot beat: no Streamlit, no websocket,
no script run, no font. ``window.__bare`` counts the post-its and relations vis-network holds
and the frames it drew.
"""

from __future__ import annotations

import contextlib
import functools
import json
import shutil
import tempfile
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from werkatelier import render
from werkatelier.model import Session

#: Ready: vis-network holds all n post-its and every relation, and has drawn them.
DRAWN = """n => { const b = window.__bare;
    return !!b && b.nodes.length === n && b.edges.length === b.sent && b.drawn > 0; }"""

PAGE = """<!DOCTYPE html>
<html lang="nl"><head><meta charset="utf-8"><title>bare vis-network</title>
<style>html, body {{ margin: 0; }} #net {{ width: 100%; height: {height}px; }}</style>
</head><body><div id="net"></div>
<script type="application/json" id="data">{data}</script>
<script src="vis-network.min.js"></script>
<script>
const data = JSON.parse(document.getElementById("data").textContent);
const nodes = new vis.DataSet(data.nodes);
const edges = new vis.DataSet(data.edges);
window.__bare = {{ nodes, edges, sent: data.edges.length, drawn: 0 }};
const network = new vis.Network(document.getElementById("net"), {{ nodes, edges }}, data.options);
network.on("afterDrawing", () => {{ window.__bare.drawn += 1; }});
</script></body></html>
"""


def page_html(doc: Session, height: int = 640) -> str:
    data = render.vis_data(doc)
    body = json.dumps({"nodes": data["nodes"], "edges": data["edges"], "options": data["options"]},
                      separators=(",", ":"), ensure_ascii=False)
    # Inside <script>: no "</" may end it early.
    return PAGE.format(height=height, data=body.replace("</", "<\\/"))


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


@contextlib.contextmanager
def serve_bare(doc: Session, height: int = 640) -> Iterator[str]:
    """The bare page of ``doc``'s map, served locally; its URL while the block runs."""
    folder = Path(tempfile.mkdtemp(prefix="bench-bare-vis-"))
    (folder / "index.html").write_text(page_html(doc, height), encoding="utf-8")
    shutil.copy(render.STATIC / "vis-network.min.js", folder / "vis-network.min.js")
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/index.html"
    finally:
        server.shutdown()
        server.server_close()
        shutil.rmtree(folder, ignore_errors=True)
