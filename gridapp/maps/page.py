"""Build the map page once with folium: Leaflet from local files.

The page holds an empty grid layer plus the ``GridMap`` API (``lib/gridmap.js``,
``gridmap_layers.js``, ``gridmap_cases.js``); grids, the clusters and cases of the
current view and the base tile layer are pushed in after load, so one page serves every
tile source and changing the base map never reloads it. It is rebuilt only when the
shipped assets change (``PAGE_VERSION`` is part of its file name: a new version is a
new file, so a page cached next to the store by an older build is never reused).
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from gridapp.maps import assets
from gridapp.maps.cluster import MAX_ZOOM  # deeper than any tiles: Leaflet scales them

__all__ = ["CSP", "DEFAULT_CENTER", "MAX_ZOOM", "PAGE_VERSION", "build_page"]

PAGE_VERSION = "5"  # 5: clusters come from Python (no markercluster in the page)
DEFAULT_CENTER = (36.80, 117.87)  # 周村区 (lat, lon)
QWEBCHANNEL_JS = "qrc:///qtwebchannel/qwebchannel.js"
_LOCAL = "'self' file: qrc: data: mbtiles:"
# Scripts and styles only ever come from the page's own files; images may also come
# from an online XYZ server, so the base map can change without rebuilding the page.
CSP = f"default-src {_LOCAL} 'unsafe-inline'; img-src {_LOCAL} https: http:"


def _cache_key(bounds: tuple[float, float, float, float] | None) -> str:
    text = json.dumps([PAGE_VERSION, assets.asset_version(), bounds])
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def build_page(folder: Path, bounds: tuple[float, float, float, float] | None = None) -> Path:
    """The page file in ``folder`` (written once, then reused)."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    assets.install_assets(folder)
    path = folder / f"map-{_cache_key(bounds)}.html"
    if path.exists():
        return path
    html = render_page(bounds)
    tmp = path.with_name(path.name + f".{os.getpid()}.tmp")
    tmp.write_text(html, encoding="utf-8")
    tmp.replace(path)
    return path


def render_page(bounds: tuple[float, float, float, float] | None) -> str:
    import folium
    from branca.element import Element, JavascriptLink, MacroElement
    from jinja2 import Template

    # Until GridMap.setScope frames the user's area, the page centres on the district.
    if bounds is not None:
        center = ((bounds[1] + bounds[3]) / 2, (bounds[0] + bounds[2]) / 2)
    else:
        center = DEFAULT_CENTER
    fmap = folium.Map(
        location=list(center),
        zoom_start=12,
        tiles=None,
        maxZoom=MAX_ZOOM,  # folium's max_zoom only reaches a tile layer
        minZoom=3,
        prefer_canvas=True,
        control_scale=False,  # a metric-only scale is added in gridmap.js
    )
    fmap.default_js = assets.local_js()
    fmap.default_css = assets.local_css()
    # No folium fit_bounds: on a loaded map it is an animated zoom, which a page laid
    # out while hidden runs only when first painted, after (and over) the first view
    # set from Python (GridMap.setScope).

    class _Api(MacroElement):
        _template = Template(
            "{% macro script(this, kwargs) %}GridMap.init({{ this.map }}, {});{% endmacro %}"
        )

        def __init__(self) -> None:
            super().__init__()
            self._name = "GridMapApi"
            self.map = fmap.get_name()

    _Api().add_to(fmap)
    root = fmap.get_root()
    root.header.add_child(
        Element(f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'), name="csp"
    )
    root.header.add_child(JavascriptLink(QWEBCHANNEL_JS), name="qwebchannel")
    root.header.add_child(JavascriptLink(f"{assets.LIB}/gridmap.js"), name="gridmap")
    root.header.add_child(JavascriptLink(f"{assets.LIB}/gridmap_layers.js"), name="gridmap_layers")
    root.header.add_child(JavascriptLink(f"{assets.LIB}/gridmap_cases.js"), name="gridmap_cases")
    return root.render()
