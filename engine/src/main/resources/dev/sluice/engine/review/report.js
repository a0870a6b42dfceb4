// Draws the report from the JSON data block. Log text only ever goes in through textContent.
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('report-data').textContent);
  // The namespace of an <svg> the HTML parser built, so no namespace address is written here.
  var SVG_NS = document.getElementById('timeline-svg').namespaceURI;

  function svgEl(name, attrs, text) {
    var e = document.createElementNS(SVG_NS, name);
    for (var k in attrs) {
      if (Object.prototype.hasOwnProperty.call(attrs, k)) {
        e.setAttribute(k, String(attrs[k]));
      }
    }
    if (text !== undefined) {
      e.textContent = String(text);
    }
    return e;
  }

  function tip(e, text) {
    e.appendChild(svgEl('title', {}, text));
    return e;
  }

  function empty(svg, w, h) {
    svg.setAttribute('viewBox', '0 0 ' + w + ' ' + h);
    svg.appendChild(svgEl('text', {x: w / 2, y: h / 2, 'text-anchor': 'middle', 'class': 'empty'}, 'No records'));
  }

  function shorten(s, max) {
    return s.length > max ? s.slice(0, max - 1) + '\u2026' : s;
  }

  function niceMax(v) {
    if (v <= 5) { return Math.max(v, 1); }
    var p = Math.pow(10, Math.floor(Math.log(v) / Math.LN10));
    var steps = [1, 2, 2.5, 5, 10];
    for (var i = 0; i < steps.length; i++) {
      if (steps[i] * p >= v) { return steps[i] * p; }
    }
    return 10 * p;
  }

  function timeline() {
    var svg = document.getElementById('timeline-svg');
    var W = 1200, H = 280, L = 56, R = 10, T = 12, B = 44;
    var buckets = data.buckets;
    if (!buckets.length) { empty(svg, W, H); return; }
    var max = 0;
    buckets.forEach(function (b) { max = Math.max(max, b[1] + b[2] + b[3]); });
    max = niceMax(max);
    var pw = W - L - R, ph = H - T - B;
    for (var g = 0; g <= 4; g++) {
      var gy = T + ph - ph * g / 4;
      svg.appendChild(svgEl('line', {x1: L, x2: W - R, y1: gy, y2: gy, 'class': g ? 'grid' : 'axis'}));
      svg.appendChild(svgEl('text', {x: L - 6, y: gy + 4, 'text-anchor': 'end'}, Math.round(max * g / 4 * 100) / 100));
    }
    var slot = pw / buckets.length;
    var bw = Math.max(1, Math.min(slot * 0.8, 48));
    buckets.forEach(function (b, i) {
      var x = L + slot * i + (slot - bw) / 2;
      var y = T + ph;
      for (var s = 0; s < data.series.length; s++) {
        var v = b[s + 1];
        if (!v) { continue; }
        var h = Math.max(2, ph * v / max);
        y -= h;
        svg.appendChild(tip(svgEl('rect', {x: x.toFixed(2), y: y.toFixed(2), width: bw.toFixed(2), height: h.toFixed(2),
          'class': 'bar s' + s}), b[0] + ': ' + v + ' ' + data.series[s]));
      }
    });
    var labels = Math.min(buckets.length, 6);
    for (var j = 0; j < labels; j++) {
      var idx = labels === 1 ? 0 : Math.round(j * (buckets.length - 1) / (labels - 1));
      var lx = L + slot * idx + slot / 2;
      svg.appendChild(svgEl('text', {x: lx, y: H - B + 18, 'text-anchor': labels === 1 ? 'middle' : (j === 0 ? 'start' : (j === labels - 1 ? 'end' : 'middle'))},
        buckets[idx][0]));
    }
    svg.appendChild(svgEl('text', {x: L, y: H - 6}, 'UTC; each bar one bucket, stacked by action'));
  }

  // items: [label, count, tooltip]
  function hbars(id, items, cls, W, labelW, maxChars) {
    var svg = document.getElementById(id);
    var row = 24, T = 6;
    if (!items.length) { empty(svg, W, 80); return; }
    var H = T * 2 + row * items.length;
    svg.setAttribute('viewBox', '0 0 ' + W + ' ' + H);
    var max = 0;
    items.forEach(function (it) { max = Math.max(max, it[1]); });
    var bwMax = W - labelW - 70;
    items.forEach(function (it, i) {
      var y = T + row * i;
      svg.appendChild(tip(svgEl('text', {x: labelW - 8, y: y + 16, 'text-anchor': 'end'}, shorten(it[0], maxChars)), it[2]));
      var w = Math.max(2, bwMax * it[1] / max);
      svg.appendChild(tip(svgEl('rect', {x: labelW, y: y + 3, width: w.toFixed(2), height: row - 6, 'class': 'bar ' + cls}),
        it[2] + ': ' + it[1]));
      svg.appendChild(svgEl('text', {x: labelW + w + 6, y: y + 16}, it[1]));
    });
  }

  function table() {
    var head = document.querySelector('#alert-table thead tr');
    var body = document.getElementById('alert-rows');
    var count = document.getElementById('alert-count');
    var filter = document.getElementById('alert-filter');
    var rows = data.rows.map(function (r) {
      return {cells: r, text: r.map(function (c) { return c === null ? '' : String(c); }).join('\u0001').toLowerCase()};
    });
    var sortCol = 0, sortDir = -1;
    var ths = data.columns.map(function (name, i) {
      var th = document.createElement('th');
      th.textContent = name;
      th.setAttribute('scope', 'col');
      th.addEventListener('click', function () {
        if (sortCol === i) { sortDir = -sortDir; } else { sortCol = i; sortDir = (i === 0 || i === 8) ? -1 : 1; }
        sortRows();
        render();
      });
      head.appendChild(th);
      return th;
    });

    function cmp(a, b) {
      var x = a.cells[sortCol], y = b.cells[sortCol];
      if (x === y) { return 0; }
      if (x === null) { return 1; }
      if (y === null) { return -1; }
      if (typeof x === 'number' && typeof y === 'number') { return (x - y) * sortDir; }
      return (String(x) < String(y) ? -1 : 1) * sortDir;
    }

    function sortRows() {
      rows.sort(cmp);
      ths.forEach(function (th, i) {
        if (i === sortCol) { th.setAttribute('aria-sort', sortDir > 0 ? 'ascending' : 'descending'); } else { th.removeAttribute('aria-sort'); }
      });
    }

    function render() {
      var q = filter.value.trim().toLowerCase();
      var frag = document.createDocumentFragment();
      var shown = 0;
      rows.forEach(function (r) {
        if (q && r.text.indexOf(q) < 0) { return; }
        shown++;
        var tr = document.createElement('tr');
        if (r.cells[2] === 'blocked') { tr.className = 'blocked'; }
        r.cells.forEach(function (c, i) {
          var td = document.createElement('td');
          td.textContent = c === null ? '-' : String(c);
          if (typeof c === 'number') { td.className = 'num'; }
          if (i === 0) { td.className = 'time'; }
          tr.appendChild(td);
        });
        frag.appendChild(tr);
      });
      body.replaceChildren(frag);
      count.textContent = shown + ' of ' + rows.length + ' rows' + (rows.length < data.total ? ' (latest ' + rows.length + ' of ' + data.total + ' records)' : '');
    }

    // A link can carry the view: report.html#filter=TEXT&sort=COLUMN (0-based; -COLUMN descending).
    var params = new URLSearchParams(window.location.hash.slice(1));
    if (params.has('filter')) { filter.value = params.get('filter'); }
    var s = parseInt(params.get('sort'), 10);
    if (!isNaN(s) && Math.abs(s) < data.columns.length) {
      sortCol = Math.abs(s);
      sortDir = (params.get('sort').charAt(0) === '-') ? -1 : 1;
    }
    filter.addEventListener('input', render);
    sortRows();
    render();
  }

  timeline();
  hbars('signatures-svg', data.signatures.map(function (s) {
    var label = s[0] === '-' ? s[1] : s[0] + '  ' + s[1];
    return [label, s[2], label];
  }), 'sig', 1200, 640, 92);
  hbars('sources-svg', data.sources.map(function (s) { return [s[0], s[1], s[0]]; }), 'src', 580, 230, 40);
  hbars('ports-svg', data.ports.map(function (s) { return [s[0], s[1], s[0]]; }), 'port', 580, 230, 40);
  table();

  // Where the charts landed, for tools that check the rendering (e.g. against a screenshot).
  var boxes = {};
  ['timeline-svg', 'signatures-svg', 'sources-svg', 'ports-svg'].forEach(function (id) {
    var r = document.getElementById(id).getBoundingClientRect();
    boxes[id] = [Math.round(r.left + window.scrollX), Math.round(r.top + window.scrollY), Math.round(r.width), Math.round(r.height)];
  });
  document.documentElement.setAttribute('data-chart-boxes', JSON.stringify(boxes));
}());
