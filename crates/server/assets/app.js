// stancemap dashboard.
//
// SAFETY RULE: every string that comes from an article or from the API (titles, quotes,
// names, outlets, values) is inserted with textContent / document.createTextNode (through
// the `el` helper below), never with innerHTML, outerHTML, insertAdjacentHTML or
// document.write. Attributes are set with setAttribute on known names only. The server's
// Content-Security-Policy forbids inline scripts as a second line of defence.
"use strict";

const POLL_MS = 4000; // how often /api/stats is asked whether the store changed
const STANCE_ORDER = ["demand", "propose", "accept", "reject"];

// Build an element: `attrs` sets className / known attributes; children are nodes or
// strings (strings become text nodes, never markup).
function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "className") node.className = value;
    else if (key === "onclick") node.addEventListener("click", value);
    else node.setAttribute(key, String(value));
  }
  append(node, children);
  return node;
}

function append(node, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    node.appendChild(typeof child === "string" || typeof child === "number"
      ? document.createTextNode(String(child)) : child);
  }
}

function show(id, ...children) {
  const node = document.getElementById(id);
  node.replaceChildren();
  append(node, children);
  return node;
}

// Answers carry an ETag (the store state they were computed from): "no-cache" makes the
// browser revalidate a cached answer with If-None-Match, so an unchanged ledger comes
// back as a body-less 304 and fetch hands us the cached JSON.
async function api(path) {
  const response = await fetch(path, { headers: { Accept: "application/json" }, cache: "no-cache" });
  const body = await response.json();
  if (!response.ok) throw new Error(`${body.code}: ${body.message}`);
  return body;
}

const state = { version: null, positions: [], stories: [], story: null, selected: null };

function docLabel(d) {
  if (!d) return "unknown document";
  // Without an outlet, the file name of the source (not the whole path).
  const parts = [d.outlet || String(d.source || d.id).split("/").pop(), d.published || "undated"];
  return parts.join(", ");
}

function docLink(d) {
  return el("a", { className: "doc", onclick: () => openDocument(d.id) }, d.title || d.id);
}

// ---- position matrix -------------------------------------------------------------

function storyKey(p) { return p.story || "-"; }

function renderStorySelect() {
  const select = document.getElementById("story-select");
  const keys = [...new Set(state.positions.map(storyKey))];
  if (!keys.includes(state.story)) state.story = keys[0] || null;
  const titles = new Map(state.stories.map((s) => [s.id, s.title]));
  select.replaceChildren();
  for (const key of keys) {
    const label = titles.has(key) ? `${key}: ${titles.get(key)}` : key;
    const option = el("option", { value: key }, label);
    if (key === state.story) option.selected = true;
    select.appendChild(option);
  }
}

function renderMatrix() {
  renderStorySelect();
  const positions = state.positions.filter((p) => storyKey(p) === state.story);
  if (positions.length === 0) {
    show("matrix-grid", el("p", { className: "muted" }, "No positions yet."));
    return;
  }
  const parties = [...new Set(positions.map((p) => p.party))].sort();
  const topics = [...new Set(positions.map((p) => p.topic))].sort();
  const cells = new Map(positions.map((p) => [`${p.party}\u0000${p.topic}`, p]));
  const head = el("tr", {}, el("th", {}, "party \\ topic"), topics.map((t) => el("th", {}, t)));
  const rows = parties.map((party) => el("tr", {}, el("th", {}, party), topics.map((topic) => {
    const p = cells.get(`${party}\u0000${topic}`);
    if (!p) return el("td", { className: "empty" });
    const selected = state.selected && state.selected.party === party && state.selected.topic === topic;
    return el("td", {
      className: `cell stance-${p.stance}${selected ? " selected" : ""}`,
      title: p.summary,
      "data-party": party,
      "data-topic": topic,
      onclick: () => selectCell(p),
    }, `${p.stance} ${p.sources}${p.conditions.length ? "*" : ""}${p.agreed ? " ◆" : ""}`);
  })));
  show("matrix-grid", el("table", { className: "matrix" }, head, rows));
}

async function selectCell(p) {
  state.selected = { party: p.party, topic: p.topic };
  renderMatrix();
  const query = new URLSearchParams({ party: p.party, topic: p.topic, limit: "1000" });
  if (p.story) query.set("story", p.story);
  const panel = document.getElementById("evidence");
  panel.hidden = false;
  show("evidence", el("p", { className: "muted" }, "loading evidence…"));
  try {
    const body = await api(`/api/claims?${query}`);
    renderEvidence(p, body.claims);
  } catch (err) {
    show("evidence", el("p", {}, `Could not load the evidence: ${err.message}`));
  }
}

// The sentence with the cue and the item marked: parts come from the server as text.
function quote(parts) {
  return el("blockquote", {}, parts.map((part) =>
    part.mark ? el("mark", { className: part.mark }, part.text) : part.text));
}

// Claims quoting the same sentence (repeats, wire copies, duplicates) collapse into one
// quote with all their sources.
function renderEvidence(p, claims) {
  const groups = new Map();
  for (const c of claims) {
    const key = c.sentence.trim().toLowerCase();
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key).push(c);
  }
  const items = [...groups.values()].map((group) => el("div", { className: "evidence-item" },
    quote(group[0].parts),
    el("div", { className: "source" },
      `${group[0].act}${group[0].negated ? " (negated)" : ""}`,
      group[0].conditions.length ? ` · conditions: ${group[0].conditions.join("; ")}` : "",
      group[0].attributed_to ? ` · according to ${group[0].attributed_to}` : "",
      " · ",
      group.map((c, i) => [i ? "; " : "", docLink(c.document || { id: c.doc }), " (",
        docLabel(c.document), c.counted ? "" : ", duplicate", ")"]))));
  show("evidence",
    el("h3", {}, `${p.party} on ${p.topic}: ${p.stance}`),
    el("p", {}, p.summary),
    el("p", { className: "muted" }, `${p.sources} source(s), ${claims.length} claim(s), ${groups.size} distinct quote(s)`),
    items);
}

// ---- timeline, contradictions, actors, stories -----------------------------------

async function renderTimeline() {
  const { meetings } = await api("/api/meetings");
  const events = [];
  for (const m of meetings) {
    const where = [m.venue, m.place].filter(Boolean).join(", ");
    const what = `meeting${where ? ` in ${where}` : ""} of ${m.parties.join(", ") || "unnamed parties"}`;
    const extra = [m.duration, m.outcome].filter(Boolean).join(" · ");
    events.push({ date: m.date || m.when || "undated", story: m.story, text: extra ? `${what} — ${extra}` : what });
  }
  for (const p of state.positions) {
    for (const h of p.history) {
      events.push({ date: h.date, story: p.story, text: `${p.party} ${h.stance}: ${p.topic}` });
    }
  }
  events.sort((a, b) => a.date.localeCompare(b.date) || a.text.localeCompare(b.text));
  show("timeline", el("h2", {}, "Rounds, meetings and dated positions"),
    events.length ? el("ul", { className: "timeline" }, events.map((e) => el("li", {},
      el("span", { className: "date" }, e.date), e.story ? `[${e.story}] ` : "", e.text)))
      : el("p", { className: "muted" }, "Nothing dated yet."));
}

async function renderContradictions() {
  const { contradictions } = await api("/api/contradictions");
  show("contradictions", el("h2", {}, "Where sources disagree"),
    contradictions.length ? contradictions.map((c) => el("div", { className: "card" },
      el("h3", {}, `${c.subject_name} — ${c.attribute}`, c.story ? ` [${c.story}]` : ""),
      el("div", { className: "sides" }, c.values.map((v) => el("div", { className: "side" },
        el("div", { className: "value" }, v.value),
        el("ul", {}, v.documents.map((d) => el("li", { className: "source" }, docLink(d), ` (${docLabel(d)})`))))))))
      : el("p", { className: "muted" }, "No contradictions found."));
}

async function renderActors() {
  const { actors } = await api("/api/actors");
  const rows = actors.map((a) => el("tr", {},
    el("td", {}, a.name), el("td", {}, a.kind), el("td", {}, a.party || "–"), el("td", {}, a.mentions),
    el("td", {}, a.aliases.filter((x) => x !== a.name).join(", ")),
    el("td", {}, a.roles.map((r) => `${r.role} (${r.docs.length})`).join("; "))));
  show("actors", el("h2", {}, "Actors"), el("table", {},
    el("tr", {}, ["name", "kind", "side", "mentions", "also written", "roles"].map((h) => el("th", {}, h))), rows));
}

function renderStories() {
  const rows = state.stories.map((s) => el("tr", {},
    el("td", {}, s.id), el("td", {}, s.title), el("td", {}, s.documents),
    el("td", {}, [s.first_published, s.last_published].filter(Boolean).join(" – ")),
    el("td", {}, s.outlets.join(", ")), el("td", {}, s.parties.join(", "))));
  show("stories", el("h2", {}, "Stories"), el("table", {},
    el("tr", {}, ["story", "first title", "documents", "dates", "outlets", "parties"].map((h) => el("th", {}, h))), rows));
}

// ---- search and documents --------------------------------------------------------

async function runSearch(text) {
  selectTab("search");
  show("search", el("p", { className: "muted" }, "searching…"));
  try {
    const { hits } = await api(`/api/search?${new URLSearchParams({ q: text })}`);
    show("search", el("h2", {}, `${hits.length} result(s) for “`, text, "”"),
      hits.map((h) => el("div", { className: "card" }, docLink(h),
        el("div", { className: "source" }, docLabel(h)),
        el("div", {}, h.snippet.map((part) => part.hit ? el("mark", { className: "hit" }, part.text) : part.text)))));
  } catch (err) {
    show("search", el("p", {}, `Search failed: ${err.message}`));
  }
}

async function openDocument(id) {
  const panel = document.getElementById("document");
  panel.hidden = false;
  show("document", el("p", { className: "muted" }, "loading…"));
  try {
    const d = await api(`/api/documents/${encodeURIComponent(id)}`);
    // Claim sentences highlighted: the text is cut at UTF-16 offsets (JavaScript string
    // indices) from the server; every piece is a text node.
    const spans = [...new Map(d.claims.map((c) => [c.span.u16_start, c.span])).values()]
      .sort((a, b) => a.u16_start - b.u16_start);
    const pieces = [];
    let at = 0;
    for (const s of spans) {
      if (s.u16_start < at) continue;
      pieces.push(d.text.slice(at, s.u16_start));
      pieces.push(el("mark", { className: "claim" }, d.text.slice(s.u16_start, s.u16_end)));
      at = s.u16_end;
    }
    pieces.push(d.text.slice(at));
    show("document",
      el("button", { onclick: () => { panel.hidden = true; } }, "close"),
      el("h2", {}, d.title),
      el("p", { className: "source" }, [d.outlet, d.author, d.published, d.url || d.source].filter(Boolean).join(" · "),
        d.duplicate_of ? ` · duplicate of ${d.duplicate_of}` : ""),
      el("p", { className: "muted" }, `${d.claims.length} claim(s), ${d.mentions.length} mention(s), story ${d.story || "–"}`),
      el("div", { className: "doc-text" }, pieces));
    panel.scrollIntoView({ behavior: "smooth" });
  } catch (err) {
    show("document", el("p", {}, `Could not load the document: ${err.message}`));
  }
}

// ---- tabs, refresh, polling ------------------------------------------------------

function selectTab(name) {
  for (const b of document.querySelectorAll("#tabs button")) b.classList.toggle("active", b.dataset.tab === name);
  for (const s of document.querySelectorAll(".tab")) s.classList.toggle("active", s.id === name);
}

// `version` is the store state the ledger was computed from: right after a write the
// server may still answer with the previous ledger (it is rebuilt in the background), and
// then the next poll sees a newer version and refreshes again.
async function refresh() {
  const [{ positions, version }, { stories }] = await Promise.all([api("/api/positions"), api("/api/stories")]);
  state.version = version;
  state.positions = positions;
  state.stories = stories;
  renderMatrix();
  renderStories();
  await Promise.all([renderTimeline(), renderContradictions(), renderActors()]);
}

async function poll() {
  try {
    const s = await api("/api/stats");
    show("stats", `${s.documents} documents · ${s.duplicates} duplicates · ${s.stories} stories · ${s.ingest_runs} ingest runs`);
    if (s.version !== state.version) await refresh();
  } catch (err) {
    show("stats", `server unreachable: ${err.message}`);
  }
}

document.addEventListener("DOMContentLoaded", () => {
  for (const b of document.querySelectorAll("#tabs button")) b.addEventListener("click", () => selectTab(b.dataset.tab));
  document.getElementById("story-select").addEventListener("change", (e) => {
    state.story = e.target.value;
    state.selected = null;
    document.getElementById("evidence").hidden = true;
    renderMatrix();
  });
  document.getElementById("search-form").addEventListener("submit", (e) => {
    e.preventDefault();
    const text = document.getElementById("search-q").value.trim();
    if (text) runSearch(text);
  });
  poll();
  setInterval(poll, POLL_MS);
});
