// The orgmodel viewer: draws the page's cards with d3-org-chart. Every string from the org is
// put in the page as text: through `esc` in the card HTML d3-org-chart asks for, and through
// textContent everywhere else.
(function () {
  "use strict";

  const DATA = JSON.parse(document.getElementById("org-data").textContent);
  const OPTIONS = DATA.options;
  const WIDTH = 240;
  const LINE = 17;
  const PADDING = 24; // the card's padding and borders, top and bottom together
  const MATCHES = 20; // search results listed at once
  const $ = (id) => document.getElementById(id);

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
    box.id = `chart-${name}`;
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
    for (const box of $("chart").querySelectorAll(".level")) box.hidden = box.id !== `chart-${name}`;
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

  function draw() {
    const lv = current();
    if (!lv.opened) {
      lv.opened = true;
      chart.initialExpandLevel(OPTIONS.depth);
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
    link.href = `#${prefix}=${encodeURIComponent(r.id)}`;
    $("panel-expand").hidden = !lv.children.has(id);
    $("panel").hidden = false;
    $("panel-title").focus();
  }

  function closePanel() {
    $("panel").hidden = true;
    const card = state.open && document.querySelector(`.card[data-id="${CSS.escape(state.open)}"]`);
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
    history.replaceState(null, "", `#${prefix}=${encodeURIComponent(id)}`);
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
    const found = /^#([pu])=(.+)$/.exec(location.hash);
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
    const svg = document.querySelector(`#chart-${state.level} svg`);
    if (!svg || !box.width || !box.height) return;
    chart.svgWidth(box.width).svgHeight(box.height);
    svg.setAttribute("width", box.width);
    svg.setAttribute("height", box.height);
  }
  window.addEventListener("resize", fitSvgToBox);

  document.addEventListener("keydown", (event) => {
    const typing = event.target instanceof HTMLInputElement;
    if (event.key === "/" && !typing) {
      $("search").focus();
      $("search").select();
      event.preventDefault();
    } else if (event.key === "Escape" && !$("panel").hidden && !typing) {
      closePanel();
    }
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

  // The exported SVG carries the card rules of this page's stylesheet, so it draws as shown.
  function embedCardStyle() {
    const svg = document.querySelector(`#chart-${state.level} svg`);
    if (!svg || svg.querySelector("style.cards")) return;
    const rules = [];
    for (const sheet of document.styleSheets) {
      for (const rule of sheet.cssRules) {
        if (/\.card|\.badge/.test(rule.selectorText || "")) rules.push(rule.cssText);
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
    swatch.className = "swatch" + (entry.dashed ? " dashed" : "");
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
  if (!hasCards(state.level)) {
    window.orgmodelViewer = { firstCard: performance.now() };
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
  window.orgmodelViewer = viewer;
  requestAnimationFrame(() => {
    viewer.firstCard = performance.now();
    // The search index, made while the reader looks at the first cards rather than on the
    // first search (30 ms at 100,000 people).
    setTimeout(() => {
      const lv = current();
      if (!lv.haystack) lv.haystack = lv.records.map(haystack);
    }, 50);
  });
})();
