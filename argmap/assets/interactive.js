/* argmap's interactive map: pan, zoom, details, collapse, search, toggles,
   deep links and live updates.  No library, no request but the live
   preview's own (argmap serve).  Texts from the map only ever reach the page
   through textContent and setAttribute: nothing from a map becomes markup. */
(function () {
  "use strict";

  var SAFE_URL = /^(https?|mailto):/i;
  var MIN_SCALE = 0.02, MAX_SCALE = 8;
  // A map of more cards than this draws the text of only those in or near the window (and none
  // below TEXT_SCALE, where 11 px text is a speck): laying out every card's text is what makes a
  // large map slow to open and to zoom.
  var CULL_FROM = 300, TEXT_SCALE = 0.22, NEAR_MAX = 600;

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }

  function Map_(root) {
    this.root = root;
    this.q = function (sel) { return root.querySelector(sel); };
    this.viewport = this.q(".argmap-viewport");
    this.canvas = this.q(".argmap-canvas");
    this.details = this.q(".argmap-details");
    this.search = this.q(".argmap-search");
    this.count = this.q(".argmap-count");
    this.errors = this.q(".argmap-errors");
    this.standalone = root.parentNode === document.body;
    this.view = { s: 1, x: 0, y: 0 };
    this.selected = -1;
    this.collapsed = new Set();
    this.matches = [];
    this.current = -1;
    this.timeline = false;
    this.svgs = { main: this.canvas.querySelector("svg"), timeline: null };
    this.readData(this.q(".argmap-data"), this.q(".argmap-timeline"));
    root.classList.add("js");
    root.classList.toggle("cull", this.data.nodes.length > CULL_FROM || !!this.data.tx);
    this.bind();
    this.useSvg(this.svgs.main);
    this.fit();
    this.followHash();
    if (root.dataset.live) this.live(root.dataset.live);
    var self = this;
    root.dataset.ready = "1";
    requestAnimationFrame(function () { self.root.argmapReadyAt = performance.now(); });
  }

  var P = Map_.prototype;

  // -- data ---------------------------------------------------------------------------

  P.readData = function (dataEl, timelineEl) {
    var data = JSON.parse(dataEl.textContent);
    this.data = data;
    this.timelineEl = timelineEl;  // parsed when first shown
    this.timelineMarkup = timelineEl ? true : null;
    var n = data.nodes.length, i;
    this.byId = new Map();
    for (i = 0; i < n; i++) this.byId.set(data.nodes[i].id, i);
    // kids: what bears on a node (premises, supports, attacks; an undercut under its link's source)
    var kids = [], out = [], inc = [];
    for (i = 0; i < n; i++) { kids.push([]); out.push([]); inc.push([]); }
    data.nodes.forEach(function (node, i) {
      (node.p || []).forEach(function (p) { kids[i].push(p); inc[i].push(["premise:", p]); out[p].push(["a premise of", i]); });
    });
    var verb = { support: "supports", attack: "attacks", undercut: "undercuts" };
    var by = { support: "supported by", attack: "attacked by", undercut: "its link undercut by" };
    data.rels.forEach(function (r) {
      var kind = r[0], src = r[1], tgt = r[2];
      kids[tgt].push(src);
      if (r.length > 3) {
        out[src].push(["undercuts the link of", tgt, r[3]]);
        inc[tgt].push([by[kind] || kind, src, r[3]]);
      } else {
        out[src].push([verb[kind] || kind, tgt]);
        inc[tgt].push([by[kind] || kind, src]);
      }
    });
    this.kids = kids; this.out = out; this.inc = inc;
  };

  P.useSvg = function (svg) {
    var self = this, data = this.data;
    var size = svg === this.svgs.main ? data.size : data.tsize;
    svg.setAttribute("width", size[0]);
    svg.setAttribute("height", size[1]);
    this.svg = svg;
    this.size = size;
    this.nodeEls = new Array(data.nodes.length);
    this.boxes = (svg === this.svgs.main ? data.box : data.tbox) || [];
    this.texts = (svg === this.svgs.main ? data.tx : data.ttx) || null;  // a lean page's card texts
    this.near = new Uint8Array(data.nodes.length);
    svg.querySelectorAll("g[data-i]").forEach(function (g) {
      var i = +g.getAttribute("data-i"), node = data.nodes[i];
      self.nodeEls[i] = g;
      if (!g.hasAttribute("tabindex")) {
        g.setAttribute("tabindex", "0");
        g.setAttribute("role", "button");
        g.setAttribute("aria-label", self.label(i));
      }
    });
    this.edgeEls = svg.querySelectorAll("g.edge[data-a]");
    this.midEls = svg.querySelectorAll("g[data-mid]");
    this.boxEls = svg.querySelectorAll("g[data-box]");
    this.applyCollapse();
    this.mark();
    if (this.selected >= 0) this.setSelected(this.selected);
  };

  P.label = function (i) {
    var node = this.data.nodes[i];
    var words = node.k + (node.id.charAt(0) === "_" ? "" : " " + node.id) + ": " + (node.t || "(no label)");
    if (node.tags) words += " #" + node.tags.join(" #");
    return words;
  };

  // -- pan and zoom -------------------------------------------------------------------

  P.apply = function () {
    var v = this.view;
    this.canvas.style.transform = "translate(" + v.x + "px," + v.y + "px) scale(" + v.s + ")";
    if (!this.root.classList.contains("moving")) this.updateNear();
  };

  // Mark the cards in or near the window (class "near"), whose text a large map draws.
  P.updateNear = function () {
    if (!this.root.classList.contains("cull")) return;
    var v = this.view, w = this.viewport.clientWidth, h = this.viewport.clientHeight;
    var mx = 0.5 * w / v.s, my = 0.5 * h / v.s;
    var x0 = -v.x / v.s - mx, y0 = -v.y / v.s - my, x1 = (w - v.x) / v.s + mx, y1 = (h - v.y) / v.s + my;
    var boxes = this.boxes, near = this.near, els = this.nodeEls, wanted = new Uint8Array(els.length), count = 0, i;
    if (v.s >= TEXT_SCALE) {
      for (i = 0; i < els.length; i++) {
        var b = boxes[i];
        if (b && b[0] < x1 && b[0] + b[2] > x0 && b[1] < y1 && b[1] + b[3] > y0) { wanted[i] = 1; count++; }
      }
    }
    if (count > NEAR_MAX) wanted = new Uint8Array(els.length);  // too many to read: outlines only
    for (i = 0; i < els.length; i++) {
      if (wanted[i] !== near[i] && els[i]) {
        near[i] = wanted[i];
        if (wanted[i]) this.drawTexts(i);
        els[i].classList.toggle("near", !!wanted[i]);
      }
    }
  };

  // A lean page's card texts, drawn into the card the first time it is near the window.
  P.drawTexts = function (i) {
    var g = this.nodeEls[i], lines = this.texts && this.texts[i];
    if (!lines || !g || g.argmapTexts) return;
    g.argmapTexts = true;
    var ns = "http://www.w3.org/2000/svg", node = this.data.nodes[i], box = this.texts === this.data.tx ? this.data.box[i] : this.data.tbox[i];
    var before = null;
    lines.forEach(function (line) {
      var t = document.createElementNS(ns, "text");
      t.setAttribute("x", line[0]);
      t.setAttribute("y", line[1]);
      if (line.length > 3) { t.setAttribute("font-size", line[3]); t.setAttribute("text-anchor", line[4]); }
      if (/^\s|\s$|\s\s/.test(line[2])) t.setAttributeNS("http://www.w3.org/XML/1998/namespace", "xml:space", "preserve");
      t.textContent = line[2];
      g.insertBefore(t, before);
    });
    // the status and strength, shown by the colouring toggles (as a full page writes them into the SVG)
    var shift = this.svgShift();
    [["st", node.st], ["sg", node.sg]].forEach(function (kv) {
      if (kv[1] === undefined || !box) return;
      var t = document.createElementNS(ns, "text");
      t.setAttribute("class", "argmap-value v-" + kv[0]);
      t.setAttribute("x", (box[0] + box[2] - shift[0] - 3).toFixed(2));
      t.setAttribute("y", (box[1] - shift[1] - 3).toFixed(2));
      t.setAttribute("text-anchor", "end");
      t.textContent = kv[0] === "st" ? kv[1] : Number(kv[1]).toFixed(2);
      g.appendChild(t);
    });
  };

  // Graphviz's translate on the drawing: the boxes are in SVG pixels, the cards' coordinates are not.
  P.svgShift = function () {
    if (this.shiftFor !== this.svg) {
      var graph = this.svg.querySelector("g.graph"), m = graph && graph.transform.baseVal.consolidate();
      this.shift = m ? [m.matrix.e, m.matrix.f] : [0, 0];
      this.shiftFor = this.svg;
    }
    return this.shift;
  };

  // While the map moves, the browser scales the picture it has (will-change: transform); once it
  // stops, the texts near the window are shown and the picture is drawn afresh, sharp, at the new scale.
  P.moving = function () {
    var self = this, root = this.root;
    root.classList.add("moving");
    clearTimeout(this.movingTimer);
    this.movingTimer = setTimeout(function () {
      root.classList.remove("moving");
      self.updateNear();
      root.classList.add("settle");
      requestAnimationFrame(function () { requestAnimationFrame(function () { root.classList.remove("settle"); }); });
    }, 200);
  };

  P.fit = function () {
    var w = this.viewport.clientWidth, h = this.viewport.clientHeight;
    var s = Math.min(w / this.size[0], h / this.size[1]) * 0.97;
    s = Math.max(MIN_SCALE, Math.min(s, 2));
    this.view = { s: s, x: (w - this.size[0] * s) / 2, y: (h - this.size[1] * s) / 2 };
    this.apply();
  };

  P.zoomAt = function (factor, cx, cy) {
    var v = this.view, s = Math.max(MIN_SCALE, Math.min(MAX_SCALE, v.s * factor));
    if (cx === undefined) { cx = this.viewport.clientWidth / 2; cy = this.viewport.clientHeight / 2; }
    this.view = { s: s, x: cx - (cx - v.x) * (s / v.s), y: cy - (cy - v.y) * (s / v.s) };
    this.moving();
    this.apply();
  };

  P.panBy = function (dx, dy) {
    this.view.x += dx; this.view.y += dy;
    this.moving();
    this.apply();
  };

  // Bring node i into view (centred), at a readable scale.
  P.reveal = function (i) {
    var g = this.nodeEls[i];
    if (!g) return;
    var v = this.view, r = g.getBoundingClientRect(), c = this.canvas.getBoundingClientRect();
    // the node's box in the map's own pixels (the canvas at scale 1)
    var bx = (r.left - c.left) / v.s, by = (r.top - c.top) / v.s, bw = r.width / v.s, bh = r.height / v.s;
    var w = this.viewport.clientWidth, h = this.viewport.clientHeight;
    var s = Math.max(v.s, Math.min(1, 0.9 * w / bw, 0.9 * h / bh));
    this.view = { s: s, x: w / 2 - (bx + bw / 2) * s, y: h / 2 - (by + bh / 2) * s };
    this.apply();
  };

  // -- selection and details ----------------------------------------------------------

  P.setSelected = function (i) {
    var old = this.svg.querySelector("g.selected");
    if (old) old.classList.remove("selected");
    this.selected = i;
    var g = i >= 0 ? this.nodeEls[i] : null;
    if (g) g.classList.add("selected");
  };

  P.select = function (i, how) {
    how = how || {};
    if (i < 0 || i >= this.data.nodes.length) return;
    this.expandTo(i);
    this.setSelected(i);
    this.showDetails(i);
    if (how.reveal) this.reveal(i);
    if (how.focus && this.nodeEls[i]) this.nodeEls[i].focus({ preventScroll: true });
    if (this.standalone && how.hash !== false) {
      var hash = "#" + encodeURIComponent(this.data.nodes[i].id);
      if (location.hash !== hash) history.replaceState(null, "", hash);
    }
  };

  P.unselect = function () {
    this.setSelected(-1);
    this.details.hidden = true;
    if (this.standalone && location.hash) history.replaceState(null, "", location.pathname + location.search);
  };

  P.nodeLink = function (j) {
    var self = this, node = this.data.nodes[j];
    var a = el("a", null, node.t || node.id);
    a.href = "#" + encodeURIComponent(node.id);
    a.setAttribute("data-goto", String(j));
    a.addEventListener("click", function (ev) {
      ev.preventDefault();
      self.select(j, { reveal: true, focus: true });
    });
    return a;
  };

  P.showDetails = function (i) {
    var self = this, data = this.data, node = data.nodes[i], d = this.details;
    d.textContent = "";
    var close = el("button", "argmap-close", "×");
    close.type = "button";
    close.setAttribute("aria-label", "Close the details");
    close.addEventListener("click", function () {
      var g = self.nodeEls[i];
      self.unselect();
      if (g) g.focus({ preventScroll: true });
    });
    d.appendChild(close);
    var head = el("h2", "argmap-kind", (data.kinds[node.k] || node.k).toUpperCase() + (node.id.charAt(0) === "_" ? "" : " · " + node.id));
    d.appendChild(head);
    d.appendChild(el("p", "argmap-text", node.t || "(no label)"));
    var dl = el("dl");
    function row(key, value) {
      dl.appendChild(el("dt", null, key));
      var dd = el("dd");
      if (value instanceof Node) dd.appendChild(value); else dd.textContent = value;
      dl.appendChild(dd);
    }
    if (node.st !== undefined) row("status", node.st + " (" + data.sem.st + ")");
    if (node.sg !== undefined) row("strength", Number(node.sg).toFixed(2) + " (" + data.sem.sg + ")");
    if (node.tags) row("tags", "#" + node.tags.join(" #"));
    (node.m || []).forEach(function (kv) {
      var key = kv[0], value = kv[1];
      if (key === "quote") {
        var bq = el("blockquote", "argmap-quote", value);
        row("quote", bq);
      } else if (key === "url") {
        if (node.u && SAFE_URL.test(node.u)) {
          var a = el("a", null, node.u);
          a.href = node.u;
          a.rel = "noopener noreferrer nofollow";
          a.target = "_blank";
          row("url", a);
        } else {
          row("url", value + " (not a link: only http, https and mailto are)");
        }
      } else {
        row(key, value);
      }
    });
    if (dl.childNodes.length) d.appendChild(dl);
    function list(title, items) {
      if (!items.length) return;
      d.appendChild(el("h2", null, title));
      var ul = el("ul");
      items.forEach(function (it) {
        var li = el("li");
        li.appendChild(document.createTextNode(it[0] + " "));
        li.appendChild(self.nodeLink(it[1]));
        if (it[2]) li.appendChild(el("span", "argmap-link", " (" + it[2] + ")"));
        ul.appendChild(li);
      });
      d.appendChild(ul);
    }
    list("IT BEARS ON", this.out[i]);
    list("WHAT BEARS ON IT", this.inc[i]);
    if (this.kids[i].length) {
      var hidden = this.hiddenUnder(i), btn = el("button", "argmap-collapse");
      btn.type = "button";
      btn.textContent = this.collapsed.has(i) ? "Expand (" + hidden + " hidden)" : "Collapse what bears on it";
      btn.setAttribute("aria-expanded", this.collapsed.has(i) ? "false" : "true");
      btn.addEventListener("click", function () { self.toggleCollapse(i); self.showDetails(i); });
      d.appendChild(btn);
    }
    var where = data.source ? data.source : "";
    if (node.l) where += (where ? ":" : "line ") + node.l;
    if (where) d.appendChild(el("p", "argmap-where", where));
    d.hidden = false;
  };

  // -- collapse -----------------------------------------------------------------------

  P.computeHidden = function () {
    var n = this.data.nodes.length, kids = this.kids, collapsed = this.collapsed;
    var below = new Uint8Array(n), stack = [];
    collapsed.forEach(function (c) { kids[c].forEach(function (k) { stack.push(k); }); });
    while (stack.length) {
      var x = stack.pop();
      if (below[x]) continue;
      below[x] = 1;
      kids[x].forEach(function (k) { if (!below[k]) stack.push(k); });
    }
    var shown = new Uint8Array(n);
    for (var i = 0; i < n; i++) if (!below[i]) { shown[i] = 1; stack.push(i); }
    while (stack.length) {
      var y = stack.pop();
      if (collapsed.has(y)) continue;
      kids[y].forEach(function (k) { if (!shown[k]) { shown[k] = 1; stack.push(k); } });
    }
    return shown;
  };

  P.hiddenUnder = function (i) {
    var shown = this.shown || this.computeHidden(), kids = this.kids;
    var seen = new Set(), stack = kids[i].slice(), count = 0;
    while (stack.length) {
      var x = stack.pop();
      if (seen.has(x) || x === i) continue;
      seen.add(x);
      if (!shown[x]) count++;
      kids[x].forEach(function (k) { stack.push(k); });
    }
    return count;
  };

  P.applyCollapse = function () {
    var self = this, shown = this.computeHidden();
    this.shown = shown;
    if (!this.collapsed.size && !this.anyHidden) return;  // nothing hidden, nothing to show again
    this.anyHidden = this.collapsed.size > 0;
    this.nodeEls.forEach(function (g, i) { if (g) g.classList.toggle("argmap-hidden", !shown[i]); });
    this.boxEls.forEach(function (g) { g.classList.toggle("argmap-hidden", !shown[+g.getAttribute("data-box")]); });
    var midShown = {};
    function endShown(e) {
      if (e === "-") return true;
      if (e.charAt(0) === "m") return midShown[e] !== false;
      return !!shown[+e];
    }
    // an undercut link's middle shows when both ends of its link do (middles of middles come later)
    this.midEls.forEach(function (g) {
      var ok = endShown(g.getAttribute("data-a")) && endShown(g.getAttribute("data-b"));
      midShown[g.getAttribute("data-mid")] = ok;
      g.classList.toggle("argmap-hidden", !ok);
    });
    this.edgeEls.forEach(function (g) {
      g.classList.toggle("argmap-hidden", !(endShown(g.getAttribute("data-a")) && endShown(g.getAttribute("data-b"))));
    });
    this.svg.querySelectorAll(".argmap-badge").forEach(function (b) { b.remove(); });
    this.collapsed.forEach(function (c) {
      var g = self.nodeEls[c];
      if (!g || !shown[c]) return;
      var count = self.hiddenUnder(c);
      self.badge(g, c, count);
    });
  };

  P.badge = function (g, i, count) {
    var self = this, ns = "http://www.w3.org/2000/svg";
    var b = g.getBBox();
    var badge = document.createElementNS(ns, "g");
    badge.setAttribute("class", "argmap-badge");
    badge.setAttribute("role", "button");
    badge.setAttribute("tabindex", "0");
    badge.setAttribute("aria-label", "Expand: " + count + " hidden");
    badge.setAttribute("data-for", String(i));
    var text = "+" + count + " hidden";
    var w = 8 + 6.5 * text.length;
    var rect = document.createElementNS(ns, "rect");
    rect.setAttribute("x", b.x + b.width - w / 2); rect.setAttribute("y", b.y - 9);
    rect.setAttribute("width", w); rect.setAttribute("height", 18); rect.setAttribute("rx", 9);
    var t = document.createElementNS(ns, "text");
    t.setAttribute("x", b.x + b.width); t.setAttribute("y", b.y + 4);
    t.setAttribute("text-anchor", "middle");
    t.textContent = text;
    badge.appendChild(rect); badge.appendChild(t);
    badge.addEventListener("click", function (ev) { ev.stopPropagation(); self.toggleCollapse(i); });
    badge.addEventListener("keydown", function (ev) {
      if (ev.key === "Enter" || ev.key === " ") { ev.preventDefault(); ev.stopPropagation(); self.toggleCollapse(i); }
    });
    g.parentNode.appendChild(badge);
  };

  P.toggleCollapse = function (i) {
    if (this.collapsed.has(i)) this.collapsed.delete(i); else if (this.kids[i].length) this.collapsed.add(i);
    this.applyCollapse();
    if (this.selected === i && !this.details.hidden) this.showDetails(i);
  };

  // Expand whatever hides node i.
  P.expandTo = function (i) {
    var guard = 0;
    while (this.shown && !this.shown[i] && this.collapsed.size && guard++ < 1000) {
      var self = this, done = false;
      this.collapsed.forEach(function (c) {
        if (done) return;
        var seen = new Set(), stack = self.kids[c].slice();
        while (stack.length) {
          var x = stack.pop();
          if (x === i) { self.collapsed.delete(c); done = true; return; }
          if (seen.has(x)) continue;
          seen.add(x);
          self.kids[x].forEach(function (k) { stack.push(k); });
        }
      });
      if (!done) break;
      this.applyCollapse();
    }
  };

  // -- search -------------------------------------------------------------------------

  P.find = function (query) {
    var q = query.trim().toLowerCase(), out = [];
    if (q) {
      var tagOnly = q.charAt(0) === "#", t = tagOnly ? q.slice(1) : q;
      this.data.nodes.forEach(function (node, i) {
        var tags = (node.tags || []).map(function (x) { return x.toLowerCase(); });
        var hit = tags.some(function (x) { return tagOnly ? x === t || x.indexOf(t) === 0 : x.indexOf(t) >= 0; });
        if (!tagOnly && !hit) hit = (node.t || "").toLowerCase().indexOf(t) >= 0 || node.id.toLowerCase().indexOf(t) >= 0;
        if (hit) out.push(i);
      });
    }
    this.lastQuery = query;
    this.matches = out;
    this.current = -1;
    this.mark();
  };

  P.mark = function () {
    var self = this;
    this.svg.querySelectorAll("g.match").forEach(function (g) { g.classList.remove("match", "current"); });
    this.matches.forEach(function (i, k) {
      var g = self.nodeEls[i];
      if (g) { g.classList.add("match"); g.classList.toggle("current", k === self.current); }
    });
    var q = this.search ? this.search.value.trim() : "";
    this.count.textContent = !q ? "" : this.matches.length === 0 ? "no match" :
      (this.current >= 0 ? (this.current + 1) + " of " : "") + this.matches.length + (this.current >= 0 ? "" : " found");
  };

  P.step = function (by) {
    if (!this.matches.length) return;
    this.current = (this.current + by + this.matches.length) % this.matches.length;
    var i = this.matches[this.current];
    this.select(i, { reveal: true });
    this.mark();
  };

  // -- toggles ------------------------------------------------------------------------

  P.setColour = function (mode) {
    var root = this.root;
    ["c-kind", "c-status", "c-strength"].forEach(function (c) { root.classList.remove(c); });
    root.classList.add("c-" + mode);
    if (mode !== "kind") root.classList.add("legend-open");
    this.syncButtons();
  };

  P.toggleTheme = function () {
    var mono = this.root.classList.contains("t-color");
    this.root.classList.toggle("t-color", !mono);
    this.root.classList.toggle("t-mono", mono);
    this.syncButtons();
  };

  P.toggleTimeline = function () {
    if (!this.timelineMarkup && !this.svgs.timeline) return;
    if (!this.svgs.timeline) {
      var holder = document.createElement("div");
      holder.innerHTML = JSON.parse(this.timelineEl.textContent);  // argmap's own cleaned SVG (argmap.interactive)
      this.svgs.timeline = holder.querySelector("svg");
      this.canvas.appendChild(this.svgs.timeline);
    }
    this.timeline = !this.timeline;
    var on = this.timeline ? this.svgs.timeline : this.svgs.main, off = this.timeline ? this.svgs.main : this.svgs.timeline;
    off.style.display = "none";
    on.style.display = "";
    this.useSvg(on);
    this.fit();
    this.syncButtons();
  };

  P.syncButtons = function () {
    var root = this.root;
    function pressed(act, value) {
      var b = root.querySelector('[data-act="' + act + '"]');
      if (b) b.setAttribute("aria-pressed", value ? "true" : "false");
    }
    pressed("theme", root.classList.contains("t-mono"));
    pressed("legend", root.classList.contains("legend-open"));
    pressed("timeline", this.timeline);
    var sel = root.querySelector('[data-act="color"]');
    if (sel) sel.value = root.classList.contains("c-status") ? "status" : root.classList.contains("c-strength") ? "strength" : "kind";
  };

  // -- deep links ---------------------------------------------------------------------

  P.followHash = function () {
    if (!this.standalone || !location.hash) return false;
    var id;
    try { id = decodeURIComponent(location.hash.slice(1)); } catch (e) { return false; }
    var i = this.byId.get(id);
    if (i === undefined) return false;
    this.select(i, { reveal: true, hash: false });
    return true;
  };

  // -- events -------------------------------------------------------------------------

  P.nodeOf = function (target) {
    var g = target && target.closest ? target.closest("g[data-i],g[data-box]") : null;
    if (!g || !this.canvas.contains(g)) return -1;
    return +(g.getAttribute("data-i") || g.getAttribute("data-box"));
  };

  P.bind = function () {
    var self = this, vp = this.viewport, root = this.root;
    var drag = null;
    vp.addEventListener("wheel", function (ev) {
      ev.preventDefault();
      var r = vp.getBoundingClientRect();
      var dy = ev.deltaMode === 1 ? ev.deltaY * 33 : ev.deltaMode === 2 ? ev.deltaY * 400 : ev.deltaY;
      if (ev.ctrlKey) dy *= 3;
      self.zoomAt(Math.exp(-dy * 0.0015), ev.clientX - r.left, ev.clientY - r.top);
    }, { passive: false });
    vp.addEventListener("pointerdown", function (ev) {
      if (ev.button !== 0 || (ev.target.closest && ev.target.closest(".argmap-badge"))) return;
      drag = { x: ev.clientX, y: ev.clientY, vx: self.view.x, vy: self.view.y, moved: false };
    });
    window.addEventListener("pointermove", function (ev) {
      if (!drag) return;
      var dx = ev.clientX - drag.x, dy = ev.clientY - drag.y;
      if (!drag.moved && Math.abs(dx) + Math.abs(dy) < 4) return;
      drag.moved = true;
      vp.classList.add("dragging");
      self.view.x = drag.vx + dx; self.view.y = drag.vy + dy;
      self.moving();
      self.apply();
    });
    window.addEventListener("pointerup", function () {
      if (drag && drag.moved) { self.justDragged = true; setTimeout(function () { self.justDragged = false; }, 0); }
      drag = null;
      vp.classList.remove("dragging");
    });
    vp.addEventListener("click", function (ev) {
      if (self.justDragged) return;
      var i = self.nodeOf(ev.target);
      if (i >= 0) self.select(i); else if (self.selected >= 0) self.unselect();
    });
    // A page of its own takes the keys wherever the focus is; a map among other content only when
    // the focus is in it.
    (this.standalone ? document : root).addEventListener("keydown", function (ev) {
      var t = ev.target, tag = t.tagName;
      if (t !== document.body && !root.contains(t)) return;
      if (tag === "INPUT" || tag === "SELECT" || tag === "TEXTAREA") {
        if (t === self.search && ev.key === "Enter") {
          ev.preventDefault();
          if (self.search.value !== self.lastQuery) self.find(self.search.value);
          self.step(ev.shiftKey ? -1 : 1);
        }
        if (t === self.search && ev.key === "Escape") { self.search.value = ""; self.find(""); }
        return;
      }
      if (ev.ctrlKey || ev.metaKey || ev.altKey) return;
      var i = self.nodeOf(t);
      switch (ev.key) {
        case "+": case "=": self.zoomAt(1.25); break;
        case "-": case "_": self.zoomAt(0.8); break;
        case "0": self.fit(); break;
        case "ArrowLeft": self.panBy(60, 0); break;
        case "ArrowRight": self.panBy(-60, 0); break;
        case "ArrowUp": self.panBy(0, 60); break;
        case "ArrowDown": self.panBy(0, -60); break;
        case "/": if (self.search) self.search.focus(); break;
        case "Escape": if (self.selected >= 0) { var g = self.nodeEls[self.selected]; self.unselect(); if (g) g.focus({ preventScroll: true }); } break;
        case "Enter": case " ":
          if (i < 0 || (t.closest && t.closest(".argmap-badge"))) return;
          self.select(i);
          break;
        case "c": if (i >= 0) self.toggleCollapse(i); break;
        default: return;
      }
      ev.preventDefault();
    });
    root.addEventListener("focusin", function (ev) {
      // keep a node reached by Tab in view
      var i = self.nodeOf(ev.target);
      if (i < 0) return;
      var r = ev.target.getBoundingClientRect(), v = vp.getBoundingClientRect();
      if (r.right < v.left || r.left > v.right || r.bottom < v.top || r.top > v.bottom) self.reveal(i);
    });
    var timer = null;
    if (this.search) this.search.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () { self.find(self.search.value); }, 120);
    });
    root.querySelectorAll("[data-act]").forEach(function (b) {
      var act = b.getAttribute("data-act");
      b.addEventListener(act === "color" ? "change" : "click", function () {
        if (act === "zoom-in") self.zoomAt(1.25);
        else if (act === "zoom-out") self.zoomAt(0.8);
        else if (act === "fit") self.fit();
        else if (act === "next") { if (self.search.value !== self.lastQuery) self.find(self.search.value); self.step(1); }
        else if (act === "prev") self.step(-1);
        else if (act === "color") self.setColour(b.value);
        else if (act === "theme") self.toggleTheme();
        else if (act === "timeline") self.toggleTimeline();
        else if (act === "legend") { root.classList.toggle("legend-open"); self.syncButtons(); }
      });
    });
    if (this.standalone) window.addEventListener("hashchange", function () { self.followHash(); });
  };

  // -- live preview (argmap serve) ----------------------------------------------------

  P.live = function (url) {
    var self = this;
    var source = new EventSource(url);
    source.addEventListener("update", function (ev) {
      var msg = JSON.parse(ev.data);
      fetch(msg.url, { cache: "no-store" }).then(function (r) { return r.text(); }).then(function (text) {
        self.replace(text, msg.version);
      });
    });
    source.addEventListener("problem", function (ev) {
      var msg = JSON.parse(ev.data);
      self.errors.textContent = msg.text;
      self.errors.hidden = false;
      self.root.dataset.problem = String(msg.version);
    });
  };

  // Swap in a new drawing of the map, keeping the view, the selection, the collapsed nodes and the search.
  P.replace = function (fragment, version) {
    var doc = new DOMParser().parseFromString(fragment, "text/html");
    var fresh = doc.querySelector(".argmap");
    if (!fresh) return;
    var selectedId = this.selected >= 0 ? this.data.nodes[this.selected].id : null;
    var collapsedIds = [];
    var self = this;
    this.collapsed.forEach(function (i) { collapsedIds.push(self.data.nodes[i].id); });
    var view = this.view, timeline = this.timeline;
    var style = fresh.querySelector("style");
    if (style && document.adoptedStyleSheets !== undefined) {
      var sheet = new CSSStyleSheet();
      sheet.replaceSync(style.textContent);
      document.adoptedStyleSheets = [sheet];
    }
    this.readData(fresh.querySelector(".argmap-data"), fresh.querySelector(".argmap-timeline"));
    var svg = fresh.querySelector(".argmap-canvas > svg");
    this.canvas.textContent = "";
    this.canvas.appendChild(document.importNode(svg, true));
    this.svgs = { main: this.canvas.querySelector("svg"), timeline: null };
    var legend = fresh.querySelector(".argmap-legend"), mine = this.q(".argmap-legend");
    if (legend && mine) { mine.textContent = ""; Array.prototype.forEach.call(legend.childNodes, function (c) { mine.appendChild(document.importNode(c, true)); }); }
    var tbtn = this.q('[data-act="timeline"]');
    if (tbtn) tbtn.disabled = !this.timelineMarkup;
    this.collapsed = new Set();
    collapsedIds.forEach(function (id) { var i = self.byId.get(id); if (i !== undefined) self.collapsed.add(i); });
    var sel = selectedId !== null && this.byId.has(selectedId) ? this.byId.get(selectedId) : -1;
    this.selected = sel;
    this.timeline = false;
    this.useSvg(this.svgs.main);
    if (timeline && this.timelineMarkup) this.toggleTimeline();
    this.view = view;
    this.apply();
    if (this.search && this.search.value.trim()) this.find(this.search.value);
    if (sel >= 0) this.showDetails(sel); else this.details.hidden = true;
    this.errors.hidden = true;
    this.errors.textContent = "";
    this.root.dataset.version = String(version);
    delete this.root.dataset.problem;
  };

  function start(root) {
    if (root.argmapStarted) return;
    root.argmapStarted = true;
    try {
      root.argmap = new Map_(root);
    } catch (e) {
      root.classList.remove("js");
      throw e;
    }
  }

  var me = document.currentScript;
  if (me && me.parentNode && me.parentNode.classList && me.parentNode.classList.contains("argmap")) {
    start(me.parentNode);
  } else {
    document.querySelectorAll(".argmap[data-argmap]").forEach(start);
  }
})();
