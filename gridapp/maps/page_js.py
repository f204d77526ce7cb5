"""The page's JavaScript API (written next to the page as lib/gridmap.js).

Python drives the page with ``GridMap.<fn>(json)`` through runJavaScript and hears
back through a QWebChannel object named ``bridge`` (pageReady, viewChanged,
caseClicked, pointPicked, casesShown, gridClicked). Text from cases and labels is only
ever set with textContent; the one HTML sink, Leaflet's attribution, gets text escaped
in Python. The base tile layer is swapped in place (``setBaseLayer``) so changing the
base map keeps the page, its markers and the selection. The cases themselves (clusters,
markers, selection, popups) are lib/gridmap_cases.js (``page_cases_js``).
"""

GRIDMAP_JS = r"""
(function () {
  'use strict';
  var G = {
    map: null, grids: null, bridge: null, picking: false, pickMarker: null, labels: {},
    base: null, baseLabels: null, baseOptions: null, legend: null, legendDiv: null
  };
  // One fill per state (open states saturated, finished ones hollow grey); the
  // deadline level is a ring around the dot, so the state stays readable.
  var STATE_COLORS = {
    reported: '#2563eb', filed: '#7c3aed', dispatched: '#0d9488', handled: '#65a30d',
    verified: '#16a34a', suspended: '#a16207', closed: '#6b7280', rejected: '#9ca3af',
    merged: '#a8a29e'
  };
  var SPARE_COLORS = ['#db2777', '#0284c7', '#ca8a04', '#4d7c0f'];
  var TERMINAL = {closed: true, rejected: true, merged: true};
  var LEVEL_COLORS = {1: '#f59e0b', 2: '#dc2626'};
  var GRID_STEPS = [[11, '#d7301f'], [6, '#fc8d59'], [3, '#fdbb84'], [1, '#fee8c8']];
  G.STATE_COLORS = STATE_COLORS; G.TERMINAL = TERMINAL; G.LEVEL_COLORS = LEVEL_COLORS;
  G.GRID_STEPS = GRID_STEPS;
  G.stateColor = function (state) {
    if (STATE_COLORS[state]) { return STATE_COLORS[state]; }
    var h = 0, text = String(state);
    for (var i = 0; i < text.length; i++) { h = (h * 31 + text.charCodeAt(i)) % 997; }
    return SPARE_COLORS[h % SPARE_COLORS.length];  // a state added later still gets a colour
  };

  function call(name) {
    var args = Array.prototype.slice.call(arguments, 1);
    if (G.bridge && G.bridge[name]) { G.bridge[name].apply(G.bridge, args); }
  }
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    return e;
  }
  G.call = call; G.el = el;
  G.markerStyle = function (state, level, selected) {
    var done = !!TERMINAL[state];
    var fill = G.stateColor(state);
    var style = {
      radius: done ? 5 : 7, color: done ? fill : '#ffffff', weight: done ? 2 : 1.5,
      fillColor: done ? '#ffffff' : fill, fillOpacity: done ? 0.7 : 0.95, opacity: 1
    };
    if (level && LEVEL_COLORS[level]) {  // overdue ring: amber 80 % used, red overdue
      style.color = LEVEL_COLORS[level]; style.weight = 3.5; style.radius = 8;
    }
    if (selected) { style.color = '#1e3a8a'; style.weight = 4; style.radius = 10; }
    return style;
  };
  function gridColor(n) {
    var steps = G.choro ? G.choro.steps : GRID_STEPS;  // a choropleth brings its own classes
    for (var i = 0; i < steps.length; i++) {
      if (n >= steps[i][0]) { return steps[i][1]; }
    }
    return '#ffffff';
  }
  function gridStyle(f) {
    // Without base tiles the grids are the map: paper-white land on a grey page.
    // Over tiles, empty grids stay clear so the streets underneath show.
    var n = G.gridCount(f);
    var paper = !G.base;
    if (f.properties && f.properties.mine) {  // the user's own grids: outlined in blue
      var few = (G.mineCount || 0) <= 12;  // a town's hundred grids: a light blue net
      return {
        color: few ? '#1d4ed8' : '#60a5fa', weight: few ? 2 : 0.9, opacity: 0.9,
        fillColor: n ? gridColor(n) : (paper ? '#f4f8ff' : '#dbeafe'),
        fillOpacity: n ? (paper ? 0.75 : 0.45) : (paper ? 1 : 0.12)
      };
    }
    return {
      color: paper ? '#a8b0bb' : '#6b7280', weight: 0.8,
      fillColor: n ? gridColor(n) : (paper ? '#fffdf7' : '#ffffff'),
      fillOpacity: n ? (paper ? 0.75 : 0.45) : (paper ? 1 : 0.04)
    };
  }
  G.gridColor = gridColor;
  // Open cases per grid, or the figure of a choropleth (setChoropleth) when one is shown.
  G.gridCount = function (f) {
    var p = f.properties || {};
    return (G.choro ? G.choro.counts[p.code] : p.open) || 0;
  };
  G.restyleGrids = function () {
    if (G.grids) { G.grids.eachLayer(function (l) { l.setStyle(gridStyle(l.feature)); }); }
  };
  function gridTooltip(layer) {
    var p = layer.feature.properties;
    var box = el('div', 'gm-grid');
    box.appendChild(el('b', null, p.code));
    box.appendChild(el('div', null, p.name));
    box.appendChild(el('div', null, [p.street, p.community].filter(Boolean).join(' ')));
    var what = G.choro ? G.choro.countLabel : (G.labels.open || 'open');
    box.appendChild(el('div', null, what + ': ' + G.gridCount(layer.feature)));
    return box;
  }

  G.init = function (map, options) {
    G.map = map;
    L.control.scale({imperial: false}).addTo(map);
    G.grids = L.geoJSON(null, {
      style: gridStyle,
      onEachFeature: function (f, layer) {
        layer.bindTooltip(gridTooltip, {sticky: true});
        layer.on('click', function () {  // a choropleth's grid opens the cases it counts
          if (G.choro && !G.picking) { call('gridClicked', f.properties.code); }
        });
      }
    }).addTo(map);
    G.grids.bringToBack();
    G.initLayers(map);  // outlines, name labels, legend, attribution (gridmap_layers.js)
    G.initCases(map);  // clusters, markers, selection, popups (gridmap_cases.js)
    map.on('click', function (e) {
      if (!G.picking) { return; }
      G.setPickMarker(e.latlng.lat, e.latlng.lng);
      call('pointPicked', e.latlng.lat, e.latlng.lng);
    });
    if (typeof QWebChannel !== 'undefined' && window.qt && qt.webChannelTransport) {
      new QWebChannel(qt.webChannelTransport, function (channel) {
        G.bridge = channel.objects.bridge;
        call('pageReady', location.search);  // ?p=<n>: which load this page is
        G.requestView(true);  // Python learns what the page shows before any case is sent
      });
    }
  };
  G.setLabels = function (labels) {
    G.labels = labels || {};
    G.labelsChanged();
    return true;
  };
  // A failed tile is asked for again twice, later: the permission to load remote
  // images reaches the page a moment after an online base is chosen, and a flaky
  // network drops the odd tile; Leaflet alone would leave those squares grey.
  function retrying(layer) {
    layer.on('tileerror', function (e) {
      var n = (e.tile.gmRetries || 0) + 1;
      if (n > 2 || !e.tile.parentNode) { return; }
      e.tile.gmRetries = n;
      setTimeout(function () {
        if (G.map.hasLayer(layer) && e.tile.parentNode) { e.tile.src = layer.getTileUrl(e.coords); }
      }, 700 * n);
    });
    return layer;
  }
  G.setBaseLayer = function (o) {
    if (G.base) { G.map.removeLayer(G.base); G.base = null; }
    if (G.baseLabels) { G.map.removeLayer(G.baseLabels); G.baseLabels = null; }
    G.baseOptions = o || null;
    G.baseChanged();
    if (!o || !o.url) { G.restyleGrids(); return 'none'; }
    var opts = {
      // already escaped in Python; the words before it ("底图：") are escaped here
      attribution: o.attribution ? G.escapeHtml(G.labels.baseSource || '') + o.attribution : '',
      subdomains: o.subdomains || 'abc',
      maxZoom: G.map.getMaxZoom(),
      maxNativeZoom: o.maxNativeZoom,
      minZoom: o.minZoom || 0
    };
    if (o.bounds) { opts.bounds = L.latLngBounds(o.bounds); }
    G.base = retrying(L.tileLayer(o.url, opts)).addTo(G.map);
    if (o.labelUrl) {  // place names drawn over the base (天地图 注记)
      var lo = L.extend({}, opts, {attribution: '', zIndex: 2});
      G.baseLabels = retrying(L.tileLayer(o.labelUrl, lo)).addTo(G.map);
    }
    G.restyleGrids();
    // A file of another town: go where its tiles are rather than show grey.
    if (opts.bounds && !G.map.getBounds().intersects(opts.bounds)) {
      G.map.fitBounds(opts.bounds);
    }
    return o.url;
  };
  G.baseInfo = function () {
    var n = 0;
    G.map.eachLayer(function (l) { if (l instanceof L.TileLayer) { n += 1; } });
    if (!G.base) { return JSON.stringify({url: null, tileLayers: n}); }
    var o = G.base.options;
    return JSON.stringify({
      url: G.base._url, labelUrl: G.baseLabels ? G.baseLabels._url : null,
      tileLayers: n, maxNativeZoom: o.maxNativeZoom, maxZoom: o.maxZoom,
      minZoom: o.minZoom, subdomains: o.subdomains, attribution: o.attribution,
      bounds: o.bounds ? [[o.bounds.getSouth(), o.bounds.getWest()],
                          [o.bounds.getNorth(), o.bounds.getEast()]] : null
    });
  };
  G.setGrids = function (fc) {
    G.grids.clearLayers();
    if (fc && fc.features && fc.features.length) { G.grids.addData(fc); }
    G.mineCount = (fc && fc.features || []).filter(function (f) {
      return f.properties && f.properties.mine;
    }).length;
    G.restyleGrids();
    G.grids.bringToBack();
    G.gridsChanged(fc);
    return G.grids.getLayers().length;
  };
  G.setGridCounts = function (counts) {
    G.grids.eachLayer(function (layer) {
      layer.feature.properties.open = counts[layer.feature.properties.code] || 0;
      layer.setStyle(gridStyle(layer.feature));
    });
    return true;
  };
  G.setPickMarker = function (lat, lng) {
    if (G.pickMarker) { G.pickMarker.setLatLng([lat, lng]); return; }
    G.pickMarker = L.circleMarker([lat, lng], {
      radius: 9, color: '#b91c1c', weight: 3, fillColor: '#ffffff', fillOpacity: 0.6,
      interactive: false
    }).addTo(G.map);
  };
  G.startPick = function (lng, lat) {
    G.picking = true;
    G.map.getContainer().style.cursor = 'crosshair';
    if (typeof lat === 'number' && typeof lng === 'number') {
      G.setPickMarker(lat, lng);
      G.map.panTo([lat, lng]);
    }
    return true;
  };
  G.cancelPick = function () {
    G.picking = false;
    G.map.getContainer().style.cursor = '';
    if (G.pickMarker) { G.map.removeLayer(G.pickMarker); G.pickMarker = null; }
    return true;
  };
  G.fitAll = function () {
    var b = G.grids.getBounds();
    if (!b.isValid() && G.casesBounds) { b = G.casesBounds; }
    if (!b.isValid() && G.base && G.base.options.bounds) { b = G.base.options.bounds; }
    if (b.isValid()) { G.map.fitBounds(b, {padding: [10, 10], animate: false}); }
    return true;
  };
  window.GridMap = G;
})();
"""

PAGE_CSS = """
html, body { background: #dfe3e8; }
.leaflet-container { background: #dfe3e8; font-family: "WenQuanYi Zen Hei", "Noto Sans CJK SC",
  "Microsoft YaHei", sans-serif; }
.gm-grid { font: 12px/1.35 sans-serif; }
.leaflet-control-attribution { font-size: 10px; }
"""
