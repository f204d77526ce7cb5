"""Case points clustered on the Python side with numpy, so the page draws only its view.

Why: Leaflet.markercluster took 0.7–1.1 s of a 50,000-case map in ``addLayers``, after
4.5 MB of JSON had crossed into the page; a district's year (700,000 cases) did not fit
at all. Here the points stay in Python. They are sorted once along a Z-order (Morton)
curve of Web-Mercator cells whose sizes are powers of two, so every zoom's screen cells
(128 px, 64 px from street level) are runs of that one order: a zoom's clusters are one
O(n) pass over the sorted arrays (cached per zoom), never a new sort. The page asks for
the clusters of what it shows (:meth:`PointIndex.view`): at most a few hundred bubbles
and the cases that stand alone in their cell, a few kilobytes of JSON.

Clusters are the same at a zoom whatever part of the map is asked for (a cell is a cell
of the world, not of the view), so panning never reshuffles them. Coordinates are the
displayed ones (shifted on a GCJ-02 base map before the index is built). No Qt here.
"""

from __future__ import annotations

import json
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable, Sequence
from operator import itemgetter
from typing import Any, NamedTuple

import numpy as np

__all__ = [
    "CLUSTER_OFF_AT",
    "MAX_ALONE",
    "MAX_ZOOM",
    "PointIndex",
    "cell_level",
    "js_value",
]

MAX_ZOOM = 20  # the page's deepest zoom (the page is built with it)
CLUSTER_OFF_AT = 18  # from here in every case is drawn alone (as with markercluster)…
MAX_ALONE = 3000  # …unless the view holds more than this: then it stays clustered
# A cluster's cell is 2^7 = 128 px, as wide as markercluster's 70-px radius used to gather:
# a district reads as a few dozen bubbles. From FINE_FROM it is 2^6 = 64 px, so a street
# shows its cases rather than a few big bubbles (at most ~430 in a padded laptop view).
CELL_BITS, FINE_CELL_BITS, FINE_FROM = 7, 6, 14
_BITS = 30  # the index's finest cells: 2^30 across the world (about 4 cm)
_CACHED_ZOOMS = 6  # per-zoom cluster arrays kept (each at most ~9 numbers per case)
_LAT_LIMIT = 85.05112878  # Web Mercator's edge
# Shifts and masks that spread 30 bits of x and y over alternate bits of one uint64.
_SPREAD = [(16, 0x0000FFFF0000FFFF), (8, 0x00FF00FF00FF00FF), (4, 0x0F0F0F0F0F0F0F0F),
           (2, 0x3333333333333333), (1, 0x5555555555555555)]  # fmt: skip

Row = Sequence[Any]  # (id, lon, lat, state, level)
Shift = Callable[[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]


def cell_level(zoom: int) -> int:
    """log2 of the cells across the world at ``zoom``: 2^(z+8) px in 2^7- or 2^6-px cells.
    A cell at one zoom is whole cells at the next, as the one sort needs."""
    return zoom + 8 - (FINE_CELL_BITS if zoom >= FINE_FROM else CELL_BITS)


def js_value(value: Any) -> str:
    """``value`` as a JSON literal to splice into a script for the page.

    Text stays data: JSON escapes quotes and backslashes, and the two line separators a
    script parser of an older engine would end a string at are escaped too.
    """
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def _spread(v: np.ndarray) -> np.ndarray:
    v = v.astype(np.uint64)
    for shift, mask in _SPREAD:
        v = (v | (v << np.uint64(shift))) & np.uint64(mask)
    return v


def _morton(lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
    """Z-order keys of points at the finest level (``_BITS`` per axis)."""
    scale = float(1 << _BITS)
    top = (1 << _BITS) - 1
    x = (lon + 180.0) / 360.0
    s = np.sin(np.radians(np.clip(lat, -_LAT_LIMIT, _LAT_LIMIT)))
    y = 0.5 - np.log((1.0 + s) / (1.0 - s)) / (4.0 * np.pi)
    qx = np.clip(np.floor(x * scale), 0, top)
    qy = np.clip(np.floor(y * scale), 0, top)
    return _spread(qx) | (_spread(qy) << np.uint64(1))


class _Cells(NamedTuple):
    """One zoom's occupied cells, in index order: where each starts, how many cases,
    their mean point, their extent and the worst deadline level inside."""

    start: np.ndarray
    count: np.ndarray
    lon: np.ndarray
    lat: np.ndarray
    west: np.ndarray
    south: np.ndarray
    east: np.ndarray
    north: np.ndarray
    level: np.ndarray


class PointIndex:
    """Case points (displayed lon/lat, state, deadline level) sorted for clustering.

    Immutable once built: a change makes a new index (:meth:`replace`), so a view can
    be computed on one thread while another builds the next index. Only the per-zoom
    cache changes, under a lock.
    """

    def __init__(
        self,
        ids: np.ndarray,
        lon: np.ndarray,
        lat: np.ndarray,
        state: np.ndarray,
        level: np.ndarray,
        states: Sequence[str],
        hashes: np.ndarray | None = None,
        keys: np.ndarray | None = None,
    ) -> None:
        """Arrays of one length; ``state`` holds positions in ``states``, ``hashes``
        the ids' ``hash()`` (computed when not given). Without ``keys`` the arrays are
        sorted here; with them they are already in key order."""
        if hashes is None:
            hashes = np.fromiter(map(hash, ids), np.int64, len(ids))
        if keys is None:
            keys = _morton(lon, lat)
            order = np.argsort(keys, kind="stable")  # equal keys keep the given order
            keys, ids, lon, lat = keys[order], ids[order], lon[order], lat[order]
            state, level, hashes = state[order], level[order], hashes[order]
        self._keys, self._ids, self._lon, self._lat = keys, ids, lon, lat
        self._state, self._level = state, level
        # Looking a case up by id compares these integers, not 700,000 strings scattered
        # over the heap by the sort (0.2 s → 2 ms); a hit is then checked by its id.
        self._hash = hashes
        self.states: tuple[str, ...] = tuple(states)
        self._cache: OrderedDict[int, _Cells] = OrderedDict()
        self._lock = threading.Lock()

    # -- building ------------------------------------------------------------------------

    @classmethod
    def from_rows(cls, chunks: Iterable[Sequence[Row]], shift: Shift | None = None) -> PointIndex:
        """An index of ``(id, lon, lat, state, level)`` rows given in chunks (as fetched
        from the database), lon/lat passed through ``shift`` (a datum change for
        display) first. Columns are taken out with ``itemgetter`` into numpy arrays, a
        chunk at a time: no Python object per row survives the chunk."""
        names: dict[str, int] = {}
        parts: list[tuple[np.ndarray, ...]] = []
        for chunk in chunks:
            n = len(chunk)
            if not n:
                continue
            ids = list(map(itemgetter(0), chunk))
            states = list(map(itemgetter(3), chunk))
            for name in sorted(set(states) - names.keys()):
                names[name] = len(names)
            parts.append(
                (
                    np.array(ids, dtype=object),
                    np.fromiter(map(hash, ids), np.int64, n),
                    np.fromiter(map(itemgetter(1), chunk), np.float64, n),
                    np.fromiter(map(itemgetter(2), chunk), np.float64, n),
                    np.fromiter(map(names.__getitem__, states), np.uint16, n),
                    np.fromiter(map(itemgetter(4), chunk), np.uint8, n),
                )
            )
        if parts:
            cols = [np.concatenate(c) for c in zip(*parts, strict=True)]
            ids, hashes, lon, lat, state, level = cols
        else:
            ids, hashes = np.empty(0, dtype=object), np.empty(0, np.int64)
            lon, lat = np.empty(0), np.empty(0)
            state, level = np.empty(0, np.uint16), np.empty(0, np.uint8)
        if shift is not None and len(lon):
            lon, lat = shift(lon, lat)
        return cls(ids, lon, lat, state, level, list(names), hashes)

    def replace(self, rows: Sequence[Row], drop: Iterable[str] = ()) -> PointIndex:
        """A new index without the cases in ``drop`` or in ``rows``, and with ``rows``
        (already shifted for display) added: a live change in O(n) array copies,
        no new sort."""
        gone = set(drop) | {str(r[0]) for r in rows}
        keep = np.ones(self.total, dtype=bool)
        for i in self._find(gone):
            keep[i] = False
        ids, lon, lat = self._ids[keep], self._lon[keep], self._lat[keep]
        state, level, keys = self._state[keep], self._level[keep], self._keys[keep]
        hashes = self._hash[keep]
        states = list(self.states)
        if rows:
            add = PointIndex.from_rows([rows])
            codes = {name: i for i, name in enumerate(states)}
            for name in add.states:
                if name not in codes:
                    codes[name] = len(states)
                    states.append(name)
            remap = np.array([codes[name] for name in add.states], dtype=np.uint16)
            at = np.searchsorted(keys, add._keys, side="right")
            ids = np.insert(ids, at, add._ids)
            hashes = np.insert(hashes, at, add._hash)
            lon, lat = np.insert(lon, at, add._lon), np.insert(lat, at, add._lat)
            state = np.insert(state, at, remap[add._state])
            level = np.insert(level, at, add._level)
            keys = np.insert(keys, at, add._keys)
        return PointIndex(ids, lon, lat, state, level, states, hashes, keys)

    # -- reading -------------------------------------------------------------------------

    @property
    def total(self) -> int:
        return len(self._ids)

    def bounds(self) -> tuple[float, float, float, float] | None:
        """(west, south, east, north) of every point, or None when there are none."""
        if not self.total:
            return None
        return (float(self._lon.min()), float(self._lat.min()),
                float(self._lon.max()), float(self._lat.max()))  # fmt: skip

    def row(self, case_id: str) -> list[Any] | None:
        """``[id, lon, lat, state, level]`` of one indexed case, else None."""
        hits = self._find({case_id})
        return self._row(hits[0]) if hits else None

    def _find(self, ids: set[str]) -> list[int]:
        """Positions of the given ids (matched by hash, then by the id itself)."""
        if not ids or not self.total:
            return []
        wanted = np.fromiter((hash(i) for i in ids), np.int64, len(ids))
        near = np.flatnonzero(np.isin(self._hash, wanted))
        return [int(i) for i in near if self._ids[i] in ids]

    def _row(self, i: int) -> list[Any]:
        return [self._ids[i], float(self._lon[i]), float(self._lat[i]),
                self.states[self._state[i]], int(self._level[i])]  # fmt: skip

    def _rows(self, at: np.ndarray) -> list[list[Any]]:
        names = self.states
        return [
            [cid, lon, lat, names[s], lv]
            for cid, lon, lat, s, lv in zip(
                self._ids[at].tolist(),
                self._lon[at].tolist(),
                self._lat[at].tolist(),
                self._state[at].tolist(),
                self._level[at].tolist(),
                strict=True,
            )
        ]

    def count_near(self, lon: float, lat: float, zoom: int) -> int:
        """Cases in the cell of (lon, lat) at ``zoom`` (two binary searches)."""
        key = int(_morton(np.array([lon]), np.array([lat]))[0])
        shift = 2 * (_BITS - cell_level(zoom))
        lo = (key >> shift) << shift
        hi = lo + (1 << shift)
        a, b = np.searchsorted(self._keys, np.array([lo, hi], dtype=np.uint64))
        return int(b - a)

    def alone_zoom(self, lon: float, lat: float) -> int:
        """The first zoom at which the point's cell holds no other case, so the case is
        drawn by itself (``CLUSTER_OFF_AT`` at the most)."""
        for zoom in range(CLUSTER_OFF_AT):
            if self.count_near(lon, lat, zoom) <= 1:
                return zoom
        return CLUSTER_OFF_AT

    def cells(self, zoom: int) -> _Cells:
        """The clusters of ``zoom`` over the whole index (computed once, then cached)."""
        with self._lock:
            cached = self._cache.get(zoom)
            if cached is not None:
                self._cache.move_to_end(zoom)
                return cached
        cells = self._make_cells(zoom)
        with self._lock:
            self._cache[zoom] = cells
            while len(self._cache) > _CACHED_ZOOMS:
                self._cache.popitem(last=False)
        return cells

    def _make_cells(self, zoom: int) -> _Cells:
        n = self.total
        if not n:
            empty = np.empty(0)
            return _Cells(np.empty(0, np.int64), np.empty(0, np.int64), *([empty] * 6),
                          np.empty(0, np.uint8))  # fmt: skip
        k = self._keys >> np.uint64(2 * (_BITS - cell_level(zoom)))
        start = np.flatnonzero(np.concatenate(([True], k[1:] != k[:-1])))
        count = np.diff(np.append(start, n))
        return _Cells(
            start,
            count,
            np.add.reduceat(self._lon, start) / count,
            np.add.reduceat(self._lat, start) / count,
            np.minimum.reduceat(self._lon, start),
            np.minimum.reduceat(self._lat, start),
            np.maximum.reduceat(self._lon, start),
            np.maximum.reduceat(self._lat, start),
            np.maximum.reduceat(self._level, start),
        )

    def view(self, zoom: float, west: float, south: float, east: float, north: float) -> dict:
        """What the page draws for a view: ``{"z", "b", "n", "c", "p"}``.

        ``c``: clusters inside the bounds as ``[lat, lon, count, worst level, south,
        west, north, east]`` (the last four frame the cases, for a click to zoom onto);
        ``p``: cases alone in their cell as ``[id, lon, lat, state, level]``. From
        ``CLUSTER_OFF_AT`` every case in view is alone unless there are more than
        ``MAX_ALONE``. ``n`` is every case in the index; ``b`` echoes the bounds.
        """
        z = max(0, min(MAX_ZOOM, round(zoom)))
        out: dict[str, Any] = {"z": z, "b": [west, south, east, north], "n": self.total}
        if z >= CLUSTER_OFF_AT:
            inside = np.flatnonzero(_within(self._lon, self._lat, west, south, east, north))
            if len(inside) <= MAX_ALONE:
                out["c"], out["p"] = [], self._rows(inside)
                return out
        cells = self.cells(z)
        at = np.flatnonzero(_within(cells.lon, cells.lat, west, south, east, north))
        one = cells.count[at] == 1
        alone, many = at[one], at[~one]
        out["p"] = self._rows(cells.start[alone])
        cols = [cells.lat, cells.lon, cells.count, cells.level, cells.south, cells.west,
                cells.north, cells.east]  # fmt: skip
        picked = [np.round(c[many], 7) if c.dtype.kind == "f" else c[many] for c in cols]
        out["c"] = [list(c) for c in zip(*(p.tolist() for p in picked), strict=True)]
        return out


def _within(
    lon: np.ndarray, lat: np.ndarray, west: float, south: float, east: float, north: float
) -> np.ndarray:
    return (lon >= west) & (lon <= east) & (lat >= south) & (lat <= north)
