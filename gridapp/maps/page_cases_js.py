"""The page's cases (lib/gridmap_cases.js): cluster bubbles, case dots, selection, popups.

Loaded after ``gridmap.js`` and adding to the same ``GridMap`` object. The page never
holds the whole set of cases: Python clusters them (``gridapp.maps.cluster``) and the
page draws one view at a time.

- ``setCases({v, n, bounds, view, sel})``: a new set of ``n`` cases (version ``v``),
  with the first view's drawing when Python knew the view, and the selected case if it
  is still among them. ``casesShown(n)`` goes to Python once a view of it is drawn.
- On every move and zoom the page asks for what it shows, a little wider
  (``viewChanged(zoom, west, south, east, north)`` on the bridge) unless the last
  drawing still covers it; the answer comes back as ``drawView({v, z, b, n, c, p})``:
  bubbles ``c`` (a click zooms onto its cases) and the cases alone in their cell ``p``
  as ``[id, lon, lat, state, level]``.
- A click on a case selects it, opens its popup at once and tells Python
  (``caseClicked``), which sends the number, category and address (``setDetails``).
  ``selectCase(row, zoom)`` comes from the list: the view moves to the case, at least
  to the zoom where it stands alone. The selected case is drawn above everything in its
  own pane, so it stays in sight inside a bubble.

Case text reaches the page only through textContent; bubble counts are numbers.
"""

CASES_JS = r"""
(function () {
  'use strict';
  var G = window.GridMap;
  var SELECT_ZOOM = 16;
  var VIEW_PAD = 0.2;  // asked a fifth wider each side: a small pan needs no new answer
  G.markers = new Map();  // id → the dot drawn for it (cases alone in view, and the selected)
  G.selRow = null;  // [id, lon, lat, state, level, number, category, address] (details later)
  G.selected = null;
  G.popup = null;
  G.version = 0;  // of the set of cases Python holds; older answers are dropped
  G.total = 0;
  G.last = null;  // the drawn view
  G.asked = null;
  G.views = 0;
  G.pendingShown = false;
  G.casesBounds = null;

  var el = G.el;
  function call() { G.call.apply(null, arguments); }

  // -- what the page shows, and asking for it ----------------------------------------------

  function currentView() {
    var b = G.map.getBounds().pad(VIEW_PAD);
    return [G.map.getZoom(), b.getWest(), b.getSouth(), b.getEast(), b.getNorth()];
  }
  function covers(p) {
    if (!p || p.z !== G.map.getZoom()) { return false; }
    return L.latLngBounds([p.b[1], p.b[0]], [p.b[3], p.b[2]]).contains(G.map.getBounds());
  }
  // Python keeps the last view asked for and always answers the latest one, so the same
  // view is asked once (force: ask again, e.g. for a new set of cases).
  G.requestView = function (force) {
    if (!G.map) { return false; }
    var v = currentView(), key = v.join(',');
    if (!force && key === G.asked) { return false; }
    G.asked = key;
    call('viewChanged', v[0], v[1], v[2], v[3], v[4]);
    return true;
  };

  // -- drawing ------------------------------------------------------------------------------

  function popupContent(row) {
    var box = el('div', 'gm-popup');
    box.appendChild(el('b', 'gm-number', row[5] || '\u2026'));  // details come on click
    if (row[6]) { box.appendChild(el('div', 'gm-category', row[6])); }
    var state = G.labels[row[3]] || row[3];
    var level = row[4] ? (G.labels['level' + row[4]] || '') : '';
    box.appendChild(el('div', 'gm-state', level ? state + ' \u00b7 ' + level : state));
    if (row[7]) { box.appendChild(el('div', 'gm-address', row[7])); }
    return box;
  }
  function popupOpen() { return !!(G.popup && G.map.hasLayer(G.popup)); }
  function openPopup() {
    if (!G.selected) { return; }
    G.popup = L.popup({autoPan: true, offset: [0, -4]})
      .setLatLng(G.selected.getLatLng())
      .setContent(popupContent(G.selRow))
      .openOn(G.map);
  }
  function onDotClick(e) {
    if (G.picking) { return; }  // the click bubbles to the map: a pick
    var row = e.target.caseRow;
    G.selRow = row.slice(0);
    render();
    openPopup();
    call('caseClicked', row[0]);
  }
  function makeDot(row, selected) {
    var style = G.markerStyle(row[3], row[4] || 0, selected);
    if (selected) { style.renderer = G.selRenderer; }
    var m = L.circleMarker([row[2], row[1]], style);
    m.caseRow = row;
    m.on('click', onDotClick);
    return m;
  }
  function zoomOnto(c) {
    var b = L.latLngBounds([c[4], c[5]], [c[6], c[7]]);
    var max = G.map.getMaxZoom();
    var z = Math.min(G.map.getBoundsZoom(b, false, L.point(48, 48)), max);
    G.map.setView(b.getCenter(), Math.max(z, Math.min(G.map.getZoom() + 1, max)));
  }
  function makeBubble(c) {
    var n = c[2], text = String(n);
    var size = n < 10 ? 'small' : (n < 100 ? 'medium' : 'large');
    var width = Math.max(30, 12 + 8 * text.length);
    var box = el('div', 'gm-cluster gm-cluster-' + size + (c[3] ? ' gm-cluster-level' + c[3] : ''));
    box.appendChild(el('span', null, text));
    var title = (G.labels.clusterTitle || '{n}').split('{n}').join(text);
    var m = L.marker([c[0], c[1]], {
      icon: L.divIcon({html: box, className: 'gm-cluster-icon', iconSize: [width, 30]}),
      title: title, keyboard: false, bubblingMouseEvents: true  // a pick goes through
    });
    m.on('click', function () { if (!G.picking) { zoomOnto(c); } });
    return m;
  }
  // The drawn view's bubbles and dots, then the selected case over them.
  function render() {
    var p = G.last, sel = G.selRow ? G.selRow[0] : null, i;
    G.bubbles.clearLayers();
    G.dots.clearLayers();
    G.markers.clear();
    G.selected = null;
    if (p) {
      for (i = 0; i < p.c.length; i++) { G.bubbles.addLayer(makeBubble(p.c[i])); }
      for (i = 0; i < p.p.length; i++) {
        var row = p.p[i];
        if (row[0] === sel) { continue; }
        var m = makeDot(row, false);
        G.dots.addLayer(m);
        G.markers.set(row[0], m);
      }
    }
    if (G.selRow) {
      G.selected = makeDot(G.selRow, true);
      G.dots.addLayer(G.selected);
      G.markers.set(sel, G.selected);
    }
  }

  // -- from Python ----------------------------------------------------------------------------

  G.setCases = function (p) {
    var hadPopup = popupOpen();
    G.version = p.v;
    G.total = p.n;
    G.pendingShown = true;
    G.last = null;
    G.casesBounds = p.bounds ? L.latLngBounds(p.bounds) : null;
    G.selRow = p.sel || null;  // the selected case, if it is among these
    if (!G.selRow && G.popup) { G.map.closePopup(G.popup); }
    if (!p.view || !G.drawView(p.view)) {
      render();
      G.requestView(true);
    }
    if (G.selRow && hadPopup) { openPopup(); }
    return p.n;
  };
  G.drawView = function (p) {
    // Not before a first setCases, nor for cases replaced since.
    if (!p || !G.version || p.v < G.version) { return false; }
    G.version = p.v;
    G.total = p.n;
    if (p.z === null || p.z === undefined || p.z !== G.map.getZoom()) {
      G.requestView();  // the zoom moved on: its answer is asked for (or on its way)
      return false;
    }
    G.last = p;
    render();
    G.views += 1;
    if (G.pendingShown) {
      G.pendingShown = false;
      call('casesShown', G.total);
    }
    if (!covers(p)) { G.requestView(); }  // moved while the answer travelled
    return true;
  };
  G.selectCase = function (row, alone) {
    G.selRow = row;
    var z = Math.max(G.map.getZoom(), SELECT_ZOOM, alone || 0);
    G.map.setView([row[2], row[1]], Math.min(z, G.map.getMaxZoom()), {animate: false});
    render();
    openPopup();
    return true;
  };
  G.setDetails = function (row) {
    if (!G.selRow || G.selRow[0] !== row[0]) { return false; }
    G.selRow = row;
    if (G.selected) {
      G.selected.caseRow = row;
      G.selected.setLatLng([row[2], row[1]]);
      G.selected.setStyle(G.markerStyle(row[3], row[4] || 0, true));
    }
    if (popupOpen()) { G.popup.setLatLng([row[2], row[1]]).setContent(popupContent(row)); }
    return true;
  };
  G.clearSelection = function () {
    G.selRow = null;
    if (G.popup) { G.map.closePopup(G.popup); }
    render();
    return true;
  };

  // -- for tests and benches ------------------------------------------------------------------

  G.stats = function () {
    var popup = document.querySelector('.leaflet-popup-content');
    return JSON.stringify({
      markers: G.total,  // cases on the map, in bubbles or alone
      drawn: G.dots.getLayers().length,
      clusters: G.bubbles.getLayers().length,
      views: G.views,
      version: G.version,
      grids: G.grids ? G.grids.getLayers().length : 0,
      picking: G.picking,
      selected: G.selRow ? G.selRow[0] : null,
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

  // -- hook from gridmap.js -------------------------------------------------------------------

  G.initCases = function (map) {
    var pane = map.createPane('gmSelected');
    pane.style.zIndex = 620;  // over the bubbles (markers, 600), under tooltips and popups
    G.selRenderer = L.svg({pane: 'gmSelected'});
    G.dots = L.layerGroup().addTo(map);  // on the page's canvas
    G.bubbles = L.layerGroup().addTo(map);
    map.on('moveend', function () {
      if (G.bridge && !covers(G.last)) { G.requestView(); }
    });
  };
})();
"""

CASES_CSS = """
.gm-popup { font: 13px/1.4 sans-serif; min-width: 140px; }
.gm-popup .gm-address { color: #374151; margin-top: 2px; }
.gm-cluster-icon { background: none; border: none; }
.gm-cluster { box-sizing: border-box; width: 100%; height: 30px; border-radius: 15px;
  display: flex; align-items: center; justify-content: center; cursor: pointer;
  font: bold 12px/1 sans-serif; color: #1e1b4b; border: 2px solid #ffffff;
  box-shadow: 0 0 0 1px rgba(30, 27, 75, 0.35), 0 1px 3px rgba(0, 0, 0, 0.3); }
.gm-cluster-small { background: rgba(224, 231, 255, 0.92); }
.gm-cluster-medium { background: rgba(199, 210, 254, 0.92); }
.gm-cluster-large { background: rgba(165, 180, 252, 0.94); }
.gm-cluster-level1 { border: 3px solid #f59e0b; }
.gm-cluster-level2 { border: 3px solid #dc2626; }
"""
