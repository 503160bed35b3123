// The viewer, part 3 of 3: levels, deep links, the buttons and keys, the diff's side panel,
// the legend, and the start.
// -- levels, deep links, controls ---------------------------------------------------------------
const hasCards = (name) => DATA.levels[name] && DATA.levels[name].length > 0;
function setLevel(name) {
  if (!hasCards(name)) return;
  if (name !== state.level || !chart) {
    clearHighlight();
    state.focusedUnits = [];
    state.level = name;
    $("panel").hidden = true;
    if (!show(name)) {
      fitSvgToBox();
      chart.update(chart.getChartState().root); // without the highlights just cleared
    }
  }
  $("level-people").setAttribute("aria-pressed", String(name === "people"));
  $("level-units").setAttribute("aria-pressed", String(name === "units"));
  showFilters();
}

function followHash() {
  if (!location.hash.startsWith(`#${IDS}`)) return false;
  const found = /^([pu])=(.+)$/.exec(location.hash.slice(1 + IDS.length));
  if (!found) return false;
  const id = decodeURIComponent(found[2]);
  setLevel(found[1] === "p" ? "people" : "units");
  if (!current().byId.has(id)) return false;
  openPanel(id);
  return focus(id);
}

$("level-people").addEventListener("click", () => setLevel("people"));
$("level-units").addEventListener("click", () => setLevel("units"));
$("fit").addEventListener("click", () => chart.fit());
$("zoom-in").addEventListener("click", () => chart.zoomIn());
$("zoom-out").addEventListener("click", () => chart.zoomOut());
$("collapse").addEventListener("click", collapse);
$("export-svg").addEventListener("click", () => {
  embedCardStyle();
  chart.exportSvg();
});
$("export-png").addEventListener("click", () => {
  embedCardStyle();
  chart.exportImg({ full: false });
});
$("panel-close").addEventListener("click", closePanel);
$("panel-expand").addEventListener("click", () => state.open && expandBelow(state.open));
window.addEventListener("hashchange", followHash);
function fitSvgToBox() {
  const box = $("chart").getBoundingClientRect();
  const svg = $("chart").querySelector(`.level[data-level="${state.level}"] svg`);
  if (!svg || !box.width || !box.height) return;
  chart.svgWidth(box.width).svgHeight(box.height);
  svg.setAttribute("width", box.width);
  svg.setAttribute("height", box.height);
}
window.addEventListener("resize", fitSvgToBox);

// A key the viewer answers goes no further: in a docs page, the theme's own `/` or Esc would
// act on it too.
(OWNS_PAGE ? document : root).addEventListener("keydown", (event) => {
  const typing = event.target instanceof HTMLInputElement;
  if (event.key === "/" && !typing) {
    $("search").focus();
    $("search").select();
  } else if (event.key === "Escape" && !$("panel").hidden && !typing) {
    closePanel();
  } else {
    return;
  }
  event.preventDefault();
  event.stopPropagation();
});
// Enter on a focused card opens its details; Space (d3-org-chart's own key) expands it.
$("chart").addEventListener(
  "keydown",
  (event) => {
    const card = event.target.closest && event.target.closest(".card");
    if (card && event.key === "Enter") {
      event.stopPropagation();
      event.preventDefault();
      openPanel(card.dataset.id);
    }
  },
  true,
);

// The exported SVG carries the card rules of the viewer's stylesheet, so it draws as shown:
// without the root they are scoped under, which the SVG has not.
function embedCardStyle() {
  const svg = $("chart").querySelector(`.level[data-level="${state.level}"] svg`);
  if (!svg || svg.querySelector("style.cards")) return;
  const rules = [];
  for (const sheet of document.styleSheets) {
    let found;
    try {
      found = sheet.cssRules; // a docs site's sheet from another origin cannot be read
    } catch {
      continue;
    }
    for (const rule of found) {
      const selector = rule.selectorText || "";
      if (selector.includes(".orgmodel-viewer ") && /\.card|\.badge/.test(selector)) {
        rules.push(rule.cssText.replace(/\.orgmodel-viewer /g, ""));
      }
    }
  }
  const style = document.createElementNS("http://www.w3.org/2000/svg", "style");
  style.setAttribute("class", "cards");
  style.textContent = rules.join("\n");
  svg.insertBefore(style, svg.firstChild);
}

// -- the diff's side panel: summary, filters, lineage ----------------------------------------
const hidden = new Set();
function showFilters() {
  if (DATA.page !== "diff") return;
  const box = $("filters");
  box.querySelectorAll("label").forEach((label) => label.remove());
  for (const { kind, count } of DATA.filters[state.level]) {
    const label = document.createElement("label");
    const input = document.createElement("input");
    input.type = "checkbox";
    input.value = kind;
    input.checked = !hidden.has(kind);
    input.addEventListener("change", () => {
      if (input.checked) hidden.delete(kind);
      else hidden.add(kind);
      $("chart").classList.toggle("hide-" + kind, !input.checked);
    });
    label.append(input, ` ${kind} (${count})`);
    box.appendChild(label);
  }
}

function focusUnits(ids) {
  setLevel("units");
  const lv = current();
  clearHighlight();
  const present = ids.filter((id) => lv.byId.has(id));
  for (const id of present) {
    for (const r of chainOf(lv, id)) r._expanded = true;
  }
  state.focusedUnits = present;
  chart.render();
  const nodes = chart.getChartState().allNodes.filter((d) => present.includes(d.data.id));
  if (nodes.length) chart.fit({ nodes });
}

if (DATA.page === "diff") {
  $("side").hidden = false;
  $("summary").textContent = DATA.summary;
  if (DATA.lineage.length) $("lineage-section").hidden = false;
  for (const entry of DATA.lineage) {
    const li = document.createElement("li");
    const button = document.createElement("button");
    button.type = "button";
    button.textContent = entry.text;
    button.dataset.units = JSON.stringify(entry.units);
    button.addEventListener("click", () => focusUnits(entry.units));
    li.appendChild(button);
    $("lineage").appendChild(li);
  }
}

// -- legend -------------------------------------------------------------------------------------
for (const entry of DATA.legend) {
  const item = document.createElement("span");
  const swatch = document.createElement("span");
  swatch.className =
    "swatch" + (entry.dashed ? " dashed" : "") + (entry.outline ? " outline-" + entry.outline : "");
  if (entry.fill) swatch.style.background = entry.fill;
  item.append(swatch, entry.label);
  $("legend").appendChild(item);
}

// -- start --------------------------------------------------------------------------------------
$("title").textContent = DATA.title;
for (const name of ["people", "units"]) $(`level-${name}`).disabled = !hasCards(name);
if (!hasCards(state.level)) state.level = state.level === "people" ? "units" : "people";
if (hasCards(state.level)) {
  setLevel(state.level);
  followHash();
} else {
  $("chart").textContent = "No one and no unit in this org.";
}
function publish(viewer) {
  root.orgmodelViewer = viewer;
  if (OWNS_PAGE) window.orgmodelViewer = viewer;
}
if (!hasCards(state.level)) {
  publish({ firstCard: performance.now() });
  return;
}
const viewer = {
  firstCard: null,
  focus,
  openPanel,
  search: (query) => search(query).map((r) => r.id),
  setLevel,
  level: () => state.level,
  chain: () => state.chain.map((r) => r.id),
  focusUnits,
  expandBelow,
  fit: () => chart.fit({ animate: false }),
  // The current view as a PNG data URL, handed to `done` (the PNG button saves the same).
  exportPng: (done) => {
    embedCardStyle();
    chart.exportImg({ full: false, save: false, onLoad: done });
  },
};
publish(viewer);
requestAnimationFrame(() => {
  viewer.firstCard = performance.now();
  // The search index, made while the reader looks at the first cards rather than on the
  // first search (30 ms at 100,000 people).
  setTimeout(() => {
    const lv = current();
    if (!lv.haystack) lv.haystack = lv.records.map(haystack);
  }, 50);
});
