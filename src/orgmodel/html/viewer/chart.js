// The viewer, part 1 of 3 (page.py joins the parts, in order, inside `mount(root)`, one call
// for each viewer on the page): its elements, its data, the cards and the charts that draw
// them, and focusing a card.

// Every element of a viewer is found in its root, by its id there: the ids carry the root's
// `data-ids` prefix (none on a page of its own), so that viewers embedded in one docs page
// never share an id, nor a deep link.
const IDS = root.dataset.ids || "";
const elements = new Map();
function $(id) {
  if (!elements.has(id)) elements.set(id, root.querySelector(`#${CSS.escape(IDS + id)}`));
  return elements.get(id);
}
// A viewer on a page of its own takes the page's keys (`/` to search, Esc) and is the page's
// `window.orgmodelViewer`; one embedded in a docs page takes only the keys typed in it.
const OWNS_PAGE = root.dataset.keys === "page";

// The data element holds the page's JSON gzipped, in base64 (page.py): unpacked by the
// browser's own DecompressionStream, from bytes already in the page, so no request is made.
// At 100,000 people unpacking takes 0.4 s, but the page is a tenth of the size to read: the
// first card comes as soon as from plain JSON (0.92 s against 0.97 s, and 1.24 against 1.23,
// one browser opening both pages in turn); at 1,000 people unpacking takes 5 ms.
async function readData() {
  const packed = atob($("org-data").textContent);
  const bytes = new Uint8Array(packed.length);
  for (let i = 0; i < packed.length; i++) bytes[i] = packed.charCodeAt(i);
  const json = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
  return new Response(json).json();
}
if (typeof DecompressionStream === "undefined") {
  $("chart").textContent =
    "This browser cannot open the chart: it needs DecompressionStream " +
    "(Chrome 80, Firefox 113, Safari 16.4 or later).";
  return;
}
const DATA = await readData();
const OPTIONS = DATA.options;
const WIDTH = 240;
const LINE = 17;
const PADDING = 24; // the card's padding and borders, top and bottom together
const MATCHES = 20; // search results listed at once

const ESCAPES = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
function esc(value) {
  return String(value).replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

// -- the two levels' records, indexed once each ----------------------------------------------
const levels = {};
function level(name) {
  if (!levels[name]) {
    const records = DATA.levels[name];
    const byId = new Map();
    const children = new Map();
    for (const r of records) {
      byId.set(r.id, r);
      if (r.parent !== undefined) {
        if (!children.has(r.parent)) children.set(r.parent, []);
        children.get(r.parent).push(r.id);
      }
    }
    levels[name] = { name, records, byId, children, haystack: null, opened: false };
  }
  return levels[name];
}

const state = { level: OPTIONS.level, chain: [], found: null, focusedUnits: [], open: null };
const current = () => level(state.level);

// -- cards ------------------------------------------------------------------------------------
function cardHeight(r) {
  return PADDING + LINE * (r.lines.length + (r.badge ? 1 : 0)) + 2;
}

function cardHtml(d) {
  const r = d.data;
  const classes = ["card"];
  if (r.top) classes.push("top");
  if (r.dashed) classes.push("dashed");
  if (r.outline) classes.push("outline-" + r.outline);
  if (r.fill) classes.push(state.level === "units" ? "filled" : "stripe");
  if (r.change) classes.push("change-" + r.change);
  if (r._upToTheRootHighlighted) classes.push("chain");
  if (r._highlighted) classes.push("found");
  if (state.focusedUnits.includes(r.id)) classes.push("focused-unit");
  const fill = r.fill ? `--fill:${esc(r.fill)};` : "";
  const badge = r.badge
    ? `<div class="badge change-${esc(r.change)}">${esc(r.badge)}</div>`
    : "";
  const lines = r.lines
    .map((line, i) => `<div class="line${i ? "" : " name"}">${esc(line)}</div>`)
    .join("");
  return (
    `<div class="${classes.join(" ")}" data-id="${esc(r.id)}" tabindex="0" role="button" ` +
    `aria-label="${esc(r.lines.join(", "))}" style="${fill}">${badge}${lines}</div>`
  );
}

// One chart a level, each in its own box, made when the level is first shown: d3-org-chart
// is not made to swap one tree for another while its moves are under way.
function makeChart(name) {
  const box = document.createElement("div");
  box.className = "level";
  box.dataset.level = name;
  $("chart").appendChild(box);
  const made = new d3.OrgChart();
  return made
    .container(box)
    .svgHeight($("chart").clientHeight || window.innerHeight)
    .nodeId((r) => r.id)
    .parentNodeId((r) => r.parent)
    .nodeWidth(() => WIDTH)
    .nodeHeight((d) => cardHeight(d.data))
    .childrenMargin(() => 50)
    .compactMarginBetween(() => 25)
    .compactMarginPair(() => 40)
    .neighbourMargin(() => 30)
    .siblingsMargin(() => 20)
    .layout(OPTIONS.direction)
    .compact(OPTIONS.compact)
    .duration(0) // the first drawing stands at once; later changes move
    .imageName(DATA.title.replace(/[^\w.-]+/g, "-").slice(0, 80) || "chart")
    .nodeContent(cardHtml)
    .onNodeClick((d) => openPanel(d.data.id))
    .nodeUpdate(function (d) {
      this.setAttribute("data-change", d.data.change || "");
      const rect = this.querySelector(".node-rect");
      if (rect) rect.setAttribute("stroke", "none");
    })
    .linkUpdate(function (d) {
      this.setAttribute("data-change", d.data.change || "");
      const chain = d.data._upToTheRootHighlighted;
      this.setAttribute("stroke", chain ? "#D55E00" : "#555555");
      this.setAttribute("stroke-width", chain ? 3 : 1.2);
      if (chain) this.parentNode.appendChild(this);
    });
}

const charts = {};
let chart = null;
// Shows `name`'s chart, drawn the first time; true when it was just drawn.
function show(name) {
  for (const box of $("chart").querySelectorAll(".level")) box.hidden = box.dataset.level !== name;
  if (charts[name]) {
    chart = charts[name];
    return false;
  }
  chart = charts[name] = makeChart(name);
  draw();
  chart.fit({ animate: false });
  chart.duration(300);
  return true;
}

// A diff also opens on its first changes, wherever they are (a few screens of them: the
// filters and the search reach the rest).
const CHANGES_SHOWN = 200;

function draw() {
  const lv = current();
  if (!lv.opened) {
    lv.opened = true;
    chart.initialExpandLevel(OPTIONS.depth[state.level]);
    if (DATA.page === "diff") {
      const changed = lv.records.filter((r) => r.change && r.change !== "unchanged");
      for (const r of changed.slice(0, CHANGES_SHOWN)) r._expanded = true;
    }
  }
  chart.data(lv.records).render();
}

// -- focus: expand to a card, centre it, highlight its chain to the top ------------------------
function chainOf(lv, id) {
  const out = [];
  const seen = new Set();
  let at = lv.byId.get(id);
  while (at && !seen.has(at.id)) {
    out.push(at);
    seen.add(at.id);
    at = at.parent === undefined ? null : lv.byId.get(at.parent);
  }
  return out;
}

function clearHighlight() {
  for (const r of state.chain) r._upToTheRootHighlighted = false;
  if (state.found) state.found._highlighted = false;
  state.chain = [];
  state.found = null;
}

// The drawn tree's node of each id, found again only when d3-org-chart has rebuilt its tree.
let nodesOf = null;
let nodesFrom = null;
function drawnNode(id) {
  const all = chart.getChartState().allNodes;
  if (nodesFrom !== all) {
    nodesOf = new Map(all.map((d) => [d.data.id, d]));
    nodesFrom = all;
  }
  return nodesOf.get(id);
}

function focus(id) {
  const lv = current();
  const target = lv.byId.get(id);
  if (!target) return false;
  clearHighlight();
  state.focusedUnits = [];
  const chain = chainOf(lv, id);
  for (const r of chain) {
    r._upToTheRootHighlighted = true;
    r._expanded = true;
  }
  target._highlighted = true;
  target._centered = true;
  state.chain = chain;
  state.found = target;
  // Open the branches above the card in the tree already built and lay it out again, rather
  // than `render`, which rebuilds the whole tree: at 100,000 people (bench/html_bench.py)
  // 0.16 s to the drawn card, against 0.7 s.
  const node = drawnNode(id);
  if (!node) {
    chart.render();
    return true;
  }
  for (let at = node.parent; at; at = at.parent) {
    if (at._children) {
      at.children = at._children;
      at._children = null;
    }
  }
  fitSvgToBox(); // `render` would: the panel may have just narrowed the chart
  chart.update(chart.getChartState().root);
  return true;
}

function expandBelow(id) {
  const lv = current();
  const todo = [id];
  while (todo.length) {
    const at = todo.pop();
    const r = lv.byId.get(at);
    if (r) r._expanded = true;
    for (const child of lv.children.get(at) || []) todo.push(child);
  }
  const target = lv.byId.get(id);
  if (target) target._centered = true;
  chart.render();
}

function collapse() {
  const lv = current();
  clearHighlight();
  for (const r of lv.records) r._expanded = false;
  lv.opened = false;
  draw();
  chart.fit();
}

