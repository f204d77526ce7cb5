"""The facade part ``ws.exports``: the case ledger, the request ledgers, the case sheet."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from gridapp.exports.case_ledger import LEDGER_COLUMNS, Progress, write_case_ledger
from gridapp.store.case_queries import CaseQuery

if TYPE_CHECKING:
    from gridapp.workspace import Workspace


class Exports:
    """What the UI's export and print commands call (plain values in, files out)."""

    columns = LEDGER_COLUMNS

    def __init__(self, ws: Workspace) -> None:
        self.ws = ws

    def case_ledger(
        self,
        query: CaseQuery,
        columns: Sequence[str],
        path: Path | str,
        *,
        progress: Progress | None = None,
    ) -> int:
        """Every case of ``query`` (this user's scope) with ``columns``; returns the count."""
        return write_case_ledger(self.ws, query, columns, path, progress=progress)

    def request_ledgers(
        self, path: Path | str, since: datetime | None = None, until: datetime | None = None
    ) -> dict[str, int]:
        """The 延期、回退、挂账 ledgers in one workbook; line counts by kind."""
        from gridapp.exports.request_ledgers import RequestLedgers

        return RequestLedgers(self.ws).write(path, since, until)

    def case_sheet(self, case_id: str, path: Path | str) -> Path:
        """A case's 案卷处理单 as PDF."""
        from gridapp.exports.case_sheet import CaseSheet

        return CaseSheet(self.ws).write(case_id, path)
