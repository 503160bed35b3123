// The viewer, part 2 of 3: the details panel and the search.
// -- the details panel ------------------------------------------------------------------------
function row(list, term, value) {
  const dt = document.createElement("dt");
  dt.textContent = term;
  const dd = document.createElement("dd");
  if (value instanceof Node) dd.appendChild(value);
  else dd.textContent = value;
  list.append(dt, dd);
}

function shown(value) {
  if (value === true) return "yes";
  if (value === false) return "no";
  if (value === null) return "(none)";
  if (Array.isArray(value)) return value.join(", ");
  return String(value);
}

// Only links the org file format accepts; anything else is shown as text.
function safeLink(url) {
  if (!/^(https?:|mailto:)/i.test(url)) return document.createTextNode(url);
  const a = document.createElement("a");
  a.href = url;
  a.textContent = url;
  a.rel = "noopener noreferrer";
  a.target = "_blank";
  return a;
}

function openPanel(id) {
  const lv = current();
  const r = lv.byId.get(id);
  if (!r) return;
  state.open = id;
  $("panel-title").textContent = r.lines[0];
  const badge = $("panel-badge");
  badge.hidden = !r.badge;
  badge.textContent = r.badge || "";
  const list = $("panel-fields");
  list.replaceChildren();
  if (!r.top) row(list, "id", r.id);
  for (const [key, value] of Object.entries(r.fields || {})) {
    if (key === "attrs") {
      for (const [name, v] of Object.entries(value)) row(list, name, shown(v));
    } else {
      row(list, key, shown(value));
    }
  }
  for (const [key, value] of r.facts || []) row(list, key, value);
  if (!r.fields && r.lines.length > 1) row(list, "", r.lines.slice(1).join(" · "));
  if (r.url) row(list, "link", safeLink(r.url));
  const prefix = state.level === "people" ? "p" : "u";
  const link = $("panel-link");
  link.hidden = !!r.top;
  link.href = `#${IDS}${prefix}=${encodeURIComponent(r.id)}`;
  $("panel-expand").hidden = !lv.children.has(id);
  $("panel").hidden = false;
  $("panel-title").focus();
}

function closePanel() {
  $("panel").hidden = true;
  const card = state.open && root.querySelector(`.card[data-id="${CSS.escape(state.open)}"]`);
  state.open = null;
  if (card) card.focus();
}

// -- search -----------------------------------------------------------------------------------
function haystack(r) {
  const parts = [r.id, ...r.lines];
  const fields = r.fields || {};
  for (const value of Object.values(fields.attrs || {})) parts.push(String(value));
  for (const tag of fields.tags || []) parts.push(tag);
  return parts.join("\n").toLowerCase();
}

// Matches hold every word of the query; the id itself first, then names that start with the
// first word, other names holding every word, and last the cards that match elsewhere.
function search(query) {
  const lv = current();
  const terms = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (!terms.length) return [];
  if (!lv.haystack) lv.haystack = lv.records.map(haystack);
  const tiers = [[], [], [], []];
  const wanted = query.trim().toLowerCase();
  for (let i = 0; i < lv.records.length; i++) {
    const text = lv.haystack[i];
    if (!terms.every((t) => text.includes(t))) continue;
    const r = lv.records[i];
    if (r.top) continue;
    const name = r.lines[0].toLowerCase();
    if (r.id.toLowerCase() === wanted) tiers[0].push(r);
    else if (!terms.every((t) => name.includes(t))) tiers[3].push(r);
    else tiers[name.startsWith(terms[0]) ? 1 : 2].push(r);
  }
  return tiers.flat();
}

let active = -1;
function listResults() {
  const found = search($("search").value);
  const list = $("results");
  list.replaceChildren();
  active = -1;
  if (!$("search").value.trim()) {
    list.hidden = true;
    $("search").setAttribute("aria-expanded", "false");
    return found;
  }
  for (const r of found.slice(0, MATCHES)) {
    const li = document.createElement("li");
    li.setAttribute("role", "option");
    li.dataset.id = r.id;
    li.textContent = r.lines[0];
    const hint = document.createElement("span");
    hint.className = "hint";
    hint.textContent = [r.id, ...r.lines.slice(1, 3)].join(" · ");
    li.appendChild(hint);
    li.addEventListener("mousedown", (event) => {
      event.preventDefault();
      choose(r.id);
    });
    list.appendChild(li);
  }
  if (!found.length) {
    const li = document.createElement("li");
    li.className = "none";
    li.textContent = "No match";
    list.appendChild(li);
  } else if (found.length > MATCHES) {
    const li = document.createElement("li");
    li.className = "none";
    li.textContent = `${found.length - MATCHES} more: type more to narrow`;
    list.appendChild(li);
  }
  list.hidden = false;
  $("search").setAttribute("aria-expanded", "true");
  return found;
}

function choose(id) {
  $("results").hidden = true;
  $("search").setAttribute("aria-expanded", "false");
  const prefix = state.level === "people" ? "p" : "u";
  history.replaceState(null, "", `#${IDS}${prefix}=${encodeURIComponent(id)}`);
  openPanel(id); // first: the panel narrows the chart, which is then centred on the card
  focus(id);
}

function moveActive(step) {
  const options = [...$("results").querySelectorAll("li[data-id]")];
  if (!options.length) return;
  active = (active + step + options.length) % options.length;
  options.forEach((li, i) => li.setAttribute("aria-selected", String(i === active)));
  options[active].scrollIntoView({ block: "nearest" });
}

let pending = 0;
$("search").addEventListener("input", () => {
  clearTimeout(pending);
  pending = setTimeout(listResults, 80);
});
$("search").addEventListener("keydown", (event) => {
  if (event.key === "ArrowDown" || event.key === "ArrowUp") {
    if ($("results").hidden) listResults();
    moveActive(event.key === "ArrowDown" ? 1 : -1);
    event.preventDefault();
  } else if (event.key === "Enter") {
    clearTimeout(pending);
    const options = [...$("results").querySelectorAll("li[data-id]")];
    if ($("results").hidden || !options.length) listResults();
    const all = [...$("results").querySelectorAll("li[data-id]")];
    const li = all[Math.max(active, 0)];
    if (li) choose(li.dataset.id);
    event.preventDefault();
  } else if (event.key === "Escape") {
    $("results").hidden = true;
    $("search").setAttribute("aria-expanded", "false");
  }
});
$("search").addEventListener("blur", () => {
  $("results").hidden = true;
});

