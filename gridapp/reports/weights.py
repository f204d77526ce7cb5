"""Evaluation weights, count bands and grade bands: defaults from EVALUATION.md, overridable.

Cities tune the weights, so they are data, not code: an admin stores a JSON document in
the store's ``meta`` table (key ``report_weights``) or passes a JSON file. Whatever the
source, it is validated here (known keys, weights of one role summing to 100 %, bands
ascending) before any report uses it, so a typo can never silently skew a ranking.

JSON shape (every part optional; missing parts keep the defaults)::

    {"weights": {"department": {"close_rate": 30, "on_time_rate": 30, ...}, ...},
     "count_bands": {"intake_count": [[0, 40], [100, 60], ...], ...},
     "grade_bands": {"A": 90, "B": 75, "C": 60, "D": 40},
     "min_due_to_rank": 5}
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from sqlalchemy import Connection

from gridapp.errors import ValidationError
from gridapp.reports.model import CountBand, GradeBand, RoleWeights, WeightItem, Weights
from gridapp.store.meta_values import meta_value

META_KEY = "report_weights"

ROLE_LABELS: dict[str, str] = {
    "grid_officer": "监督员",
    "intake": "受理员",
    "shift_lead": "值班长",
    "dispatcher": "派遣员",
    "department": "专业部门",
}

# role -> (key, label, weight %, kind, formula); order is the print order.
_DEFAULTS: dict[str, tuple[tuple[str, str, float, str, str], ...]] = {
    "grid_officer": (
        (
            "valid_report_rate",
            "有效上报率",
            40,
            "rate",
            "立案的上报 / 本期判定（立案、不予立案、作废、合并）的上报",
        ),
        (
            "missed_rate",
            "1 − 漏报率",
            20,
            "complement",
            "漏报率 = 本人网格内经核实属实的公众/热线举报 / 本人网格内立案",
        ),
        ("verify_on_time_rate", "按时核实率", 20, "rate", "按时核实 / 应核实"),
        ("check_on_time_rate", "按时核查率", 20, "rate", "按时核查 / 应核查"),
    ),
    "intake": (
        ("intake_count", "受理数", 25, "band", "受理数的分档得分"),
        ("verify_dispatch_rate", "核实按时派发率", 40, "rate", "按时派发核实 / 派发核实"),
        (
            "check_dispatch_rate",
            "核查按时派发率",
            35,
            "rate",
            "本人受理案卷中按时核查的处置反馈 / 处置反馈",
        ),
    ),
    "shift_lead": (
        ("file_on_time_rate", "按时立案率", 25, "rate", "按时立案 / 立案"),
        ("file_accuracy_rate", "准确立案率", 40, "rate", "(立案 − 作废) / 立案"),
        ("close_on_time_rate", "按时结案率", 35, "rate", "按时结案 / 结案"),
    ),
    "dispatcher": (
        ("dispatch_count", "派遣数", 20, "band", "派遣数的分档得分"),
        ("dispatch_on_time_rate", "按时派遣率", 40, "rate", "按时派遣 / 派遣"),
        ("dispatch_accuracy_rate", "准确派遣率", 40, "rate", "(派遣 − 回退改派) / 派遣"),
    ),
    "department": (
        ("close_rate", "结案率", 30, "rate", "结案 / 应结案"),
        ("on_time_rate", "按期处置率", 30, "rate", "按时处置 / 应处置"),
        ("rework_rate", "1 − 返工率", 30, "complement", "返工率 = 返工 / 应结案"),
        (
            "ack_on_time_rate",
            "按时签收率",
            10,
            "rate",
            "按时签收 / 应签收（主办、协办各自在签收时限内签收的派遣）",
        ),
        ("filed_count", "立案数", 0, "band", "派往本部门的立案数的分档得分"),
    ),
}

# Minimum count per 30 days -> score. Counts scale with the period length.
_DEFAULT_BANDS: dict[str, tuple[str, tuple[tuple[int, float], ...]]] = {
    "intake_count": ("受理数", ((0, 40), (50, 60), (150, 75), (300, 90), (500, 100))),
    "dispatch_count": ("派遣数", ((0, 40), (50, 60), (150, 75), (300, 90), (500, 100))),
    "filed_count": ("立案数", ((0, 40), (5, 60), (20, 75), (50, 90), (100, 100))),
}

_DEFAULT_GRADES: dict[str, float] = {"A": 90, "B": 75, "C": 60, "D": 40, "E": 0}

# EVALUATION.md: fewer than 5 应结案 in the period → ranked apart ("样本不足").
MIN_DUE_TO_RANK = 5


def _invalid(message: str, **details: Any) -> ValidationError:
    return ValidationError("bad_report_weights", f"考核权重设置无效：{message}", **details)


def _number(value: object, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
        raise _invalid(f"{where} 必须是非负数", field=where)
    return float(value)


def _roles(overrides: Mapping[str, Any]) -> tuple[RoleWeights, ...]:
    unknown = set(overrides) - set(_DEFAULTS)
    if unknown:
        raise _invalid(f"未知的角色 {sorted(unknown)}", field="weights")
    out = []
    for role, items in _DEFAULTS.items():
        given = overrides.get(role) or {}
        if not isinstance(given, Mapping):
            raise _invalid(f"{role} 的权重必须是对象", field=role)
        bad = set(given) - {i[0] for i in items}
        if bad:
            raise _invalid(f"{role} 没有指标 {sorted(bad)}", field=role)
        # Weights saved before an indicator existed already sum to 100 %: it gets 0 there.
        full = sum(_number(v, f"{role}.{k}") for k, v in given.items()) >= 100.0 - 0.01
        weights = tuple(
            WeightItem(
                key,
                label,
                _number(given.get(key, 0 if full else w), f"{role}.{key}"),
                kind,
                formula,
            )
            for key, label, w, kind, formula in items
        )
        total = sum(i.weight for i in weights)
        if abs(total - 100.0) > 0.01:
            raise _invalid(f"{ROLE_LABELS[role]}的权重合计为 {total:g}%，应为 100%", field=role)
        out.append(RoleWeights(role, ROLE_LABELS[role], weights))
    return tuple(out)


def _bands(overrides: Mapping[str, Any]) -> tuple[CountBand, ...]:
    unknown = set(overrides) - set(_DEFAULT_BANDS)
    if unknown:
        raise _invalid(f"未知的分档 {sorted(unknown)}", field="count_bands")
    out = []
    for key, (label, default) in _DEFAULT_BANDS.items():
        raw = overrides.get(key, default)
        try:
            bands = tuple((int(lo), _number(score, f"{key}.score")) for lo, score in raw)
        except (TypeError, ValueError):
            raise _invalid(f"{key} 必须是 [最小数量, 得分] 的列表", field=key) from None
        lows = [lo for lo, _ in bands]
        if not bands or lows[0] != 0 or lows != sorted(set(lows)):
            raise _invalid(f"{key} 的分档须从 0 开始并严格递增", field=key)
        if any(s > 100 for _, s in bands):
            raise _invalid(f"{key} 的得分不能超过 100", field=key)
        out.append(CountBand(key, label, bands))
    return tuple(out)


def _grades(overrides: Mapping[str, Any]) -> tuple[GradeBand, ...]:
    unknown = set(overrides) - set(_DEFAULT_GRADES)
    if unknown:
        raise _invalid(f"未知的等级 {sorted(unknown)}", field="grade_bands")
    mins = {g: _number(overrides.get(g, m), f"grade.{g}") for g, m in _DEFAULT_GRADES.items()}
    mins["E"] = 0.0
    order = list(_DEFAULT_GRADES)
    values = [mins[g] for g in order]
    if values != sorted(values, reverse=True) or len(set(values)) != len(values):
        raise _invalid("等级分数线须 A > B > C > D > E", field="grade_bands")
    tops = [100.0, *values[:-1]]
    return tuple(GradeBand(g, mins[g], top) for g, top in zip(order, tops, strict=True))


def parse_weights(data: Mapping[str, Any] | None, source: str = "default") -> Weights:
    """Validated weights from a JSON-like mapping (None: the defaults)."""
    data = data or {}
    if not isinstance(data, Mapping):
        raise _invalid("必须是 JSON 对象")
    extra = set(data) - {"weights", "count_bands", "grade_bands", "min_due_to_rank"}
    if extra:
        raise _invalid(f"未知的设置 {sorted(extra)}")
    return Weights(
        roles=_roles(data.get("weights") or {}),
        count_bands=_bands(data.get("count_bands") or {}),
        grade_bands=_grades(data.get("grade_bands") or {}),
        source=source,
        min_due_to_rank=_min_due(data.get("min_due_to_rank", MIN_DUE_TO_RANK)),
    )


def _min_due(value: object) -> int:
    number = _number(value, "min_due_to_rank")
    if number < 0 or number != int(number):
        raise _invalid(f"min_due_to_rank 应为非负整数：{value}")
    return int(number)


DEFAULT_WEIGHTS = parse_weights(None)


def load_weights_file(path: Path) -> Weights:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise _invalid(f"无法读取 {path}：{exc}", path=str(path)) from None
    return parse_weights(data, source=str(path))


def load_weights(conn: Connection) -> Weights:
    """The store's weights (meta ``report_weights``), else the defaults."""
    raw = meta_value(conn, META_KEY)
    if raw is None:
        return DEFAULT_WEIGHTS
    try:
        data = json.loads(raw)
    except ValueError:
        raise _invalid("meta.report_weights 不是有效的 JSON") from None
    return parse_weights(data, source="meta")


def role_weights(weights: Weights, role: str) -> RoleWeights:
    return next(r for r in weights.roles if r.role == role)


def band_score(weights: Weights, key: str, count: int, period_days: int) -> float:
    """Score of ``count`` in band ``key``; band minimums are per 30 days, scaled."""
    band = next(b for b in weights.count_bands if b.key == key)
    scale = period_days / 30.0
    score = band.bands[0][1]
    for minimum, value in band.bands:
        if count >= minimum * scale:
            score = value
    return score


def grade_of(weights: Weights, score: float | None) -> str | None:
    if score is None:
        return None
    for band in weights.grade_bands:
        if score >= band.min_score:
            return band.grade
    return weights.grade_bands[-1].grade
