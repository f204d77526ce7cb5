"""The page's JavaScript API (written next to the page as lib/gridmap.js).

Python drives the page with ``GridMap.<fn>(json)`` through runJavaScript and hears
back through a QWebChannel object named ``bridge`` (pageReady, caseClicked,
pointPicked, casesShown). Text from cases and labels is only ever set with
textContent; the one HTML sink, Leaflet's attribution, gets text escaped in Python.
The base tile layer is swapped in place (``setBaseLayer``) so changing the base map
keeps the page, its markers and the selection.
"""

GRIDMAP_JS = r"""
(function () {
  'use strict';
  var G = {
    map: null, cluster: null, grids: null, bridge: null,
    markers: new Map(), selected: null, picking: false, pickMarker: null,
    popup: null, labels: {}, shownToken: 0,
    base: null, baseOptions: null, legend: null, legendDiv: null
  };
  var STATE_COLORS = {
    reported: '#3b82f6', filed: '#8b5cf6', dispatched: '#10b981', handled: '#06b6d4',
    verified: '#14b8a6', closed: '#9ca3af', rejected: '#6b7280', merged: '#a8a29e',
    suspended: '#a16207'
  };
  var LEVEL_COLORS = {1: '#facc15', 2: '#dc2626'};
  var GRID_STEPS = [[11, '#d7301f'], [6, '#fc8d59'], [3, '#fdbb84'], [1, '#fee8c8']];
  var LEGEND_STATES = ['reported', 'filed', 'dispatched', 'handled', 'verified', 'closed',
    'suspended', 'rejected', 'merged'];

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
  function markerStyle(row, selected) {
    var level = row[4] || 0;
    return {
      radius: selected ? 10 : 7,
      color: selected ? '#1d4ed8' : (level ? '#7f1d1d' : '#1f2937'),
      weight: selected ? 4 : (level ? 2 : 1),
      fillColor: LEVEL_COLORS[level] || STATE_COLORS[row[3]] || '#3b82f6',
      fillOpacity: 0.9
    };
  }
  function popupContent(row) {
    var box = el('div', 'gm-popup');
    box.appendChild(el('b', 'gm-number', row[5]));
    box.appendChild(el('div', 'gm-category', row[6]));
    var state = G.labels[row[3]] || row[3];
    var level = row[4] ? (G.labels['level' + row[4]] || '') : '';
    box.appendChild(el('div', 'gm-state', level ? state + ' · ' + level : state));
    if (row[7]) { box.appendChild(el('div', 'gm-address', row[7])); }
    return box;
  }
  function openPopup(marker) {
    G.popup = L.popup({autoPan: true, offset: [0, -4]})
      .setLatLng(marker.getLatLng())
      .setContent(popupContent(marker.caseRow))
      .openOn(G.map);
  }
  function onMarkerClick(e) {
    if (G.picking) { return; }  // the click bubbles to the map: a pick
    var m = e.target;
    highlight(m);
    openPopup(m);
    call('caseClicked', m.caseRow[0]);
  }
  function makeMarker(row) {
    var m = L.circleMarker([row[2], row[1]], markerStyle(row, false));
    m.caseRow = row;
    m.on('click', onMarkerClick);
    return m;
  }
  function highlight(m) {
    if (G.selected && G.selected !== m && G.selected.caseRow) {
      G.selected.setStyle(markerStyle(G.selected.caseRow, false));
    }
    G.selected = m;
    if (m) { m.setStyle(markerStyle(m.caseRow, true)); if (m.bringToFront) { m.bringToFront(); } }
  }
  function notifyShown(token, n) {
    if (token === G.shownToken) { call('casesShown', n); }
  }
  function gridColor(n) {
    for (var i = 0; i < GRID_STEPS.length; i++) {
      if (n >= GRID_STEPS[i][0]) { return GRID_STEPS[i][1]; }
    }
    return '#ffffff';
  }
  function gridStyle(f) {
    var n = (f.properties && f.properties.open) || 0;
    return {color: '#4b5563', weight: 1, fillColor: gridColor(n), fillOpacity: n ? 0.55 : 0.15};
  }
  function gridTooltip(layer) {
    var p = layer.feature.properties;
    var box = el('div', 'gm-grid');
    box.appendChild(el('b', null, p.code));
    box.appendChild(el('div', null, p.name));
    box.appendChild(el('div', null, [p.street, p.community].filter(Boolean).join(' ')));
    box.appendChild(el('div', null, (G.labels.open || 'open') + ': ' + (p.open || 0)));
    return box;
  }

  function legendRow(box, swatch, text) {
    var row = el('div', 'gm-legend-row');
    row.appendChild(swatch);
    row.appendChild(el('span', 'gm-legend-label', text));
    box.appendChild(row);
  }
  function dot(fill, border) {
    var s = el('i', 'gm-dot');
    s.style.background = fill;
    s.style.borderColor = border || '#1f2937';
    return s;
  }
  function square(fill) {
    var s = el('i', 'gm-square');
    s.style.background = fill;
    return s;
  }
  function gridClassText(i) {
    var lo = GRID_STEPS[i][0];
    if (i === 0) { return '\u2265 ' + lo; }
    var hi = GRID_STEPS[i - 1][0] - 1;
    return lo === hi ? String(lo) : lo + '\u2013' + hi;
  }
  function buildLegend(box) {
    var t = G.labels;
    box.textContent = '';
    box.appendChild(el('div', 'gm-legend-title', t.legendStates || 'Case state'));
    LEGEND_STATES.forEach(function (s) { legendRow(box, dot(STATE_COLORS[s]), t[s] || s); });
    box.appendChild(el('div', 'gm-legend-title', t.legendDeadline || 'Deadline'));
    legendRow(box, dot(LEVEL_COLORS[1], '#7f1d1d'), t.level1 || 'yellow');
    legendRow(box, dot(LEVEL_COLORS[2], '#7f1d1d'), t.level2 || 'red');
    box.appendChild(el('div', 'gm-legend-title', t.legendGrids || 'Open cases per grid'));
    legendRow(box, square('#ffffff'), '0');
    for (var i = GRID_STEPS.length - 1; i >= 0; i--) {
      legendRow(box, square(GRID_STEPS[i][1]), gridClassText(i));
    }
  }

  G.init = function (map, cluster, options) {
    G.map = map; G.cluster = cluster;
    L.control.scale({imperial: false}).addTo(map);
    cluster.options.chunkProgress = function (done, total) {
      if (done >= total) { notifyShown(G.pending, total); }
    };
    G.grids = L.geoJSON(null, {
      style: gridStyle,
      onEachFeature: function (f, layer) { layer.bindTooltip(gridTooltip, {sticky: true}); }
    }).addTo(map);
    G.grids.bringToBack();
    G.legend = L.control({position: 'bottomright'});
    G.legend.onAdd = function () {
      var box = L.DomUtil.create('div', 'gm-legend');
      L.DomEvent.disableClickPropagation(box);
      L.DomEvent.disableScrollPropagation(box);
      G.legendDiv = box;
      buildLegend(box);
      return box;
    };
    G.legend.addTo(map);
    map.on('click', function (e) {
      if (!G.picking) { return; }
      G.setPickMarker(e.latlng.lat, e.latlng.lng);
      call('pointPicked', e.latlng.lat, e.latlng.lng);
    });
    if (typeof QWebChannel !== 'undefined' && window.qt && qt.webChannelTransport) {
      new QWebChannel(qt.webChannelTransport, function (channel) {
        G.bridge = channel.objects.bridge;
        call('pageReady');
      });
    }
  };
  G.setLabels = function (labels) {
    G.labels = labels || {};
    if (G.legendDiv) { buildLegend(G.legendDiv); }
    return true;
  };
  G.setLegendVisible = function (on) {
    var shown = !!(G.legend && G.legend.getContainer() && G.legend.getContainer().parentNode);
    if (on && !shown) { G.legend.addTo(G.map); }
    if (!on && shown) { G.legend.remove(); }
    return !!on;
  };
  G.legendInfo = function () {
    var box = G.legendDiv;
    var shown = !!(box && box.parentNode);
    return JSON.stringify({
      visible: shown,
      text: box ? box.textContent : '',
      rows: box ? box.querySelectorAll('.gm-legend-row').length : 0,
      html: box ? box.innerHTML : ''
    });
  };
  G.setBaseLayer = function (o) {
    if (G.base) { G.map.removeLayer(G.base); G.base = null; }
    G.baseOptions = o || null;
    if (!o || !o.url) { return 'none'; }
    var opts = {
      attribution: o.attribution || '',
      subdomains: o.subdomains || 'abc',
      maxZoom: G.map.getMaxZoom(),
      maxNativeZoom: o.maxNativeZoom,
      minZoom: o.minZoom || 0
    };
    if (o.bounds) { opts.bounds = L.latLngBounds(o.bounds); }
    G.base = L.tileLayer(o.url, opts).addTo(G.map);
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
      url: G.base._url, tileLayers: n, maxNativeZoom: o.maxNativeZoom, maxZoom: o.maxZoom,
      minZoom: o.minZoom, subdomains: o.subdomains, attribution: o.attribution,
      bounds: o.bounds ? [[o.bounds.getSouth(), o.bounds.getWest()],
                          [o.bounds.getNorth(), o.bounds.getEast()]] : null
    });
  };
  G.setGrids = function (fc) {
    G.grids.clearLayers();
    if (fc && fc.features && fc.features.length) { G.grids.addData(fc); }
    G.grids.bringToBack();
    return G.grids.getLayers().length;
  };
  G.setGridCounts = function (counts) {
    G.grids.eachLayer(function (layer) {
      layer.feature.properties.open = counts[layer.feature.properties.code] || 0;
      layer.setStyle(gridStyle(layer.feature));
    });
    return true;
  };
  G.setCases = function (rows) {
    // The selected case stays selected if it is still shown (a new filter, or the
    // same cases redrawn for another base map's datum).
    var keep = G.selected && G.selected.caseRow ? G.selected.caseRow[0] : null;
    var hadPopup = !!(G.popup && G.map.hasLayer(G.popup));
    G.cluster.clearLayers();
    G.markers.clear();
    G.selected = null;
    if (G.popup) { G.map.closePopup(G.popup); }
    var list = new Array(rows.length);
    for (var i = 0; i < rows.length; i++) {
      var m = makeMarker(rows[i]);
      G.markers.set(rows[i][0], m);
      list[i] = m;
    }
    if (keep && G.markers.has(keep)) {
      highlight(G.markers.get(keep));
      if (hadPopup) { openPopup(G.selected); }
    }
    G.shownToken += 1;
    G.pending = G.shownToken;
    var token = G.shownToken;
    if (!list.length) { notifyShown(token, 0); } else { G.cluster.addLayers(list); }
    return rows.length;
  };
  G.upsertCase = function (row) {
    var old = G.markers.get(row[0]);
    var wasSelected = old && old === G.selected;
    if (old) { G.cluster.removeLayer(old); }
    var m = makeMarker(row);
    G.markers.set(row[0], m);
    G.cluster.addLayer(m);
    if (wasSelected) { highlight(m); }
    return true;
  };
  G.removeCase = function (id) {
    var m = G.markers.get(id);
    if (!m) { return false; }
    if (m === G.selected) { G.selected = null; if (G.popup) { G.map.closePopup(G.popup); } }
    G.cluster.removeLayer(m);
    G.markers.delete(id);
    return true;
  };
  G.selectCase = function (id) {
    var m = G.markers.get(id);
    if (!m) { return false; }
    highlight(m);
    // zoomToShowLayer needs icon markers; circle markers: zoom in just past the
    // lowest cluster holding the marker, then open its popup at the point.
    var parent = G.cluster.getVisibleParent(m);
    var zoom = G.map.getZoom();
    if (parent !== m && m.__parent) {
      zoom = Math.min(Math.max(zoom, m.__parent._zoom + 1), G.map.getMaxZoom());
    }
    G.map.setView(m.getLatLng(), zoom, {animate: false});
    openPopup(m);
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
    if (!b.isValid() && G.markers.size) { b = G.cluster.getBounds(); }
    if (!b.isValid() && G.base && G.base.options.bounds) { b = G.base.options.bounds; }
    if (b.isValid()) { G.map.fitBounds(b, {padding: [10, 10]}); }
    return true;
  };
  G.stats = function () {
    var popup = document.querySelector('.leaflet-popup-content');
    return JSON.stringify({
      markers: G.markers.size,
      grids: G.grids ? G.grids.getLayers().length : 0,
      picking: G.picking,
      selected: G.selected && G.selected.caseRow ? G.selected.caseRow[0] : null,
      popupText: popup ? popup.textContent : null,
      popupHtml: popup ? popup.innerHTML : null,
      zoom: G.map.getZoom()
    });
  };
  G.markerLatLng = function (id) {
    var m = G.markers.get(id);
    return m ? JSON.stringify([m.getLatLng().lat, m.getLatLng().lng]) : 'null';
  };
  G.clickMarker = function (id) {
    var m = G.markers.get(id);
    if (!m) { return false; }
    m.fire('click', {latlng: m.getLatLng()});
    return true;
  };
  window.GridMap = G;
})();
"""

PAGE_CSS = """
html, body { background: #eef0f2; }
.gm-popup { font: 13px/1.4 sans-serif; min-width: 140px; }
.gm-popup .gm-address { color: #374151; margin-top: 2px; }
.gm-grid { font: 12px/1.35 sans-serif; }
.gm-legend { background: rgba(255, 255, 255, 0.92); padding: 6px 8px; border-radius: 4px;
  box-shadow: 0 1px 4px rgba(0, 0, 0, 0.3); font: 11px/1.3 sans-serif; color: #111827;
  max-height: 60vh; overflow-y: auto; }
.gm-legend-title { font-weight: bold; margin: 4px 0 2px; }
.gm-legend-title:first-child { margin-top: 0; }
.gm-legend-row { display: flex; align-items: center; gap: 6px; white-space: nowrap; }
.gm-dot { display: inline-block; width: 10px; height: 10px; border-radius: 50%;
  border: 1px solid #1f2937; }
.gm-square { display: inline-block; width: 12px; height: 10px; border: 1px solid #4b5563; }
"""
