"""A work-order row read through the column mapping: checked, or refused with a reason.

The fields are what 12345 platforms export (工单编号, 来电时间, 诉求人, 联系电话, 诉求内容,
诉求地址, 诉求类别, sometimes 诉求标题). Header names vary by platform and version, so
the mapping is guessed from the names (exact name first, then a known word inside the
header) and the user confirms it. A row is refused whole, with the reason in Chinese,
when it cannot become a report as it is: no number, an unreadable time, text longer
than a case can hold, a phone that is not one.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from gridapp.casework.work_orders import is_work_order
from gridapp.domain.plain_text import clean_text

# (field, Chinese label, header words best first, required)
# fmt: off
FIELDS: tuple[tuple[str, str, tuple[str, ...], bool], ...] = (
    ("work_order", "工单编号", ("工单编号", "工单号", "受理编号", "诉求编号", "单号", "编号"),
     True),
    ("called_at", "来电时间", ("来电时间", "受理时间", "登记时间", "创建时间", "时间"), True),
    ("caller", "诉求人", ("诉求人", "来电人", "反映人", "联系人", "姓名"), False),
    ("phone", "联系电话", ("联系电话", "来电号码", "电话", "手机"), False),
    ("title", "诉求标题", ("诉求标题", "标题", "主题"), False),
    ("content", "诉求内容", ("诉求内容", "反映内容", "问题描述", "诉求描述", "内容"), True),
    ("address", "诉求地址", ("诉求地址", "事发地址", "发生地点", "地址", "地点"), False),
    ("category", "诉求类别", ("诉求类别", "诉求类型", "问题类别", "分类", "类别"), False),
)
# fmt: on
FIELD_LABELS = {key: label for key, label, _, _ in FIELDS}
REQUIRED_FIELDS = tuple(key for key, _, _, required in FIELDS if required)
MAX_DESCRIPTION = 2000  # what a case's description holds (casework.service.MAX_TEXT)
MAX_ADDRESS = 200
MAX_NAME = 64
MAX_PHONE = 32
PHONE = re.compile(r"^\+?[0-9][0-9 -]{5,18}[0-9]$")
_TIME = re.compile(
    r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?"
    r"(?:[\sT]*(\d{1,2})\s*[:：时]\s*(\d{1,2})\s*分?(?:\s*[:：]?\s*(\d{1,2})\s*秒?)?)?$"
)
_EXCEL_EPOCH = datetime(1899, 12, 30)

ColumnMapping = Mapping[str, int]  # field -> column index


def guess_mapping(headers: Sequence[str]) -> dict[str, int]:
    """Each field's column, guessed from the header names; a column serves one field."""
    names = [h.strip() for h in headers]
    mapping: dict[str, int] = {}
    used: set[int] = set()
    for exact in (True, False):
        for key, _, words, _ in FIELDS:
            if key in mapping:
                continue
            for word in words:
                hit = next(
                    (
                        i
                        for i, name in enumerate(names)
                        if i not in used and (name == word if exact else word in name)
                    ),
                    None,
                )
                if hit is not None:
                    mapping[key] = hit
                    used.add(hit)
                    break
    return mapping


@dataclass(frozen=True)
class WorkOrder:
    """One checked row: what a hotline report needs from it."""

    row: int  # 1-based line in the file (the header is line 1)
    number: str
    called_at: datetime
    caller: str
    phone: str
    title: str
    content: str
    address: str
    category_text: str

    @property
    def description(self) -> str:
        head = f"【{self.title}】" if self.title and self.title not in self.content else ""
        return f"{head}{self.content}"


@dataclass(frozen=True)
class RowProblem:
    """A row that cannot be imported, and why (in Chinese: the intake staff read it)."""

    row: int
    number: str
    code: str
    reason: str


def read_row(
    line: int, values: Sequence[str], mapping: ColumnMapping, now: datetime
) -> WorkOrder | RowProblem:
    def get(key: str) -> str:
        i = mapping.get(key)
        raw = values[i] if i is not None and i < len(values) else ""
        return clean_text(raw).strip()

    number = get("work_order")

    def refuse(code: str, reason: str) -> RowProblem:
        return RowProblem(line, number, code, reason)

    if not number:
        return refuse("missing_number", "缺少工单编号")
    if not is_work_order(number):
        return refuse("bad_number", "工单编号格式不正确（应为字母、数字，最长40位）")
    called_at = parse_call_time(get("called_at"))
    if called_at is None:
        return refuse("bad_time", "来电时间无法识别")
    if called_at > now + timedelta(days=1) or called_at.year < 2000:
        return refuse("bad_time", "来电时间不在合理范围内")
    content = get("content")
    if not content:
        return refuse("missing_content", "缺少诉求内容")
    order = WorkOrder(
        row=line,
        number=number,
        called_at=called_at,
        caller=get("caller"),
        phone=re.sub(r"[\s()（）]", "", get("phone")),
        title=get("title"),
        content=content,
        address=get("address"),
        category_text=get("category"),
    )
    limits = (
        ("诉求内容", len(order.description), MAX_DESCRIPTION),
        ("诉求地址", len(order.address), MAX_ADDRESS),
        ("诉求人", len(order.caller), MAX_NAME),
    )
    for label, length, limit in limits:
        if length > limit:
            return refuse("too_long", f"{label}超过{limit}字（{length}字）")
    if order.phone and (len(order.phone) > MAX_PHONE or not PHONE.match(order.phone)):
        return refuse("bad_phone", "联系电话格式不正确")
    return order


def parse_call_time(text: str) -> datetime | None:
    """The call time as platforms write it (2026-12-01 08:30[:00], 2026/12/1 8:30,
    2026年12月1日 8时30分, ISO with T, an Excel serial number); None when unreadable."""
    text = text.strip()
    if not text:
        return None
    m = _TIME.match(text)
    if m:
        y, mo, d, h, mi, s = (int(g) if g else 0 for g in m.groups())
        try:
            return datetime(y, mo, d, h, mi, s)
        except ValueError:
            return None
    try:
        serial = float(text)
    except ValueError:
        return None
    if 30000 <= serial <= 80000:  # Excel's day count: 1982 … 2119
        return (_EXCEL_EPOCH + timedelta(days=serial)).replace(microsecond=0)
    return None
