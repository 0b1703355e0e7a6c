// The room's timer: counts down in the browser from the seconds left when the page was drawn.
// A running timer costs the server nothing; a change (pause, +1 minute) arrives as a new revision
// and redraws it. Words reach the page through textContent only.

const TICK_MS = 250;

function clock(seconds) {
  const s = Math.max(0, Math.ceil(seconds));
  const m = Math.floor(s / 60);
  return String(m).padStart(2, "0") + ":" + String(s % 60).padStart(2, "0");
}

function beep() {
  try {
    const Ctx = window.AudioContext || window.webkitAudioContext;
    if (!Ctx) return;
    const ctx = new Ctx();
    const osc = ctx.createOscillator();
    const gain = ctx.createGain();
    osc.frequency.value = 880;
    gain.gain.setValueAtTime(0.2, ctx.currentTime);
    gain.gain.exponentialRampToValueAtTime(0.001, ctx.currentTime + 0.8);
    osc.connect(gain).connect(ctx.destination);
    osc.start();
    osc.stop(ctx.currentTime + 0.8);
  } catch (err) { /* no sound: the screen still says it */ }
}

export default function ({ parentElement, data }) {
  const root = parentElement;
  let box = root.querySelector(".wa-timer");
  if (!box) {
    box = document.createElement("div");
    box.className = "wa-timer";
    box.setAttribute("role", "timer");
    const time = document.createElement("span");
    time.className = "wa-timer-time";
    const note = document.createElement("span");
    note.className = "wa-timer-note";
    box.append(time, note);
    root.append(box);
  }
  const d = data || {};
  const key = [d.token, d.running].join("|");
  if (root.__timerKey === key) return;
  root.__timerKey = key;
  clearInterval(root.__timer);
  const started = performance.now();
  const left = Math.max(0, Number(d.left_ms) || 0) / 1000;
  const running = !!d.running;
  const labels = d.labels || {};
  const time = box.querySelector(".wa-timer-time");
  const note = box.querySelector(".wa-timer-note");
  box.dataset.size = d.size || "normal";
  let rang = !running || left <= 0;
  const draw = () => {
    const now = running ? left - (performance.now() - started) / 1000 : left;
    time.textContent = clock(now);
    const over = now <= 0;
    box.dataset.state = over ? "done" : running ? "running" : "paused";
    note.textContent = over ? (labels.done || "") : running ? "" : (labels.paused || "");
    if (over && !rang) {
      rang = true;
      if (d.sound) beep();
    }
    if (over || !running) clearInterval(root.__timer);
  };
  draw();
  if (running && left > 0) root.__timer = setInterval(draw, TICK_MS);
  return () => clearInterval(root.__timer);
}
