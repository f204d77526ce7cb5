"""Cases per unit grid as a choropleth drawn in the PDF from the grid polygons.

No web tiles: the report must print offline and be the same on every machine, so the
map is vector shapes built from the grids' WGS-84 polygons.  Projection is a plain
equirectangular one with a cos(latitude) squeeze — at district scale (≈20 km) the
distortion is far below what a reader notices, and it keeps the scale bar honest.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from reportlab.graphics.shapes import Drawing, Group, Line, Polygon, Rect, String
from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth
from shapely import wkt as shapely_wkt
from shapely.geometry import MultiPolygon
from shapely.geometry import Polygon as ShapelyPolygon
from shapely.geometry.base import BaseGeometry
from shapely.ops import unary_union

from gridapp.reports.model import GridCount
from gridapp.reports.pdf.fonts import FONT_NAME, register_cjk_font

#: Sequential ramp, light → dark (ColorBrewer YlOrRd, 5 classes).
CLASS_COLOURS = (
    colors.HexColor("#ffffb2"),
    colors.HexColor("#fecc5c"),
    colors.HexColor("#fd8d3c"),
    colors.HexColor("#f03b20"),
    colors.HexColor("#bd0026"),
)
ZERO_COLOUR = colors.HexColor("#f2f4f7")
METRES_PER_DEGREE = 111_320.0


@dataclass(frozen=True)
class ColourClass:
    """One legend entry: counts ``low``..``high`` inclusive drawn in ``colour``."""

    low: int
    high: int
    colour: colors.Color

    @property
    def label(self) -> str:
        return f"{self.low}" if self.low == self.high else f"{self.low}–{self.high}"


def classify(counts: Sequence[int], n_classes: int = 5) -> list[ColourClass]:
    """Up to five integer classes: 0 on its own (if present), quantiles for the rest.

    Quantiles rather than equal intervals because case counts are skewed: a few hot
    grids would otherwise put every other grid in the lightest class.
    """
    zero = any(c == 0 for c in counts)
    positive = sorted(c for c in counts if c > 0)
    out: list[ColourClass] = []
    if zero:
        out.append(ColourClass(0, 0, ZERO_COLOUR))
    if not positive:
        return out
    k = n_classes - (1 if zero else 0)
    uppers: list[int] = []
    for i in range(1, k + 1):
        v = positive[min(len(positive) - 1, math.ceil(i * len(positive) / k) - 1)]
        if not uppers or v > uppers[-1]:
            uppers.append(v)
    # Many equal counts (most grids at 1 or 2) collapse quantile classes: split the
    # class holding the most distinct counts until there are k classes again.
    distinct = sorted(set(positive))
    while len(uppers) < min(k, len(distinct)):
        bounds = list(zip([0, *uppers[:-1]], uppers, strict=True))
        spans = [[d for d in distinct if lo < d <= hi] for lo, hi in bounds]
        widest = max(range(len(spans)), key=lambda n: len(spans[n]))
        inside = spans[widest]
        uppers.insert(widest, inside[(len(inside) - 1) // 2])
    ramp = CLASS_COLOURS[-len(uppers) :] if len(uppers) < len(CLASS_COLOURS) else CLASS_COLOURS
    low = positive[0]
    for upper, colour in zip(uppers, ramp, strict=False):
        out.append(ColourClass(low, upper, colour))
        low = upper + 1
    return out


def colour_for(count: int, classes: Sequence[ColourClass]) -> colors.Color:
    for c in classes:
        if c.low <= count <= c.high:
            return c.colour
    return classes[-1].colour if classes else ZERO_COLOUR


def _polygons(geom: BaseGeometry) -> list[ShapelyPolygon]:
    if isinstance(geom, ShapelyPolygon):
        return [geom]
    if isinstance(geom, MultiPolygon):
        return list(geom.geoms)
    return [g for part in getattr(geom, "geoms", []) for g in _polygons(part)]


def _nice_distance(metres: float) -> float:
    """The largest 1/2/5 × 10ⁿ metres not above ``metres`` (scale bar length)."""
    if metres <= 0:
        return 0
    exp = 10 ** math.floor(math.log10(metres))
    for m in (5, 2, 1):
        if m * exp <= metres:
            return m * exp
    return exp


def choropleth(
    grids: Sequence[GridCount],
    street_names: Mapping[str, str],
    width: float,
    height: float,
    title: str = "各单元网格立案数（件）",
) -> Drawing:
    """The map with classed colours, street outlines + names, legend, north arrow, scale."""
    register_cjk_font()
    drawing = Drawing(width, height, initialFontName=FONT_NAME)  # no stray Helvetica
    shapes = []
    for g in grids:
        try:
            shapes.append((g, shapely_wkt.loads(g.wkt)))
        except Exception:
            continue
    if not shapes:
        drawing.add(Rect(0, 0, width, height, fillColor=ZERO_COLOUR, strokeColor=None))
        drawing.add(
            String(
                width / 2,
                height / 2,
                "无网格数据",
                fontName=FONT_NAME,
                fontSize=11,
                textAnchor="middle",
            )
        )
        return drawing

    legend_w = 92
    map_x0, map_y0 = 4, 4
    map_w, map_h = width - legend_w - 12, height - 8
    minx, miny, maxx, maxy = unary_union([s for _, s in shapes]).bounds
    kx = math.cos(math.radians((miny + maxy) / 2))
    span_x = max((maxx - minx) * kx, 1e-9)
    span_y = max(maxy - miny, 1e-9)
    scale = min(map_w / span_x, map_h / span_y)  # points per degree of latitude
    off_x = map_x0 + (map_w - span_x * scale) / 2
    off_y = map_y0 + (map_h - span_y * scale) / 2

    def project(lon: float, lat: float) -> tuple[float, float]:
        return off_x + (lon - minx) * kx * scale, off_y + (lat - miny) * scale

    def flat(ring: object) -> list[float]:
        pts: list[float] = []
        for lon, lat, *_ in ring.coords:  # type: ignore[attr-defined]
            pts.extend(project(lon, lat))
        return pts

    classes = classify([g.count.value for g, _ in shapes])
    cells = Group()
    for g, geom in shapes:
        fill = colour_for(g.count.value, classes)
        for poly in _polygons(geom):
            cells.add(
                Polygon(
                    flat(poly.exterior),
                    fillColor=fill,
                    strokeColor=colors.HexColor("#b0b8c4"),
                    strokeWidth=0.2,
                )
            )
    drawing.add(cells)

    by_street: dict[str, list[BaseGeometry]] = {}
    for g, geom in shapes:
        by_street.setdefault(g.street_code, []).append(geom)
    # Big streets/towns first: when names collide in a dense urban core the small
    # ones move aside (or, failing that, are left out) rather than overprint.
    order = sorted(by_street.items(), key=lambda kv: -unary_union(kv[1]).area)
    labels = Group()
    placed: list[tuple[float, float, float, float]] = []
    for code, geoms in order:
        merged = unary_union(geoms).buffer(0)
        for poly in _polygons(merged):
            drawing.add(
                Polygon(
                    flat(poly.exterior),
                    fillColor=None,
                    strokeColor=colors.HexColor("#37474f"),
                    strokeWidth=0.9,
                )
            )
        name = street_names.get(code, "")
        if name:
            pt = merged.representative_point()
            box = _place_label(name, *project(pt.x, pt.y), placed)
            if box is not None:
                placed.append(box)
                _draw_label(labels, name, box)
    drawing.add(labels)

    # Legend, north arrow and scale bar share the column right of the map so they
    # never cover a grid cell.
    x = width - legend_w
    y = _legend(drawing, x, height, classes, title)
    _north_arrow(drawing, x + 10, y - 40)
    _scale_bar(drawing, x, y - 64, scale, legend_w - 16)
    return drawing


LABEL_SIZE = 7


def _place_label(
    name: str, x: float, y: float, placed: list[tuple[float, float, float, float]]
) -> tuple[float, float, float, float] | None:
    """A free box (x0, y0, x1, y1) for ``name`` near (x, y), or None when all collide."""
    w = stringWidth(name, FONT_NAME, LABEL_SIZE) + 4
    h = LABEL_SIZE + 3
    for dx, dy in (
        (0, 0),
        (0, h),
        (0, -h),
        (w * 0.6, 0),
        (-w * 0.6, 0),
        (0, 2 * h),
        (0, -2 * h),
        (w * 0.6, h),
        (-w * 0.6, -h),
    ):
        box = (x + dx - w / 2, y + dy - h / 2, x + dx + w / 2, y + dy + h / 2)
        if all(
            box[2] <= b[0] or box[0] >= b[2] or box[3] <= b[1] or box[1] >= b[3] for b in placed
        ):
            return box
    return None


def _draw_label(group: Group, name: str, box: tuple[float, float, float, float]) -> None:
    """Name on a white plate: it must stay legible on the darkest class."""
    x0, y0, x1, y1 = box
    group.add(
        Rect(
            x0,
            y0,
            x1 - x0,
            y1 - y0,
            rx=2,
            ry=2,
            fillColor=colors.Color(1, 1, 1, alpha=0.85),
            strokeColor=None,
        )
    )
    group.add(
        String(
            (x0 + x1) / 2,
            y0 + 2.3,
            name,
            fontName=FONT_NAME,
            fontSize=LABEL_SIZE,
            textAnchor="middle",
            fillColor=colors.HexColor("#102a43"),
        )
    )


def _north_arrow(drawing: Drawing, x: float, y: float) -> None:
    drawing.add(
        Polygon(
            [x, y + 22, x - 6, y, x, y + 5],
            fillColor=colors.black,
            strokeColor=colors.black,
            strokeWidth=0.5,
        )
    )
    drawing.add(
        Polygon(
            [x, y + 22, x + 6, y, x, y + 5],
            fillColor=colors.white,
            strokeColor=colors.black,
            strokeWidth=0.5,
        )
    )
    drawing.add(String(x, y + 25, "北", fontName=FONT_NAME, fontSize=8, textAnchor="middle"))


def _scale_bar(drawing: Drawing, x: float, y: float, scale: float, max_len: float) -> None:
    """A bar of a round length; ``scale`` is points per degree of latitude."""
    metres_per_point = METRES_PER_DEGREE / scale
    metres = _nice_distance(max_len * metres_per_point)
    if metres <= 0:
        return
    length = metres / metres_per_point
    half = length / 2
    drawing.add(
        Rect(x, y, half, 3, fillColor=colors.black, strokeColor=colors.black, strokeWidth=0.4)
    )
    drawing.add(
        Rect(
            x + half, y, half, 3, fillColor=colors.white, strokeColor=colors.black, strokeWidth=0.4
        )
    )
    text = f"{metres / 1000:g} 公里" if metres >= 1000 else f"{metres:g} 米"
    drawing.add(String(x, y + 6, "0", fontName=FONT_NAME, fontSize=6.5, textAnchor="middle"))
    drawing.add(
        String(x + length, y + 6, text, fontName=FONT_NAME, fontSize=6.5, textAnchor="middle")
    )


def _legend(
    drawing: Drawing, x: float, top: float, classes: Sequence[ColourClass], title: str
) -> float:
    """Draw the class legend from ``top`` down; return the y where it ended."""
    y = top - 14
    drawing.add(String(x, y, title[:8], fontName=FONT_NAME, fontSize=7.5))
    if len(title) > 8:
        y -= 10
        drawing.add(String(x, y, title[8:], fontName=FONT_NAME, fontSize=7.5))
    y -= 6
    for c in reversed(classes):
        y -= 14
        drawing.add(
            Rect(
                x,
                y,
                14,
                10,
                fillColor=c.colour,
                strokeColor=colors.HexColor("#8a94a3"),
                strokeWidth=0.4,
            )
        )
        drawing.add(String(x + 19, y + 2, c.label, fontName=FONT_NAME, fontSize=7.5))
    y -= 18
    drawing.add(
        Line(x, y + 5, x + 14, y + 5, strokeColor=colors.HexColor("#37474f"), strokeWidth=0.9)
    )
    drawing.add(String(x + 19, y + 2, "街道/镇界", fontName=FONT_NAME, fontSize=7.5))
    return y
