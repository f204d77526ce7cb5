"""The cases of a MapView: clustered in Python, the page drawing only what it shows.

``show`` reads the matching cases into a :class:`gridapp.maps.cluster.PointIndex` on
the ``db`` lane (SQL) and sends the page the first view's clusters. After that the page
asks for its view on every move and zoom (``viewChanged`` on the bridge); the answer is
worked out from the index on the ``map`` lane, numpy off the GUI thread and never queued
behind the database. Asks that pile up while one is worked on are answered once, for
the latest view. A case's number, category and address are read when it is clicked or
selected. A live change makes a new index from the current one (``PointIndex.replace``)
instead of reading every case again.

Every index gets a version; the page drops answers for an older one.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from gridapp.maps.cluster import PointIndex, js_value
from gridapp.workspace import CaseQuery

if TYPE_CHECKING:
    from ui.map.map_view import MapView

LANE = "map"  # clustering answers: not behind the db lane's list and detail reads

View = tuple[float, float, float, float, float]  # zoom, west, south, east, north


class CaseLayer:
    """Which cases the page shows and how: index, its version, the page's view, the
    selected case. Driven by the MapView, answering on the GUI thread."""

    def __init__(self, view: MapView) -> None:
        self.view = view
        self.index: PointIndex | None = None
        self.version = 0
        self.query: CaseQuery | None = None
        self.selected: str | None = None
        self.at: View | None = None  # the page's last asked-for view
        self._asked = 0  # show() calls: the answer for a query asked for since is dropped
        self._busy = False
        self._again = False

    def page_loaded(self) -> None:
        """A new page knows no cases yet and will say what it shows; the cases are read
        again for it (``MapView`` shows them once it is ready)."""
        self.at = None
        self.index = None

    # -- a new set of cases ----------------------------------------------------------------

    def show(self, query: CaseQuery | None) -> None:
        self.query = query
        self._asked += 1
        asked, source, selected, at = self._asked, self.view.source, self.selected, self.at
        maps = self.view.ws.maps

        def read() -> tuple[PointIndex, dict | None, list | None]:
            index = maps.point_index(query, source=source)
            first = index.view(*at) if at is not None else None
            row = None
            if selected is not None and index.row(selected) is not None:
                rows = maps.case_points(None, ids=[selected], source=source)
                row = rows[0] if rows else None
            return index, first, row

        def push(result: tuple[PointIndex, dict | None, list | None]) -> None:
            if asked != self._asked:
                return  # another query was asked for meanwhile: its answer follows
            index, first, row = result
            self._accept(index)
            if row is None:
                self.selected = None
            if first is not None:
                first["v"] = self.version
            b = index.bounds()
            payload = {
                "v": self.version,
                "n": index.total,
                "bounds": [[b[1], b[0]], [b[3], b[2]]] if b else None,
                "view": first,
                "sel": row,
            }
            self.view._run(f"GridMap.setCases({js_value(payload)})")

        self.view.runner.submit(read, push, self.view._failed, lane="db")

    def _accept(self, index: PointIndex) -> None:
        self.index = index
        self.version += 1

    # -- the page's view -----------------------------------------------------------------

    def view_changed(self, *view: float) -> None:
        """The page shows ``(zoom, west, south, east, north)``: answer it when free."""
        self.at = view  # type: ignore[assignment]
        if self.index is None:
            return  # kept for the first view of show()
        if self._busy:
            self._again = True
            return
        self._answer()

    def _answer(self) -> None:
        index, version, at = self.index, self.version, self.at
        if index is None or at is None:
            return
        self._busy, self._again = True, False

        def work() -> str:
            payload = index.view(*at)
            payload["v"] = version
            return js_value(payload)

        def done(text: str) -> None:
            self._busy = False
            self.view._run(f"GridMap.drawView({text})")
            if self._again or self.index is not index:
                self._answer()

        def failed(exc: BaseException) -> None:
            self._busy = False
            self.view._failed(exc)

        self.view.runner.submit(work, done, failed, lane=LANE)

    # -- one case --------------------------------------------------------------------------

    def select(self, case_id: str) -> None:
        """Go to a case (at least where it stands alone), select it, open its popup."""
        source, index, maps = self.view.source, self.index, self.view.ws.maps

        def fetch() -> tuple[list, int] | None:
            rows = maps.case_points(None, ids=[case_id], source=source)
            if not rows:
                return None  # not this user's to see
            row = rows[0]
            return row, (index.alone_zoom(row[1], row[2]) if index is not None else 0)

        def push(result: tuple[list, int] | None) -> None:
            if result is None:
                return
            row, alone = result
            self.selected = row[0]
            self.view._run(f"GridMap.selectCase({js_value(row)},{alone})")

        self.view.runner.submit(fetch, push, self.view._failed, lane="db")

    def clicked(self, case_id: str) -> None:
        """The page selected a case on a click: send it the case's details."""
        self.selected = case_id
        source, maps = self.view.source, self.view.ws.maps

        def fetch() -> list:
            return maps.case_points(None, ids=[case_id], source=source)

        def push(rows: list) -> None:
            if rows:
                self.view._run(f"GridMap.setDetails({js_value(rows[0])})")

        self.view.runner.submit(fetch, push, self.view._failed, lane="db")

    # -- live changes ------------------------------------------------------------------------

    def refresh(self, case_ids: Iterable[str], counts: bool = True) -> None:
        """Read the given cases again and redraw what changed; then the grid counts,
        apart: counting a district's year takes ~1 s, the cases themselves a few ms."""
        ids = sorted(set(case_ids))
        if not ids:
            return
        query, source, asked, maps = self.query, self.view.source, self._asked, self.view.ws.maps

        def fetch() -> tuple[list, list]:
            rows = maps.case_points(query, ids=ids, source=source)
            found = {r[0] for r in rows}
            return rows, [i for i in ids if i not in found]

        def got(result: tuple[list, list]) -> None:
            rows, gone = result
            if asked != self._asked:  # read for another query: read again for this one
                self.refresh(ids, counts=False)
                return
            parts = self._selection_after(rows, gone)
            if parts:
                self.view._run("".join(parts) + "true")
            self._change([r[:5] for r in rows], gone, ids)

        def recount(grid_counts: dict) -> None:
            self.view._run(f"GridMap.setGridCounts({js_value(grid_counts)})")

        self.view.runner.submit(fetch, got, self.view._failed, lane="db")
        if counts:
            self.view.runner.submit(maps.grid_counts, recount, self.view._failed, lane="db")

    def remove(self, case_id: str) -> None:
        self.view._run("".join(self._selection_after([], [case_id])) + "true")
        self._change([], [case_id], None)  # gone from any set of cases

    def _selection_after(self, rows: list, gone: list) -> list[str]:
        if self.selected in gone:
            self.selected = None
            return ["GridMap.clearSelection();"]
        return [f"GridMap.setDetails({js_value(r)});" for r in rows if r[0] == self.selected]

    def _change(self, rows: list[list[Any]], gone: list[str], ids: list[str] | None) -> None:
        """Apply read rows (and cases gone) to the index; ``ids`` were read for the
        current query and are read again if another query is shown meanwhile."""
        base, at, asked = self.index, self.at, self._asked
        if base is None:
            return  # no cases shown yet: show() reads them all

        def work() -> tuple[PointIndex, dict]:
            new = base.replace(rows, gone)
            return new, (new.view(*at) if at is not None else {"n": new.total, "z": None})

        def done(result: tuple[PointIndex, dict]) -> None:
            if self.index is not base:  # another change or set came first: change that one
                if ids is not None and asked != self._asked:
                    self.refresh(ids, counts=False)  # rows of the former query
                else:
                    self._change(rows, gone, ids)
                return
            new, payload = result
            self._accept(new)
            payload["v"] = self.version
            self.view._run(f"GridMap.drawView({js_value(payload)})")

        self.view.runner.submit(work, done, self.view._failed, lane=LANE)
