"""What the map view shows, as plain JSON-ready values: grids, case points, tile source.

Reached from the UI as ``ws.maps``. The cases to draw are a :class:`PointIndex`
(``point_index``): clustered in Python, the page gets only what it shows. One case's
popup reads a compact row ``[id, lon, lat, state, level, number, category name,
address]`` (``case_points`` with ``ids``) where level is 0 none / 1 yellow / 2 red.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from shapely.geometry import mapping

from gridapp.domain.roles import Role
from gridapp.maps import query as q
from gridapp.maps.cluster import PointIndex
from gridapp.maps.outlines import grid_label_points, outlines_of, region_outlines
from gridapp.maps.tiles import DISTRICT_TILES_KEY, TileSource
from gridapp.store.case_queries import CaseQuery
from gridapp.store.meta_values import meta_value, set_meta_value

if TYPE_CHECKING:
    from gridapp.workspace import Workspace

__all__ = ["ADDRESS_CHARS", "DISTRICT_TILES_KEY", "MIN_SPAN", "TILES_KEY", "MapData"]

TILES_KEY = "map.tiles"
ADDRESS_CHARS = 80  # enough for a popup; keeps 100k rows small
MIN_SPAN = 0.004  # degrees (~400 m): a first view never zooms onto a single point

Bounds = tuple[float, float, float, float]


def _widen(b: Bounds) -> Bounds:
    """Bounds at least MIN_SPAN wide and tall (one case or one grid alone)."""
    w, s, e, n = b
    if e - w < MIN_SPAN:
        mid = (w + e) / 2
        w, e = mid - MIN_SPAN / 2, mid + MIN_SPAN / 2
    if n - s < MIN_SPAN:
        mid = (s + n) / 2
        s, n = mid - MIN_SPAN / 2, mid + MIN_SPAN / 2
    return (w, s, e, n)


def _grid_bounds(grids: Iterable[Any]) -> Bounds | None:
    boxes = [g.polygon.bounds for g in grids]
    if not boxes:
        return None
    return (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )


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
        self._grid_labels: tuple[Any, dict[str, tuple[float, float]]] | None = None

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
        mine = self.scope_grid_codes()
        labels = self._label_points()
        # The user's own grids first: the page brings grids to the back one by one, which
        # reverses them, so these are drawn last and their outline is not overdrawn.
        codes = sorted(self.ws.reference.grids, key=lambda c: (c not in mine, c))
        lx, ly = source.to_display_many(
            [labels[c][0] for c in codes], [labels[c][1] for c in codes]
        )
        features = []
        for i, code in enumerate(codes):
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
                        "mine": g.code in mine,
                        "label": [round(ly[i], 6), round(lx[i], 6)],
                    },
                }
            )
        return {"type": "FeatureCollection", "features": features}

    def _label_points(self) -> dict[str, tuple[float, float]]:
        ref = self.ws.reference
        if self._grid_labels is None or self._grid_labels[0] is not ref:
            self._grid_labels = (ref, grid_label_points(list(ref.grids.values())))
        return self._grid_labels[1]

    def outline_features(self, source: TileSource | None = None) -> dict:
        """Street and community boundaries with their names and label points, as
        GeoJSON lines drawn for ``source`` (the offline base's "streets and names")."""
        source = source or self.tile_source()
        return region_outlines(outlines_of(self.ws.reference), source.to_display_many)

    def bounds(self) -> tuple[float, float, float, float] | None:
        """(min_lon, min_lat, max_lon, max_lat) of all grids, WGS-84."""
        return self.ws.reference.grid_index.bounds

    def scope_bounds(self) -> Bounds | None:
        """Where this user's first view should be (WGS-84 w, s, e, n).

        A grid officer: their own grids. Town (街道/镇) staff: their street's grids. A
        department: its open cases (all its cases if none is open). District staff,
        supervisors and admins: the whole district. Falls back to the district when
        the scope is empty (an officer without grids, a department without cases).
        """
        user = self.ws.user
        grids = self.ws.reference.grids
        found: Bounds | None = None
        if user.role is Role.GRID_OFFICER:
            found = _grid_bounds(grids[c] for c in sorted(user.grid_codes) if c in grids)
            if found is None:
                found = self._case_extent()
        elif user.role is Role.DEPARTMENT:
            found = self._case_extent()
        elif user.role.is_command_staff and user.street_code is not None:
            found = _grid_bounds(g for g in grids.values() if g.street_code == user.street_code)
        if found is None:
            found = self.bounds()
        return _widen(found) if found is not None else None

    def scope_grid_codes(self) -> frozenset[str]:
        """The grids this user is responsible for, drawn outlined: an officer's own
        grids, a town centre's street. Empty for everyone else."""
        user = self.ws.user
        if user.role is Role.GRID_OFFICER:
            return frozenset(user.grid_codes)
        if user.role.is_command_staff and user.street_code is not None:
            grids = self.ws.reference.grids.values()
            return frozenset(g.code for g in grids if g.street_code == user.street_code)
        return frozenset()

    def _case_extent(self) -> Bounds | None:
        with self.ws.service.reading() as conn:
            return q.case_extent(conn, self.ws.user, True) or q.case_extent(
                conn, self.ws.user, False
            )

    def display_bounds(
        self, bounds: Bounds | None, source: TileSource | None = None
    ) -> list[list[float]] | None:
        """Leaflet bounds [[south, west], [north, east]] of WGS-84 ``bounds`` as drawn
        on ``source``'s tiles (shifted on a GCJ-02 base)."""
        if bounds is None:
            return None
        source = source or self.tile_source()
        xs, ys = source.to_display_many([bounds[0], bounds[2]], [bounds[1], bounds[3]])
        return [[round(ys[0], 6), round(xs[0], 6)], [round(ys[1], 6), round(xs[1], 6)]]

    def district_name(self) -> str:
        """The district's name ("淄博市周村区"), for the map's attribution line: the grid
        data is the district's own; empty when the store does not say."""
        try:
            return self.ws.reports.district().name
        except Exception:  # reports unavailable in a trimmed install: no name, no failure
            return ""

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

    def point_index(
        self, query: CaseQuery | None = None, *, source: TileSource | None = None
    ) -> PointIndex:
        """Every case matching ``query`` in this user's scope (paging ignored), indexed
        for clustering at the points drawn on ``source``'s tiles (shifted on GCJ-02,
        rounded as ``case_points`` rounds them, so a case's marker and popup agree)."""
        shift = None
        if source is not None and source.gcj02:

            def shift(lon: Any, lat: Any) -> tuple[Any, Any]:
                from gridapp.maps.gcj import wgs84_to_gcj02_many

                xs, ys = wgs84_to_gcj02_many(lon, lat)
                return xs.round(7), ys.round(7)

        with self.ws.service.reading() as conn:
            chunks = q.cluster_chunks(conn, query or CaseQuery(), self.ws.user, self.ws.clock())
            return PointIndex.from_rows(chunks, shift)

    def point_of(self, case_id: str) -> tuple[float, float] | None:
        """The stored (WGS-84) point of a case this user may see, else None."""
        with self.ws.service.reading() as conn:
            rows = q.point_rows(conn, CaseQuery(), self.ws.user, self.ws.clock(), [case_id])
        return (rows[0][1], rows[0][2]) if rows else None

    # -- tiles ---------------------------------------------------------------------------

    def tile_source(self) -> TileSource:
        """This laptop's own choice, else the district's base map, else no tiles."""
        with self.ws.db.read() as conn:
            own = meta_value(conn, TILES_KEY)
            return TileSource.from_json(own or meta_value(conn, DISTRICT_TILES_KEY))

    def set_tile_source(self, source: TileSource) -> None:
        """Kept in this laptop's store (not synced): each laptop has its own tiles."""
        with self.ws.db.write() as conn:
            set_meta_value(conn, TILES_KEY, source.to_json())

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
