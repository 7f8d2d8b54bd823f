/* argmap's interactive map: pan, zoom, details, collapse, search, toggles,
   deep links and live updates.  No library, no request but the live
   preview's own (argmap serve).  Texts from the map only ever reach the page
   through textContent and setAttribute: nothing from a map becomes markup. */
(function () {
  "use strict";

  var SAFE_URL = /^(https?|mailto):/i;
  var MIN_SCALE = 0.02, MAX_SCALE = 8;
  // An SVG page whose data holds the cards' boxes (argmap.interactive.CULL_FROM) draws the text of
  // only the cards in or near the window (and none below TEXT_SCALE, where 11 px text is a speck):
  // laying out every card's text is what makes a large map slow to open and to zoom.
  var TEXT_SCALE = 0.22, NEAR_MAX = 600;

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
    this.readData(this.q(".argmap-data"), this.q(".argmap-timeline"));
    root.classList.add("js");
    this.bind();
    this.setUp();
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

  // The drawing: the page's SVG, or for a large map (data.cv) a canvas (see "canvas mode" below).
  P.setUp = function () {
    this.cv = !!this.data.cv;
    this.root.classList.toggle("cv", this.cv);
    this.root.classList.toggle("cull", !this.cv && !!this.data.box);  // (argmap.interactive.CULL_FROM)
    if (this.cv) { this.svgs = { main: null, timeline: null }; this.cvSetUp(); return; }
    this.svgs = { main: this.canvas.querySelector("svg"), timeline: null };
    this.useSvg(this.svgs.main);
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
    this.hooks = svg;
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
    if (this.cv) { this.cvRequest(); return; }
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
        els[i].classList.toggle("near", !!wanted[i]);
      }
    }
  };

  // While the map moves, the browser scales the picture it has (will-change: transform); once it
  // stops, the texts near the window are shown and the picture is drawn afresh, sharp, at the new scale.
  P.moving = function () {
    var self = this, root = this.root;
    root.classList.add("moving");
    clearTimeout(this.movingTimer);
    this.movingTimer = setTimeout(function () {
      root.classList.remove("moving");
      if (self.cv) { self.cvRequest(); return; }
      self.updateNear();
      root.classList.add("settle");
      requestAnimationFrame(function () { requestAnimationFrame(function () { root.classList.remove("settle"); }); });
    }, 200);
  };

  P.fit = function () {
    var w = this.viewport.clientWidth, h = this.viewport.clientHeight;
    var s = Math.min(w / this.size[0], h / this.size[1]) * 0.97;
    // a canvas draws the whole of even a very wide map at once (from its overviews): it may fit below MIN_SCALE
    this.minScale = this.cv ? Math.min(MIN_SCALE, s) : MIN_SCALE;
    s = Math.max(this.minScale, Math.min(s, 2));
    this.view = { s: s, x: (w - this.size[0] * s) / 2, y: (h - this.size[1] * s) / 2 };
    this.apply();
  };

  P.zoomAt = function (factor, cx, cy) {
    var v = this.view, s = Math.max(this.minScale || MIN_SCALE, Math.min(MAX_SCALE, v.s * factor));
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
    if (this.cv) { this.cvReveal(i); return; }
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
    var old = this.hooks.querySelector(".selected");
    if (old) old.classList.remove("selected");
    this.selected = i;
    var g = i >= 0 ? this.nodeEls[i] : null;
    if (g) g.classList.add("selected");
    if (this.cv) this.cvRequest();
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
    if (this.cv) { this.cvCollapse(shown); return; }
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
    this.hooks.querySelectorAll(".argmap-badge").forEach(function (b) { b.remove(); });
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
    this.hooks.querySelectorAll(".match").forEach(function (g) { g.classList.remove("match", "current"); });
    this.matches.forEach(function (i, k) {
      var g = self.nodeEls[i];
      if (g) { g.classList.add("match"); g.classList.toggle("current", k === self.current); }
    });
    var q = this.search ? this.search.value.trim() : "";
    if (this.cv) this.cvRequest();
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
    if (this.cv) this.cvRestyle();
    this.syncButtons();
  };

  P.toggleTheme = function () {
    var mono = this.root.classList.contains("t-color");
    this.root.classList.toggle("t-color", !mono);
    this.root.classList.toggle("t-mono", mono);
    if (this.cv) this.cvRestyle();
    this.syncButtons();
  };

  P.toggleTimeline = function () {
    if (this.cv) {
      if (!this.data.tcv) return;
      this.timeline = !this.timeline;
      this.cvUse(this.timeline ? this.data.tcv : this.data.cv);
      this.fit();
      this.syncButtons();
      return;
    }
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
    var g = target && target.closest ? target.closest("[data-i],g[data-box]") : null;
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
      if (self.cv) {  // a card's proxy (a script's click on a hook), or a point of the canvas
        var j = self.nodeOf(ev.target);
        if (j >= 0) self.select(j); else self.cvClick(ev);
        return;
      }
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
      if (self.cv) { self.cvFocus(i); return; }
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

  // -- canvas mode --------------------------------------------------------------------
  // A large map (argmap.interactive.CANVAS_FROM cards on) comes without an SVG in the DOM (its SVG
  // is inside a noscript element, for when JavaScript is off): the script draws it on a <canvas> from the
  // layout data (data.cv: each card's, edge's and box's shapes and texts in Graphviz's
  // coordinates; argmap.interactive._canvas_data) with the palettes of the page's data (data.pal,
  // the same colours as the generated stylesheet).  Cards are reached by Tab through a layer of
  // hidden proxies, one per card, which carry the hooks an SVG card carries (data-id, the classes
  // "selected", "match" and "current").  Far out, the whole map is drawn once into bitmaps
  // ("overviews") that a frame scales; nearer, only what is in the window is drawn, texts as
  // grey bars below a readable scale.
  var TEXT_K = 0.3, BAR_K = 0.08, SHAPE_K = 0.06, BUSY = 200;
  var OVERVIEW_SIDE = 8192, OVERVIEW_AREA = 8e6;
  var FONT = 'Helvetica, Arial, "Liberation Sans", sans-serif';
  // the page's own highlights, as its stylesheet has them for an SVG card
  var RING = { selected: ["#1f4fd1", 6, []], focus: ["#1f4fd1", 4, [4, 2]], match: ["#b8860b", 4, [6, 3]], current: ["#b8860b", 7, [6, 3]] };

  P.cvSetUp = function () {
    var self = this, data = this.data, n = data.nodes.length;
    this.canvas.textContent = "";  // the noscript copy is for when JavaScript is off
    this.cnv = document.createElement("canvas");
    this.cnv.className = "argmap-cv";
    this.cnv.setAttribute("aria-hidden", "true");
    this.ctx = this.cnv.getContext("2d", { alpha: false });
    var layer = el("div", "argmap-a11y");
    this.hooks = layer;
    this.nodeEls = new Array(n);
    for (var i = 0; i < n; i++) {
      var p = document.createElement("div");
      p.setAttribute("data-id", data.nodes[i].id);
      p.setAttribute("data-i", String(i));
      p.setAttribute("role", "button");
      p.setAttribute("tabindex", "0");
      p.setAttribute("aria-label", this.label(i));
      layer.appendChild(p);
      this.nodeEls[i] = p;
    }
    layer.addEventListener("focusout", function () { self.focused = -1; self.cvRequest(); });
    this.canvas.appendChild(this.cnv);
    this.canvas.appendChild(layer);
    this.focused = -1;
    this.cvUse(this.timeline ? data.tcv : data.cv);
    if (!this.resizer && window.ResizeObserver) {
      this.resizer = new ResizeObserver(function () { if (self.cv) { self.cvSize(); self.cvDraw(); } });
      this.resizer.observe(this.viewport);
    }
    this.applyCollapse();
    this.mark();
    if (this.selected >= 0) this.setSelected(this.selected);
  };

  // Draw drawing d (data.cv or data.tcv).
  P.cvUse = function (d) {
    this.d = d;
    this.size = d === this.data.cv ? this.data.size : this.data.tsize;
    this.paths = new Map();  // Path2D by shape
    this.midOn = undefined;  // which undercut links' middles are shown (cvShownSets)
    this.cvStyle();
    this.cvSize();
  };

  P.cvSize = function () {
    var dpr = window.devicePixelRatio || 1, w = this.viewport.clientWidth, h = this.viewport.clientHeight;
    this.dpr = dpr;
    this.cnv.width = Math.max(1, Math.round(w * dpr));
    this.cnv.height = Math.max(1, Math.round(h * dpr));
    this.still = null;
  };

  // The colours of every card, edge and box for the theme and colouring shown.
  P.cvStyle = function () {
    var data = this.data, pal = data.pal, root = this.root;
    var theme = root.classList.contains("t-mono") ? "mono" : "color", t = pal[theme], mono = theme === "mono" ? 1 : 0;
    var mode = root.classList.contains("c-status") ? "st" : root.classList.contains("c-strength") ? "sg" : "";
    var n = data.nodes.length, style = new Array(n), i;
    for (i = 0; i < n; i++) {
      var node = data.nodes[i], nc = data.nc[i], k = t.k[node.k], stroke = null, fill = null, width = null;
      if (node.k === "argument") { stroke = t.g; fill = "arg"; }
      else if (k) { stroke = k[0]; fill = k[1]; width = k[2]; }
      if (!mono && nc[0] >= 0) { stroke = pal.tc[nc[0]][0]; fill = pal.tc[nc[0]][1]; }
      if (mode) fill = nc[mode === "st" ? 1 : 2] >= 0 ? pal[mode][nc[mode === "st" ? 1 : 2]][mono] : null;
      style[i] = [stroke, fill, width];
    }
    this.cardStyle = style;
    this.pal = t;
    this.mode = mode;
    this.overviews = [];
    this.still = null;
  };

  P.cvRestyle = function () { this.cvStyle(); this.cvDraw(); };

  P.cvCollapse = function (shown) {
    var self = this, layer = this.hooks;
    this.nodeEls.forEach(function (p, i) { p.hidden = !shown[i]; });
    layer.querySelectorAll(".argmap-badge").forEach(function (b) { b.remove(); });
    this.badges = new Map();  // each shown collapsed card's badge text, drawn every frame
    this.collapsed.forEach(function (c) {
      if (!shown[c]) return;
      var count = self.hiddenUnder(c), b = el("div", "argmap-badge", "+" + count + " hidden");
      self.badges.set(c, "+" + count + " hidden");
      b.setAttribute("role", "button");
      b.setAttribute("tabindex", "0");
      b.setAttribute("aria-label", "Expand: " + count + " hidden");
      b.setAttribute("data-for", String(c));
      b.addEventListener("keydown", function (ev) {
        if (ev.key === "Enter" || ev.key === " ") { ev.preventDefault(); ev.stopPropagation(); self.toggleCollapse(c); }
      });
      var p = self.nodeEls[c];
      layer.insertBefore(b, p.nextSibling);
    });
    this.cvShownSets();
    this.overviews = [];
    this.still = null;
    this.cvRequest();
  };

  // Is end e of an edge shown ("-" for none, "mN" for an undercut link's middle)?
  P.cvEnd = function (e) {
    if (e === "-") return true;
    if (e.charAt(0) === "m") return this.midOn[e] !== false;
    return !this.shown || !!this.shown[+e];
  };

  P.cvShownSets = function () {
    var self = this, d = this.d;
    this.midOn = {};
    d.m.forEach(function (m) { self.midOn[m[0]] = self.cvEnd(m[1]) && self.cvEnd(m[2]); });
  };

  // CSS pixels per unit of Graphviz's coordinates at view v.
  P.cvK = function (v) { return v.s * this.d.tf[0]; };

  P.cvRequest = function () {
    var self = this;
    if (this.drawPending) return;
    this.drawPending = true;
    this.askedAt = performance.now();
    requestAnimationFrame(function () { self.drawPending = false; self.cvDraw(); });
  };

  P.cvDraw = function () {
    if (!this.cv) return;
    this.drawPending = false;
    var ctx = this.ctx, v = this.view, dpr = this.dpr, tf = this.d.tf;
    var k = this.cvK(v), W = this.cnv.width, H = this.cnv.height;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.fillStyle = "#fff";
    ctx.fillRect(0, 0, W, H);
    // Graphviz's point (gx, gy) is at the canvas pixel ((v.x + v.s * tf0 * (gx + tf1)) * dpr, ...)
    var ox = (v.x + v.s * tf[0] * tf[1]) * dpr, oy = (v.y + v.s * tf[0] * tf[2]) * dpr, kd = k * dpr;
    var over = this.cvOverview(kd), moving = this.root.classList.contains("moving");
    // Frames that come late while the map moves (drawn more than a refresh and a half after they were asked for,
    // or long after the one before: a slow machine, a dense part of a map): until it stops, the last still
    // frame is moved and scaled instead, over the whole map's finest overview where that is fine enough.
    var now = performance.now(), since = now - this.drawnAt;
    if (moving && ((this.askedAt && now - this.askedAt > 25) || (since > 40 && since < 200))) this.late = true;
    if (!moving) this.late = false;
    this.askedAt = 0;
    this.drawnAt = now;
    ctx.imageSmoothingEnabled = true;
    ctx.imageSmoothingQuality = "low";  // no mipmaps: a level is at most twice as fine as the frame
    if (over) {
      var s = kd / over.k;
      ctx.drawImage(over.canvas, ox + over.x0 * kd, oy + over.y0 * kd, over.canvas.width * s, over.canvas.height * s);
    } else if (this.late && this.still) {
      var base = this.overviews[0], still = this.still, q = v.s / still.v.s;
      if (base && kd / base.k <= 4) {  // blown up further, it would be a smear: white until the map stops
        ctx.drawImage(base.canvas, ox + base.x0 * kd, oy + base.y0 * kd, base.canvas.width * kd / base.k, base.canvas.height * kd / base.k);
      }
      ctx.drawImage(still.canvas, (v.x - still.v.x * q) * dpr, (v.y - still.v.y * q) * dpr, still.canvas.width * q, still.canvas.height * q);
    } else {
      ctx.setTransform(kd, 0, 0, kd, ox, oy);
      var x0 = -ox / kd, y0 = -oy / kd;
      this.cvScene(ctx, kd, [x0, y0, x0 + W / kd, y0 + H / kd], moving);
      if (!moving) this.cvKeep();
    }
    ctx.setTransform(kd, 0, 0, kd, ox, oy);
    this.cvMarks(ctx, kd);
  };

  // Keep the frame just drawn (the map without its marks) for the frames that come late while it moves.
  P.cvKeep = function () {
    var c = this.still ? this.still.canvas : document.createElement("canvas");
    if (c.width !== this.cnv.width || c.height !== this.cnv.height) { c.width = this.cnv.width; c.height = this.cnv.height; }
    var ctx = c.getContext("2d", { alpha: false });
    ctx.drawImage(this.cnv, 0, 0);
    this.still = { canvas: c, v: { s: this.view.s, x: this.view.x, y: this.view.y } };
  };

  // A bitmap of the whole map at a scale no finer than kd needs (null when drawing it is better).
  P.cvOverview = function (kd) {
    var d = this.d, all = this.cvBounds(), w = all[2] - all[0], h = all[3] - all[1];
    var top = Math.min(OVERVIEW_SIDE / w, OVERVIEW_SIDE / h, Math.sqrt(OVERVIEW_AREA / (w * h)));
    if (kd > top) return null;
    // levels top, top/2, top/4 ...: the coarsest that is at least as fine as kd
    var level = 0, lk = top;
    while (lk / 2 >= kd && level < 12) { lk /= 2; level++; }
    var cache = this.overviews[level];
    if (cache) return cache;
    // the finer levels too, now: zooming in from here should not wait for one to be drawn
    for (var finer = 0; finer < level; finer++) if (!this.overviews[finer]) this.cvLevel(finer, top * Math.pow(0.5, finer), all);
    return this.cvLevel(level, lk, all);
  };

  P.cvLevel = function (level, lk, all) {
    var w = all[2] - all[0], h = all[3] - all[1], cache;
    var c = document.createElement("canvas");
    c.width = Math.max(1, Math.ceil(w * lk)); c.height = Math.max(1, Math.ceil(h * lk));
    var ctx = c.getContext("2d", { alpha: false });
    ctx.fillStyle = "#fff";
    ctx.fillRect(0, 0, c.width, c.height);
    ctx.setTransform(lk, 0, 0, lk, -all[0] * lk, -all[1] * lk);
    this.cvScene(ctx, lk, all, false);
    cache = { canvas: c, k: lk, x0: all[0], y0: all[1] };
    this.overviews[level] = cache;
    return cache;
  };

  P.cvBounds = function () {
    if (this.d.bounds) return this.d.bounds;
    var b = [Infinity, Infinity, -Infinity, -Infinity];
    function grow(box) {
      if (box[0] < b[0]) b[0] = box[0]; if (box[1] < b[1]) b[1] = box[1];
      if (box[2] > b[2]) b[2] = box[2]; if (box[3] > b[3]) b[3] = box[3];
    }
    this.d.n.forEach(function (it) { if (it) grow(it[0]); });
    this.d.e.forEach(function (e) { grow(e[3]); });
    this.d.c.forEach(function (c) { grow(c[2]); });
    this.d.m.forEach(function (m) { grow(m[3]); });
    this.d.o[2].forEach(function (t) { grow([t[0] - 200, t[1] - 20, t[0] + 200, t[1] + 4]); });
    if (!(b[0] < b[2])) b = [0, 0, 1, 1];
    b = [b[0] - 8, b[1] - 8, b[2] + 8, b[3] + 8];
    this.d.bounds = b;
    return b;
  };

  P.cvPath = function (geometry) {
    var p = this.paths.get(geometry);
    if (p) return p;
    if (typeof geometry === "string") p = new Path2D(geometry);
    else if (geometry.length === 4) { p = new Path2D(); p.ellipse(geometry[0], geometry[1], geometry[2], geometry[3], 0, 0, 2 * Math.PI); }
    else {
      // Graphviz's rounded box (argmap.interactive._rounded_points): the same curves
      var x0 = geometry[0], y0 = geometry[1], x1 = geometry[2], y1 = geometry[3], r = geometry[4], h = r / 2;
      p = new Path2D();
      p.moveTo(x0 + r, y1); p.lineTo(x1 - r, y1);
      p.bezierCurveTo(x1 - h, y1, x1, y1 - h, x1, y1 - r); p.lineTo(x1, y0 + r);
      p.bezierCurveTo(x1, y0 + h, x1 - h, y0, x1 - r, y0); p.lineTo(x0 + r, y0);
      p.bezierCurveTo(x0 + h, y0, x0, y0 + h, x0, y0 + r); p.lineTo(x0, y1 - r);
      p.bezierCurveTo(x0, y1 - h, x0 + h, y1, x0 + r, y1); p.closePath();
    }
    this.paths.set(geometry, p);
    return p;
  };

  function meets(b, r) { return b[0] <= r[2] && b[2] >= r[0] && b[1] <= r[3] && b[3] >= r[1]; }

  // Draw what of the map meets rectangle r (Graphviz's coordinates) at kd pixels per unit.
  P.cvScene = function (ctx, kd, r, busy) {
    var self = this, d = this.d, t = this.pal, shown = this.shown, mode = this.mode, data = this.data;
    var px = 1 / kd;  // one pixel in Graphviz's units
    var k = kd / this.dpr;  // CSS pixels per unit: what is readable does not change with the screen's density
    ctx.lineJoin = "round";
    // the boxes of arguments and sections
    d.c.forEach(function (c) {
      if (!meets(c[2], r) || (c[0] >= 0 && shown && !shown[c[0]])) return;
      c[3].forEach(function (sh) {
        var stroke = c[1] === "section" ? t.so : c[1] === "argument-box" ? t.g : sh[2], fill = sh[1];
        if (c[1] === "argument-box") {
          var nc = c[0] >= 0 ? data.nc[c[0]] : null, m = mode === "st" ? 1 : 2;
          fill = mode && nc && nc[m] >= 0 ? data.pal[mode][nc[m]][self.pal === data.pal.mono ? 1 : 0] : "";
        }
        self.cvShape(ctx, sh, fill, stroke, sh[3], px);
      });
      self.cvTexts(ctx, c[4], kd, busy);
    });
    // the edges: one path a colour, width and dash, stroked once (far out their lines only: their heads
    // are under a pixel); of an edge much larger than the window, only its part in the window
    if (this.midOn === undefined) this.cvShownSets();
    var far = k < SHAPE_K, strokes = new Map(), fills = new Map(), labelled = [];
    var wide = 2 * (r[2] - r[0]), tall = 2 * (r[3] - r[1]);
    function batch(map, key) {
      var p = map.get(key);
      if (!p) { p = new Path2D(); map.set(key, p); }
      return p;
    }
    d.e.forEach(function (e) {
      if (!meets(e[3], r) || !self.cvEnd(e[0]) || !self.cvEnd(e[1])) return;
      var colour = e[2] === "premise" ? t.g : t.r[e[2]], b = e[3];
      e[4].forEach(function (sh, j) {
        if (far && j > 0) return;
        var c = colour || sh[2] || sh[1] || "#000", line = batch(strokes, c + "|" + (far ? 0 : sh[3]) + "|" + sh[4]);
        var big = j === 0 && typeof sh[0] === "string" && (b[2] - b[0] > wide || b[3] - b[1] > tall);
        if (!(big && self.cvPart(line, sh[0], r, px))) line.addPath(self.cvPath(sh[0]));
        if (sh[1] && !far) batch(fills, c).addPath(self.cvPath(sh[0]));
      });
      if (e[5].length) labelled.push(e);
    });
    fills.forEach(function (path, c) { ctx.fillStyle = c; ctx.fill(path); });
    strokes.forEach(function (path, key) {
      // a dash pattern finer than two pixels would be countless dashes far out: solid then
      var parts = key.split("|"), dash = parts[2] ? self.cvDash(parts[2]) : null, dashed = dash && dash.period >= 2 * px;
      ctx.strokeStyle = parts[0];
      ctx.lineWidth = Math.max(+parts[1] || px, px);
      if (dashed) ctx.setLineDash(dash.list);
      ctx.stroke(path);
      if (dashed) ctx.setLineDash([]);
    });
    labelled.forEach(function (e) { self.cvTexts(ctx, e[5], kd, busy); });
    d.m.forEach(function (m) {
      if (!meets(m[3], r) || self.midOn[m[0]] === false) return;
      m[4].forEach(function (sh) { self.cvShape(ctx, sh, sh[1], sh[2], sh[3], px); });
    });
    // the cards: far out, boxes (batched by colour); nearer, their shapes, and texts or bars
    var seen = [], i, n = d.n.length;
    for (i = 0; i < n; i++) {
      var it = d.n[i];
      if (it && meets(it[0], r) && (!shown || shown[i])) seen.push(i);
    }
    if (k < SHAPE_K) {
      var groups = new Map();
      seen.forEach(function (i) {
        var st = self.cardStyle[i], o = d.n[i][1][0];
        var key = (st[1] === "arg" ? t.af : st[1] || (o && o[1]) || "#fff") + "|" + (st[0] || (o && o[2]) || "#000");
        var g = groups.get(key);
        if (!g) { g = []; groups.set(key, g); }
        g.push(d.n[i][0]);
      });
      ctx.lineWidth = px;
      groups.forEach(function (boxes, key) {
        var parts = key.split("|");
        ctx.beginPath();
        boxes.forEach(function (b) { ctx.rect(b[0], b[1], b[2] - b[0], b[3] - b[1]); });
        ctx.fillStyle = parts[0]; ctx.fill();
        ctx.strokeStyle = parts[1]; ctx.stroke();
      });
      return;
    }
    var words = k >= TEXT_K && !(busy && seen.length > BUSY);
    seen.forEach(function (i) {
      var it = d.n[i], st = self.cardStyle[i];
      it[1].forEach(function (sh) {
        var stroke = sh[5] ? st[0] || sh[2] : sh[2], fill = sh[1];
        if (sh[5] === "o") {
          fill = st[1] === "arg" ? (sh[0].length === 4 ? t.g : t.af) : st[1] || sh[1];
        }
        self.cvShape(ctx, sh, fill, stroke, sh[5] && st[2] ? st[2] : sh[3], px);
      });
      if (k >= BAR_K) self.cvTexts(ctx, it[2], kd, !words);
      if (words && mode && data.nodes[i][mode] !== undefined) {
        var v = data.nodes[i][mode];
        ctx.font = "bold 10px " + FONT; ctx.textAlign = "right"; ctx.fillStyle = "#000";
        ctx.fillText(mode === "st" ? String(v) : Number(v).toFixed(2), it[0][2] - 3, it[0][1] - 3);
      }
    });
    if (k >= BAR_K && d.o[2].length) this.cvTexts(ctx, d.o[2], kd, !words);
  };

  P.cvShape = function (ctx, sh, fill, stroke, width, px) {
    var p = this.cvPath(sh[0]);
    if (fill) { ctx.fillStyle = fill; ctx.fill(p); }
    if (stroke) {
      ctx.strokeStyle = stroke;
      ctx.lineWidth = Math.max(width || 1, px);
      var dash = sh[4] ? this.cvDash(sh[4]) : null, dashed = dash && dash.period >= 2 * px;
      if (dashed) ctx.setLineDash(dash.list);
      ctx.stroke(p);
      if (dashed) ctx.setLineDash([]);
    }
  };

  // Of curve d (Graphviz's "M x,y C x,y x,y x,y ..."), the part that meets rectangle r (with a margin of a
  // few pixels px), added to path as the same curves cut down (de Casteljau): stroking an edge tens of
  // thousands of units long whole costs its whole length, and dashing it, thousands of dashes.  False for
  // other path data, which is then drawn whole.
  P.cvPart = function (path, d, r, px) {
    var v = this.cvNumbers(d);
    if (!v) return false;
    var m = 4 * px, x0 = r[0] - m, y0 = r[1] - m, x1 = r[2] + m, y1 = r[3] + m, open = false, N = 48, j, i;
    for (j = 2; j + 5 < v.length; j += 6) {
      var p = [v[j - 2], v[j - 1], v[j], v[j + 1], v[j + 2], v[j + 3], v[j + 4], v[j + 5]];
      if (Math.max(p[0], p[2], p[4], p[6]) < x0 || Math.min(p[0], p[2], p[4], p[6]) > x1 ||
          Math.max(p[1], p[3], p[5], p[7]) < y0 || Math.min(p[1], p[3], p[5], p[7]) > y1) { open = false; continue; }
      var first = -1, last = -1, qx = p[0], qy = p[1];
      for (i = 1; i <= N; i++) {
        var t = i / N, w = 1 - t, a = w * w * w, b = 3 * w * w * t, c = 3 * w * t * t, e = t * t * t;
        var x = a * p[0] + b * p[2] + c * p[4] + e * p[6], y = a * p[1] + b * p[3] + c * p[5] + e * p[7];
        if (Math.max(qx, x) >= x0 && Math.min(qx, x) <= x1 && Math.max(qy, y) >= y0 && Math.min(qy, y) <= y1) {
          if (first < 0) first = i - 1;
          last = i;
        }
        qx = x; qy = y;
      }
      if (first < 0) { open = false; continue; }
      var t0 = first / N, t1 = last / N, part = t1 < 1 ? split(p, t1)[0] : p;
      if (t0 > 0) part = split(part, t0 / t1)[1];
      if (!open || t0 > 0) path.moveTo(part[0], part[1]);
      path.bezierCurveTo(part[2], part[3], part[4], part[5], part[6], part[7]);
      open = t1 === 1;
    }
    return true;
  };

  // A cubic [x0, y0, ... x3, y3] cut at t: its two halves.
  function split(p, t) {
    function at(a, b) { return a + (b - a) * t; }
    var ax = at(p[0], p[2]), ay = at(p[1], p[3]), bx = at(p[2], p[4]), by = at(p[3], p[5]), cx = at(p[4], p[6]), cy = at(p[5], p[7]);
    var dx = at(ax, bx), dy = at(ay, by), ex = at(bx, cx), ey = at(by, cy), fx = at(dx, ex), fy = at(dy, ey);
    return [[p[0], p[1], ax, ay, dx, dy, fx, fy], [fx, fy, ex, ey, cx, cy, p[6], p[7]]];
  }

  // The numbers of path data "M x,y C ...", or null for any other path data.
  P.cvNumbers = function (d) {
    var cache = this.numbers || (this.numbers = new Map());
    if (!cache.has(d)) cache.set(d, /^M[^A-Za-z]*C[^A-Za-z]*$/.test(d) ? d.match(/-?\d+(?:\.\d+)?(?:e-?\d+)?/g).map(Number) : null);
    return cache.get(d);
  };

  P.cvDash = function (text) {
    var cache = this.dashes || (this.dashes = {});
    if (!cache[text]) {
      var list = text.split(/[ ,]+/).map(Number).filter(function (x) { return x >= 0; });
      cache[text] = { list: list, period: list.reduce(function (a, b) { return a + b; }, 0) };
    }
    return cache[text];
  };

  // Texts: [x, y, text, size, anchor, weight] as the SVG has them; as grey bars when bars is set.
  P.cvTexts = function (ctx, lines, kd, bars) {
    if (!lines || !lines.length) return;
    var font = null;
    ctx.fillStyle = bars ? "#b8b8b8" : "#000";
    for (var j = 0; j < lines.length; j++) {
      var line = lines[j], size = line[3] || 11, anchor = line[4] || "start";
      if (bars) {
        var w = 0.55 * size * line[2].length, x = anchor === "middle" ? line[0] - w / 2 : anchor === "end" ? line[0] - w : line[0];
        ctx.fillRect(x, line[1] - 0.7 * size, w, 0.7 * size);
        continue;
      }
      var f = (line[5] ? line[5] + " " : "") + size + "px " + FONT;
      if (f !== font) { ctx.font = f; font = f; }
      ctx.textAlign = anchor === "middle" ? "center" : anchor === "end" ? "right" : "left";
      ctx.fillText(line[2], line[0], line[1]);
    }
  };

  // Selection, focus, search matches and collapse badges, over the map.
  P.cvMarks = function (ctx, kd) {
    var self = this, d = this.d, px = 1 / kd;
    function ring(i, how) {
      var it = d.n[i];
      if (!it || (self.shown && !self.shown[i])) return;
      var o = it[1][0], p = o ? self.cvPath(o[0]) : null, b = it[0];
      ctx.strokeStyle = how[0];
      ctx.lineWidth = Math.max(how[1], 2.5 * px);
      ctx.setLineDash(how[2].map(function (x) { return Math.max(x, x * px); }));
      if (p) ctx.stroke(p); else ctx.strokeRect(b[0], b[1], b[2] - b[0], b[3] - b[1]);
      ctx.setLineDash([]);
    }
    // in this order, as the stylesheet's rules for an SVG card: a search match shows over the selection
    if (this.selected >= 0) ring(this.selected, RING.selected);
    if (this.focused >= 0) ring(this.focused, RING.focus);
    this.matches.forEach(function (i, k) { ring(i, k === self.current ? RING.current : RING.match); });
    this.collapsed.forEach(function (c) {
      var b = self.cvBadge(c);
      if (!b) return;
      ctx.fillStyle = "#1a1a1a";
      ctx.beginPath();
      if (ctx.roundRect) ctx.roundRect(b[0], b[1], b[2], b[3], 9); else ctx.rect(b[0], b[1], b[2], b[3]);
      ctx.fill();
      if (kd / self.dpr >= BAR_K) {
        ctx.fillStyle = "#fff"; ctx.font = "bold 11px " + FONT; ctx.textAlign = "center";
        ctx.fillText(b[4], b[0] + b[2] / 2, b[1] + 13);
      }
    });
  };

  // A collapsed card's badge: [x, y, width, height, text] at its top right corner, as an SVG page draws it.
  P.cvBadge = function (c) {
    var it = this.d.n[c], text = this.badges && this.badges.get(c);
    if (!it || !text) return null;
    var w = 8 + 6.5 * text.length;
    return [it[0][2] - w / 2, it[0][1] - 9, w, 18, text];
  };

  // The map point (Graphviz's coordinates) under a mouse event.
  P.cvPoint = function (ev) {
    var r = this.cnv.getBoundingClientRect(), v = this.view, tf = this.d.tf;
    var sx = (ev.clientX - r.left - v.x) / v.s, sy = (ev.clientY - r.top - v.y) / v.s;
    return [sx / tf[0] - tf[1], sy / tf[0] - tf[2]];
  };

  P.cvClick = function (ev) {
    var pt = this.cvPoint(ev), d = this.d, self = this, hit = -1, i;
    var badge = -1;
    this.collapsed.forEach(function (c) {
      var b = self.cvBadge(c);
      if (b && pt[0] >= b[0] && pt[0] <= b[0] + b[2] && pt[1] >= b[1] && pt[1] <= b[1] + b[3]) badge = c;
    });
    if (badge >= 0) { this.toggleCollapse(badge); return; }
    for (i = d.n.length - 1; i >= 0; i--) {
      var it = d.n[i];
      if (it && (!this.shown || this.shown[i]) && pt[0] >= it[0][0] && pt[0] <= it[0][2] && pt[1] >= it[0][1] && pt[1] <= it[0][3]) { hit = i; break; }
    }
    if (hit < 0) {
      d.c.forEach(function (c) {
        var b = c[2];
        if (hit < 0 && c[0] >= 0 && (!self.shown || self.shown[c[0]]) && pt[0] >= b[0] && pt[0] <= b[2] && pt[1] >= b[1] && pt[1] <= b[3]) hit = c[0];
      });
    }
    if (hit >= 0) this.select(hit); else if (this.selected >= 0) this.unselect();
  };

  // Bring card i into view, centred, at a readable scale.
  P.cvReveal = function (i) {
    var it = this.d.n[i];
    if (!it) return;
    var tf = this.d.tf, b = it[0];
    var bx = tf[0] * (b[0] + tf[1]), by = tf[0] * (b[1] + tf[2]), bw = tf[0] * (b[2] - b[0]), bh = tf[0] * (b[3] - b[1]);
    var v = this.view, w = this.viewport.clientWidth, h = this.viewport.clientHeight;
    var s = Math.max(v.s, Math.min(1, 0.9 * w / bw, 0.9 * h / bh));
    this.view = { s: s, x: w / 2 - (bx + bw / 2) * s, y: h / 2 - (by + bh / 2) * s };
    this.apply();
  };

  // A card's proxy has the focus (Tab): ring it, and bring it into view when it is outside.
  P.cvFocus = function (i) {
    this.focused = i;
    var it = this.d.n[i];
    if (it) {
      var tf = this.d.tf, v = this.view, b = it[0], s = v.s * tf[0];
      var l = v.x + s * (b[0] + tf[1]), t = v.y + s * (b[1] + tf[2]), r = l + s * (b[2] - b[0]), bt = t + s * (b[3] - b[1]);
      var w = this.viewport.clientWidth, h = this.viewport.clientHeight;
      if (r < 0 || l > w || bt < 0 || t > h || r - l < 12) { this.cvReveal(i); return; }
    }
    this.cvRequest();
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
    // A canvas page's noscript copy of the SVG is not wanted here, and DOMParser (no scripting) would build it
    // all.  It comes before the data (this script's own text, after the data, has the same words in it).
    var data = fragment.indexOf('class="argmap-data"'), cut = fragment.lastIndexOf("<noscript>", data);
    var end = cut >= 0 ? fragment.indexOf("</noscript>", cut) : -1;
    if (cut >= 0 && end > cut && end < data) fragment = fragment.slice(0, cut) + fragment.slice(end + "</noscript>".length);
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
    this.canvas.textContent = "";
    this.canvas.style.transform = "";
    if (!this.data.cv) this.canvas.appendChild(document.importNode(fresh.querySelector(".argmap-canvas > svg"), true));
    var legend = fresh.querySelector(".argmap-legend"), mine = this.q(".argmap-legend");
    if (legend && mine) { mine.textContent = ""; Array.prototype.forEach.call(legend.childNodes, function (c) { mine.appendChild(document.importNode(c, true)); }); }
    var tbtn = this.q('[data-act="timeline"]');
    if (tbtn) tbtn.disabled = this.data.cv ? !this.data.tcv : !this.timelineMarkup;
    this.collapsed = new Set();
    collapsedIds.forEach(function (id) { var i = self.byId.get(id); if (i !== undefined) self.collapsed.add(i); });
    var sel = selectedId !== null && this.byId.has(selectedId) ? this.byId.get(selectedId) : -1;
    this.selected = sel;
    this.timeline = false;
    this.setUp();
    if (timeline && (this.data.cv ? this.data.tcv : this.timelineMarkup)) this.toggleTimeline();
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
