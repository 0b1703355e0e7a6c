// The live room's element: one WebSocket per session per tab, and a rerun when the session has a
// newer revision than the page shows; the server decides which parts of the page rerun
// (components/ui.py), one element per page.
//
// Streamlit (components v2) calls the default export again on every rerun of the fragment, with
// the same parentElement; the socket therefore lives in a page-wide Map keyed by session id, not
// in the element, and is never reopened by a rerun. Words reach the page through textContent only.
//
// For the canvas (the "follow me" channel), window.werkatelierLive offers
//   sendView(sessionId, {x, y, scale})  -> true when it went out (at most ten a second, the latest)
//   onView(sessionId, fn)               -> a function that stops listening; fn({x, y, scale}),
//                                          called at once with the latest view if there is one
// and the same views are dispatched as a "werkatelier:view" event on window ({session, view}).
//   drawn(sessionId, rev)               -> the canvas's part reran alone and drew up to rev

const FIRST_RETRY_MS = 500;
// The server closes a participant's socket with this code when the join code it came in with was
// replaced (werkatelier/liveroute.py REVOKED).
const REVOKED_CLOSE = 4401;
const MAX_RETRY_MS = 15000;
// A phone that woke up may hold a socket that died while it slept: no answer to a resync in this
// long and it is replaced.
const RESYNC_ANSWER_MS = 3000;
// A socket no element has used for this long is closed (the person went to another page).
const IDLE_CLOSE_MS = 5000;
// The author's own change: the push can arrive while the author's rerun is still drawing that very
// revision. Wait for the run to end (at most this long) before deciding a rerun is needed.
const WAIT_FOR_RUN_MS = 2000;
// A rerun asked for and not seen: ask again after this long (the slow poll covers the rest).
const ASK_AGAIN_MS = 3000;
// After a run ends, Streamlit hands the element its new data a moment later (a render, then an
// effect): give it this long before comparing revisions.
const AFTER_RUN_MS = 150;
// A change pushed this soon after a click or key press on this screen is taken to be this
// screen's own: its push can overtake the news that its run started (another socket), so the
// element waits for that run rather than asking for a second one.
const OWN_INPUT_MS = 1000;
const VIEW_EVERY_MS = 100;
// A click asked to leave this page (window.__werkatelierLeaving = {from: path, at: time}, set by
// components/unsaved.py). An element drawn on that page asks for no rerun any more: Streamlit would
// run the old page's part on the new page, and the page goes white ("Bad delta path index"); or
// the rerun swallows the page change. The new page draws its own. After this long it may again.
const LEAVING_MS = 10000;

function leaving(page) {
  const left = window.__werkatelierLeaving;
  return !!left && left.from === page && Date.now() - left.at < LEAVING_MS;
}

const LIVE = (window.__werkatelierLive = window.__werkatelierLive || { channels: new Map() });

const INSTANCES = new WeakMap();
if (!LIVE.inputWatched) {
  LIVE.inputWatched = true;
  LIVE.lastInput = 0;
  for (const type of ["pointerdown", "pointerup", "keydown"]) {
    document.addEventListener(type, () => (LIVE.lastInput = Date.now()), { capture: true, passive: true });
  }
}

// Streamlit marks its root with the run state: "rerunRequested" from the moment a click asks for a
// rerun (the author's own change can be pushed back before the run has even started), "running"
// until it ends.
const BUSY = new Set(["running", "rerunRequested"]);

function scriptRunning() {
  const app = document.querySelector("[data-testid=stApp]");
  return !!app && BUSY.has(app.getAttribute("data-test-script-state"));
}

class Channel {
  constructor(sessionId, path) {
    this.sessionId = sessionId;
    this.url = `${location.protocol === "https:" ? "wss:" : "ws:"}//${location.host}${path}${encodeURIComponent(sessionId)}`;
    this.ws = null;
    this.rev = null;
    this.screens = 0;
    this.connected = false;
    this.elements = new Set();
    this.viewers = new Set();
    this.retryMs = FIRST_RETRY_MS;
    this.retryTimer = null;
    this.answerTimer = null;
    this.idleTimer = null;
    this.closed = false;
    this.pendingView = null;
    this.viewTimer = null;
    this.lastViewAt = 0;
    // The latest view the room was sent: a projector that starts following takes it at once.
    this.lastView = null;
    this.onVisible = () => {
      if (document.visibilityState === "visible") this.resync();
    };
    this.onOnline = () => this.resync();
    document.addEventListener("visibilitychange", this.onVisible);
    window.addEventListener("online", this.onOnline);
    this.connect();
  }

  connect() {
    clearTimeout(this.retryTimer);
    this.retryTimer = null;
    if (this.closed) return;
    let ws;
    try {
      ws = new WebSocket(this.url);
    } catch (e) {
      this.retry();
      return;
    }
    this.ws = ws;
    ws.onopen = () => {
      if (this.ws !== ws) return;
      this.retryMs = FIRST_RETRY_MS;
      this.connected = true;
      this.changed();
    };
    ws.onmessage = (event) => {
      if (this.ws !== ws) return;
      clearTimeout(this.answerTimer);
      this.answerTimer = null;
      let message;
      try {
        message = JSON.parse(event.data);
      } catch (e) {
        return;
      }
      this.receive(message);
    };
    ws.onclose = (event) => {
      if (this.ws !== ws) return;
      // 4401: the room's join code this browser came in with was replaced. Reloading brings the
      // room's code prompt (werkatelier/roomgate.py); retrying would only be refused again.
      if (event.code === REVOKED_CLOSE) {
        this.close();
        location.reload();
        return;
      }
      this.ws = null;
      this.connected = false;
      this.changed();
      this.retry();
    };
  }

  retry() {
    if (this.closed || this.retryTimer) return;
    // Jittered, so thirty phones that lost the room's wifi together do not return together.
    const wait = this.retryMs * (0.75 + Math.random() * 0.5);
    this.retryMs = Math.min(this.retryMs * 2, MAX_RETRY_MS);
    this.retryTimer = setTimeout(() => this.connect(), wait);
  }

  // Tell me the state again: the tab came back to the front, or the network did.
  resync() {
    if (this.closed) return;
    const ws = this.ws;
    if (!ws || ws.readyState !== WebSocket.OPEN) {
      if (!ws) this.connect();
      return;
    }
    ws.send(JSON.stringify({ resync: true }));
    clearTimeout(this.answerTimer);
    this.answerTimer = setTimeout(() => {
      if (this.ws === ws) ws.close(); // dead while asleep: onclose reconnects
    }, RESYNC_ANSWER_MS);
  }

  receive(message) {
    if (!message || typeof message !== "object") return;
    if ("rev" in message) {
      if (Number.isInteger(message.rev) && (this.rev === null || message.rev > this.rev)) this.rev = message.rev;
      if (Number.isInteger(message.screens)) this.screens = message.screens;
      this.changed();
    }
    const view = message.view;
    if (view && typeof view === "object") {
      this.lastView = view;
      for (const fn of this.viewers) {
        try {
          fn(view);
        } catch (e) {
          console.error(e);
        }
      }
      window.dispatchEvent(new CustomEvent("werkatelier:view", { detail: { session: this.sessionId, view } }));
    }
  }

  changed() {
    for (const element of this.elements) element.refresh();
  }

  sendView(view) {
    this.pendingView = view;
    if (this.viewTimer) return;
    const wait = Math.max(0, this.lastViewAt + VIEW_EVERY_MS - Date.now());
    this.viewTimer = setTimeout(() => {
      this.viewTimer = null;
      const ws = this.ws;
      if (ws && ws.readyState === WebSocket.OPEN && this.pendingView) {
        ws.send(JSON.stringify({ view: this.pendingView }));
        this.lastViewAt = Date.now();
      }
      this.pendingView = null;
    }, wait);
  }

  attach(element) {
    clearTimeout(this.idleTimer);
    this.elements.add(element);
  }

  detach(element) {
    this.elements.delete(element);
    if (this.elements.size === 0 && this.viewers.size === 0) {
      clearTimeout(this.idleTimer);
      this.idleTimer = setTimeout(() => {
        if (this.elements.size === 0 && this.viewers.size === 0) this.close();
      }, IDLE_CLOSE_MS);
    }
  }

  close() {
    this.closed = true;
    clearTimeout(this.retryTimer);
    clearTimeout(this.answerTimer);
    clearTimeout(this.viewTimer);
    document.removeEventListener("visibilitychange", this.onVisible);
    window.removeEventListener("online", this.onOnline);
    if (LIVE.channels.get(this.sessionId) === this) LIVE.channels.delete(this.sessionId);
    const ws = this.ws;
    this.ws = null;
    if (ws) ws.close();
  }
}

function channelFor(sessionId, path) {
  let channel = LIVE.channels.get(sessionId);
  if (!channel || channel.closed) {
    channel = new Channel(sessionId, path);
    LIVE.channels.set(sessionId, channel);
  }
  LIVE.path = path;
  return channel;
}

class LiveElement {
  constructor(parent) {
    this.parent = parent;
    this.badge = document.createElement("span");
    this.badge.className = "werkatelier-live";
    this.badge.setAttribute("role", "status");
    this.badge.setAttribute("aria-live", "polite");
    parent.appendChild(this.badge);
    this.channel = null;
    this.held = null;
    this.labels = null;
    this.asked = null;
    this.waiting = null;
    this.setTrigger = null;
    this.again = null;
  }

  update(data, setTriggerValue) {
    this.page = location.pathname;
    this.setTrigger = setTriggerValue;
    this.labels = data.labels || null;
    this.held = Number.isInteger(data.rev) ? data.rev : null;
    if (this.asked && this.held !== null && this.held >= this.asked.rev) this.asked = null;
    if (!this.channel || this.channel.sessionId !== data.session) {
      if (this.channel) this.channel.detach(this);
      this.channel = channelFor(data.session, data.path);
      this.channel.attach(this);
    }
    this.refresh();
  }

  report(rev) {
    this.held = rev;
    if (this.asked && rev >= this.asked.rev) this.asked = null;
    this.refresh();
  }

  // The page holds revision `held`; the room is at channel.rev. Only a newer room reruns.
  refresh() {
    this.draw();
    const channel = this.channel;
    if (!channel || channel.rev === null || (this.held !== null && channel.rev <= this.held)) return;
    if (this.asked && this.asked.rev >= channel.rev && Date.now() - this.asked.at < ASK_AGAIN_MS) return;
    if (this.waiting) return;
    const started = Date.now();
    let waited = false;
    let sawRun = false;
    const decide = () => {
      const running = scriptRunning();
      sawRun = sawRun || running;
      const own = !sawRun && Date.now() - LIVE.lastInput < OWN_INPUT_MS;
      if ((running || own) && Date.now() - started < WAIT_FOR_RUN_MS) {
        waited = true;
        this.waiting = setTimeout(decide, 50);
        return;
      }
      if (waited) {
        waited = false;
        this.waiting = setTimeout(decide, AFTER_RUN_MS);
        return;
      }
      this.waiting = null;
      const rev = this.channel ? this.channel.rev : null;
      if (rev === null || (this.held !== null && rev <= this.held) || !this.setTrigger) return;
      clearTimeout(this.again);
      // A rerun asked for and lost (a batch with another fragment, a dropped message): ask again.
      this.again = setTimeout(() => this.refresh(), ASK_AGAIN_MS + 50);
      if (leaving(this.page)) return;
      this.asked = { rev, at: Date.now() };
      this.setTrigger("rev", rev);
    };
    decide();
  }

  draw() {
    const labels = this.labels;
    const badge = this.badge;
    const channel = this.channel;
    if (!labels || !channel) {
      badge.textContent = "";
      badge.hidden = true;
      return;
    }
    badge.hidden = false;
    const n = channel.screens;
    let text;
    if (!channel.connected) text = labels.offline || "";
    else if (n === 1) text = labels.one || "";
    else text = (labels.many || "").split("{n}").join(String(n));
    badge.textContent = text;
    badge.dataset.screens = String(n);
    badge.dataset.connected = channel.connected ? "1" : "0";
  }

  destroy() {
    clearTimeout(this.waiting);
    clearTimeout(this.again);
    if (this.channel) this.channel.detach(this);
    this.channel = null;
    this.badge.remove();
  }
}

window.werkatelierLive = window.werkatelierLive || {
  sendView(sessionId, view) {
    const channel = LIVE.channels.get(sessionId);
    if (!channel || channel.closed) return false;
    channel.sendView(view);
    return true;
  },
  onView(sessionId, fn) {
    const channel = LIVE.channels.get(sessionId) || (LIVE.path ? channelFor(sessionId, LIVE.path) : null);
    if (!channel) return () => {};
    channel.viewers.add(fn);
    const latest = channel.lastView;
    if (latest) setTimeout(() => { if (channel.viewers.has(fn)) fn(latest); }, 0);
    return () => {
      channel.viewers.delete(fn);
      channel.detach(null);
    };
  },
  // A component that draws in a part of its own (the map's canvas) tells the page's element the
  // revision that part's rerun drew, the element's own part not being rerun with it.
  drawn(sessionId, rev) {
    const channel = LIVE.channels.get(sessionId);
    if (!channel || !Number.isInteger(rev)) return;
    for (const element of channel.elements) element.report(rev);
  },
  state(sessionId) {
    const channel = LIVE.channels.get(sessionId);
    return channel ? { rev: channel.rev, screens: channel.screens, connected: channel.connected } : null;
  },
};

export default function (component) {
  const { data, parentElement, setTriggerValue } = component;
  let element = INSTANCES.get(parentElement);
  if (!element) {
    element = new LiveElement(parentElement);
    INSTANCES.set(parentElement, element);
  }
  // The server sends this tab somewhere once (a path of this app only): the facilitator's door,
  // right after this laptop opened the room, so the tab keeps its role through reloads.
  const go = data && typeof data.go === "string" ? data.go : "";
  if (go.startsWith("/") && !go.startsWith("//") && LIVE.went !== go) {
    LIVE.went = go;
    window.location.assign(go);
    return () => {};
  }
  element.update(data || {}, setTriggerValue);
  return () => {
    // Streamlit also calls this when a newer rerun overtakes a render, with the element still on
    // the page; only a real unmount lets the socket go.
    setTimeout(() => {
      const host = parentElement.host || parentElement;
      if (!host.isConnected && INSTANCES.get(parentElement) === element) {
        INSTANCES.delete(parentElement);
        element.destroy();
      }
    }, 0);
  };
}
