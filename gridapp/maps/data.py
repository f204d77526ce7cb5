"""What the map view shows, as plain JSON-ready values: grids, case points, tile source.

Reached from the UI as ``ws.maps``. Rows are compact lists so that 100,000 points
travel to the page as one small JSON array:
``[id, lon, lat, state, level, number, category name, address]`` where level is
0 none / 1 yellow / 2 red.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from shapely.geometry import mapping

from gridapp.maps import query as q
from gridapp.maps.tiles import TileSource
from gridapp.store.case_queries import CaseQuery

if TYPE_CHECKING:
    from gridapp.workspace import Workspace

__all__ = ["ADDRESS_CHARS", "TILES_KEY", "MapData"]

TILES_KEY = "map.tiles"
ADDRESS_CHARS = 80  # enough for a popup; keeps 100k rows small


def _round_coords(coords: Any, source: TileSource) -> Any:
    """Nested GeoJSON coordinates shifted for ``source`` and rounded (~10 cm), a ring at
    a time so a GCJ-02 source shifts whole rings in one vectorised call."""
    if isinstance(coords[0][0], (int, float)):
        xs, ys = source.to_display_many([c[0] for c in coords], [c[1] for c in coords])
        return [[round(x, 6), round(y, 6)] for x, y in zip(xs, ys, strict=True)]
    return [_round_coords(c, source) for c in coords]


class MapData:
    def __init__(self, ws: Workspace) -> None:
        self.ws = ws
        self._category_names: dict[str, str] | None = None  # code → name, built once
        self._page_dir: Path | None = None

    # -- grids ---------------------------------------------------------------------------

    def grid_counts(self) -> dict[str, int]:
        """Open cases per grid code in this user's scope (grids without any are absent)."""
        with self.ws.service.reading() as conn:
            return q.grid_counts(conn, self.ws.user)

    def grid_features(self, source: TileSource | None = None) -> dict:
        """The unit grids as a GeoJSON FeatureCollection, drawn for ``source`` (default:
        the configured one), each with code, names and its open-case count."""
        source = source or self.tile_source()
        counts = self.grid_counts()
        features = []
        for code in sorted(self.ws.reference.grids):
            g = self.ws.reference.grids[code]
            geom = mapping(g.polygon)
            features.append(
                {
                    "type": "Feature",
                    "geometry": {
                        "type": geom["type"],
                        "coordinates": _round_coords(geom["coordinates"], source),
                    },
                    "properties": {
                        "code": g.code,
                        "name": g.name,
                        "street": g.street_name,
                        "community": g.community_name,
                        "open": counts.get(g.code, 0),
                    },
                }
            )
        return {"type": "FeatureCollection", "features": features}

    def bounds(self) -> tuple[float, float, float, float] | None:
        """(min_lon, min_lat, max_lon, max_lat) of all grids, WGS-84."""
        return self.ws.reference.grid_index.bounds

    # -- case points ---------------------------------------------------------------------

    def case_points(
        self,
        query: CaseQuery | None = None,
        *,
        ids: Iterable[str] | None = None,
        source: TileSource | None = None,
    ) -> list[list]:
        """Every case matching ``query`` in this user's scope (paging ignored), as compact
        rows. With ``ids``, only those cases. With a GCJ-02 ``source``, lon/lat are the
        displayed (shifted) coordinates; without one they are the stored WGS-84 ones."""
        if self._category_names is None:
            self._category_names = {c.code: c.name for c in self.ws.catalog}
        names = self._category_names
        with self.ws.service.reading() as conn:
            rows = q.point_rows(
                conn, query or CaseQuery(), self.ws.user, self.ws.clock(), ids, ADDRESS_CHARS
            )
        # Stored points are already rounded to 1e-7 degree (about 1 cm).
        out = [
            [cid, lon, lat, state, level, number, names.get(cat, cat), address or ""]
            for cid, lon, lat, state, level, number, cat, address in rows
        ]
        if source is not None and source.gcj02 and out:
            # One numpy pass instead of a Python call per point (100k: ~0.5 s → ~0.05 s).
            xs, ys = source.to_display_many([r[1] for r in out], [r[2] for r in out])
            for row, lon, lat in zip(out, xs, ys, strict=True):
                row[1], row[2] = round(lon, 7), round(lat, 7)
        return out

    def point_of(self, case_id: str) -> tuple[float, float] | None:
        """The stored (WGS-84) point of a case this user may see, else None."""
        with self.ws.service.reading() as conn:
            rows = q.point_rows(conn, CaseQuery(), self.ws.user, self.ws.clock(), [case_id])
        return (rows[0][1], rows[0][2]) if rows else None

    # -- tiles ---------------------------------------------------------------------------

    def tile_source(self) -> TileSource:
        with self.ws.db.read() as conn:
            return TileSource.from_json(q.read_meta(conn, TILES_KEY))

    def set_tile_source(self, source: TileSource) -> None:
        """Kept in this laptop's store (not synced): each laptop has its own tiles."""
        with self.ws.db.write() as conn:
            q.write_meta(conn, TILES_KEY, source.to_json())

    def base_layer(self, source: TileSource | None = None) -> dict[str, Any] | None:
        """The page's base-layer options for a source (opens an MBTiles file for its zoom
        range and bounds; raises ValidationError if the file is gone or unusable)."""
        from gridapp.maps.mbtiles import describe_mbtiles

        source = source or self.tile_source()
        info = describe_mbtiles(source.url) if source.kind == "mbtiles" else None
        return source.layer_options(info)

    def open_mbtiles(self, source: TileSource | None = None):
        """The MBTiles reader of a source (default: the configured one), or None."""
        from gridapp.maps.mbtiles import MBTiles

        source = source or self.tile_source()
        return MBTiles(source.url) if source.kind == "mbtiles" else None

    # -- the page ------------------------------------------------------------------------

    def page_dir(self) -> Path:
        """Where the page and its scripts live: next to the store, or a temp folder."""
        if self._page_dir is None:
            path = getattr(self.ws.db, "path", None)
            if path is not None:
                self._page_dir = Path(path).parent / "map"
            else:
                self._page_dir = Path(tempfile.mkdtemp(prefix="gridapp-map-"))
        return self._page_dir

    def page_file(self) -> Path:
        """The Leaflet page, built once with folium (needs the UI extras). The same page
        serves every tile source: the base layer is set in it after loading."""
        from gridapp.maps.page import build_page

        return build_page(self.page_dir(), self.bounds())
