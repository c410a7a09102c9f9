// The responder console: reads /api/v1/status and /api/v1/actions every few seconds and offers the
// emergency controls. No framework, no build step: it must load from the responder jar alone.
"use strict";

const $ = (sel) => document.querySelector(sel);
const tokenInput = $("#token");
tokenInput.value = sessionStorage.getItem("botwatch.controlToken") || "";
tokenInput.addEventListener("input", () => sessionStorage.setItem("botwatch.controlToken", tokenInput.value));

function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "class") e.className = v; else if (k.startsWith("on")) e.addEventListener(k.slice(2), v); else e.setAttribute(k, v);
  }
  for (const c of children) e.append(c instanceof Node ? c : document.createTextNode(c == null ? "" : String(c)));
  return e;
}

function when(iso) {
  if (!iso) return "";
  const d = new Date(iso);
  return isNaN(d) ? iso : d.toLocaleString();
}

function fill(tbody, rows, columns) {
  tbody.replaceChildren(...(rows.length ? rows : [el("tr", {}, el("td", { class: "empty", colspan: String(columns) }, "none"))]));
}

function flash(text, error) {
  const m = el("div", { class: "msg" + (error ? " error" : "") }, text);
  $("#flash").append(m);
  setTimeout(() => m.remove(), 8000);
}

function confirmDialog(text) {
  return new Promise((resolve) => {
    const d = $("#confirm");
    $("#confirm-text").textContent = text;
    d.addEventListener("close", () => resolve(d.returnValue === "ok"), { once: true });
    d.showModal();
  });
}

async function control(bot, action) {
  const token = tokenInput.value.trim();
  if (!token) { flash("Enter the control token first.", true); tokenInput.focus(); return; }
  const text = action === "emergency-stop"
    ? `Emergency stop ${bot}: stop new entries, cancel open orders${"" /* liquidation per config */}, latch emergency mode until someone resumes. Continue?`
    : `Resume ${bot}: clear the emergency latch and let it trade again. Continue?`;
  if (!(await confirmDialog(text))) return;
  const r = await fetch(`/api/v1/bots/${encodeURIComponent(bot)}/${action}`, {
    method: "POST", headers: { Authorization: "Bearer " + token, "Content-Type": "application/json" }, body: "{}",
  });
  let body = {};
  try { body = await r.json(); } catch (e) { /* not JSON */ }
  if (r.ok) flash(`${action} ${bot}: accepted`);
  else flash(`${action} ${bot} failed (${r.status}): ${body.error || r.statusText}`, true);
  refresh();
}

function stateBadge(b) {
  if (b.emergency && b.emergency.active) return el("span", { class: "badge crit", title: b.emergency.reason || "" }, "EMERGENCY STOP");
  if (b.open_incidents.length) return el("span", { class: "badge warn" }, "recovering");
  return el("span", { class: "badge ok" }, "healthy");
}

// An action's outcome as a badge; "refused" says why it is not a plain failure.
const OUTCOME = {
  success: ["ok", ""],
  dry_run: ["ok", "dry run: recorded, nothing called"],
  failure: ["crit", ""],
  refused: ["crit", "refused: an alert label could not be used safely here; nothing was called (see the detail)"],
  interrupted: ["crit", "the responder stopped while this ran; not repeated"],
  skipped: ["warn", ""],
  rate_limited: ["warn", ""],
};

function outcomeBadge(status) {
  const [cls, title] = OUTCOME[status] || ["", ""];
  return el("span", { class: "badge " + cls, title }, status);
}

async function refresh() {
  try {
    const [status, actions] = await Promise.all([
      fetch("/api/v1/status").then((r) => r.json()),
      fetch("/api/v1/actions?limit=25").then((r) => r.json()),
    ]);
    const wd = status.watchdog && status.watchdog.last_seen ? when(status.watchdog.last_seen) : "never";
    $("#meta").textContent = `profile ${status.profile}${status.dry_run ? " · DRY RUN" : ""} · watchdog last seen ${wd}`;
    const bots = Object.entries(status.bots || {});
    fill($("#bots tbody"), bots.map(([name, b]) => {
      const latched = b.emergency && b.emergency.active;
      const last = b.last_action ? `${b.last_action.step} (${b.last_action.status}) ${when(b.last_action.ended_at || b.last_action.planned_at)}` : "";
      return el("tr", { "data-bot": name },
        el("td", {}, name), el("td", {}, stateBadge(b)), el("td", {}, String(b.open_incidents.length)), el("td", { class: "detail" }, last),
        el("td", {},
          el("button", { class: "danger", "data-action": "emergency-stop", onclick: () => control(name, "emergency-stop"), ...(latched ? { disabled: "" } : {}) }, "Emergency stop"),
          " ",
          el("button", { "data-action": "resume", onclick: () => control(name, "resume"), ...(latched ? {} : { disabled: "" }) }, "Resume")));
    }), 5);
    const incidents = bots.flatMap(([name, b]) => b.open_incidents.map((i) => ({ bot: name, ...i })));
    fill($("#incidents tbody"), incidents.map((i) =>
      el("tr", {}, el("td", {}, i.bot), el("td", {}, i.alertname), el("td", {}, when(i.starts_at)), el("td", {}, i.playbook), el("td", {}, String(i.ladder_step)))), 5);
    fill($("#actions tbody"), (actions.actions || []).map((a) =>
      el("tr", {}, el("td", {}, when(a.ended_at || a.started_at || a.planned_at)), el("td", {}, a.bot), el("td", {}, a.playbook), el("td", {}, a.step),
        el("td", {}, a.kind), el("td", {}, outcomeBadge(a.status)), el("td", { class: "detail" }, a.detail || ""))), 7);
  } catch (e) {
    $("#meta").textContent = "cannot reach the responder: " + e;
  }
}

refresh();
setInterval(refresh, 3000);
