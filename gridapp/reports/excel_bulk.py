"""Long sheets (the ledgers: tens of thousands of rows) written as sheet XML directly.

openpyxl spends ~5 µs on every cell (a Cell, its coordinate, an lxml element per cell);
the ledgers of a 45,000-case month are two million cells, ten seconds and more. Here
openpyxl still makes each such sheet — header row, column widths, frozen panes, the
autofilter over the rows to come — and the rows are rendered as ``<row>`` text into a
temporary file, one string per cell from a few cached pieces. After openpyxl has saved
the workbook, :func:`splice` copies the package and puts each sheet's rows in front of
its ``</sheetData>``.

The cells follow the rules of :func:`excel.append_row`: every text is an inline string
(never a formula or an error value), cleaned by ``cell_text``, XML-escaped, and a text
starting with a formula trigger gets the quote-prefix style so editing it in Excel does
not make it a formula either.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any
from xml.sax.saxutils import escape

from openpyxl.cell.cell import Cell
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

if TYPE_CHECKING:
    from gridapp.reports.excel import Book


class BulkRows:
    """The rows of one sheet below its header, as XML text in a temporary file."""

    def __init__(self, ws: WriteOnlyWorksheet, columns: int) -> None:
        from gridapp.reports.excel import FORMULA_TRIGGERS, cell_text

        self.ws, self.columns, self.rows = ws, columns, 1  # the header is row 1
        self._clean, self._triggers = cell_text, FORMULA_TRIGGERS
        self._letters = [get_column_letter(i) for i in range(1, columns + 1)]
        self._texts: dict[str, str] = {}
        quoted = Cell(ws, row=1, column=1, value="")
        quoted.quotePrefix = True  # registers the style with the workbook: saved with it
        self._quoted = f' s="{quoted.style_id}"'
        self.file: IO[str] = tempfile.TemporaryFile("w+", encoding="utf-8")  # noqa: SIM115

    def _text(self, value: str) -> str:
        """What follows ``<c r="…"`` for a text cell (cached: texts repeat)."""
        known = self._texts.get(value)
        if known is not None:
            return known
        text = self._clean(value)
        style = self._quoted if text.lstrip(" ").startswith(self._triggers) else ""
        space = ' xml:space="preserve"' if text != text.strip() else ""
        made = f' t="inlineStr"{style}><is><t{space}>{escape(text)}</t></is></c>'
        if len(self._texts) < 200_000:
            self._texts[value] = made
        return made

    def append(self, values: Sequence[Any]) -> None:
        """One row: texts, ints, or None for an empty cell."""
        self.rows += 1
        r = self.rows
        out = [f'<row r="{r}">']
        for letter, v in zip(self._letters, values, strict=False):
            if v is None:
                continue
            if isinstance(v, str):
                out.append(f'<c r="{letter}{r}"{self._text(v)}')
            elif isinstance(v, bool) or not isinstance(v, int):
                raise TypeError(f"a ledger cell is a text or an int, not {type(v).__name__}")
            else:
                out.append(f'<c r="{letter}{r}"><v>{v}</v></c>')
        out.append("</row>")
        self.file.write("".join(out))


def splice(book: Book, saved: Path) -> None:
    """Put every bulk sheet's rows into the package openpyxl saved at ``saved``."""
    parts = {ws.path.lstrip("/"): rows for ws, rows in book.bulk}
    if not parts:
        return
    fd, name = tempfile.mkstemp(prefix=saved.name, dir=saved.parent)
    os.close(fd)
    try:
        with zipfile.ZipFile(saved) as zin, zipfile.ZipFile(name, "w") as zout:
            for info in zin.infolist():
                rows = parts.get(info.filename)
                if rows is None:
                    zout.writestr(info, zin.read(info.filename), info.compress_type)
                    continue
                head, tail = zin.read(info.filename).decode("utf-8").split("</sheetData>", 1)
                # level 1: the rows are repetitive markup; 6 is twice the time for ~10 %
                target = zipfile.ZipInfo(info.filename, info.date_time)
                target.compress_type = zipfile.ZIP_DEFLATED
                target._compresslevel = 1  # type: ignore[attr-defined]  # 3.13: compress_level
                with zout.open(target, "w", force_zip64=True) as out:
                    out.write(head.encode("utf-8"))
                    rows.file.seek(0)
                    while chunk := rows.file.read(1 << 20):
                        out.write(chunk.encode("utf-8"))
                    out.write(b"</sheetData>" + tail.encode("utf-8"))
        shutil.copymode(saved, name)  # mkstemp's 0600 is not a saved document's mode
        shutil.move(name, saved)
    finally:
        Path(name).unlink(missing_ok=True)
        for _ws, rows in book.bulk:
            rows.file.close()
