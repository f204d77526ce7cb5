"""The page's reading aids (lib/gridmap_layers.js): boundaries, names, legend, credits.

Loaded after ``gridmap.js`` and adding to the same ``GridMap`` object:

- street (街道/镇) and community (社区) boundary lines with their names, and grid
  codes, each shown only at the zooms where it helps (``LABEL_ZOOMS``); labels that
  would overlap a more important one are hidden rather than drawn on top of it;
- the first view on the user's scope (``setScope``/``fitScope``);
- a compact, collapsible legend that matches the marker and grid styles and keeps
  inside the map (it scrolls only when the map is shorter than the legend);
- the attribution line: the data sources' own credits, never Leaflet's prefix.

All text goes into the page with textContent; the attribution (Leaflet puts it in as
HTML) is escaped here or, for a tile source's credit, in Python.
"""

LABEL_ZOOMS = {"street": (0, 14), "community": (13, 16), "grid": (15, 99)}

LAYERS_JS = r"""
(function () {
  'use strict';
  var G = window.GridMap;
  var LABEL_ZOOMS = %s;
  var LABEL_ORDER = ['street', 'community', 'grid'];
  var LEGEND_MAX_SHARE = 0.25;  // of the map's area an open legend may cover at first
  var LINE_STYLES = {
    street: {color: '#1f2937', weight: 2.6, opacity: 0.9, fill: false, interactive: false},
    community: {color: '#475569', weight: 1.4, opacity: 0.85, dashArray: '6 4', fill: false,
      interactive: false}
  };
  G.labelGroups = {};
  G.labelsVisible = true;
  G.scope = null;

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    return e;
  }
  G.escapeHtml = function (text) {
    var d = document.createElement('div');
    d.textContent = String(text || '');
    return d.innerHTML;
  };
  function label(kind, latlng, text) {
    var inner = el('span', 'gm-label gm-label-' + kind, text);
    var icon = L.divIcon({className: 'gm-label-anchor', html: inner, iconSize: [0, 0]});
    var m = L.marker(latlng, {icon: icon, interactive: false, keyboard: false, pane: 'gmLabels'});
    m.gmKind = kind;
    return m;
  }

  // -- boundaries and labels ------------------------------------------------------------

  G.setOutlines = function (fc) {
    G.outlines.clearLayers();
    G.labelGroups.street.clearLayers();
    G.labelGroups.community.clearLayers();
    (fc && fc.features || []).forEach(function (f) {
      var p = f.properties;
      G.outlines.addData(f);
      if (p.label && p.name) { G.labelGroups[p.level].addLayer(label(p.level, p.label, p.name)); }
    });
    G.outlines.bringToBack();
    if (G.grids) { G.grids.bringToBack(); }
    G.updateLabels();
    return G.outlines.getLayers().length;
  };
  G.gridsChanged = function (fc) {
    G.labelGroups.grid.clearLayers();
    (fc && fc.features || []).forEach(function (f) {
      var p = f.properties;
      if (p.label) { G.labelGroups.grid.addLayer(label('grid', p.label, p.code)); }
    });
    if (G.outlines) { G.outlines.bringToBack(); }
    G.grids.bringToBack();
    G.updateLabels();
  };
  function overlaps(a, b) {
    return a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3];
  }
  // Shows the label kinds wanted at this zoom; a label overlapping one already placed
  // (streets first, then communities, then grids) or outside the view is hidden.
  G.updateLabels = function () {
    if (!G.map) { return; }
    var z = G.map.getZoom();
    var size = G.map.getSize();
    var placed = [];
    var origin = G.map.getContainer().getBoundingClientRect();
    Array.prototype.forEach.call(  // nothing is labelled under the legend or the buttons
      G.map.getContainer().querySelectorAll('.leaflet-control'),
      function (c) {
        var r = c.getBoundingClientRect();
        if (r.width && r.height) {
          placed.push([r.left - origin.left, r.top - origin.top, r.right - origin.left,
            r.bottom - origin.top]);
        }
      });
    LABEL_ORDER.forEach(function (kind) {
      var group = G.labelGroups[kind];
      var range = LABEL_ZOOMS[kind];
      var on = G.labelsVisible && z >= range[0] && z <= range[1];
      if (on && !G.map.hasLayer(group)) { group.addTo(G.map); }
      if (!on && G.map.hasLayer(group)) { G.map.removeLayer(group); }
      if (!on) { return; }
      group.eachLayer(function (m) {
        var e = m.getElement();
        var span = e && e.firstChild;
        if (!span) { return; }
        if (!m.gmSize || !m.gmSize[0]) { m.gmSize = [span.offsetWidth, span.offsetHeight]; }
        var p = G.map.latLngToContainerPoint(m.getLatLng());
        var w = m.gmSize[0] / 2 + 3, h = m.gmSize[1] / 2 + 2;
        var box = [p.x - w, p.y - h, p.x + w, p.y + h];
        var clash = box[0] < 0 || box[2] > size.x || box[1] < 0 || box[3] > size.y;  // cut off
        for (var i = 0; !clash && i < placed.length; i++) { clash = overlaps(box, placed[i]); }
        span.style.visibility = clash ? 'hidden' : '';
        m.gmShown = !clash;
        if (!clash) { placed.push(box); }
      });
    });
    return true;
  };
  G.labelInfo = function () {
    var out = {zoom: G.map.getZoom()};
    LABEL_ORDER.forEach(function (kind) {
      var names = [];
      var group = G.labelGroups[kind];
      if (G.map.hasLayer(group)) {
        group.eachLayer(function (m) {
          var e = m.getElement();
          if (m.gmShown && e && e.firstChild) { names.push(e.firstChild.textContent); }
        });
      }
      out[kind] = names;
    });
    return JSON.stringify(out);
  };

  // -- first view -------------------------------------------------------------------------

  G.setScope = function (bounds, keepView) {
    G.scope = bounds ? L.latLngBounds(bounds) : null;
    return keepView ? true : G.fitScope();
  };
  // Until the user moves the map, the first view follows the map's size: the page
  // is often laid out before its pane has its final height, and a fit made then
  // would leave a far-out view (the old "10 km" first view).
  G.fitScope = function () {
    G.fitting = true;
    try {
      if (!G.scope || !G.scope.isValid()) {
        G.fitAll();
      } else {
        G.map.fitBounds(G.scope, {padding: [16, 16], animate: false});
      }
    } finally {
      G.fitting = false;
    }
    G.autoView = true;
    return true;
  };
  G.viewInfo = function () {
    var b = G.map.getBounds();
    return JSON.stringify({zoom: G.map.getZoom(), south: b.getSouth(), west: b.getWest(),
      north: b.getNorth(), east: b.getEast(), width: G.map.getSize().x,
      height: G.map.getSize().y});
  };

  // -- legend -----------------------------------------------------------------------------

  function item(box, swatch, text) {
    var row = el('span', 'gm-legend-row');
    row.appendChild(swatch);
    row.appendChild(el('span', 'gm-legend-label', text));
    box.appendChild(row);
    return row;
  }
  function dot(style) {
    var s = el('i', 'gm-dot');
    s.style.background = style.fillOpacity > 0.8 ? style.fillColor : '#ffffff';
    s.style.borderColor = style.color;
    s.style.borderWidth = Math.min(3, Math.max(1, Math.round(style.weight))) + 'px';
    return s;
  }
  function line(style) {
    var s = el('i', 'gm-line');
    s.style.borderTopColor = style.color;
    s.style.borderTopWidth = Math.max(1, Math.round(style.weight)) + 'px';
    s.style.borderTopStyle = style.dashArray ? 'dashed' : 'solid';
    return s;
  }
  function square(fill) {
    var s = el('i', 'gm-square');
    s.style.background = fill;
    return s;
  }
  function section(box, title, cls) {
    var body = el('div', 'gm-legend-items ' + (cls || ''));
    if (cls === 'gm-legend-grid') {
      box.appendChild(el('div', 'gm-legend-title', title));
    } else {  // a one-line section: its title leads the line
      body.appendChild(el('span', 'gm-legend-title', title));
    }
    box.appendChild(body);
    return body;
  }
  function gridClassText(steps, i) {
    var lo = steps[i][0];
    if (i === 0) { return '\u2265 ' + lo; }
    var hi = steps[i - 1][0] - 1;
    return lo === hi ? String(lo) : lo + '\u2013' + hi;
  }
  function buildLegend() {
    var t = G.labels, box = G.legendBody;
    // Until the window sends its labels (in the user's language) the legend stays hidden:
    // the built-in English words are for a page opened on its own, never a flash of them.
    G.legendDiv.style.visibility = t.legend ? '' : 'hidden';
    box.textContent = '';
    G.legendHead.firstChild.textContent = t.legend || 'Legend';
    var s;
    if (G.choro) {  // a choropleth: no case dots, only the figure's classes and boundaries
      s = section(box, G.choro.title, 'gm-legend-grid');
      item(s, square('#fffdf7'), '0');
      for (var k = G.choro.steps.length - 1; k >= 0; k--) {
        item(s, square(G.choro.steps[k][1]), gridClassText(G.choro.steps, k));
      }
      boundaries(box, t);
      return;
    }
    var states = t.states || Object.keys(G.STATE_COLORS);
    s = section(box, t.legendStates || 'Case state', 'gm-legend-grid');
    states.forEach(function (st) { item(s, dot(G.markerStyle(st, 0, false)), t[st] || st); });
    s = section(box, t.legendDeadline || 'Deadline', 'gm-legend-line');
    item(s, dot(G.markerStyle('dispatched', 1, false)), t.level1 || 'yellow');
    item(s, dot(G.markerStyle('dispatched', 2, false)), t.level2 || 'red');
    boundaries(box, t);
    s = section(box, t.legendGrids || 'Open cases per grid', 'gm-legend-ramp');
    item(s, square('#fffdf7'), '0');
    for (var i = G.GRID_STEPS.length - 1; i >= 0; i--) {
      item(s, square(G.GRID_STEPS[i][1]), gridClassText(G.GRID_STEPS, i));
    }
  }
  function boundaries(box, t) {
    var s = section(box, t.legendBoundaries || 'Boundaries', 'gm-legend-line');
    item(s, line(LINE_STYLES.street), t.street || 'Street');
    item(s, line(LINE_STYLES.community), t.community || 'Community');
    item(s, line({color: '#a8b0bb', weight: 1}), t.grid || 'Grid');
  }

  // -- choropleth (the statistics view: one figure per grid, a click opens its cases) -----

  // o: {counts: {gridCode: n}, steps: [[min, colour], ...] largest first, title, countLabel};
  // null goes back to open cases per grid.
  G.setChoropleth = function (o) {
    G.choro = o || null;
    G.restyleGrids();
    if (G.legendBody) { buildLegend(); G.fitLegend(); }
    var shaded = 0;
    if (G.grids) {
      G.grids.eachLayer(function (l) { if (G.gridCount(l.feature)) { shaded += 1; } });
    }
    return shaded;
  };
  G.gridInfo = function (code) {
    var out = null;
    G.grids.eachLayer(function (l) {
      if (l.feature.properties.code === code) {
        out = {count: G.gridCount(l.feature), fill: l.options.fillColor,
          opacity: l.options.fillOpacity};
      }
    });
    return JSON.stringify(out);
  };
  G.clickGrid = function (code) {
    var hit = false;
    G.grids.eachLayer(function (l) {
      if (l.feature.properties.code === code) {
        l.fire('click', {latlng: l.getBounds().getCenter()});
        hit = true;
      }
    });
    return hit;
  };
  function setCollapsed(on) {
    G.legendCollapsed = !!on;
    G.legendDiv.classList.toggle('gm-collapsed', G.legendCollapsed);
    G.legendHead.lastChild.textContent = G.legendCollapsed ? '\u25b8' : '\u25be';
    G.updateLabels();
  }
  G.setLegendCollapsed = function (on) {
    G.legendUserSet = true;
    setCollapsed(on);
    return G.legendCollapsed;
  };
  // On a map too short for the whole legend, or so small that the open legend would hide
  // more than a quarter of it (a laptop's map pane: it covered a selected case's popup),
  // it starts folded to its header (one click opens it); once the user has folded or
  // opened it, that choice stays.
  G.fitLegend = function () {
    if (!G.legendBody || G.legendUserSet || !G.legendDiv.parentNode) { return false; }
    setCollapsed(false);
    var size = G.map.getSize();
    var tall = G.legendBody.scrollHeight > G.legendBody.clientHeight + 1;
    var share = size.x * size.y > 0
      ? G.legendDiv.offsetWidth * G.legendDiv.offsetHeight / (size.x * size.y) : 1;
    G.legendFit = {tall: tall, share: share};
    if (tall || share > LEGEND_MAX_SHARE) { setCollapsed(true); }
    return G.legendCollapsed;
  };
  G.setLegendVisible = function (on) {
    var shown = !!(G.legend && G.legend.getContainer() && G.legend.getContainer().parentNode);
    if (on && !shown) { G.legend.addTo(G.map); G.fitLegend(); }
    if (!on && shown) { G.legend.remove(); }
    G.updateLabels();
    return !!on;
  };
  G.legendInfo = function () {
    var box = G.legendDiv;
    var shown = !!(box && box.parentNode);
    var r = box ? box.getBoundingClientRect() : null;
    var m = G.map.getContainer().getBoundingClientRect();
    return JSON.stringify({
      visible: shown,
      collapsed: !!G.legendCollapsed,
      fit: G.legendFit || null,
      maxShare: LEGEND_MAX_SHARE,
      text: G.legendBody ? G.legendBody.textContent : '',
      rows: box ? box.querySelectorAll('.gm-legend-row').length : 0,
      html: G.legendBody ? G.legendBody.innerHTML : '',
      rect: r ? [r.left, r.top, r.right, r.bottom] : null,
      map: [m.left, m.top, m.right, m.bottom],
      scrolls: box ? G.legendBody.scrollHeight > G.legendBody.clientHeight + 1 : false
    });
  };

  // -- attribution ------------------------------------------------------------------------

  G.dataAttribution = '';
  function setDataAttribution(text) {
    var ctl = G.map.attributionControl;
    if (!ctl) { return; }
    if (G.dataAttribution) { ctl.removeAttribution(G.dataAttribution); }
    G.dataAttribution = text ? G.escapeHtml(text) : '';
    if (G.dataAttribution) { ctl.addAttribution(G.dataAttribution); }
  }
  G.attributionInfo = function () {
    var box = document.querySelector('.leaflet-control-attribution');
    return JSON.stringify({
      text: box ? box.textContent : null,
      html: box ? box.innerHTML : null,
      images: box ? box.querySelectorAll('img, svg').length : 0,
      links: box ? box.querySelectorAll('a').length : 0
    });
  };

  // -- hooks from gridmap.js --------------------------------------------------------------

  G.initLayers = function (map) {
    var labels = map.createPane('gmLabels');
    labels.style.zIndex = 450;  // over the grids and case dots, under cluster bubbles
    labels.style.pointerEvents = 'none';
    G.outlines = L.geoJSON(null, {
      style: function (f) { return LINE_STYLES[f.properties.level] || LINE_STYLES.community; },
      interactive: false
    }).addTo(map);
    LABEL_ORDER.forEach(function (k) { G.labelGroups[k] = L.layerGroup(); });
    map.on('zoomend moveend resize', G.updateLabels);
    map.on('movestart', function () { if (!G.fitting) { G.autoView = false; } });
    map.on('resize', function () {
      if (G.autoView) { G.fitScope(); }
      G.fitLegend();
    });
    // Leaflet's own prefix (a link and a flag) is not a data source: the line credits
    // the base map's provider and the grid data's owner only.
    if (map.attributionControl) { map.attributionControl.setPrefix(false); }
    G.legend = L.control({position: 'bottomright'});
    G.legend.onAdd = function () {
      var box = L.DomUtil.create('div', 'gm-legend');
      L.DomEvent.disableClickPropagation(box);
      L.DomEvent.disableScrollPropagation(box);
      var head = el('div', 'gm-legend-head');
      head.appendChild(el('span', 'gm-legend-heading', 'Legend'));
      head.appendChild(el('span', 'gm-legend-toggle', '\u25be'));
      head.addEventListener('click', function () { G.setLegendCollapsed(!G.legendCollapsed); });
      box.appendChild(head);
      G.legendHead = head;
      G.legendBody = el('div', 'gm-legend-body');
      box.appendChild(G.legendBody);
      G.legendDiv = box;
      buildLegend();
      setCollapsed(!!G.legendCollapsed);
      return box;
    };
    G.legend.addTo(map);
  };
  G.labelsChanged = function () {
    if (G.legendBody) { buildLegend(); G.fitLegend(); }
    setDataAttribution(G.labels.dataSource || '');
  };
  G.baseChanged = function () {};
})();
""" % ("{" + ", ".join(f"{k}: [{lo}, {hi}]" for k, (lo, hi) in LABEL_ZOOMS.items()) + "}")

LAYERS_CSS = """
.gm-label-anchor { background: none; border: none; }
.gm-label { position: absolute; transform: translate(-50%, -50%); white-space: nowrap;
  pointer-events: none; color: #111827; text-shadow: 0 0 2px #fff, 0 0 2px #fff, 0 0 3px #fff; }
.gm-label-street { font-size: 14px; font-weight: bold; letter-spacing: 1px; color: #1f2937; }
.gm-label-community { font-size: 12px; color: #334155; }
.gm-label-grid { font: 10px/1 monospace; color: #4b5563; }
.gm-legend { background: #ffffff; padding: 4px 8px 6px; border-radius: 4px;
  box-shadow: 0 1px 4px rgba(0, 0, 0, 0.3); font-size: 11px; line-height: 1.3; color: #111827;
  max-width: 280px; }
.gm-legend-head { display: flex; justify-content: space-between; gap: 8px; cursor: pointer;
  font-weight: bold; user-select: none; }
.gm-legend-body { max-height: calc(100vh - 70px); overflow-y: auto; }
.gm-collapsed .gm-legend-body { display: none; }
.gm-legend-title { font-weight: bold; color: #374151; margin: 3px 0 1px; }
span.gm-legend-title { margin: 0 2px 0 0; }
.gm-legend-line, .gm-legend-ramp { margin-top: 3px; align-items: center; }
.gm-legend-items { display: flex; flex-wrap: wrap; column-gap: 8px; row-gap: 1px; }
.gm-legend-grid { display: grid; grid-template-columns: repeat(3, auto); column-gap: 8px; }
.gm-legend-row { display: inline-flex; align-items: center; gap: 3px; white-space: nowrap; }
.gm-legend-ramp { column-gap: 4px; }
.gm-dot { display: inline-block; width: 8px; height: 8px; border-radius: 50%;
  border: 1px solid #1f2937; }
.gm-line { display: inline-block; width: 16px; height: 0; border-top: 2px solid #1f2937; }
.gm-square { display: inline-block; width: 11px; height: 9px; border: 1px solid #6b7280; }
"""
