/**
 * The page's only script, inlined: it draws each run view (message diagram, overview, plots)
 * from the JSON embedded beside it, and redraws on zoom, pan or a new time range. Plain ES2017
 * in a string, so the page needs no build step and no network; no backticks or template
 * placeholders inside, because this file is itself a template literal.
 *
 * Only what is in the selected range is drawn, and at most MAX_ARROWS messages (every k-th
 * beyond that, and the status line says so), so a run with many thousands stays usable.
 */
export const PAGE_SCRIPT = String.raw`
(function () {
  'use strict';
  var NS = 'http://www.w3.org/2000/svg';
  var W = 1200, LEFT = 130, RIGHT = 20, LANE_H = 62, FAULT_H = 20;
  // Legible: at most one arrow (or one client's op bar) per 4 units of the drawing's width; beyond, aggregates.
  var MAX_ARROWS = Math.floor((W - LEFT - RIGHT) / 4), FLOW_COLUMNS = 60;
  // "Go to the violation" shows the operations and effects the check names closest to its moment, this many.
  var NAMED = 12;
  // Series colours for operations; none is VIOLATION, the magenta the plots mark a violation in.
  var OP_COLORS = ['#3b5b8c', '#2f9e44', '#e8590c', '#8a4fd0', '#0b7a75', '#b07d00', '#5c7cfa', '#795548'];
  var STATUS = ['delivered', 'lost', 'dropped by a partition', 'dropped: the receiver is down', 'still in flight when the run ended'];

  function fmt(us) {
    if (us === 0) return '0s';
    var a = Math.abs(us), sign = us < 0 ? '-' : '';
    if (a >= 1e6) return sign + trim((a / 1e6).toFixed(3)) + 's';
    if (a >= 1e3) return sign + trim((a / 1e3).toFixed(3)) + 'ms';
    return sign + a + 'us';
  }
  function fmtMicros(v) { return fmt(Math.round(v)); }
  function trim(s) { return s.indexOf('.') >= 0 ? s.replace(/\.?0+$/, '') : s; }
  function el(tag, attrs, parent, text) {
    var e = document.createElementNS(NS, tag);
    for (var k in attrs) if (attrs[k] !== undefined) e.setAttribute(k, String(attrs[k]));
    if (text !== undefined) e.textContent = text;
    if (parent) parent.appendChild(e);
    return e;
  }
  function tip(e, text) { el('title', {}, e, text); return e; }
  function clear(e) { while (e.firstChild) e.removeChild(e.firstChild); }
  function niceStep(span, target) {
    var raw = span / target, p = Math.pow(10, Math.floor(Math.log10(raw))), m = raw / p;
    return (m < 1.5 ? 1 : m < 3.5 ? 2 : m < 7.5 ? 5 : 10) * p;
  }
  // Effect colours stay clear of red, which means a violation here.
  function hue(s) { var h = 0; for (var i = 0; i < s.length; i++) h = (h * 31 + s.charCodeAt(i)) % 170; return 'hsl(' + (100 + h) + ',50%,36%)'; }
  // A violation's label, and a generous width per character of it (14 px bold), to reserve its rows.
  var V_ROW = 18, V_CHAR = 9;
  function violationLabel(v) { return '✗ ' + v.check + ' at ' + fmt(v.at); }
  function ordinal(n) {
    var t = n % 100, u = n % 10;
    return n + (t >= 11 && t <= 13 ? 'th' : u === 1 ? 'st' : u === 2 ? 'nd' : u === 3 ? 'rd' : 'th');
  }

  // ?present in the address: larger text everywhere, for a projector.
  var PRESENT = /(^|[?&])present(=|&|$)/.test(location.search.slice(1));
  if (PRESENT) {
    document.documentElement.classList.add('present');
    V_ROW = 24;
    V_CHAR = 12;
  }
  var AXIS_FONT = (PRESENT ? 17 : 12) + 'px system-ui, sans-serif';

  function setup(root) {
    var data = JSON.parse(document.getElementById(root.getAttribute('data-view')).textContent);
    var d = data.diagram, lanes = d.lanes, end = Math.max(data.endUs, 1);
    var state = { t0: 0, t1: end };
    var main = root.querySelector('svg.diagram'), over = root.querySelector('svg.overview');
    var status = root.querySelector('.range-status'), fromIn = root.querySelector('input.from'), toIn = root.querySelector('input.to');
    var plots = root.querySelector('.plots');
    var blamedOps = {}, blamedEffects = {};
    data.violations.forEach(function (v) {
      v.ops.forEach(function (o) { blamedOps[o] = v.check; });
      v.effects.forEach(function (i) { blamedEffects[i] = v.check; });
    });
    var faultRows = stackFaults(d.faults);
    // Rows for the violations' labels: as many as the whole run needs, where they are closest together.
    var timedViolations = data.violations.filter(function (v) { return v.at !== null; }).sort(function (a, b) { return a.at - b.at; });
    var vRows = 0, vEnds = [];
    timedViolations.forEach(function (v) {
      var tx = LEFT + v.at / end * (W - LEFT - RIGHT) + 6, r = 0;
      while (r < vEnds.length && vEnds[r] > tx - 8) r++;
      vEnds[r] = tx + violationLabel(v).length * V_CHAR;
      vRows = Math.max(vRows, r + 1);
    });
    var vTop = 36 + faultRows.rows * FAULT_H;
    var top = vTop + Math.max(1, vRows) * V_ROW + 6;
    var height = top + lanes.length * LANE_H + 10;
    main.setAttribute('viewBox', '0 0 ' + W + ' ' + height);

    function x(t) { return LEFT + (t - state.t0) / (state.t1 - state.t0) * (W - LEFT - RIGHT); }
    function laneY(i) { return top + i * LANE_H + LANE_H / 2; }
    function inRange(a, b) { return b >= state.t0 && a <= state.t1; }

    function setRange(t0, t1) {
      var span = Math.max(t1 - t0, 1000);
      t0 = Math.max(0, Math.min(t0, end - span));
      state.t0 = Math.round(t0);
      state.t1 = Math.round(Math.min(end, t0 + span));
      render();
    }

    function render() {
      fromIn.value = String(+(state.t0 / 1e6).toFixed(3));
      toIn.value = String(+(state.t1 / 1e6).toFixed(3));
      drawDiagram();
      drawOverview();
      drawPlots();
    }

    function drawDiagram() {
      clear(main);
      var defs = el('defs', {}, main);
      arrowHead(defs, 'ah-' + data.id, '#3b5b8c');
      arrowHead(defs, 'ahd-' + data.id, '#8a4fd0');
      var hatch = el('pattern', { id: 'hatch-' + data.id, width: 8, height: 8, patternUnits: 'userSpaceOnUse', patternTransform: 'rotate(45)' }, defs);
      el('rect', { width: 8, height: 8, fill: '#fbe3b0' }, hatch);
      el('line', { x1: 0, y1: 0, x2: 0, y2: 8, stroke: '#eab14a', 'stroke-width': 3 }, hatch);
      el('clipPath', { id: 'clip-' + data.id }, defs).appendChild(el('rect', { x: LEFT, y: 0, width: W - LEFT - RIGHT + 1, height: height }));

      // Time axis.
      var step = niceStep(state.t1 - state.t0, 10), axis = el('g', { class: 'axis' }, main);
      for (var t = Math.ceil(state.t0 / step) * step; t <= state.t1; t += step) {
        el('line', { x1: x(t), x2: x(t), y1: 30, y2: height - 6, class: 'grid' }, axis);
        el('text', { x: x(t), y: 22, 'text-anchor': 'middle' }, axis, fmt(Math.round(t)));
      }
      // Lanes.
      lanes.forEach(function (name, i) {
        if (i % 2 === 0) el('rect', { x: 0, y: top + i * LANE_H, width: W, height: LANE_H, class: 'lane-bg' }, main);
        el('line', { x1: LEFT, x2: W - RIGHT, y1: laneY(i), y2: laneY(i), class: 'lane' }, main);
        el('text', { x: LEFT - 12, y: laneY(i) + 5, 'text-anchor': 'end', class: 'lane-name' }, main, name);
      });
      var g = el('g', { 'clip-path': 'url(#clip-' + data.id + ')' }, main);
      // Faults, each on its row above the lanes, and their node bands on the lanes.
      d.faults.forEach(function (f, i) {
        var to = f.to < 0 ? end : f.to;
        if (!inRange(f.from, to)) return;
        var y = 36 + faultRows.row[i] * FAULT_H, x0 = x(f.from), w = Math.max(3, x(to) - x0);
        var fg = tip(el('g', { class: 'fault' }, g), f.label + ' (' + fmt(f.from) + (f.to < 0 ? ' to the end' : ' to ' + fmt(f.to)) + ')');
        el('rect', { x: x0, y: y, width: w, height: FAULT_H - 4, rx: 3 }, fg);
        el('text', { x: Math.max(x0, LEFT) + 5, y: y + FAULT_H - 8 }, fg, f.label);
      });
      d.bands.forEach(function (b) {
        var to = b.to < 0 ? end : b.to;
        if (!inRange(b.from, to)) return;
        var y = top + b.lane * LANE_H + 6, x0 = x(b.from);
        var bg = tip(el('g', { class: 'band ' + b.kind }, g), lanes[b.lane] + ' ' + b.label + ' from ' + fmt(b.from) + (b.to < 0 ? ' to the end' : ' to ' + fmt(b.to)));
        el('rect', { x: x0, y: y, width: Math.max(2, x(to) - x0), height: LANE_H - 12, fill: b.kind === 'pause' ? 'url(#hatch-' + data.id + ')' : undefined }, bg);
        el('text', { x: Math.max(x0, LEFT) + 6, y: y + LANE_H - 16 }, bg, b.label);
      });
      d.steps.forEach(function (s) {
        if (!inRange(s.at, s.at)) return;
        var sg = tip(el('g', { class: 'clock-step' }, g), lanes[s.lane] + "'s wall clock jumped " + (s.byUs < 0 ? 'back ' : 'forward ') + fmt(Math.abs(s.byUs)));
        el('line', { x1: x(s.at), x2: x(s.at), y1: laneY(s.lane) - 22, y2: laneY(s.lane) + 22 }, sg);
        el('text', { x: x(s.at) + 4, y: laneY(s.lane) - 12 }, sg, 'clock ' + (s.byUs < 0 ? '−' : '+') + fmt(Math.abs(s.byUs)));
      });
      // Narrative moments.
      data.narrative.forEach(function (n, i) {
        if (!inRange(n.at, n.at)) return;
        var ng = tip(el('g', { class: 'narrative' }, g), n.text);
        el('line', { x1: x(n.at), x2: x(n.at), y1: 30, y2: height - 6 }, ng);
        el('circle', { cx: x(n.at), cy: 30, r: 9 }, ng);
        el('text', { x: x(n.at), y: 34, 'text-anchor': 'middle' }, ng, String(i + 1));
      });
      // Messages (or their flows) under the operations, so a client's strip stays readable.
      var drawn = drawMessages(g);
      drawOps(g);
      drawEffects(g);
      drawNotes(g);
      // The violations last, on top of everything.
      // Their labels stack in rows above the lanes, each on the first row where it overlaps none.
      var rowEnds = [];
      timedViolations.forEach(function (v) {
        if (!inRange(v.at, v.at)) return;
        var vg = tip(el('g', { class: 'violation-line' }, g), 'violation of ' + v.check + ' at ' + fmt(v.at) + ': ' + v.detail);
        el('line', { x1: x(v.at), x2: x(v.at), y1: 30, y2: height - 6 }, vg);
        var tx = x(v.at) + 6, label = el('text', { x: tx, y: 0 }, vg, violationLabel(v)), w = label.getComputedTextLength ? label.getComputedTextLength() : 0;
        if (!w) w = violationLabel(v).length * V_CHAR;
        var r = 0;
        while (r < rowEnds.length && rowEnds[r] > tx - 8) r++;
        rowEnds[r] = tx + w;
        label.setAttribute('y', vTop + r * V_ROW + V_ROW - 5);
      });
      main.setAttribute('data-t0', state.t0);
      main.setAttribute('data-t1', state.t1);
      main.setAttribute('data-drawn', drawn.drawn);
      main.setAttribute('data-in-range', drawn.inRange);
      main.setAttribute('data-mode', drawn.mode);
      var kept = d.stride > 1 ? ' The report kept every ' + ordinal(d.stride) + ' of the run\'s ' + d.sendsTotal + ' messages as arrows' + (d.focus.length > 0 ? ' (and every one near a violation)' : '') + ', and counts every one in the flows.' : '';
      var plural = drawn.inRange === 1 ? '' : 's';
      status.textContent = fmt(state.t0) + ' to ' + fmt(state.t1) + ': ' + (drawn.mode === 'flows'
        ? drawn.inRange + ' messages sent' + (drawn.exact ? '' : ' (counted in whole ' + fmt(d.flows.bucketUs) + ' buckets: from ' + fmt(Math.floor(state.t0 / d.flows.bucketUs) * d.flows.bucketUs) + ' to ' + fmt((Math.floor(state.t1 / d.flows.bucketUs) + 1) * d.flows.bucketUs) + ')') + ', too many to draw one by one: shown as flows per pair of nodes and ' + fmt(drawn.colUs) + ' (darker: more; red: lost; purple: duplicated; hover for counts); zoom in to see each arrow.'
        : drawn.drawn === drawn.inRange ? drawn.inRange + ' message' + plural + ' sent, all drawn.'
          : 'showing the ' + drawn.drawn + ' kept of ' + drawn.inRange + ' messages sent (every ' + ordinal(drawn.every) + ').') + kept;
    }

    // Level of detail: one arrow per message while the range is sparse enough to read (at most one
    // arrow per 4 px of width); past that, aggregated flows: per pair of lanes and per column of
    // time, a band shaded by its message count, its lost and duplicated shares marked, exact
    // counts on hover.
    function drawMessages(g) {
      var list = d.messages.filter(function (m) { return m[0] >= state.t0 && m[0] <= state.t1; });
      // Exact when every message is kept, or the range lies inside a window where all are (around a violation).
      var exact = d.stride === 1 || d.focus.some(function (w) { return state.t0 >= w[0] && state.t1 <= w[1]; });
      var count = exact ? list.length : flowCount();
      if (count <= MAX_ARROWS) return drawArrows(g, list, count);
      return drawFlows(g, exact ? list : null, count);
    }

    // Sends in the range by the exact flow counts, whole buckets at its two ends.
    function flowCount() {
      var b0 = Math.floor(state.t0 / d.flows.bucketUs), b1 = Math.floor(state.t1 / d.flows.bucketUs), n = 0;
      d.flows.pairs.forEach(function (p) { for (var b = b0; b <= b1 && b < p[2].length; b++) n += p[2][b]; });
      return n;
    }

    function drawFlows(g, list, count) {
      var span = state.t1 - state.t0, colUs, cells = {};
      function cell(from, to, c) {
        var k = from + ',' + to + ',' + c;
        return cells[k] || (cells[k] = { from: from, to: to, c: c, n: 0, lost: 0, dup: 0 });
      }
      if (list) {
        // Every message is kept: columns of any width, counted from the messages themselves.
        colUs = niceStep(span, FLOW_COLUMNS);
        list.forEach(function (m) {
          var e = cell(m[1], m[2], Math.floor(m[0] / colUs));
          e.n++;
          if (m[4] >= 1 && m[4] <= 3) e.lost++;
          if (m[6] >= 0) e.dup++;
        });
      } else {
        // A sample is kept: columns of whole buckets of the exact per-pair counts.
        var k = Math.max(1, Math.ceil(span / FLOW_COLUMNS / d.flows.bucketUs));
        colUs = k * d.flows.bucketUs;
        var b0 = Math.floor(state.t0 / d.flows.bucketUs), b1 = Math.floor(state.t1 / d.flows.bucketUs);
        d.flows.pairs.forEach(function (p) {
          for (var b = b0; b <= b1 && b < p[2].length; b++) {
            if (!p[2][b]) continue;
            var e = cell(p[0], p[1], Math.floor(b / k));
            e.n += p[2][b];
            e.lost += p[3][b] || 0;
            e.dup += p[4][b] || 0;
          }
        });
      }
      var list2 = Object.keys(cells).map(function (key) { return cells[key]; }), max = 1;
      list2.forEach(function (e) { if (e.n > max) max = e.n; });
      var fg = el('g', { class: 'flows' }, g);
      list2.forEach(function (e) {
        // A band from the column's middle on the sender's lane to the receiver's, as wide as its count.
        var t0 = e.c * colUs, t1 = t0 + colUs, colPx = x(t1) - x(t0), wPx = Math.max(1.5, colPx * 0.7 * e.n / max);
        var x0 = x(t0) + (colPx - wPx) / 2, x1 = x0 + wPx, s = colPx * 0.5, y1 = laneY(e.from), y2 = laneY(e.to);
        var a = tip(el('g', { class: 'flow', 'data-count': e.n }, fg), lanes[e.from] + ' → ' + lanes[e.to] + ', sent ' + fmt(t0) + ' to ' + fmt(t1) + ': ' + e.n + ' message' + (e.n === 1 ? '' : 's') +
          (e.lost ? ', ' + e.lost + ' lost or dropped (' + Math.round(100 * e.lost / e.n) + '%)' : '') + (e.dup ? ', ' + e.dup + ' duplicated' : ''));
        function band(f0, f1, cls, opacity) {
          var a0 = x0 + (x1 - x0) * f0, a1 = x0 + (x1 - x0) * f1;
          el('polygon', { points: a0 + ',' + y1 + ' ' + a1 + ',' + y1 + ' ' + (a1 + s) + ',' + y2 + ' ' + (a0 + s) + ',' + y2, class: cls, 'fill-opacity': opacity }, a);
        }
        var lostF = e.lost / e.n, dupF = e.dup / e.n, sliver = Math.min(1, 1.5 / wPx);
        band(0, 1, 'flow-band', 0.45);
        // Lost and duplicated shares: red from the left, purple from the right, at least a sliver when any.
        if (e.lost) band(0, Math.max(lostF, sliver), 'flow-lost', 0.9);
        if (e.dup) band(1 - Math.max(dupF, sliver), 1, 'flow-dup', 0.9);
      });
      return { mode: 'flows', drawn: 0, inRange: count, every: 1, colUs: colUs, flows: list2.length, exact: !!list };
    }

    function drawArrows(g, list, count) {
      var drawn = 0;
      var mg = el('g', { class: 'messages' }, g);
      for (var i = 0; i < list.length; i++) {
        var m = list[i], x1 = x(m[0]), y1 = laneY(m[1]), y2 = laneY(m[2]), label = d.labels[m[5]];
        var cls = 'msg' + (m[4] === 0 ? '' : m[4] === 4 ? ' inflight' : ' lost') + (m[6] >= 0 ? ' dup' : '');
        var a = el('g', { class: cls }, mg);
        tip(a, lanes[m[1]] + ' → ' + lanes[m[2]] + ': ' + label + ' (sent ' + fmt(m[0]) + ', ' + (m[4] === 0 ? 'arrived ' + fmt(m[3]) : STATUS[m[4]]) + (m[6] >= 0 ? '; a duplicate copy arrived ' + fmt(m[6]) : '') + ')');
        if (m[4] === 0) {
          el('line', { x1: x1, y1: y1, x2: x(m[3]), y2: y2, 'marker-end': 'url(#ah-' + data.id + ')' }, a);
        } else if (m[4] === 4) {
          el('line', { x1: x1, y1: y1, x2: W - RIGHT, y2: y1 + (y2 - y1) * 0.5, class: 'open' }, a);
        } else {
          // A lost message stops partway to its receiver, ending in a cross.
          var ex = Math.max(x(m[3]), x1 + 14), ey = y1 + (y2 - y1) * 0.55;
          el('line', { x1: x1, y1: y1, x2: ex, y2: ey }, a);
          el('path', { d: 'M' + (ex - 5) + ' ' + (ey - 5) + 'l10 10m0 -10l-10 10', class: 'cross' }, a);
        }
        if (m[6] >= 0) {
          el('line', { x1: x1, y1: y1, x2: x(m[6]), y2: y2, class: 'copy', 'marker-end': 'url(#ahd-' + data.id + ')' }, a);
          el('text', { x: x(m[6]) + 3, y: y2 + (y2 > y1 ? -6 : 14), class: 'dup-mark' }, a, '×2');
        }
        drawn++;
      }
      return { mode: 'arrows', drawn: drawn, inRange: count, every: list.length === count ? 1 : d.stride };
    }

    // Client operations: bars while a client's range is sparse and every one of them is kept;
    // otherwise a density strip of the exact counts (ok / failed / unknown / never answered) per
    // column of time. Operations a check blamed are always drawn as bars, on top.
    function drawOps(g) {
      var perLane = {}, strips = {};
      data.ops.forEach(function (o) {
        if (inRange(o[4], o[5] < 0 ? end : o[5])) perLane[o[0]] = (perLane[o[0]] || 0) + 1;
      });
      var cut = data.opsCutAt !== null && state.t1 >= data.opsCutAt;
      data.opStrip.lanes.forEach(function (row) {
        if (cut || (perLane[row[0]] || 0) > MAX_ARROWS) strips[row[0]] = true;
      });
      var opsDrawn = 0, sg = el('g', { class: 'op-strips' }, g);
      data.opStrip.lanes.forEach(function (row) { if (strips[row[0]]) drawStrip(sg, row); });
      var rowEnd = {};
      data.ops.forEach(function (o) {
        var endAt = o[5] < 0 ? end : o[5];
        if (!inRange(o[4], endAt)) return;
        var blamed = blamedOps[o[1]];
        if (strips[o[0]] && !blamed) return;
        // Concurrent operations of one client stack in up to four rows under its lane.
        var ends = rowEnd[o[0]] || (rowEnd[o[0]] = [-1, -1, -1, -1]), r = 0;
        while (r < 3 && ends[r] > o[4]) r++;
        ends[r] = endAt;
        var og = tip(el('g', { class: 'op ' + o[6] + (blamed ? ' violating' : ''), 'data-op': o[1] }, g),
          'op ' + o[1] + ': ' + o[2] + (o[3] ? ' ' + o[3] : '') + ' by ' + lanes[o[0]] + ', invoked ' + fmt(o[4]) + ', ' + (o[6] === 'open' ? 'never answered' : o[6] + ' after ' + fmt(endAt - o[4])) + (blamed ? ' — blamed by ' + blamed : ''));
        var x0 = x(o[4]);
        el('rect', { x: x0, y: laneY(o[0]) + 6 + r * 6, width: Math.max(2, x(endAt) - x0), height: 5, rx: 2 }, og);
        opsDrawn++;
      });
      main.setAttribute('data-op-bars', opsDrawn);
      main.setAttribute('data-op-strips', Object.keys(strips).length);
    }

    function drawStrip(sg, row) {
      var st = data.opStrip, k = Math.max(1, Math.ceil((state.t1 - state.t0) / FLOW_COLUMNS / st.bucketUs)), colUs = k * st.bucketUs;
      var b0 = Math.floor(state.t0 / st.bucketUs), b1 = Math.floor(state.t1 / st.bucketUs), cols = {}, max = 1;
      for (var b = b0; b <= b1; b++) {
        var c = Math.floor(b / k), e = cols[c] || (cols[c] = [0, 0, 0, 0]);
        for (var j = 0; j < 4; j++) e[j] += row[j + 1][b] || 0;
      }
      Object.keys(cols).forEach(function (c) { var e = cols[c], n = e[0] + e[1] + e[2] + e[3]; if (n > max) max = n; });
      var y0 = laneY(row[0]) + 6, H = 22, NAMES = ['ok', 'failed', 'unknown', 'never answered'], CLS = ['ok', 'fail', 'info', 'open'];
      Object.keys(cols).forEach(function (c) {
        var e = cols[c], n = e[0] + e[1] + e[2] + e[3];
        if (n === 0) return;
        var t0 = Number(c) * colUs, x0 = x(t0), w = Math.max(1, x(t0 + colUs) - x0 - 0.5), y = y0;
        var parts = [];
        for (var j = 0; j < 4; j++) if (e[j]) parts.push(e[j] + ' ' + NAMES[j]);
        var cg = tip(el('g', { class: 'op-strip', 'data-count': n, 'fill-opacity': (0.35 + 0.65 * n / max).toFixed(3) }, sg),
          lanes[row[0]] + ', operations invoked ' + fmt(t0) + ' to ' + fmt(t0 + colUs) + ': ' + n + ' (' + parts.join(', ') + ')');
        for (var i = 0; i < 4; i++) {
          if (!e[i]) continue;
          var h = H * e[i] / n;
          el('rect', { x: x0, y: y, width: w, height: Math.max(0.5, h), class: CLS[i] }, cg);
          y += h;
        }
      });
    }

    function drawEffects(g) {
      var counts = {}, lastLabel = {};
      data.effects.forEach(function (e) {
        var k = e[3] + ' ' + e[4], n = counts[k] = (counts[k] || 0) + 1;
        if (!inRange(e[2], e[2])) return;
        var blamed = blamedEffects[e[1]], cx = x(e[2]), cy = laneY(e[0]), s = blamed ? 8 : 5;
        var eg = tip(el('g', { class: 'effect' + (blamed ? ' violating' : ''), 'data-effect': e[1] }, g),
          lanes[e[0]] + ': ' + e[3] + ' ' + e[4] + (e[5] ? ' (' + e[5] + ')' : '') + ' took effect at ' + fmt(e[2]) + (n > 1 ? ', the ' + ordinal(n) + ' time' : '') + (blamed ? ' — blamed by ' + blamed : ''));
        if (blamed) el('circle', { cx: cx, cy: cy, r: 15, class: 'halo' }, eg);
        el('path', { d: 'M' + cx + ' ' + (cy - s) + 'l' + s + ' ' + s + 'l' + -s + ' ' + s + 'l' + -s + ' ' + -s + 'z', fill: blamed ? undefined : hue(e[3]) }, eg);
        // Blamed effects are labelled where the label has room; the tooltip always has the whole story.
        var text = '✗ ' + e[3] + ' ' + e[4] + (e[5] ? ' (' + e[5].split(', ').slice(0, 2).join(', ') + ')' : '');
        if (blamed && (lastLabel[e[0]] === undefined || cx + 12 > lastLabel[e[0]] + 10)) {
          // Measured, so the next label on the lane starts only after this one ends.
          var lt = el('text', { x: cx + 12, y: cy + 22, class: 'violation-label' }, eg, text);
          lastLabel[e[0]] = cx + 12 + (lt.getComputedTextLength ? lt.getComputedTextLength() : text.length * 8);
        }
      });
    }

    function drawNotes(g) {
      var byLane = {};
      d.notes.forEach(function (n) { if (inRange(n.at, n.at)) (byLane[n.lane] || (byLane[n.lane] = [])).push(n); });
      Object.keys(byLane).forEach(function (lane) {
        var list = byLane[lane];
        list.forEach(function (n, i) {
          var cx = x(n.at), cy = laneY(n.lane) - 14, next = list[i + 1];
          var ng = tip(el('g', { class: 'note' }, g), lanes[n.lane] + ' at ' + fmt(n.at) + ': ' + n.text);
          el('circle', { cx: cx, cy: cy + 8, r: 3.5 }, ng);
          // A label only where it fits before the next one on the lane.
          var room = (next ? x(next.at) : W - RIGHT) - cx - 8;
          if (room > 40) el('text', { x: cx + 6, y: cy + 2 }, ng, n.text.length * 6.6 > room ? n.text.slice(0, Math.max(4, Math.floor(room / 6.6) - 1)) + '…' : n.text);
        });
      });
    }

    function drawOverview() {
      clear(over);
      var H = 54, w = W - LEFT - RIGHT, max = Math.max.apply(null, d.sent.concat([1]));
      over.setAttribute('viewBox', '0 0 ' + W + ' ' + H);
      function ox(t) { return LEFT + t / end * w; }
      el('text', { x: LEFT - 12, y: 30, 'text-anchor': 'end', class: 'lane-name small' }, over, 'whole run');
      el('rect', { x: LEFT, y: 4, width: w, height: H - 8, class: 'ov-bg' }, over);
      d.sent.forEach(function (c, i) {
        if (c === 0) return;
        var h = (H - 12) * c / max;
        el('rect', { x: ox(i * d.bucketUs), y: H - 4 - h, width: Math.max(1, ox(d.bucketUs) - LEFT), height: h, class: 'ov-bar' }, over);
      });
      d.faults.forEach(function (f) { el('rect', { x: ox(f.from), y: 4, width: Math.max(2, ox(f.to < 0 ? end : f.to) - ox(f.from)), height: 6, class: 'ov-fault' }, over); });
      data.violations.forEach(function (v) { if (v.at !== null) el('line', { x1: ox(v.at), x2: ox(v.at), y1: 4, y2: H - 4, class: 'ov-violation' }, over); });
      el('rect', { x: ox(state.t0), y: 2, width: Math.max(3, ox(state.t1) - ox(state.t0)), height: H - 4, class: 'ov-brush' }, over);
      over.__toTime = function (px) { return Math.max(0, Math.min(end, (px - LEFT) / w * end)); };
    }

    // The plots: uPlot charts built once over the whole run, re-scaled to the selected range.
    // Fault windows are shaded and the violation marked on each, in elements over the chart.
    var charts = null;
    function drawPlots() {
      if (!charts) charts = buildPlots();
      charts.forEach(function (c) {
        c.u.setScale('x', { min: state.t0 / 1e6, max: state.t1 / 1e6 });
      });
    }

    function buildPlots() {
      var out = [];
      if (typeof uPlot === 'undefined') return out;
      var s = data.series, hasOps = data.opsTotal > 0, perS = 1e6 / s.bucketUs;
      var rate = function (xs) { return xs.map(function (c) { return c * perS; }); };
      var perSec = function (v) { return Math.round(v) + '/s'; }, pct = function (v) { return Math.round(v * 100) + '%'; };
      var errRate = function (ok, errors) { return ok.map(function (o, i) { var n = o + errors[i]; return n === 0 ? null : errors[i] / n; }); };
      out.push(plot('Messages per second', s, [{ name: 'sent', color: '#3b5b8c', values: rate(s.sent) }, { name: 'dropped', color: '#d0342c', values: rate(s.dropped) }], perSec));
      if (!hasOps) {
        var note = document.createElement('p');
        note.className = 'plot-note';
        note.textContent = 'No client operations in this scenario: no throughput, latency, error-rate or in-flight plots.';
        plots.appendChild(note);
      } else {
        out.push(plot('Throughput (requests answered per second)', s, [{ name: 'ok', color: '#2f9e44', values: rate(s.ok) }, { name: 'failed or unknown', color: '#d0342c', values: rate(s.errors) }], function (v) { return (Math.round(v * 10) / 10) + '/s'; }));
        out.push(plot('Latency of ok requests', s, [{ name: 'p50', color: '#3b5b8c', values: s.p50 }, { name: 'p99', color: '#e8590c', values: s.p99 }], fmtMicros));
        out.push(plot('Error rate (failed or unknown / answered)', s, [{ name: 'errors', color: '#d0342c', values: errRate(s.ok, s.errors) }], pct, 1));
        out.push(plot('In flight (invoked − completed)', s, [{ name: 'open requests', color: '#8a4fd0', values: s.inFlight }], function (v) { return String(Math.round(v)); }));
        if (s.perOp.length > 1) {
          out.push(plot('Throughput per operation (ok per second)', s, s.perOp.map(function (o, i) { return { name: o.f, color: OP_COLORS[i], values: rate(o.ok) }; }), perSec));
          var lat = [];
          s.perOp.forEach(function (o, i) {
            lat.push({ name: o.f + ' p50', color: OP_COLORS[i], values: o.p50, dash: [4, 4] });
            lat.push({ name: o.f + ' p99', color: OP_COLORS[i], values: o.p99 });
          });
          out.push(plot('Latency per operation (p50 dashed, p99 solid)', s, lat, fmtMicros));
          out.push(plot('Error rate per operation', s, s.perOp.map(function (o, i) { return { name: o.f, color: OP_COLORS[i], values: errRate(o.ok, o.errors) }; }), pct, 1));
        }
      }
      if (s.breakers.length > 0) out.push(breakerPlot(s.breakers));
      var ld = data.load, perL = 1e6 / ld.bucketUs, lrate = function (xs) { return xs.map(function (c) { return c * perL; }); };
      if (hasOps) {
        var lines = [{ name: 'offered', color: '#3b5b8c', values: lrate(ld.offered) }];
        if (ld.attempts) lines.push({ name: 'attempts (retries included)', color: '#e8590c', values: lrate(ld.attempts) });
        lines.push({ name: 'goodput (ok)', color: '#2f9e44', values: lrate(ld.ok) }, { name: 'failed or unknown', color: '#d0342c', values: lrate(ld.errors) });
        out.push(plot('Load: offered, attempts, goodput, errors per second', ld, lines, perSec));
      }
      ld.nodes.forEach(function (n) {
        if (n.queued) out.push(plot('Queue length: ' + n.node, ld, [{ name: 'queued', color: '#8a4fd0', values: n.queued }], function (v) { return String(Math.round(v)); }));
        if (n.utilisation) out.push(plot('Utilisation: ' + n.node, ld, [{ name: 'busy / workers', color: '#0b7a75', values: n.utilisation }], pct, 1));
      });
      window.addEventListener('resize', function () { out.forEach(function (c) { c.u.setSize(size(c.card)); }); });
      return out;
    }

    function size(card) { return { width: Math.max(280, card.clientWidth - 20), height: 180 }; }

    function plotCard(title) {
      var card = document.createElement('figure');
      card.className = 'plot';
      var cap = document.createElement('figcaption');
      cap.textContent = title;
      var fk = document.createElement('span');
      fk.className = 'key fault-key';
      fk.textContent = 'fault';
      var vk = document.createElement('span');
      vk.className = 'key violation-key';
      vk.textContent = 'violation';
      if (d.faults.length > 0) cap.appendChild(fk);
      if (data.violations.some(function (v) { return v.at !== null; })) cap.appendChild(vk);
      card.appendChild(cap);
      plots.appendChild(card);
      return card;
    }

    // The fault windows and the violations, over the plotting area, placed again at every redraw.
    function marks(u) {
      var layer = u.over.querySelector('.plot-marks');
      if (!layer) {
        layer = document.createElement('div');
        layer.className = 'plot-marks';
        u.over.appendChild(layer);
      }
      while (layer.firstChild) layer.removeChild(layer.firstChild);
      var w = u.over.clientWidth;
      d.faults.forEach(function (f) {
        var to = f.to < 0 ? end : f.to, x0 = Math.max(0, u.valToPos(f.from / 1e6, 'x')), x1 = Math.min(w, u.valToPos(to / 1e6, 'x'));
        if (x1 < 0 || x0 > w || x1 < x0) return;
        var div = document.createElement('div');
        div.className = 'fault-shade';
        div.style.left = x0 + 'px';
        div.style.width = Math.max(2, x1 - x0) + 'px';
        div.title = f.label + ' (' + fmt(f.from) + (f.to < 0 ? ' to the end' : ' to ' + fmt(f.to)) + ')';
        layer.appendChild(div);
      });
      data.violations.forEach(function (v) {
        if (v.at === null) return;
        var vx = u.valToPos(v.at / 1e6, 'x');
        if (vx < 0 || vx > w) return;
        var div = document.createElement('div');
        div.className = 'plot-violation';
        div.style.left = vx + 'px';
        div.title = 'violation of ' + v.check + ' at ' + fmt(v.at);
        layer.appendChild(div);
      });
    }

    function chart(card, series, xs, ys, fmtY, fixedMax, paths, ySplits) {
      var opts = {
        width: size(card).width,
        height: size(card).height,
        scales: { x: { time: false, min: state.t0 / 1e6, max: state.t1 / 1e6 }, y: fixedMax ? { range: [0, fixedMax] } : { range: function (u, min, max) { return [0, max > 0 ? max * 1.08 : 1]; } } },
        axes: [
          { font: AXIS_FONT, values: function (u, splits) { card.setAttribute('data-x-ticks', splits.length); return splits.map(function (v) { return fmt(Math.round(v * 1e6)); }); }, stroke: '#5d6673', grid: { stroke: '#eceef2' }, ticks: { stroke: '#c5cad2' } },
          { font: AXIS_FONT, values: function (u, splits) { return splits.map(fmtY); }, splits: ySplits ? function () { return ySplits; } : undefined, size: PRESENT ? 84 : 64, stroke: '#5d6673', grid: { stroke: '#eceef2' }, ticks: { stroke: '#c5cad2' } },
        ],
        series: [{ label: 'time', value: function (u, v) { return v === null || v === undefined ? '' : fmt(Math.round(v * 1e6)); } }].concat(series.map(function (l) {
          return { label: l.name, stroke: l.color, width: 2, dash: l.dash, paths: paths, points: { size: 4 }, value: function (u, v) { return v === null || v === undefined ? '—' : fmtY(v); } };
        })),
        cursor: { drag: { x: true, y: false, setScale: false } },
        hooks: {
          draw: [marks],
          setSelect: [function (u) {
            if (u.select.width < 4) return;
            var a = u.posToVal(u.select.left, 'x'), b = u.posToVal(u.select.left + u.select.width, 'x');
            u.setSelect({ left: 0, top: 0, width: 0, height: 0 }, false);
            setRange(a * 1e6, b * 1e6);
          }],
        },
      };
      var u = new uPlot(opts, [xs].concat(ys), card);
      return { u: u, card: card };
    }

    // src: whose buckets the values are in (data.series, or data.load with its own).
    function plot(title, src, lines, fmtY, fixedMax) {
      var card = plotCard(title), n = lines.reduce(function (m, l) { return Math.max(m, l.values.length); }, 0), xs = [];
      for (var i = 0; i < n; i++) xs.push(Math.min((i + 0.5) * src.bucketUs, end) / 1e6);
      return chart(card, lines, xs, lines.map(function (l) { return xs.map(function (_, i) { var v = l.values[i]; return v === undefined ? null : v; }); }), fmtY, fixedMax);
    }

    function breakerPlot(breakers) {
      var LEVEL = { CLOSED: 0, HALF_OPEN: 1, OPEN: 2 }, shown = breakers.slice(0, OP_COLORS.length);
      var card = plotCard('Circuit breaker state (0 closed, 1 half-open, 2 open)'), times = {};
      shown.forEach(function (b) { b.changes.forEach(function (c) { times[c.at] = true; }); });
      times[end] = true;
      var ts = Object.keys(times).map(Number).sort(function (a, b) { return a - b; });
      var ys = shown.map(function (b) {
        var j = 0, lv = null;
        return ts.map(function (t) {
          while (j < b.changes.length && b.changes[j].at <= t) { lv = LEVEL[b.changes[j].state] === undefined ? 1 : LEVEL[b.changes[j].state]; j++; }
          return lv;
        });
      });
      var names = ['closed', 'half-open', 'open'];
      return chart(card, shown.map(function (b, i) { return { name: b.node, color: OP_COLORS[i] }; }), ts.map(function (t) { return t / 1e6; }), ys,
        function (v) { return names[Math.round(v)] || ''; }, 2.2, uPlot.paths && uPlot.paths.stepped ? uPlot.paths.stepped({ align: 1 }) : undefined, [0, 1, 2]);
    }

    // Interaction: wheel zooms at the pointer, drag pans, the overview selects a range.
    function timeAt(svgEl, evt) {
      var r = svgEl.getBoundingClientRect(), vx = (evt.clientX - r.left) / r.width * W;
      return state.t0 + (vx - LEFT) / (W - LEFT - RIGHT) * (state.t1 - state.t0);
    }
    main.addEventListener('wheel', function (evt) {
      evt.preventDefault();
      var t = timeAt(main, evt), k = evt.deltaY > 0 ? 1.25 : 0.8;
      setRange(t - (t - state.t0) * k, t + (state.t1 - t) * k);
    }, { passive: false });
    var drag = null;
    main.addEventListener('mousedown', function (evt) { drag = { x: evt.clientX, t0: state.t0, t1: state.t1 }; });
    window.addEventListener('mousemove', function (evt) {
      if (!drag) return;
      var r = main.getBoundingClientRect(), dt = (drag.x - evt.clientX) / r.width * W / (W - LEFT - RIGHT) * (drag.t1 - drag.t0);
      setRange(drag.t0 + dt, drag.t1 + dt);
    });
    window.addEventListener('mouseup', function () { drag = null; brush = null; });
    var brush = null;
    over.addEventListener('mousedown', function (evt) {
      var r = over.getBoundingClientRect(), t = over.__toTime((evt.clientX - r.left) / r.width * W);
      brush = { start: t };
      var span = state.t1 - state.t0;
      setRange(t - span / 2, t + span / 2);
    });
    over.addEventListener('mousemove', function (evt) {
      if (!brush) return;
      var r = over.getBoundingClientRect(), t = over.__toTime((evt.clientX - r.left) / r.width * W);
      if (Math.abs(t - brush.start) > end / 200) setRange(Math.min(t, brush.start), Math.max(t, brush.start));
    });
    function onInputs() {
      var a = parseFloat(fromIn.value) * 1e6, b = parseFloat(toIn.value) * 1e6;
      if (isFinite(a) && isFinite(b) && b > a) setRange(a, b);
    }
    fromIn.addEventListener('change', onInputs);
    toIn.addEventListener('change', onInputs);
    root.querySelector('button.fit').addEventListener('click', function () { setRange(0, end); });
    root.querySelector('button.zoom-in').addEventListener('click', function () { var c = (state.t0 + state.t1) / 2, h = (state.t1 - state.t0) / 4; setRange(c - h, c + h); });
    root.querySelector('button.zoom-out').addEventListener('click', function () { var c = (state.t0 + state.t1) / 2, h = state.t1 - state.t0; setRange(c - h, c + h); });
    var jump = root.querySelector('button.to-violation');
    var firstV = data.violations.filter(function (v) { return v.at !== null; }).sort(function (a, b) { return a.at - b.at; })[0];
    if (!firstV) jump.hidden = true;
    else jump.addEventListener('click', function () { var w = violationWindow(firstV); setRange(w[0], w[1]); });

    // A window in which what the check names is individually visible: its moment, the operations
    // (invoke to answer) and effects it blamed, the NAMED closest to the moment, with a margin.
    function violationWindow(v) {
      var ops = {}, effs = {}, times = [];
      v.ops.forEach(function (o) { ops[o] = true; });
      v.effects.forEach(function (i) { effs[i] = true; });
      data.ops.forEach(function (o) { if (ops[o[1]]) times.push([o[4], o[5] < 0 ? Math.max(o[4], v.at) : o[5]]); });
      data.effects.forEach(function (e) { if (effs[e[1]]) times.push([e[2], e[2]]); });
      var dist = function (p) { return Math.min(Math.abs(p[0] - v.at), Math.abs(p[1] - v.at)); };
      times.sort(function (a, b) { return dist(a) - dist(b); });
      var t0 = v.at, t1 = v.at;
      times.slice(0, NAMED).forEach(function (p) { t0 = Math.min(t0, p[0]); t1 = Math.max(t1, p[1]); });
      var pad = Math.max((t1 - t0) * 0.08, 20000);
      return [t0 - pad, t1 + pad];
    }
    Array.prototype.forEach.call(root.querySelectorAll('[data-at]'), function (a) {
      a.addEventListener('click', function (evt) {
        evt.preventDefault();
        var t = Number(a.getAttribute('data-at')), h = Math.max((state.t1 - state.t0) / 2, 50000);
        setRange(t - h, t + h);
        main.scrollIntoView({ behavior: 'smooth', block: 'center' });
      });
    });
    render();
  }

  function arrowHead(defs, id, color) {
    var m = el('marker', { id: id, viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' }, defs);
    el('path', { d: 'M0 0L10 5L0 10z', fill: color }, m);
  }

  /** Faults that overlap in time go on separate rows, so every label stays readable. */
  function stackFaults(faults) {
    var rowEnds = [], row = [];
    faults.forEach(function (f) {
      var to = f.to < 0 ? Infinity : f.to, r = 0;
      while (r < rowEnds.length && rowEnds[r] > f.from) r++;
      rowEnds[r] = to;
      row.push(r);
    });
    return { rows: Math.max(1, rowEnds.length), row: row };
  }

  Array.prototype.forEach.call(document.querySelectorAll('[data-view]'), setup);
  Array.prototype.forEach.call(document.querySelectorAll('button.copy'), function (b) {
    b.addEventListener('click', function () {
      var text = b.parentNode.querySelector('code').textContent;
      if (navigator.clipboard) navigator.clipboard.writeText(text).then(function () { b.textContent = 'copied'; }, function () {});
    });
  });
})();
`;
