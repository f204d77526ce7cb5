"""Offline Leaflet assets: copied from the installed xstatic packages next to the page.

The page never loads anything from a CDN: Leaflet and jQuery are files in
``<page folder>/lib`` and folium is pointed at them by relative URL. Cases are
clustered in Python (``gridapp.maps.cluster``): no clustering plugin in the page.
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

from gridapp.maps.page_cases_js import CASES_CSS, CASES_JS
from gridapp.maps.page_js import GRIDMAP_JS, PAGE_CSS
from gridapp.maps.page_layers_js import LAYERS_CSS, LAYERS_JS

__all__ = ["LIB", "asset_version", "install_assets", "local_css", "local_js"]

LIB = "lib"
# (file in the page's lib folder, xstatic package, file in that package)
_FILES = (
    ("leaflet.js", "leaflet", "leaflet.js"),
    ("leaflet.css", "leaflet", "leaflet.css"),
    ("jquery.min.js", "jquery", "jquery.min.js"),
)


def _package_dir(name: str) -> Path:
    import importlib

    return Path(importlib.import_module(f"xstatic.pkg.{name}").BASE_DIR)


def _generated() -> dict[str, str]:
    return {
        "gridmap.js": GRIDMAP_JS,
        "gridmap_layers.js": LAYERS_JS,
        "gridmap_cases.js": CASES_JS,
        "gridmap.css": PAGE_CSS + LAYERS_CSS + CASES_CSS,
    }


def asset_version() -> str:
    """Changes when any shipped asset changes (part of the page's cache key)."""
    h = hashlib.sha256()
    for target, pkg, name in _FILES:
        h.update(f"{target}:{pkg}:{(_package_dir(pkg) / name).stat().st_size}".encode())
    for name, text in sorted(_generated().items()):
        h.update(name.encode() + text.encode())
    return h.hexdigest()[:12]


def install_assets(folder: Path) -> Path:
    """Copy the scripts, styles and images into ``folder/lib`` (idempotent)."""
    lib = Path(folder) / LIB
    (lib / "images").mkdir(parents=True, exist_ok=True)
    for target, pkg, name in _FILES:
        src = _package_dir(pkg) / name
        dst = lib / target
        if not dst.exists() or dst.stat().st_size != src.stat().st_size:
            shutil.copyfile(src, dst)
    images = _package_dir("leaflet") / "images"
    for src in images.glob("*.png"):
        dst = lib / "images" / src.name
        if not dst.exists():
            shutil.copyfile(src, dst)
    for name, text in _generated().items():
        dst = lib / name
        if not dst.exists() or dst.read_text(encoding="utf-8") != text:
            tmp = dst.with_suffix(".tmp")
            tmp.write_text(text, encoding="utf-8")
            tmp.replace(dst)
    return lib


def local_js() -> list[tuple[str, str]]:
    return [
        ("leaflet", f"{LIB}/leaflet.js"),
        ("jquery", f"{LIB}/jquery.min.js"),
    ]


def local_css() -> list[tuple[str, str]]:
    return [("leaflet_css", f"{LIB}/leaflet.css"), ("gridmap_css", f"{LIB}/gridmap.css")]
