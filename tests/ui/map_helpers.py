"""Helpers for the map view tests: scheme registration, request log, JS evaluation."""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

from ui.map.schemes import register_schemes

# Custom schemes must be registered before the QApplication exists; test modules are
# imported at collection, before pytest-qt's qapp fixture makes the application.
register_schemes()

from PySide6.QtCore import QTranslator  # noqa: E402
from PySide6.QtWebEngineCore import (  # noqa: E402
    QWebEngineUrlRequestInfo,
    QWebEngineUrlRequestInterceptor,
)

from ui.map.map_view import MapView  # noqa: E402
from ui.tasks import TaskRunner  # noqa: E402

ALLOWED_SCHEMES = {"file", "qrc", "data", "mbtiles"}


class RequestLog(QWebEngineUrlRequestInterceptor):
    """Records every URL the page asks for; blocks anything that would leave the laptop."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def interceptRequest(self, info: QWebEngineUrlRequestInfo) -> None:
        url = info.requestUrl()
        self.urls.append(url.toString())
        if url.scheme() not in ALLOWED_SCHEMES:
            info.block(True)

    def foreign(self) -> list[str]:
        return [u for u in self.urls if u.split(":", 1)[0] not in ALLOWED_SCHEMES]


def js(qtbot: Any, view: MapView, script: str, timeout: int = 10_000) -> Any:
    """Run a script in the page and return its value (JSON strings are parsed)."""
    box: list[Any] = []
    view.page.runJavaScript(script, 0, box.append)
    qtbot.waitUntil(lambda: bool(box), timeout=timeout)
    value = box[0]
    if isinstance(value, str) and (value[:1] in ("{", "[") or value == "null"):
        return json.loads(value)
    return value


def stats(qtbot: Any, view: MapView) -> dict:
    return js(qtbot, view, "GridMap.stats()")


def open_map(qtbot: Any, ws: Any, requests: RequestLog | None = None) -> MapView:
    """A MapView on ``ws`` with its page loaded and grids drawn (ready emitted)."""
    view = MapView(ws, TaskRunner(inline=True))
    qtbot.addWidget(view, before_close_func=dispose)
    view.resize(900, 700)
    view.show()
    view.profile.setUrlRequestInterceptor(requests)
    with qtbot.waitSignal(view.ready, timeout=20_000):
        view.load()
    return view


def dispose(view: MapView) -> None:
    """Free the page before the shared profile goes away at exit (Qt warns otherwise)."""
    import shiboken6

    view.profile.setUrlRequestInterceptor(None)
    if shiboken6.isValid(view.view):
        shiboken6.delete(view.view)  # the page is its child: deleted with it, now


def show(qtbot: Any, view: MapView, query: Any = None) -> int:
    with qtbot.waitSignal(view.cases_shown, timeout=20_000) as blocker:
        view.show_cases(query)
    return blocker.args[0]


def reveal(qtbot: Any, view: MapView, case_id: str, lat: float, lon: float, zoom: int = 18) -> dict:
    """Zoom the map onto a point (displayed lat/lon) until the case there is drawn as
    its own dot, as a user zooms in to click a case; returns the page's stats."""
    js(qtbot, view, f"GridMap.map.setView([{lat}, {lon}], {zoom}, {{animate: false}}); 1")
    has = f"GridMap.markers.has({json.dumps(case_id)})"
    qtbot.waitUntil(lambda: js(qtbot, view, has) is True, timeout=10_000)
    return stats(qtbot, view)


SEED_STATES = ("reported", "filed", "dispatched", "dispatched", "handled", "closed", "rejected")


def seed_cases(ws: Any, template_id: str, n: int, seed: int = 1) -> None:
    """``n`` copies of a real case (new ids and numbers) at random points of the
    district, in mixed states: a big map without driving every case through its events."""
    from sqlalchemy import insert, select

    from gridapp.store.schema import cases

    rng = random.Random(seed)
    west, south, east, north = ws.maps.bounds()
    with ws.db.write() as conn:
        template = dict(
            conn.execute(select(cases).where(cases.c.id == template_id)).mappings().one()
        )
        rows = []
        for i in range(n):
            row = dict(template)
            row.update(
                id=f"seed-{i:06d}",
                number=f"S{i:06d}",
                lon=round(rng.uniform(west, east), 7),
                lat=round(rng.uniform(south, north), 7),
                state=rng.choice(SEED_STATES),
            )
            rows.append(row)
        conn.execute(insert(cases), rows)


def base_info(qtbot: Any, view: MapView) -> dict:
    """Which tile layer the page shows (``url`` None when there is none)."""
    return js(qtbot, view, "GridMap.baseInfo()")


def legend_info(qtbot: Any, view: MapView) -> dict:
    return js(qtbot, view, "GridMap.legendInfo()")


class JsonTranslator(QTranslator):
    """Chinese from resources/translations/zh_CN/<area>.json, without the .qm the
    integrator builds: shows that strings reach the page through tr()."""

    def __init__(self, *areas: str) -> None:
        super().__init__()
        root = Path(__file__).resolve().parents[2] / "resources" / "translations" / "zh_CN"
        self.texts: dict[str, str] = {}
        for area in areas:
            self.texts.update(json.loads((root / f"{area}.json").read_text(encoding="utf-8")))

    def translate(
        self, context: str, source: str, disambiguation: Any = None, n: int = -1
    ) -> str | None:
        return self.texts.get(source)  # None: not ours, Qt keeps the English

    def isEmpty(self) -> bool:
        return False
