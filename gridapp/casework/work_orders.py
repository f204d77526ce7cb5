"""12345 work-order numbers (工单编号) on cases: one case per work order.

The hotline platform names each citizen's request by its number; a file exported twice,
or imported on two laptops, must not make two cases. The check runs wherever a report
is recorded: on the laptop at import and on the service at push, so the second laptop's
report is refused there (``duplicate_work_order``) like any refused report.
"""

from __future__ import annotations

import hashlib
import re

from sqlalchemy import Connection, bindparam, func, select

from gridapp.domain.case import Source
from gridapp.errors import DomainError, ValidationError
from gridapp.store.schema import cases

WORK_ORDER = re.compile(r"^[0-9A-Za-z][0-9A-Za-z_-]{0,39}$")
# Built once: checked for every report an import makes (cf. case_log's statements).
_CASE_WITH = select(cases.c.id).where(cases.c.work_order == bindparam("work_order")).limit(1)


def is_work_order(text: str) -> bool:
    return bool(WORK_ORDER.match(text))


def case_with_work_order(conn: Connection, work_order: str) -> str | None:
    """The id of the case carrying ``work_order``, whatever the user's scope (a
    duplicate is a duplicate even if another town holds it; only its number is said)."""
    return conn.execute(_CASE_WITH, {"work_order": work_order}).scalar()


def known_work_orders(conn: Connection, numbers: list[str]) -> set[str]:
    """Those of ``numbers`` some case already carries (one query per 500)."""
    found: set[str] = set()
    for i in range(0, len(numbers), 500):
        chunk = numbers[i : i + 500]
        found.update(
            conn.execute(select(cases.c.work_order).where(cases.c.work_order.in_(chunk))).scalars()
        )
    return found


def _hold_work_order(conn: Connection, work_order: str) -> None:
    """Serialise the check-then-insert of one work order until this transaction ends.

    On PostgreSQL two pushes run side by side: each would see no case with the number
    and both would insert (seen: three laptops, one work order, three cases). A
    transaction-scoped advisory lock on the number makes the second wait for the first
    to commit, then see its case. SQLite writes one transaction at a time already.
    """
    if conn.dialect.name != "postgresql":
        return
    digest = hashlib.blake2b(f"work_order:{work_order}".encode(), digest_size=8).digest()
    conn.execute(select(func.pg_advisory_xact_lock(int.from_bytes(digest, "big", signed=True))))


def check_new_work_order(conn: Connection, work_order: object, source: Source) -> str:
    """``work_order`` checked for a new report: well-formed, hotline only, not yet used."""
    if not isinstance(work_order, str) or not is_work_order(work_order):
        raise ValidationError("bad_work_order", "工单编号格式不正确", field="work_order")
    if source is not Source.HOTLINE:
        raise ValidationError("bad_work_order", "只有12345热线案件带工单编号", field="work_order")
    _hold_work_order(conn, work_order)
    if case_with_work_order(conn, work_order) is not None:
        raise DomainError(
            "duplicate_work_order", f"工单 {work_order} 已导入", work_order=work_order
        )
    return work_order
