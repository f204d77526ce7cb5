"""Planning a grid import from GeoJSON: every check before anything is written.

The plan is computed from the parsed document and the current reference data alone,
so a dry run and the real import see the same answer, and the import applies either
all of it or nothing. Grids already stored and absent from the file are left alone
(an import adds and updates; it never deletes a grid cases may be filed under).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any

import shapely
from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry

from gridapp.domain.geo import parse_grid_code
from gridapp.errors import GridappError, ValidationError
from gridapp.store.reference import ReferenceData

MAX_FEATURES = 5000
# Shared borders digitised twice overlap a little; more than this share of the
# smaller grid is a real overlap (a point there would belong to two grids).
OVERLAP_ERROR_SHARE = 0.01
WKT_DECIMALS = 7  # ~1 cm in lon/lat, like the stored demo grids
# How deep the coordinate arrays of each geometry type nest (GeoJSON, RFC 7946 3.1).
COORDINATE_DEPTH = {"Polygon": 3, "MultiPolygon": 4}
# Control characters (newline and tab included: names are one line) and lone surrogates.
_BAD_CHARS = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff]")


@dataclass
class FeaturePlan:
    index: int
    code: str | None
    name: str
    status: str = "error"  # new / changed / unchanged / error
    errors: list[dict[str, str]] = field(default_factory=list)
    warnings: list[dict[str, str]] = field(default_factory=list)
    geometry: BaseGeometry | None = None
    street_name: str = ""
    community_name: str = ""
    street_kind: str = "street"

    def error(self, code: str, message: str) -> None:
        self.errors.append({"code": code, "message": message})

    def as_dict(self) -> dict[str, Any]:
        return {
            "index": self.index,
            "code": self.code,
            "name": self.name,
            "status": "error" if self.errors else self.status,
            "errors": self.errors,
            "warnings": self.warnings,
        }


@dataclass
class ImportPlan:
    features: list[FeaturePlan]
    new_streets: dict[str, FeaturePlan] = field(default_factory=dict)
    new_communities: dict[str, FeaturePlan] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not any(f.errors for f in self.features)

    def count(self, status: str) -> int:
        return sum(1 for f in self.features if not f.errors and f.status == status)

    def summary(self, *, dry_run: bool, applied: bool) -> dict[str, Any]:
        return {
            "dry_run": dry_run,
            "applied": applied,
            "total": len(self.features),
            "new": self.count("new"),
            "changed": self.count("changed"),
            "unchanged": self.count("unchanged"),
            "errors": sum(1 for f in self.features if f.errors),
            "new_streets": sorted(self.new_streets),
            "new_communities": sorted(self.new_communities),
            "features": [f.as_dict() for f in self.features],
        }


def parse_document(raw: bytes) -> list[dict[str, Any]]:
    """The features of a GeoJSON FeatureCollection; anything else is refused whole."""
    import json

    try:
        doc = json.loads(raw)
    except RecursionError:
        raise ValidationError("geojson_too_deep", "GeoJSON 嵌套层数过多") from None
    except (ValueError, UnicodeDecodeError):
        raise ValidationError("bad_geojson", "文件不是有效的 JSON") from None
    if not isinstance(doc, dict) or doc.get("type") != "FeatureCollection":
        raise ValidationError("bad_geojson", "GeoJSON 应为 FeatureCollection")
    features = doc.get("features")
    if not isinstance(features, list) or not features:
        raise ValidationError("bad_geojson", "FeatureCollection 中没有要素")
    if len(features) > MAX_FEATURES:
        raise ValidationError(
            "too_many_features", f"一次最多导入 {MAX_FEATURES} 个网格", count=len(features)
        )
    return features


def shown(value: object, limit: int = 64) -> str:
    """Input text as it may appear in an answer: no control characters, no lone surrogates."""
    return _BAD_CHARS.sub("\ufffd", str(value)[:limit])


def _text(plan: FeaturePlan | None, props: dict[str, Any], key: str, limit: int) -> str:
    value = props.get(key)
    if not isinstance(value, str):
        return ""
    value = value.strip()[:limit]
    if _BAD_CHARS.search(value):
        if plan is not None:
            plan.error("bad_text", f"{key} 含有控制字符或无效字符")
        return shown(value, limit)
    return value


def _coordinates_error(kind: str, coordinates: Any) -> tuple[str, str] | None:
    """Why the coordinate arrays are not a ``kind`` of finite WGS-84 positions, if they are not.

    Walked without recursion, to the depth the type has: deeper or ragged nesting,
    non-numbers (booleans too), NaN, Infinity, 1e400 and 400-digit integers are refused
    here, before shapely or the database sees them.
    """
    stack = [(coordinates, COORDINATE_DEPTH[kind])]
    while stack:
        value, depth = stack.pop()
        if not isinstance(value, list):
            return "bad_geometry", "几何坐标结构不正确"
        if depth > 1:
            stack.extend((item, depth - 1) for item in value)
            continue
        if not 2 <= len(value) <= 3 or not all(type(v) in (int, float) for v in value):
            return "bad_geometry", "坐标点应为 [经度, 纬度] 两个数"
        try:
            lon, lat = float(value[0]), float(value[1])
        except OverflowError:
            return "non_finite_coordinates", "坐标不是有限数值"
        if not (math.isfinite(lon) and math.isfinite(lat)):
            return "non_finite_coordinates", "坐标不是有限数值（NaN 或无穷大）"
        if not (-180 <= lon <= 180 and -90 <= lat <= 90):
            return "bad_coordinates", "坐标应为 WGS-84 经纬度"
    return None


def _geometry(plan: FeaturePlan, geom_json: Any) -> None:
    if not isinstance(geom_json, dict) or geom_json.get("type") not in ("Polygon", "MultiPolygon"):
        kind = geom_json.get("type") if isinstance(geom_json, dict) else None
        plan.error("bad_geometry_type", f"几何类型应为 Polygon 或 MultiPolygon，实为 {shown(kind)}")
        return
    problem = _coordinates_error(geom_json["type"], geom_json.get("coordinates"))
    if problem:
        plan.error(*problem)
        return
    try:
        geom = shape(geom_json)
    except (ValueError, TypeError, AttributeError, IndexError, shapely.errors.ShapelyError):
        plan.error("bad_geometry", "几何坐标无法解析")
        return
    if geom.is_empty:
        plan.error("bad_geometry", "几何为空")
        return
    minx, miny, maxx, maxy = geom.bounds
    if not all(math.isfinite(v) for v in geom.bounds) or not (
        -180 <= minx <= maxx <= 180 and -90 <= miny <= maxy <= 90
    ):
        plan.error("bad_coordinates", "坐标应为 WGS-84 经纬度")
        return
    if not geom.is_valid:
        reason = shapely.is_valid_reason(geom)
        plan.error("invalid_polygon", f"多边形无效（{reason}）")
        return
    plan.geometry = shapely.set_precision(geom, 10**-WKT_DECIMALS)
    if not plan.geometry.is_valid or plan.geometry.is_empty:
        plan.geometry = geom


def _codes(plan: FeaturePlan, ref: ReferenceData, county_code: str) -> None:
    code = plan.code
    try:
        county, _, _, _ = parse_grid_code(code or "")
    except GridappError:
        plan.error("bad_grid_code", f"单元网格编码应为15位数字：{code}")
        return
    assert code is not None
    if county != county_code:
        plan.error("wrong_county", f"编码 {code} 不属于本区县（{county_code}）")
        return
    if code[:9] not in ref.streets and not plan.street_name:
        plan.error("street_name_required", f"新街道/镇 {code[:9]} 需要 street_name")
    if code[:12] not in ref.communities and not plan.community_name:
        plan.error("community_name_required", f"新社区 {code[:12]} 需要 community_name")
    if plan.street_kind not in ("street", "town"):
        plan.error("bad_street_kind", "street_kind 应为 street 或 town")


def _overlaps(plans: list[FeaturePlan], ref: ReferenceData) -> None:
    """Overlaps with stored grids (other codes) and between the file's own grids."""
    good = [p for p in plans if p.geometry is not None and p.code and not p.errors]
    incoming = {p.code for p in good}
    others = [g for g in ref.grids.values() if g.code not in incoming]
    geoms = [g.polygon for g in others] + [p.geometry for p in good]
    codes = [g.code for g in others] + [p.code for p in good]
    if not good:
        return
    tree = shapely.STRtree(geoms)
    for plan in good:
        assert plan.geometry is not None
        for i in tree.query(plan.geometry, predicate="intersects"):
            other_code, other = codes[int(i)], geoms[int(i)]
            if other_code == plan.code:
                continue
            area = plan.geometry.intersection(other).area
            if area <= 0:
                continue  # shared border only
            share = area / max(min(plan.geometry.area, other.area), 1e-18)
            where = "已有网格" if other_code not in incoming else "文件中的网格"
            entry = {
                "code": "grid_overlap",
                "message": f"与{where} {other_code} 重叠 {share:.1%}",
            }
            (plan.errors if share > OVERLAP_ERROR_SHARE else plan.warnings).append(entry)


def plan_import(features: list[Any], ref: ReferenceData, county_code: str) -> ImportPlan:
    """Check every feature and classify it; nothing is written here."""
    plans: list[FeaturePlan] = []
    seen: dict[str, int] = {}
    for i, feature in enumerate(features):
        if not isinstance(feature, dict) or feature.get("type") != "Feature":
            plan = FeaturePlan(i, None, "")
            plan.error("bad_feature", "要素应为 GeoJSON Feature")
            plans.append(plan)
            continue
        props = feature.get("properties") or {}
        if not isinstance(props, dict):
            props = {}
        raw_code = props.get("code")
        code = (
            shown(raw_code, 32).strip()
            if isinstance(raw_code, str) or type(raw_code) is int
            else None
        )
        plan = FeaturePlan(i, code, "")
        plan.name = _text(plan, props, "name", 128)
        plan.street_name = _text(plan, props, "street_name", 64)
        plan.community_name = _text(plan, props, "community_name", 64)
        plan.street_kind = _text(plan, props, "street_kind", 8) or "street"
        plans.append(plan)
        if not plan.name:
            plan.error("name_required", "网格名称不能为空")
        _codes(plan, ref, county_code)
        if code:
            if code in seen:
                plan.error("duplicate_code", f"编码 {code} 与第 {seen[code] + 1} 个要素重复")
            else:
                seen[code] = i
        _geometry(plan, feature.get("geometry"))
    _overlaps(plans, ref)
    result = ImportPlan(plans)
    for plan in plans:
        if plan.errors or plan.code is None or plan.geometry is None:
            continue
        code = plan.code
        if code[:9] not in ref.streets:
            result.new_streets.setdefault(code[:9], plan)
        if code[:12] not in ref.communities:
            result.new_communities.setdefault(code[:12], plan)
        old = ref.grids.get(code)
        if old is None:
            plan.status = "new"
        elif old.name == plan.name and shapely.equals(old.polygon, plan.geometry):
            plan.status = "unchanged"
        else:
            plan.status = "changed"
    return result


def wkt_of(geom: BaseGeometry) -> str:
    return shapely.to_wkt(geom, rounding_precision=WKT_DECIMALS, trim=True)
