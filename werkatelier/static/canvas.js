// The live stakeholder map: one vis-network per mounted component, updated in place.
//
// Streamlit (components v2) calls the default export again with new `data` on every rerun
// that changes it, always with the same parentElement. So the Network lives in a WeakMap
// keyed by that element and is never recreated: zoom, pan and selection survive reruns.
// User text only ever reaches the page through textContent or the canvas. The tooltip is the
// canvas's own: written when a post-it or relation is hovered, from the facts and words the map
// carries (render.py node_tip, tip_words), so the opening payload holds no tooltip text and the
// tooltip always tells the map as it is now.

const INSTANCES = new WeakMap();
const MAX_PENDING = 50; // matches components/canvas/events.py MAX_EVENTS
// Longer than a rerun of a busy map page takes, so a slow rerun is not mistaken for a lost one.
const RESEND_MS = 4000;
const MAX_RESENDS = 5;
const ZOOM_STEP = 1.25;
// min_scale applies from this stage width: a projector or laptop screen, not a phone.
const READABLE_FROM_PX = 800;
// Looking for the busiest part of a big map tries at most this many post-its as centres.
const BUSIEST_CANDIDATES = 400;
// Room (canvas units) kept for half a post-it at the window's edge.
const BUSIEST_MARGIN = 80;
// A cluster's shaded area reaches this far beyond its post-its (canvas units; the same as
// werkatelier/geometry.py HULL_PAD), and its title this much further above it.
const HULL_PAD = 22;
const HULL_TITLE = 30;
// "Show all" leaves this much room (screen px) between the map and the frame.
const FIT_MARGIN_PX = 16;
// Like vis-network's own fit: a small map is not blown up beyond its own size.
const FIT_MAX_SCALE = 1;
// Post-its outside the view are counted again this long after the view last changed.
const OUTSIDE_EVERY_MS = 150;

// Loads the vendored bundle once per page, however many canvases or reruns there are.
function loadVis(url) {
  if (window.vis && window.vis.Network) return Promise.resolve(window.vis);
  if (!window.__werkatelierVisLoading) {
    window.__werkatelierVisLoading = new Promise((resolve, reject) => {
      const script = document.createElement("script");
      script.src = url;
      script.async = true;
      script.onload = () => resolve(window.vis);
      script.onerror = () => {
        window.__werkatelierVisLoading = null; // a later rerun may try again
        script.remove();
        reject(new Error("could not load " + url));
      };
      document.head.appendChild(script);
    });
  }
  return window.__werkatelierVisLoading;
}

// How long the canvas waits for its font before drawing with the fallback anyway: a map in the
// wrong font is better than no map.
const FONT_WAIT_MS = 5000;

// Registers the shipped font with the document once per page and resolves when its regular face
// has loaded. Through document.fonts, not an @font-face in canvas.css: a font declared in a
// shadow root's stylesheet is not used, and vis-network measures every label when it builds the
// network, so a label measured before the font arrived keeps the fallback's size.
function loadFont(font) {
  if (!font || !font.family || !Array.isArray(font.faces) || !window.FontFace || !document.fonts) {
    return Promise.resolve();
  }
  if (!window.__werkatelierFontLoading) {
    const faces = font.faces.map((f) => {
      const face = new FontFace(font.family, "url(" + JSON.stringify(String(f.url)) + ")",
        { weight: String(f.weight || "400"), style: "normal", display: "block" });
      document.fonts.add(face);
      return face.load().catch(() => undefined); // drawn with the fallback, not an error
    });
    const timeout = new Promise((resolve) => setTimeout(resolve, FONT_WAIT_MS));
    window.__werkatelierFontLoading = Promise.race([faces[0] || Promise.resolve(), timeout]);
  }
  return window.__werkatelierFontLoading;
}

function newMountId() {
  // Not crypto.randomUUID: it needs a secure context, which a venue laptop's LAN address is not.
  const bytes = new Uint8Array(8);
  window.crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function rgba(hex, alpha) {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex || "");
  if (!m) return `rgba(128,128,128,${alpha})`;
  return `rgba(${parseInt(m[1], 16)},${parseInt(m[2], 16)},${parseInt(m[3], 16)},${alpha})`;
}

function darker(hex) {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex || "");
  if (!m) return "#333333";
  return "#" + [m[1], m[2], m[3]].map((c) => Math.floor(parseInt(c, 16) * 0.55).toString(16).padStart(2, "0")).join("");
}

// Andrew's monotone chain: the convex hull of points, counter-clockwise.
function convexHull(points) {
  const pts = points.slice().sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  if (pts.length < 3) return pts;
  const cross = (o, a, b) => (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
  const lower = [];
  for (const p of pts) {
    while (lower.length >= 2 && cross(lower[lower.length - 2], lower[lower.length - 1], p) <= 0) lower.pop();
    lower.push(p);
  }
  const upper = [];
  for (let i = pts.length - 1; i >= 0; i--) {
    const p = pts[i];
    while (upper.length >= 2 && cross(upper[upper.length - 2], upper[upper.length - 1], p) <= 0) upper.pop();
    upper.push(p);
  }
  upper.pop();
  lower.pop();
  return lower.concat(upper);
}

function roundedPolygon(ctx, pts, radius) {
  const n = pts.length;
  const mid = (a, b) => [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2];
  const start = mid(pts[n - 1], pts[0]);
  ctx.beginPath();
  ctx.moveTo(start[0], start[1]);
  for (let i = 0; i < n; i++) {
    const p = pts[i];
    const next = mid(p, pts[(i + 1) % n]);
    ctx.arcTo(p[0], p[1], next[0], next[1], radius);
  }
  ctx.closePath();
}

// What Python sent for each canvas key, kept for the page's lifetime: Python sends the whole map
// once and after that only what changed, so a canvas mounted again (back from another page, a
// tab switch) starts from this copy, and the next changes apply to it.
const HELD = (window.__werkatelierHeld = window.__werkatelierHeld || new Map());
// Payload fields other than the map itself; a step carries those that changed.
const META = ["key", "options", "hulls", "labels", "height", "bundle", "min_scale", "tools", "font", "tips"];

function byId(items, valid) {
  const out = new Map();
  for (const item of Array.isArray(items) ? items : []) {
    if (item && item.id != null && valid(item)) out.set(item.id, item);
  }
  return out;
}

const validNode = () => true;
const validEdge = (e) => e.from != null && e.to != null;

// Take a payload into HELD. Returns what changed ({nodes, edges, goneNodes, goneEdges, meta}),
// or null when it is a step from a version this page does not have: then Python must send all.
function absorb(data) {
  const key = data.key;
  const old = HELD.get(key);
  const step = { nodes: [], edges: [], goneNodes: [], goneEdges: [], meta: false, options: false, held: old };
  if (data.v != null && data.base != null) {
    if (!old || (old.v !== data.base && old.v !== data.v)) return null;
    if (old.v === data.v) return step; // the same step again: this page has it already
    for (const name of META) {
      if (name in data && name !== "key") {
        old.meta[name] = data[name];
        step.meta = true;
      }
    }
    step.options = "options" in data;
    for (const [id, n] of byId(data.nodes, validNode)) { old.nodes.set(id, n); step.nodes.push(n); }
    for (const [id, e] of byId(data.edges, validEdge)) { old.edges.set(id, e); step.edges.push(e); }
    for (const id of data.gone_nodes || []) if (old.nodes.delete(id)) step.goneNodes.push(id);
    for (const id of data.gone_edges || []) if (old.edges.delete(id)) step.goneEdges.push(id);
    old.v = data.v;
    return step;
  }
  // The whole map: compared item by item with what this page had, so only real changes reach vis.
  const held = { v: data.v, nodes: byId(data.nodes, validNode), edges: byId(data.edges, validEdge), meta: {} };
  for (const name of META) held.meta[name] = data[name];
  const diff = (now, before, changed, gone) => {
    for (const [id, item] of now) {
      const was = before && before.get(id);
      if (!was || JSON.stringify(was) !== JSON.stringify(item)) changed.push(item);
    }
    if (before) for (const id of before.keys()) if (!now.has(id)) gone.push(id);
  };
  diff(held.nodes, old && old.nodes, step.nodes, step.goneNodes);
  diff(held.edges, old && old.edges, step.edges, step.goneEdges);
  step.meta = !old || JSON.stringify(old.meta) !== JSON.stringify(held.meta);
  step.options = !old || JSON.stringify(old.meta.options) !== JSON.stringify(held.meta.options);
  step.held = held;
  HELD.set(key, held);
  return step;
}

// vis-network skips a label drawn smaller than its drawThreshold - 1 px (default 5).
const DEFAULT_LABEL_SCALE = (5 - 1) / 14;
function labelScale(meta) {
  const edges = (meta.options && meta.options.edges) || {};
  const threshold = Number(edges.scaling && edges.scaling.label && edges.scaling.label.drawThreshold) || 5;
  const size = Number(edges.font && edges.font.size) || 14;
  return (threshold - 1) / size;
}

const placed = (n) => typeof n.x === "number" && typeof n.y === "number";
// Physics only places post-its that have no position yet. The tooltip is the canvas's, not vis's.
const visNode = (n) => {
  const { title, tip, ...rest } = n;
  rest.physics = !placed(n);
  return rest;
};

// Wait this long on a post-it before its tooltip shows (vis-network's tooltipDelay was 150).
const TIP_DELAY_MS = 150;
// Room (screen px) between the tooltip and the post-it it tells about, and the stage's edge.
const TIP_GAP = 12;

// A post-it's tooltip, one fact a line, as render.py node_title writes it: from its facts (tip),
// the words (tips) and its cluster as the map has it now.
function nodeTip(node, tips) {
  const f = node.tip;
  if (!f || !tips) return typeof node.title === "string" ? node.title : "";
  const name = f.m != null ? f.m : String(node.label || "").split("\n").join(" ");
  const clusters = tips.clusters || {};
  const cluster = node.cluster != null && node.cluster in clusters ? clusters[node.cluster] : tips.no_cluster;
  const lines = [name, `${tips.kind[f.k] || f.k} · ${cluster}`];
  if (f.o) lines.push(`${tips.organisation}: ${f.o}`);
  if (f.c) lines.push(`${tips.capacity}: ${f.c}`);
  if (f.f) lines.push(`${tips.contact_for}: ${f.f}`);
  lines.push(`${tips.influence} ${f.i} · ${tips.interest} ${f.b} · ${tips.attitude_label}: ${tips.attitude[String(f.a)]}`);
  lines.push(`${tips.quadrant}: ${(tips.quadrants[f.i - 1] || [])[f.b - 1]}`);
  if (Array.isArray(f.t) && f.t.length) lines.push(`${tips.tags}: ${f.t.join(", ")}`);
  if (f.n) lines.push(f.n);
  if (f.v) lines.push(tips.confidential);
  return lines.join("\n");
}

// A relation's tooltip: its ends by name, what it is, its strength and notes.
function edgeTip(edge, nodes, tips) {
  const f = edge.tip;
  if (!f || !tips) return typeof edge.title === "string" ? edge.title : "";
  const name = (id) => {
    const n = nodes.get(id);
    if (!n) return String(id);
    return n.tip && n.tip.m != null ? n.tip.m : String(n.label || "").split("\n").join(" ");
  };
  const lines = [`${name(edge.from)} ${edge.arrows === "to" ? "\u2192" : "\u2014"} ${name(edge.to)}`];
  lines.push(...(Array.isArray(f.x) ? f.x : edge.label ? [edge.label] : []));
  lines.push(`${tips.strength}: ${f.s}/3`);
  if (f.n) lines.push(f.n);
  return lines.join("\n");
}

// Does the box {left, top, right, bottom} hold the point?
const holds = (box, p) => p.x >= box.left && p.x <= box.right && p.y >= box.top && p.y <= box.bottom;

class Canvas {
  constructor(parent) {
    this.parent = parent;
    this.mount = newMountId();
    this.seq = 0;
    this.pending = [];
    this.resends = 0;
    this.resendTimer = null;
    this.lastAck = 0;
    this.dirty = new Set();
    this.askedFor = null;
    this.meta = {};
    this.hulls = [];
    this.drawing = false;
    this.fitSeen = null;
    // Until the person zooms, pans or is shown a new post-it, the view is the fitted one, and it
    // fits again when the stage changes size (a window narrowed to a phone's, or moved to the projector).
    this.viewMoved = false;
    this.fitReadable = true;
    this.revealSeen = null;
    // "Follow me": "lead" sends this view to the session's other screens, "follow" takes theirs.
    this.followKey = null;
    this.followMode = null;
    this.followSession = null;
    this.stopFollowing = null;
    this.followTimer = null;
    this.lastSelection = "[]|[]";
    this.network = null;
    this.data = null;
    this.build();
  }

  build() {
    const root = el("div", "wa-canvas");
    const bar = el("div", "wa-toolbar");
    bar.setAttribute("role", "toolbar");
    const button = (name, symbol) => {
      const b = el("button", "wa-btn wa-" + name);
      b.type = "button";
      b.dataset.action = name;
      b.append(el("span", "wa-sym", symbol), el("span", "wa-text"));
      bar.appendChild(b);
      return b;
    };
    this.buttons = {
      zoom_in: button("zoom_in", "+"),
      zoom_out: button("zoom_out", "\u2212"),
      fit: button("fit", "\u2922"),
      draw: button("draw", "\u2197"),
      delete: button("delete", "\u2715"),
    };
    this.hint = el("div", "wa-hint");
    this.hint.setAttribute("aria-live", "polite");
    this.stage = el("div", "wa-stage");
    this.stage.tabIndex = 0;
    this.stage.setAttribute("role", "application");
    this.status = el("div", "wa-status");
    // "12 post-its buiten beeld": the map does not fit at a readable size; a click shows it all.
    this.outside = el("button", "wa-btn wa-outside");
    this.outside.type = "button";
    this.outside.hidden = true;
    this.outside.addEventListener("click", () => this.fit(false));
    this.outsideWords = { one: "", many: "" };
    this.outsideTimer = null;
    root.append(bar, this.hint, this.stage, this.status);
    this.root = root;
    this.parent.appendChild(root);

    this.buttons.zoom_in.addEventListener("click", () => this.zoom(ZOOM_STEP));
    this.buttons.zoom_out.addEventListener("click", () => this.zoom(1 / ZOOM_STEP));
    this.buttons.fit.addEventListener("click", () => this.fit(false));
    this.buttons.draw.addEventListener("click", () => this.setDrawing(!this.drawing));
    this.buttons.delete.addEventListener("click", () => this.deleteSelection());
    this.onKey = (e) => {
      if (e.key === "Delete" || e.key === "Backspace") {
        if (this.deleteSelection()) e.preventDefault();
      } else if (e.key === "Escape" && this.drawing) {
        this.setDrawing(false);
      }
    };
    this.stage.addEventListener("keydown", this.onKey);
  }

  // --- talking to Python -------------------------------------------------------------------

  emit(event) {
    event.seq = ++this.seq;
    this.pending.push(event);
    if (this.pending.length > MAX_PENDING) this.pending.splice(0, this.pending.length - MAX_PENDING);
    this.resends = 0;
    this.send();
  }

  send() {
    clearTimeout(this.resendTimer);
    if (!this.pending.length || !this.setTrigger) return;
    this.setTrigger("event", { mount: this.mount, events: this.pending.slice() });
    // An acknowledgement that never comes means the rerun carrying the event was lost;
    // Python skips anything it already took, so sending again is safe.
    this.resendTimer = setTimeout(() => {
      if (this.pending.length && this.resends < MAX_RESENDS && this.root.isConnected) {
        this.resends += 1;
        this.send();
      }
    }, RESEND_MS);
  }

  acknowledge(ack) {
    if (!ack || ack.mount !== this.mount || typeof ack.seq !== "number") return;
    const before = this.pending.length;
    this.pending = this.pending.filter((e) => e.seq > ack.seq);
    if (ack.seq > this.lastAck) {
      this.lastAck = ack.seq;
      // Python takes one event per rerun; the rest go again, now that it has room.
      if (this.pending.length && this.pending.length < before) {
        this.resends = 0;
        this.send();
      }
    }
    if (!this.pending.length) clearTimeout(this.resendTimer);
  }

  // --- data from Python --------------------------------------------------------------------

  async update(data) {
    this.acknowledge(data.ack);
    const step = absorb(data);
    if (!step) {
      this.askForAll(data);
      return;
    }
    const meta = step.held.meta;
    if (this.network) this.held = step.held;
    this.data = data;
    this.meta = meta;
    this.applyLabels(meta.labels || {});
    this.applyTools(meta.tools);
    this.stage.style.height = Math.max(200, meta.height | 0) + "px";
    this.hulls = Array.isArray(meta.hulls) ? meta.hulls : [];
    const first = !this.network;
    if (first) {
      let vis;
      try {
        [vis] = await Promise.all([loadVis(meta.bundle), loadFont(meta.font)]);
      } catch (err) {
        this.status.textContent = String(err.message || err);
        return;
      }
      // A newer payload or an unmount overtook this one; the newer one draws everything held.
      if (this.data !== data || this.destroyed) return;
      this.status.textContent = "";
      this.create(vis, step.held);
    } else {
      // Cluster colours live in the options' groups: a recoloured cluster recolours its post-its.
      if (step.options) {
        this.network.setOptions(this.options(meta));
        this.labelsFrom = labelScale(meta); // a map that grew past the busy mark, or shrank below it
      }
      // Synchronously, so steps arriving one after another are applied in their order.
      this.apply(step);
    }
    const fitToken = data.fit | 0;
    if (first || fitToken !== this.fitSeen) {
      this.fitSeen = fitToken;
      this.fit(true);
    }
    const reveal = data.reveal || null;
    const revealToken = reveal ? reveal.token | 0 : 0;
    if (first) {
      this.revealSeen = revealToken;
    } else if (revealToken !== this.revealSeen) {
      this.revealSeen = revealToken;
      this.reveal(Array.isArray(reveal.ids) ? reveal.ids : []);
    }
    if (!first && step.meta) this.network.redraw(); // cluster areas and options are drawn, not data
    if (!first && this.tipOn) this.showTip(this.tipOn); // what it tells may have changed
    this.setFollow(data.follow);
  }

  // --- follow me: the viewport travels over the live element's socket, never through Python ----

  setFollow(follow) {
    const mode = follow && (follow.mode === "lead" || follow.mode === "follow") ? follow.mode : null;
    const session = mode && typeof follow.session === "string" ? follow.session : null;
    const key = mode && session ? mode + ":" + session : null;
    if (key === this.followKey) return;
    this.followKey = key;
    this.unfollow();
    this.followMode = key ? mode : null;
    this.followSession = key ? session : null;
    this.root.dataset.follow = this.followMode || "";
    if (this.followMode === "lead") this.sendView();
    else if (this.followMode === "follow") this.listen();
  }

  unfollow() {
    clearTimeout(this.followTimer);
    this.followTimer = null;
    if (this.stopFollowing) this.stopFollowing();
    this.stopFollowing = null;
  }

  // The live element (and with it window.werkatelierLive and the session's socket) may mount
  // after the canvas: try again until it is there.
  listen() {
    const api = window.werkatelierLive;
    if (!api || !api.state(this.followSession)) {
      this.followTimer = setTimeout(() => { if (this.followMode === "follow" && !this.destroyed) this.listen(); }, 200);
      return;
    }
    this.stopFollowing = api.onView(this.followSession, (view) => this.takeView(view));
  }

  takeView(view) {
    if (this.followMode !== "follow" || !this.network || !view) return;
    const x = Number(view.x);
    const y = Number(view.y);
    const scale = Number(view.scale);
    if (!Number.isFinite(x) || !Number.isFinite(y) || !(scale > 0)) return;
    this.viewMoved = true; // a resize keeps the followed view, it does not fit the map again
    this.network.moveTo({ position: { x, y }, scale, animation: false });
  }

  sendView() {
    if (this.followMode !== "lead" || !this.network || !window.werkatelierLive) return;
    const p = this.network.getViewPosition();
    window.werkatelierLive.sendView(this.followSession, { x: p.x, y: p.y, scale: this.network.getScale() });
  }

  // Python answered an event with a map from a version this page does not have: ask for all of it,
  // once per version.
  askForAll(data) {
    if (this.askedFor === data.v || !this.setTrigger) return;
    this.askedFor = data.v;
    const held = HELD.get(data.key);
    this.setTrigger("resync", { have: held ? held.v : null, want: data.v });
  }

  // Toolbar buttons the page does not offer (the projector view only zooms) are hidden.
  applyTools(tools) {
    const shown = Array.isArray(tools) ? new Set(tools) : null;
    for (const [name, b] of Object.entries(this.buttons)) {
      b.hidden = !!shown && !shown.has(name);
    }
  }

  applyLabels(labels) {
    for (const [name, b] of Object.entries(this.buttons)) {
      const text = labels[name] || name;
      b.querySelector(".wa-text").textContent = text;
      b.setAttribute("aria-label", text);
      b.title = text;
    }
    this.stage.setAttribute("aria-label", labels.canvas || "");
    this.drawHint = labels.draw_hint || "";
    this.outsideWords = { one: labels.outside_one || "", many: labels.outside_many || "" };
    this.hint.textContent = this.drawing ? this.drawHint : "";
  }

  options(meta) {
    const given = meta.options && typeof meta.options === "object" ? meta.options : {};
    const opts = JSON.parse(JSON.stringify(given));
    opts.interaction = Object.assign({}, opts.interaction, {
      multiselect: true, selectConnectedEdges: false, keyboard: false, navigationButtons: false,
      dragNodes: true, dragView: true, zoomView: true, hover: true,
    });
    opts.manipulation = {
      enabled: false,
      initiallyActive: false,
      addEdge: (edge, callback) => this.onConnect(edge, callback),
    };
    opts.physics = Object.assign({}, opts.physics, { enabled: false });
    opts.autoResize = true;
    opts.height = "100%";
    opts.width = "100%";
    return opts;
  }

  // One Network with the whole map at once: vis then measures and draws it once, not once per
  // batch of post-its or relations.
  create(vis, held) {
    this.held = held;
    this.labelsFrom = labelScale(held.meta);
    this.edgeLabels = this.labelsFrom <= DEFAULT_LABEL_SCALE;
    this.nodes = new vis.DataSet(Array.from(held.nodes.values(), visNode));
    this.edges = new vis.DataSet(Array.from(held.edges.values(), (e) => this.visEdge(e)));
    this.network = new vis.Network(this.stage, { nodes: this.nodes, edges: this.edges }, this.options(held.meta));
    const net = this.network;
    net.on("beforeDrawing", (ctx) => { this.drawHulls(ctx); this.labelsWhenReadable(); });
    net.on("afterDrawing", () => {
      this.root.dataset.drawn = String((this.root.dataset.drawn | 0) + 1);
      this.countOutsideSoon();
    });
    net.on("click", () => { this.focusStage(); this.reportSelection(); });
    net.on("dragStart", () => { this.focusStage(); if (!this.drawing) this.reportSelection(); });
    net.on("dragEnd", (params) => this.onDragEnd(params));
    net.on("zoom", () => { this.viewMoved = true; this.sendView(); });
    // Panning the view (not dragging a post-it) while leading: the live channel sends the
    // latest view at most ten times a second.
    net.on("animationFinished", () => this.sendView());
    net.on("dragging", (params) => { if (!params || !params.nodes || !params.nodes.length) this.sendView(); });
    // After vis-network's own resize handling, which keeps the old view's centre.
    net.on("resize", () => setTimeout(() => {
      if (!this.viewMoved && !this.destroyed) this.fit(this.fitReadable);
    }, 0));
    net.on("stabilizationIterationsDone", () => net.setOptions({ physics: { enabled: false } }));
    net.on("hoverNode", (p) => this.hoverSoon({ node: p.node }));
    net.on("hoverEdge", (p) => this.hoverSoon({ edge: p.edge, pointer: p.pointer && p.pointer.DOM }));
    for (const name of ["blurNode", "blurEdge", "dragStart", "zoom", "click"]) net.on(name, () => this.hideTip());
    // After the network: vis-network empties its container when it starts.
    this.stage.appendChild(this.outside);
    this.tip = el("div", "wa-tip");
    this.tip.setAttribute("role", "tooltip");
    this.tip.hidden = true;
    this.stage.appendChild(this.tip);
    this.stage.addEventListener("mouseleave", () => this.hideTip());
    window.__werkatelierCanvas = window.__werkatelierCanvas || {};
    this.hookKey = held.meta.key;
    window.__werkatelierCanvas[this.hookKey] = this;
    this.settle(this.nodes.get());
  }

  // Add, change and remove by id, so vis keeps the viewport and the selection.
  apply(step) {
    if (step.goneEdges.length) this.edges.remove(step.goneEdges);
    if (step.goneNodes.length) this.nodes.remove(step.goneNodes);
    if (step.nodes.length) this.nodes.update(step.nodes.map(visNode));
    if (step.edges.length) this.edges.update(step.edges.map((e) => this.visEdge(e)));
    // A dragged post-it goes where Python says, even when Python kept it where it was.
    const sent = new Set(step.nodes.map((n) => n.id));
    const back = [...this.dirty].filter((id) => !sent.has(id) && step.held.nodes.has(id))
      .map((id) => visNode(step.held.nodes.get(id)));
    this.dirty.clear();
    if (back.length) this.nodes.update(back);
    // vis-network leaves its edit mode on any data change; drawing stays on until toggled off.
    const changed = step.goneNodes.length + step.nodes.length + step.goneEdges.length + step.edges.length > 0;
    if (changed && this.drawing) this.network.addEdgeMode();
    this.settle(step.nodes);
    // What vis still has selected after removals is what the person sees selected now.
    this.lastSelection = this.selectionKey();
    this.updateButtons();
  }

  // On a busy map zoomed out, vis-network does not draw relation labels (render.py's
  // edge_label_threshold), but it still measures and places every one of them on every frame.
  // They join the map the first time the view is close enough to show them.
  visEdge(edge) {
    const { title, tip, ...rest } = edge;
    if (!this.edgeLabels) delete rest.label;
    return rest;
  }

  labelsWhenReadable() {
    if (this.edgeLabels || this.network.getScale() < this.labelsFrom) return;
    this.edgeLabels = true;
    // Not while vis is drawing: the data change draws the map again, now with the labels.
    setTimeout(() => { if (!this.destroyed) this.edges.update(Array.from(this.held.edges.values())); }, 0);
  }

  // Only newly arrived unplaced post-its: the ones placed earlier stay where physics left them.
  settle(nodes) {
    if (nodes.some((node) => !placed(node))) {
      this.network.setOptions({ physics: { enabled: true, stabilization: { fit: false } } });
      this.network.stabilize(200);
    }
  }

  // --- what the person does ----------------------------------------------------------------

  focusStage() {
    try { this.stage.focus({ preventScroll: true }); } catch (_) { /* old browsers */ }
  }

  selectionKey() {
    if (!this.network) return "[]|[]";
    const ns = this.network.getSelectedNodes().slice().sort();
    const es = this.network.getSelectedEdges().slice().sort();
    return JSON.stringify(ns) + "|" + JSON.stringify(es);
  }

  reportSelection() {
    this.updateButtons();
    const key = this.selectionKey();
    if (key === this.lastSelection) return;
    this.lastSelection = key;
    this.emit({ type: "selected", ids: this.network.getSelectedNodes(), edges: this.network.getSelectedEdges() });
  }

  onDragEnd(params) {
    if (this.drawing || !params || !Array.isArray(params.nodes) || !params.nodes.length) {
      if (!this.drawing) this.viewMoved = true; // the person panned the map
      this.sendView();
      this.reportSelection();
      return;
    }
    const pos = this.network.getPositions(params.nodes);
    const positions = {};
    for (const id of params.nodes) {
      if (pos[id]) positions[id] = [Math.round(pos[id].x), Math.round(pos[id].y)];
      // Python's answer decides where the post-it ends up, even if it is the old place.
      this.dirty.add(id);
    }
    this.emit({ type: "moved", positions });
  }

  onConnect(edge, callback) {
    // The relation appears when Python has stored it and sends the map back.
    callback(null);
    if (edge && edge.from != null && edge.to != null && edge.from !== edge.to) {
      this.emit({ type: "connect", source: edge.from, target: edge.to });
    }
    // Stay in drawing mode so several relations can be drawn in a row.
    if (this.drawing) setTimeout(() => { if (this.drawing) this.network.addEdgeMode(); }, 0);
  }

  deleteSelection() {
    if (!this.network) return false;
    const ids = this.network.getSelectedNodes();
    const edges = this.network.getSelectedEdges();
    if (!ids.length && !edges.length) return false;
    this.emit({ type: "delete", ids, edges });
    return true;
  }

  setDrawing(on) {
    this.drawing = !!on;
    this.buttons.draw.setAttribute("aria-pressed", String(this.drawing));
    this.root.classList.toggle("wa-drawing", this.drawing);
    this.hint.textContent = this.drawing ? this.drawHint : "";
    if (!this.network) return;
    if (this.drawing) this.network.addEdgeMode();
    else this.network.disableEditMode();
    this.focusStage();
  }

  zoom(factor) {
    if (!this.network) return;
    const scale = Math.min(10, Math.max(0.05, this.network.getScale() * factor));
    this.viewMoved = true;
    this.network.moveTo({ scale, position: this.network.getViewPosition() });
    this.sendView();
  }

  // readable: on a projector-wide stage the view Python asks for (first show, fit=True) shows
  // the whole map when it fits at min_scale or larger, so labels keep their size; otherwise the
  // busiest part at min_scale, with the count of post-its outside the view (a click shows all).
  // A phone-narrow stage shows the whole map instead. The toolbar's "show all" is the person's
  // own choice and fits everything, the clusters' areas and titles included.
  fit(readable) {
    if (!this.network) return;
    this.viewMoved = false;
    this.fitReadable = readable;
    this.fitAll();
    const min = Number(this.meta.min_scale) || 0;
    const wide = this.stage.clientWidth >= READABLE_FROM_PX;
    if (readable && wide && min > 0 && this.network.getScale() < min) {
      const position = this.busiest(this.stage.clientWidth / min, this.stage.clientHeight / min)
        || this.network.getViewPosition();
      this.network.moveTo({ scale: min, position, animation: false });
    }
    this.sendView();
    this.countOutside();
  }

  // The map's extent in canvas units: every post-it with its label, and when clusters are drawn
  // their shaded areas and titles.
  extent() {
    let box = null;
    for (const id of this.nodes.getIds()) {
      const b = this.network.getBoundingBox(id);
      if (!b) continue;
      if (!box) box = { left: b.left, top: b.top, right: b.right, bottom: b.bottom };
      else {
        box.left = Math.min(box.left, b.left);
        box.top = Math.min(box.top, b.top);
        box.right = Math.max(box.right, b.right);
        box.bottom = Math.max(box.bottom, b.bottom);
      }
    }
    if (box && this.hulls.length) {
      box.left -= HULL_PAD;
      box.right += HULL_PAD;
      box.bottom += HULL_PAD;
      box.top -= HULL_PAD + HULL_TITLE;
    }
    return box;
  }

  fitAll() {
    const box = this.extent();
    if (!box) {
      this.network.fit({ animation: false });
      return;
    }
    const w = Math.max(this.stage.clientWidth - 2 * FIT_MARGIN_PX, 1);
    const h = Math.max(this.stage.clientHeight - 2 * FIT_MARGIN_PX, 1);
    const scale = Math.min(w / Math.max(box.right - box.left, 1), h / Math.max(box.bottom - box.top, 1),
                           FIT_MAX_SCALE);
    const position = { x: (box.left + box.right) / 2, y: (box.top + box.bottom) / 2 };
    this.network.moveTo({ position, scale, animation: false });
  }

  countOutsideSoon() {
    if (this.outsideTimer) return;
    this.outsideTimer = setTimeout(() => {
      this.outsideTimer = null;
      if (!this.destroyed) this.countOutside();
    }, OUTSIDE_EVERY_MS);
  }

  // How many post-its lie (with their middle) outside the view; the button says so.
  countOutside() {
    if (!this.network || !this.nodes) return;
    const a = this.network.DOMtoCanvas({ x: 0, y: 0 });
    const b = this.network.DOMtoCanvas({ x: this.stage.clientWidth, y: this.stage.clientHeight });
    let n = 0;
    for (const p of Object.values(this.network.getPositions())) {
      if (p.x < a.x || p.x > b.x || p.y < a.y || p.y > b.y) n += 1;
    }
    const words = n === 1 ? this.outsideWords.one : this.outsideWords.many;
    const text = n ? words.split("{n}").join(String(n)) : "";
    if (this.outside.textContent !== text) this.outside.textContent = text;
    this.outside.hidden = !n || !text;
    this.root.dataset.outside = String(n);
  }

  // The centre of a w x h window (canvas units) holding the most post-its; a map's middle is
  // often empty (clusters around the edge), and the room should see post-its, not lines.
  busiest(w, h) {
    const pts = Object.values(this.network.getPositions());
    if (!pts.length) return null;
    const halfW = Math.max(w / 2 - BUSIEST_MARGIN, 1);
    const halfH = Math.max(h / 2 - BUSIEST_MARGIN, 1);
    const step = Math.max(1, Math.floor(pts.length / BUSIEST_CANDIDATES));
    let best = null;
    let bestCount = -1;
    for (let i = 0; i < pts.length; i += step) {
      const c = pts[i];
      let count = 0;
      let sx = 0;
      let sy = 0;
      for (const q of pts) {
        if (Math.abs(q.x - c.x) <= halfW && Math.abs(q.y - c.y) <= halfH) {
          count += 1;
          sx += q.x;
          sy += q.y;
        }
      }
      if (count > bestCount) {
        bestCount = count;
        best = { x: sx / count, y: sy / count };
      }
    }
    return best;
  }

  // Pan (keeping the zoom) so that post-its just added are on screen; nothing moves if they are.
  reveal(ids) {
    if (!this.network || !ids.length) return;
    const known = ids.filter((id) => this.nodes.get(id));
    if (!known.length) return;
    const rect = this.stage.getBoundingClientRect();
    const pos = this.network.getPositions(known);
    const margin = 40;
    const inside = known.every((id) => {
      const d = this.network.canvasToDOM(pos[id]);
      return d.x >= margin && d.y >= margin && d.x <= rect.width - margin && d.y <= rect.height - margin;
    });
    if (inside) return;
    const xs = known.map((id) => pos[id].x);
    const ys = known.map((id) => pos[id].y);
    const centre = { x: (Math.min(...xs) + Math.max(...xs)) / 2, y: (Math.min(...ys) + Math.max(...ys)) / 2 };
    this.viewMoved = true;
    this.network.moveTo({ position: centre, scale: this.network.getScale(), animation: false });
    this.sendView();
  }

  updateButtons() {
    const any = !!this.network && (this.network.getSelectedNodes().length + this.network.getSelectedEdges().length) > 0;
    this.buttons.delete.disabled = !any;
  }

  // --- the tooltip -------------------------------------------------------------------------

  hoverSoon(target) {
    clearTimeout(this.tipTimer);
    this.tipTimer = setTimeout(() => { if (!this.destroyed) this.showTip(target); }, TIP_DELAY_MS);
  }

  hideTip() {
    clearTimeout(this.tipTimer);
    this.tipOn = null;
    if (this.tip) this.tip.hidden = true;
  }

  // Written from the map as the canvas holds it now, and placed where it covers neither the
  // hovered post-it nor, if it can help it, the centres of the post-its around it.
  showTip(target) {
    if (!this.network || !this.held || !this.tip) return;
    const tips = this.meta.tips;
    let text = "";
    let avoid = null;
    if (target.node != null) {
      const node = this.held.nodes.get(target.node);
      if (node) text = nodeTip(node, tips);
      avoid = this.domBox(target.node);
    } else if (target.edge != null) {
      const edge = this.held.edges.get(target.edge);
      if (edge) text = edgeTip(edge, this.held.nodes, tips);
      const p = target.pointer || { x: 0, y: 0 };
      avoid = { left: p.x - 8, top: p.y - 8, right: p.x + 8, bottom: p.y + 8 };
    }
    if (!text || !avoid) {
      this.hideTip();
      return;
    }
    this.tipOn = target;
    this.tip.textContent = text;
    this.tip.hidden = false;
    this.placeTip(avoid, target.node != null ? new Set(this.network.getConnectedNodes(target.node)) : null,
                  target.node);
  }

  // A post-it's box in stage pixels.
  domBox(id) {
    const b = this.network.getBoundingBox(id);
    if (!b) return null;
    const a = this.network.canvasToDOM({ x: b.left, y: b.top });
    const c = this.network.canvasToDOM({ x: b.right, y: b.bottom });
    return { left: a.x, top: a.y, right: c.x, bottom: c.y };
  }

  // Of the places beside the hovered box (right, left, below, above, and the corners), the one
  // covering the fewest post-it centres, a connected one counting ten times; the first such.
  placeTip(avoid, connected, self) {
    const w = this.tip.offsetWidth;
    const h = this.tip.offsetHeight;
    const W = this.stage.clientWidth;
    const H = this.stage.clientHeight;
    const midY = (avoid.top + avoid.bottom) / 2 - h / 2;
    const midX = (avoid.left + avoid.right) / 2 - w / 2;
    const right = avoid.right + TIP_GAP;
    const left = avoid.left - TIP_GAP - w;
    const below = avoid.bottom + TIP_GAP;
    const above = avoid.top - TIP_GAP - h;
    const spots = [[right, midY], [left, midY], [midX, below], [midX, above],
                   [right, below], [left, below], [right, above], [left, above]];
    const centres = [];
    const a = this.network.DOMtoCanvas({ x: 0, y: 0 });
    const b = this.network.DOMtoCanvas({ x: W, y: H });
    for (const [id, p] of Object.entries(this.network.getPositions())) {
      if (id === String(self) || p.x < a.x || p.x > b.x || p.y < a.y || p.y > b.y) continue;
      centres.push([this.network.canvasToDOM(p), connected && connected.has(id) ? 10 : 1]);
    }
    let best = null;
    for (const [x0, y0] of spots) {
      // Kept inside the stage; a place that then lies over the hovered post-it is no place.
      const x = Math.max(TIP_GAP / 2, Math.min(x0, W - w - TIP_GAP / 2));
      const y = Math.max(TIP_GAP / 2, Math.min(y0, H - h - TIP_GAP / 2));
      const box = { left: x, top: y, right: x + w, bottom: y + h };
      const overlaps = box.left < avoid.right && box.right > avoid.left && box.top < avoid.bottom
        && box.bottom > avoid.top;
      let score = overlaps ? 1e6 : 0;
      for (const [p, weight] of centres) if (holds(box, p)) score += weight;
      if (!best || score < best.score) best = { x, y, score };
      if (score === 0) break;
    }
    this.tip.style.left = Math.round(best.x) + "px";
    this.tip.style.top = Math.round(best.y) + "px";
  }

  // --- clusters ----------------------------------------------------------------------------

  drawHulls(ctx) {
    if (!this.hulls.length || !this.nodes) return;
    const members = new Map();
    this.nodes.forEach((n) => {
      const c = n.cluster != null ? n.cluster : n.group;
      if (c == null) return;
      if (!members.has(c)) members.set(c, []);
      members.get(c).push(n.id);
    });
    const pad = HULL_PAD;
    for (const hull of this.hulls) {
      const ids = members.get(hull.id);
      if (!ids || !ids.length) continue;
      const pts = [];
      for (const id of ids) {
        const b = this.network.getBoundingBox(id);
        if (!b) continue;
        pts.push([b.left - pad, b.top - pad], [b.right + pad, b.top - pad],
                 [b.right + pad, b.bottom + pad], [b.left - pad, b.bottom + pad]);
      }
      if (!pts.length) continue;
      const poly = convexHull(pts);
      ctx.save();
      roundedPolygon(ctx, poly, pad);
      ctx.fillStyle = rgba(hull.colour, 0.16);
      ctx.fill();
      ctx.lineWidth = 2;
      ctx.strokeStyle = rgba(hull.colour, 0.55);
      ctx.stroke();
      if (hull.name) {
        const top = poly.reduce((a, p) => (p[1] < a[1] || (p[1] === a[1] && p[0] < a[0]) ? p : a), poly[0]);
        const left = Math.min(...poly.filter((p) => p[1] <= top[1] + 1).map((p) => p[0]));
        ctx.font = "bold 20px " + ((this.meta.font && this.meta.font.face) || "sans-serif");
        ctx.textBaseline = "bottom";
        ctx.lineJoin = "round";
        ctx.lineWidth = 5;
        ctx.strokeStyle = "rgba(255,255,255,0.9)";
        ctx.strokeText(hull.name, left + 6, top[1] - 4);
        ctx.fillStyle = darker(hull.colour);
        ctx.fillText(hull.name, left + 6, top[1] - 4);
      }
      ctx.restore();
    }
  }

  destroy() {
    this.destroyed = true;
    clearTimeout(this.tipTimer);
    this.unfollow();
    clearTimeout(this.resendTimer);
    this.stage.removeEventListener("keydown", this.onKey);
    if (this.network) this.network.destroy();
    if (window.__werkatelierCanvas && window.__werkatelierCanvas[this.hookKey] === this) {
      delete window.__werkatelierCanvas[this.hookKey];
    }
    this.root.remove();
  }
}

// A page may send its payload as JSON bytes it serialised once (see stakeholder_canvas's version).
function decode(data) {
  if (data instanceof ArrayBuffer || ArrayBuffer.isView(data)) {
    try {
      return JSON.parse(new TextDecoder().decode(data));
    } catch (_) {
      return null;
    }
  }
  return data;
}

export default function (component) {
  const { data, parentElement, setTriggerValue } = component;
  let canvas = INSTANCES.get(parentElement);
  if (!canvas) {
    canvas = new Canvas(parentElement);
    INSTANCES.set(parentElement, canvas);
  }
  canvas.setTrigger = setTriggerValue;
  const decoded = decode(data) || {};
  canvas.update(decoded);
  // The revision this rerun drew, for the page's live element (live.js): a push reruns only the
  // canvas's part, and the element learns from here that the page holds it.
  const live = decoded.live;
  const room = window.werkatelierLive;
  if (live && room && typeof room.drawn === "function") room.drawn(live.session, live.rev);
  return () => {
    // Streamlit also calls this when a newer rerun overtakes a render, with the element
    // still on the page; only a real unmount takes the element away.
    setTimeout(() => {
      const host = parentElement.host || parentElement;
      if (!host.isConnected && INSTANCES.get(parentElement) === canvas) {
        INSTANCES.delete(parentElement);
        canvas.destroy();
      }
    }, 0);
  };
}
