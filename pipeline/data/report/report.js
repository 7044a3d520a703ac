/* kdeal report: the partner network, filters and the evidence review.
 *
 * The data sits in <script id="kdeal-data"> (written by pipeline/report.py). Text from
 * the data reaches the page through textContent and SVG attributes only, never as HTML.
 * The force layout is computed in full before anything is drawn, so a page always shows
 * a settled graph (and the same data gives the same picture: d3-force is deterministic).
 */
(function () {
  "use strict";
  const DATA = JSON.parse(document.getElementById("kdeal-data").textContent);
  const NEGATED = "negated";
  const LAYOUT_TICKS = 300;
  const RELAYOUT_TICKS = 120;
  const MAX_LABELS = 60;
  const HUB_LABEL_ROOM = 3.5; // px of collision radius per character of a hub's label
  const colour = new Map(DATA.types.map((t) => [t.name, t.color]));
  const companies = DATA.companies;

  const state = {
    types: new Set(DATA.types.map((t) => t.name)),
    statuses: new Set(DATA.statuses.filter((s) => !DATA.hidden_statuses.includes(s))),
    from: "",
    to: "",
    selection: null, // {kind: "company"|"pair"|"group", key, label}
    shown: DATA.page_size,
  };
  let positions = new Map(); // node id -> {x, y}, kept across filter changes

  function el(tag, attrs, text) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k === "class") e.className = v;
      else e.setAttribute(k, v);
    }
    if (text !== undefined && text !== null) e.textContent = text;
    return e;
  }

  function inRange(deal) {
    if (!state.from && !state.to) return true;
    return deal.days.some((d) => (!state.from || d >= state.from) && (!state.to || d <= state.to));
  }

  function activeDeals() {
    return DATA.deals.filter((d) => state.types.has(d.type) && state.statuses.has(d.status) && inRange(d));
  }

  function sidesText(deal) {
    const names = (ids) => ids.map((i) => companies[i].name).join(", ");
    const a = names(deal.a);
    const b = deal.b.length ? names(deal.b) : "";
    const group = deal.group ? deal.group.text : "";
    const right = [b, group].filter(Boolean).join(" + ");
    return right ? a + " — " + right : a;
  }

  /* ---- the graph model of the active deals ---- */
  function graphOf(deals) {
    const dealCount = new Map();
    const edges = new Map();
    const hubs = [];
    for (const d of deals) {
      if (d.status === NEGATED) continue; // a withdrawn deal is no partnership
      for (const c of new Set(d.a.concat(d.b))) dealCount.set(c, (dealCount.get(c) || 0) + 1);
      for (const [x, y] of d.pairs) {
        const key = x + "|" + y;
        let e = edges.get(key);
        if (!e) {
          e = { key: key, source: "c" + x, target: "c" + y, a: x, b: y, deals: [], reports: 0, byType: new Map() };
          edges.set(key, e);
        }
        e.deals.push(d);
        e.reports += d.reports.length;
        e.byType.set(d.type, (e.byType.get(d.type) || 0) + 1);
      }
      if (d.group && d.a.length) hubs.push(d);
    }
    const ranked = Array.from(dealCount.entries()).sort((p, q) => q[1] - p[1] || p[0] - q[0]);
    const kept = new Set(ranked.slice(0, DATA.max_nodes).map((p) => p[0]));
    const nodes = ranked.filter((p) => kept.has(p[0])).map(([c, n], rank) => ({
      id: "c" + c, company: c, name: companies[c].name, deals: n, rank: rank, hub: false,
    }));
    const links = [];
    for (const e of edges.values()) {
      if (!kept.has(e.a) || !kept.has(e.b)) continue;
      e.type = Array.from(e.byType.entries()).sort((p, q) => q[1] - p[1] || (p[0] < q[0] ? -1 : 1))[0][0];
      links.push(e);
    }
    for (const d of hubs) {
      const members = d.a.filter((c) => kept.has(c));
      if (!members.length) continue;
      const id = "g" + d.id;
      nodes.push({ id: id, name: d.group.text, deal: d, deals: 1, hub: true, count: d.group.count || 1 });
      for (const c of members) links.push({ key: id + "|" + c, source: "c" + c, target: id, hubEdge: true, deal: d });
    }
    return { nodes: nodes, links: links, companies: dealCount.size, shownCompanies: kept.size, hubs: hubs };
  }

  function radius(n) {
    return n.hub ? 0 : 4 + 3.2 * Math.sqrt(n.deals);
  }

  function hubSize(n) {
    return 8 + 2 * Math.sqrt(n.count);
  }

  /* ---- drawing ---- */
  const svg = d3.select("#graph");
  const viewport = svg.append("g").attr("class", "viewport");
  const edgeLayer = viewport.append("g").attr("class", "edges");
  const nodeLayer = viewport.append("g").attr("class", "nodes");
  const zoom = d3.zoom().scaleExtent([0.1, 8]).on("zoom", (ev) => viewport.attr("transform", ev.transform));
  svg.call(zoom);
  const FIT_MARGIN = 40;
  const FIT_MAX_SCALE = 1.6;

  /* Zoom so that every node is in view (after a layout that placed new nodes). */
  function fit(nodes) {
    if (!nodes.length) return;
    const box = document.getElementById("graph").getBoundingClientRect();
    const xs = nodes.map((n) => n.x);
    const ys = nodes.map((n) => n.y);
    const x0 = Math.min(...xs) - FIT_MARGIN, x1 = Math.max(...xs) + FIT_MARGIN * 2;
    const y0 = Math.min(...ys) - FIT_MARGIN, y1 = Math.max(...ys) + FIT_MARGIN;
    const k = Math.min(FIT_MAX_SCALE, box.width / (x1 - x0), box.height / (y1 - y0));
    const t = d3.zoomIdentity.translate(box.width / 2 - k * (x0 + x1) / 2, box.height / 2 - k * (y0 + y1) / 2).scale(k);
    svg.call(zoom.transform, t);
  }

  function layout(graph) {
    const box = document.getElementById("graph").getBoundingClientRect();
    const w = Math.max(box.width, 300);
    const h = Math.max(box.height, 300);
    for (const n of graph.nodes) {
      const p = positions.get(n.id);
      if (p) { n.x = p.x; n.y = p.y; }
    }
    const fresh = graph.nodes.some((n) => !positions.has(n.id));
    const sim = d3.forceSimulation(graph.nodes)
      .force("link", d3.forceLink(graph.links).id((n) => n.id).distance((l) => (l.hubEdge ? 60 : 70)).strength(0.4))
      .force("charge", d3.forceManyBody().strength(-140))
      .force("x", d3.forceX(w / 2).strength(0.06))
      .force("y", d3.forceY(h / 2).strength(0.08))
      .force("collide", d3.forceCollide((n) => (n.hub ? hubSize(n) / 2 + HUB_LABEL_ROOM * n.name.length : radius(n)) + 3))
      .stop();
    const ticks = positions.size && !fresh ? RELAYOUT_TICKS : LAYOUT_TICKS;
    for (let i = 0; i < ticks; i++) sim.tick();
    positions = new Map(graph.nodes.map((n) => [n.id, { x: n.x, y: n.y }]));
    return fresh;
  }

  function edgeWidth(e) {
    return 1.2 + 1.8 * Math.sqrt(e.reports);
  }

  function draw(graph) {
    const placedNew = layout(graph);
    const edge = edgeLayer.selectAll("g.edge").data(graph.links, (l) => l.key).join((enter) => {
      const g = enter.append("g").attr("class", (l) => (l.hubEdge ? "edge hub-link" : "edge"));
      g.append("line").attr("class", (l) => (l.hubEdge ? "vis hub-edge" : "vis"));
      g.append("line").attr("class", "hit").append("title");
      return g;
    });
    edge.select("line.vis")
      .attr("stroke", (l) => (l.hubEdge ? null : colour.get(l.type) || "#888"))
      .attr("stroke-width", (l) => (l.hubEdge ? 1.2 : edgeWidth(l)));
    edge.select("line.hit title").text((l) => (l.hubEdge ? sidesText(l.deal)
      : companies[l.a].name + " — " + companies[l.b].name + ": " + l.deals.length + " deals, " + l.reports + " reports"));
    edge.attr("data-pair", (l) => (l.hubEdge ? null : companies[l.a].name + "|" + companies[l.b].name))
      .classed("selected", (l) => !l.hubEdge && isSelected("pair", l.key))
      .on("click", (ev, l) => select(l.hubEdge ? groupSelection(l.deal) : pairSelection(l)));
    edge.selectAll("line").attr("x1", (l) => l.source.x).attr("y1", (l) => l.source.y)
      .attr("x2", (l) => l.target.x).attr("y2", (l) => l.target.y);

    const labelled = new Set(graph.nodes.filter((n) => !n.hub).slice(0, MAX_LABELS).map((n) => n.id));
    const node = nodeLayer.selectAll("g.node").data(graph.nodes, (n) => n.id).join((enter) => {
      const g = enter.append("g").attr("class", (n) => (n.hub ? "node hub" : "node company"));
      g.filter((n) => n.hub).append("rect");
      g.filter((n) => !n.hub).append("circle");
      g.append("text");
      g.append("title");
      return g;
    });
    node.attr("data-name", (n) => n.name).attr("transform", (n) => "translate(" + n.x + "," + n.y + ")")
      .classed("selected", (n) => (n.hub ? isSelected("group", n.deal.id) : isSelected("company", n.company)))
      .on("click", (ev, n) => select(n.hub ? groupSelection(n.deal) : companySelection(n)));
    node.select("circle").attr("r", radius);
    node.select("rect").attr("x", (n) => -hubSize(n) / 2).attr("y", (n) => -hubSize(n) / 2)
      .attr("width", hubSize).attr("height", hubSize);
    node.select("text").text((n) => (n.hub || labelled.has(n.id) ? n.name : ""))
      .attr("x", (n) => (n.hub ? hubSize(n) / 2 + 3 : radius(n) + 3)).attr("y", 4);
    node.select("title").text((n) => (n.hub ? sidesText(n.deal) : n.name + ": " + n.deals + " deals"));
    node.call(d3.drag().on("drag", function (ev, n) {
      n.x = ev.x; n.y = ev.y;
      positions.set(n.id, { x: n.x, y: n.y });
      d3.select(this).attr("transform", "translate(" + n.x + "," + n.y + ")");
      edge.selectAll("line").attr("x1", (l) => l.source.x).attr("y1", (l) => l.source.y)
        .attr("x2", (l) => l.target.x).attr("y2", (l) => l.target.y);
    }));
    if (placedNew) fit(graph.nodes);
    const pairs = graph.links.filter((l) => !l.hubEdge).length;
    const capped = graph.companies > graph.shownCompanies ? " (the " + graph.shownCompanies + " with most deals drawn)" : "";
    document.getElementById("graph-stats").textContent =
      graph.companies + " companies" + capped + ", " + pairs + " partner pairs, " + graph.hubs.length + " counted groups";
  }

  /* ---- selection ---- */
  function companySelection(n) {
    return { kind: "company", key: n.company, label: n.name, test: (d) => d.a.includes(n.company) || d.b.includes(n.company) };
  }
  function pairSelection(l) {
    const label = companies[l.a].name + " — " + companies[l.b].name;
    return { kind: "pair", key: l.key, label: label, test: (d) => d.pairs.some(([x, y]) => x === l.a && y === l.b) };
  }
  function groupSelection(d) {
    return { kind: "group", key: d.id, label: sidesText(d), test: (x) => x.id === d.id };
  }
  function isSelected(kind, key) {
    return state.selection !== null && state.selection.kind === kind && state.selection.key === key;
  }
  function select(sel) {
    state.selection = sel;
    state.shown = DATA.page_size;
    render();
  }

  /* ---- evidence review ---- */
  function sentenceNode(report) {
    const p = el("p", { class: "sentence" });
    let at = 0;
    for (const [start, end, label] of report.marks) {
      if (start > at) p.appendChild(document.createTextNode(report.sentence.slice(at, start)));
      const m = el("mark", { class: "ent ent-" + label }, report.sentence.slice(start, end));
      m.appendChild(el("span", { class: "ent-label" }, label));
      p.appendChild(m);
      at = end;
    }
    if (at < report.sentence.length) p.appendChild(document.createTextNode(report.sentence.slice(at)));
    return p;
  }

  function sourceNode(report) {
    const p = el("p", { class: "source" });
    const what = report.title || report.url || report.doc_id;
    if (report.url) p.appendChild(el("a", { href: report.url, target: "_blank", rel: "noopener noreferrer" }, what));
    else p.appendChild(document.createTextNode(what));
    const rest = [report.outlet, report.published].filter(Boolean).join(" · ");
    if (rest) p.appendChild(document.createTextNode(" · " + rest));
    return p;
  }

  function card(deal) {
    const c = el("article", { class: "deal", "data-deal": deal.id });
    const head = el("header");
    const type = el("span", { class: "type" }, deal.type);
    type.style.background = colour.get(deal.type) || "#888";
    head.appendChild(type);
    head.appendChild(el("span", { class: "status " + deal.status }, deal.status));
    head.appendChild(el("span", { class: "sides" }, sidesText(deal)));
    if (deal.reports.length > 1) head.appendChild(el("span", { class: "count" }, deal.reports.length + " reports"));
    c.appendChild(head);
    for (const r of deal.reports) {
      c.appendChild(sentenceNode(r));
      c.appendChild(sourceNode(r));
    }
    return c;
  }

  function renderEvidence(deals) {
    const chosen = state.selection ? deals.filter(state.selection.test) : deals;
    document.getElementById("evidence-title").textContent =
      (state.selection ? state.selection.label + ": " : "All deals: ") + chosen.length;
    document.getElementById("clear-selection").hidden = !state.selection;
    const cards = document.getElementById("cards");
    cards.replaceChildren(...chosen.slice(0, state.shown).map(card));
    if (!chosen.length) cards.appendChild(el("p", { class: "empty" }, "No deal matches the filters."));
    document.getElementById("more").hidden = chosen.length <= state.shown;
  }

  function renderHubs(graph) {
    const list = document.getElementById("hubs");
    list.replaceChildren(...graph.hubs.map((d) => {
      const li = el("li", { "data-deal": d.id }, sidesText(d));
      li.classList.toggle("selected", isSelected("group", d.id));
      li.addEventListener("click", () => select(groupSelection(d)));
      return li;
    }));
    if (!graph.hubs.length) list.appendChild(el("li", { class: "empty" }, "none"));
  }

  function render() {
    const deals = activeDeals();
    const graph = graphOf(deals);
    draw(graph);
    renderHubs(graph);
    renderEvidence(deals);
  }

  /* ---- filters ---- */
  function checkbox(container, value, checked, colourOf, count, onChange) {
    const label = el("label");
    const box = el("input", { type: "checkbox", value: value });
    box.checked = checked;
    box.addEventListener("change", () => onChange(box.checked));
    label.appendChild(box);
    if (colourOf) {
      const sw = el("span", { class: "swatch" });
      sw.style.background = colourOf;
      label.appendChild(sw);
    }
    label.appendChild(document.createTextNode(value));
    label.appendChild(el("span", { class: "count" }, String(count)));
    container.appendChild(label);
  }

  function setupFilters() {
    const byType = new Map();
    const byStatus = new Map();
    const days = [];
    for (const d of DATA.deals) {
      byType.set(d.type, (byType.get(d.type) || 0) + 1);
      byStatus.set(d.status, (byStatus.get(d.status) || 0) + 1);
      days.push(...d.days);
    }
    const types = document.getElementById("type-filters");
    for (const t of DATA.types) {
      checkbox(types, t.name, true, t.color, byType.get(t.name) || 0, (on) => {
        if (on) state.types.add(t.name); else state.types.delete(t.name);
        render();
      });
    }
    const statuses = document.getElementById("status-filters");
    for (const s of DATA.statuses) {
      checkbox(statuses, s, state.statuses.has(s), null, byStatus.get(s) || 0, (on) => {
        if (on) state.statuses.add(s); else state.statuses.delete(s);
        render();
      });
    }
    days.sort();
    document.getElementById("date-range").textContent = days.length ? "reports from " + days[0] + " to " + days[days.length - 1] : "no dated reports";
    for (const [id, key] of [["date-from", "from"], ["date-to", "to"]]) {
      document.getElementById(id).addEventListener("change", (ev) => { state[key] = ev.target.value; render(); });
    }
    document.getElementById("reset").addEventListener("click", () => {
      for (const box of document.querySelectorAll("#filters input[type=checkbox]")) {
        box.checked = !DATA.hidden_statuses.includes(box.value) || !DATA.statuses.includes(box.value);
      }
      state.types = new Set(DATA.types.map((t) => t.name));
      state.statuses = new Set(DATA.statuses.filter((s) => !DATA.hidden_statuses.includes(s)));
      state.from = state.to = "";
      document.getElementById("date-from").value = "";
      document.getElementById("date-to").value = "";
      select(null);
    });
    document.getElementById("clear-selection").addEventListener("click", () => select(null));
    document.getElementById("more").addEventListener("click", () => { state.shown += DATA.page_size; render(); });
  }

  document.getElementById("title").textContent = DATA.title;
  document.getElementById("meta").textContent = DATA.deals.length + " deals from " + DATA.origin +
    " · kdeal " + DATA.kdeal_version + " · " + DATA.generated;
  setupFilters();
  render();
  document.body.setAttribute("data-ready", "1");
})();
