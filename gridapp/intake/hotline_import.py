"""12345 work-order import (the Workspace's ``hotline`` part).

Each row of a hotline platform's export becomes one hotline report through the same
case service as a report typed by intake (source 12345热线, the work-order number on the
case), so it syncs, is checked again by the service and shows in the timeline like any
report. A row is all or nothing: its report is written in its own savepoint, and a row
that fails leaves no trace but its line in the result. Rows whose place or category
cannot be found are kept in ``hotline_waiting`` until intake picks a point on the map
and a class; a work order already here (a case or a waiting row) is skipped, and the
service refuses one another laptop imported first.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import delete, insert, select

from gridapp.casework.address_place import place_index
from gridapp.casework.changes import Changes
from gridapp.casework.place_names import PlaceIndex
from gridapp.casework.work_orders import known_work_orders
from gridapp.domain.case import Source
from gridapp.domain.roles import Role, mask_phone
from gridapp.errors import DomainError, GridappError, NotFoundError, ValidationError
from gridapp.intake.category_guess import CategoryGuesser
from gridapp.intake.hotline_file import WorkOrderTable, read_work_orders
from gridapp.intake.hotline_rows import (
    FIELD_LABELS,
    MAX_DESCRIPTION,
    REQUIRED_FIELDS,
    RowProblem,
    WorkOrder,
    guess_mapping,
    read_row,
)
from gridapp.store.schema import hotline_waiting

if TYPE_CHECKING:
    from gridapp.workspace import Workspace

MAPPING_PREF = "hotline.mapping"  # {header name: field}, the user's last confirmed choices


@dataclass(frozen=True)
class WaitingOrder:
    """A work order that is not a case yet, and what it still needs."""

    number: str
    needs: tuple[str, ...]  # "place", "category"
    address: str
    description: str
    caller: str
    phone: str
    called_at: datetime
    lon: float | None = None  # a place found, when only the category is missing
    lat: float | None = None
    category_code: str | None = None  # a guess, when only the place is missing


@dataclass
class ImportResult:
    """What one import did, row by row; the counts add up to the rows read."""

    rows: int = 0
    imported: list[str] = field(default_factory=list)  # case ids
    waiting: list[str] = field(default_factory=list)  # work-order numbers
    duplicates: list[RowProblem] = field(default_factory=list)
    bad: list[RowProblem] = field(default_factory=list)
    changes: Changes = field(default_factory=Changes)

    def counts(self) -> dict[str, int]:
        return {
            "rows": self.rows,
            "imported": len(self.imported),
            "waiting": len(self.waiting),
            "duplicates": len(self.duplicates),
            "bad": len(self.bad),
        }


class HotlineImports:
    def __init__(self, ws: Workspace) -> None:
        self.ws = ws

    # -- file and mapping ----------------------------------------------------------------

    def read(self, path: Path | str) -> WorkOrderTable:
        return read_work_orders(path)

    def guess_mapping(self, headers: Sequence[str]) -> dict[str, int]:
        """The user's remembered choice for each header seen before, then a guess."""
        remembered: dict[str, str] = self.ws.prefs.get(MAPPING_PREF, {}) or {}
        mapping: dict[str, int] = {}
        for i, name in enumerate(headers):
            key = remembered.get(name.strip())
            if key in FIELD_LABELS and key not in mapping:
                mapping[key] = i
        for key, i in guess_mapping(headers).items():
            if key not in mapping and i not in mapping.values():
                mapping[key] = i
        return mapping

    def remember_mapping(self, headers: Sequence[str], mapping: dict[str, int]) -> None:
        remembered: dict[str, str] = dict(self.ws.prefs.get(MAPPING_PREF, {}) or {})
        for key, i in mapping.items():
            if 0 <= i < len(headers) and headers[i].strip():
                name = headers[i].strip()
                for old in [h for h, k in remembered.items() if k == key and h != name]:
                    del remembered[old]  # the latest choice for a field wins
                remembered[name] = key
        self.ws.prefs.set(MAPPING_PREF, remembered)

    # -- import --------------------------------------------------------------------------

    @cached_property
    def places(self) -> PlaceIndex:
        return place_index(self.ws.reference, self.ws.county_code)

    @cached_property
    def guesser(self) -> CategoryGuesser:
        return CategoryGuesser(self.ws.catalog)

    def run(
        self,
        table: WorkOrderTable,
        mapping: dict[str, int],
        progress: Callable[[int, int], None] | None = None,
    ) -> ImportResult:
        """Import every row; see the module's docstring for what happens to each."""
        self._require_intake()
        if missing := [FIELD_LABELS[k] for k in REQUIRED_FIELDS if k not in mapping]:
            raise ValidationError("mapping_incomplete", f"未指定列：{'、'.join(missing)}")
        now, result = self.ws.clock(), ImportResult(rows=len(table.rows))
        orders: list[WorkOrder] = []
        first_row: dict[str, int] = {}
        for line, values in enumerate(table.rows, start=2):
            row = read_row(line, values, mapping, now)
            if isinstance(row, RowProblem):
                result.bad.append(row)
            elif row.number in first_row:
                result.duplicates.append(_duplicate(row, f"与第{first_row[row.number]}行工单重复"))
            else:
                first_row[row.number] = line
                orders.append(row)
        with self.ws.service.batch(savepoints=True):
            with self.ws.service.reading() as conn:
                numbers = [o.number for o in orders]
                known = known_work_orders(conn, numbers) | self._waiting_numbers(conn, numbers)
            for done, order in enumerate(orders, start=1):
                if order.number in known:
                    result.duplicates.append(_duplicate(order, "该工单已导入"))
                else:
                    self._import_one(order, now, result)
                if progress is not None and done % 50 == 0:
                    progress(done, len(orders))
        if progress is not None:
            progress(len(orders), len(orders))
        return result

    def _import_one(self, order: WorkOrder, now: datetime, result: ImportResult) -> None:
        placed = self.places.place(order.address) if order.address else None
        code = self.guesser.guess(order.category_text, order.content)
        if placed is not None and code is not None:
            try:
                changes = self._report(order, placed.lon, placed.lat, code)
            except GridappError as exc:
                problem = RowProblem(order.row, order.number, exc.code, exc.message)
                target = result.duplicates if exc.code == "duplicate_work_order" else result.bad
                target.append(problem)
                return
            result.imported.extend(changes.case_ids)
            result.changes = result.changes | changes
            return
        needs = tuple(n for n, ok in (("place", placed), ("category", code)) if ok is None)
        data = {
            "row": order.row,
            "called_at": order.called_at.isoformat(),
            **{k: getattr(order, k) for k in ("caller", "phone", "title", "content", "address")},
            "category_text": order.category_text,
            "lon": placed.lon if placed else None,
            "lat": placed.lat if placed else None,
            "category_code": code,
        }
        with self.ws.service.reading() as conn, conn.begin_nested():
            conn.execute(
                insert(hotline_waiting).values(
                    work_order=order.number,
                    imported_by=self.ws.user.username,
                    imported_at=now,
                    needs=",".join(needs),
                    data=json.dumps(data, ensure_ascii=False),
                )
            )
        result.waiting.append(order.number)

    def _report(self, order: WorkOrder, lon: float, lat: float, code: str) -> Changes:
        return self.ws.service.report(
            self.ws.user,
            source=Source.HOTLINE,
            category_code=code,
            lon=lon,
            lat=lat,
            description=_description(order),
            address=order.address,
            reporter_name=order.caller or None,
            reporter_phone=order.phone or None,
            work_order=order.number,
        )

    # -- waiting rows --------------------------------------------------------------------

    def _waiting_numbers(self, conn: Any, numbers: list[str]) -> set[str]:
        found: set[str] = set()
        w = hotline_waiting.c
        for i in range(0, len(numbers), 500):
            chunk = numbers[i : i + 500]
            found.update(
                conn.execute(select(w.work_order).where(w.work_order.in_(chunk))).scalars()
            )
        return found

    def waiting(self) -> list[WaitingOrder]:
        """Work orders waiting for a point or a class, oldest call first."""
        with self.ws.db.read() as conn:
            rows = conn.execute(select(hotline_waiting)).mappings().all()
        out = [_waiting(r, masked=not self.ws.user.sees_phone_numbers) for r in rows]
        out.sort(key=lambda w: (w.called_at, w.number))
        return out

    def place(self, number: str, lon: float, lat: float, category_code: str) -> Changes:
        """Make the waiting work order a report at the point and class intake chose;
        its waiting row goes in the same transaction (both or neither)."""
        self._require_intake()
        order = self._load_waiting(number)
        with self.ws.service.batch():
            changes = self._report(order, lon, lat, category_code)
            with self.ws.service.reading() as conn:
                conn.execute(delete(hotline_waiting).where(hotline_waiting.c.work_order == number))
        return changes

    def write_feedback(self, path: Path | str) -> int:
        """The 反馈 file for the hotline platform (.xlsx or .csv); see hotline_feedback."""
        from gridapp.intake.hotline_feedback import write_feedback

        return write_feedback(self.ws, path)

    def _require_intake(self) -> None:
        if self.ws.user.role is not Role.INTAKE:
            raise DomainError("role_not_allowed", "只有受理员可以导入12345工单")

    def discard(self, number: str) -> bool:
        """Drop a waiting work order (the hotline platform withdrew it, say)."""
        self._require_intake()
        with self.ws.db.write() as conn:
            done = conn.execute(
                delete(hotline_waiting).where(hotline_waiting.c.work_order == number)
            )
        return bool(done.rowcount)

    def _load_waiting(self, number: str) -> WorkOrder:
        with self.ws.db.read() as conn:
            row = (
                conn.execute(select(hotline_waiting).where(hotline_waiting.c.work_order == number))
                .mappings()
                .first()
            )
        if row is None:
            raise NotFoundError("unknown_work_order", f"待定位工单不存在：{number}")
        d = json.loads(row["data"])
        return WorkOrder(
            row=int(d.get("row") or 0),
            number=number,
            called_at=datetime.fromisoformat(d["called_at"]),
            caller=d.get("caller") or "",
            phone=d.get("phone") or "",
            title=d.get("title") or "",
            content=d.get("content") or "",
            address=d.get("address") or "",
            category_text=d.get("category_text") or "",
        )


def _description(order: WorkOrder) -> str:
    """The caller's words, then the call time (the case's own time is the import's)."""
    when = f"\n来电时间：{order.called_at:%Y-%m-%d %H:%M}"
    text = order.description
    return text + when if len(text) + len(when) <= MAX_DESCRIPTION else text


def _duplicate(order: WorkOrder, reason: str) -> RowProblem:
    return RowProblem(order.row, order.number, "duplicate", reason)


def _waiting(row: Any, *, masked: bool) -> WaitingOrder:
    d = json.loads(row["data"])
    title, content = d.get("title") or "", d.get("content") or ""
    return WaitingOrder(
        number=row["work_order"],
        needs=tuple(n for n in row["needs"].split(",") if n),
        address=d.get("address") or "",
        description=(f"【{title}】" if title and title not in content else "") + content,
        caller=d.get("caller") or "",
        phone=mask_phone(d["phone"]) if masked and d.get("phone") else d.get("phone") or "",
        called_at=datetime.fromisoformat(d["called_at"]),
        lon=d.get("lon"),
        lat=d.get("lat"),
        category_code=d.get("category_code"),
    )
