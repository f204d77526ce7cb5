"""Long sheets (the ledgers: tens of thousands of rows) written as sheet XML directly.

openpyxl spends ~5 µs on every cell (a Cell, its coordinate, an lxml element per cell);
the ledgers of a 45,000-case month are two million cells, ten seconds and more. Here
openpyxl still makes each such sheet — header row, column widths, frozen panes, the
autofilter over the rows to come — and the rows are rendered as ``<row>`` text into a
temporary file, one string per cell from a few cached pieces. After openpyxl has saved
the workbook, :func:`splice` copies the package and puts each sheet's rows in front of
its ``</sheetData>``.

The cells follow the rules of :func:`safe_cells.append_row`: every text is an inline string
(never a formula or an error value), cleaned by ``cell_text``, XML-escaped, and a text
starting with a formula trigger gets the quote-prefix style so editing it in Excel does
not make it a formula either.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import zipfile
from collections.abc import Mapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any
from xml.sax.saxutils import escape

from openpyxl.cell.cell import Cell
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import to_excel
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

if TYPE_CHECKING:
    from gridapp.reports.excel import Book

Formats = Mapping[int, str]  # 0-based column → number format


class BulkRows:
    """The rows of one sheet below its header, as XML text in a temporary file."""

    def __init__(self, ws: WriteOnlyWorksheet, columns: int, formats: Formats = {}) -> None:  # noqa: B006
        from gridapp.reports.safe_cells import FORMULA_TRIGGERS, cell_text

        self.ws, self.columns, self.rows = ws, columns, 1  # the header is row 1
        self._clean, self._triggers = cell_text, FORMULA_TRIGGERS
        self._letters = [get_column_letter(i) for i in range(1, columns + 1)]
        self._texts: dict[str, str] = {}
        self._quoted = f' s="{_style_id(ws, quote=True)}"'
        # a number format by column: its style (registered with the workbook)
        self._styles = [
            f' s="{_style_id(ws, number_format=formats[i])}"' if i in formats else ""
            for i in range(columns)
        ]
        self._epoch = ws.parent.epoch
        self.file: IO[str] = tempfile.TemporaryFile("w+", encoding="utf-8")  # noqa: SIM115
        self._pending: list[str] = []

    def _text(self, value: str) -> str:
        """What follows ``<c r="…"`` for a text cell (cached: texts repeat)."""
        text = self._clean(value)
        style = self._quoted if text.lstrip(" ").startswith(self._triggers) else ""
        space = ' xml:space="preserve"' if text != text.strip() else ""
        made = f' t="inlineStr"{style}><is><t{space}>{escape(text)}</t></is></c>'
        if len(self._texts) < 200_000:
            self._texts[value] = made
        return made

    def _other(self, value: Any, column: int) -> str:
        """What follows ``<c r="…"`` for a number or a time (with its column's format)."""
        if isinstance(value, datetime):
            if value.tzinfo is not None:
                raise TypeError("Excel has no time zones: give naive China time")
            value = to_excel(value, self._epoch)
        elif isinstance(value, bool) or not isinstance(value, int | float):
            raise TypeError(f"a bulk cell is a text, a number or a time, not {type(value)}")
        return f"{self._styles[column]}><v>{value!r}</v></c>"

    def append(self, values: Sequence[Any]) -> None:
        """One row: texts, numbers, naive datetimes, or None for an empty cell."""
        self.rows = r = self.rows + 1
        known = self._texts
        add = self._pending.append
        add(f'<row r="{r}">')
        for i, v in enumerate(values):
            if v is None:
                continue
            if v.__class__ is str:
                add(f'<c r="{self._letters[i]}{r}"{known.get(v) or self._text(v)}')
            else:
                add(f'<c r="{self._letters[i]}{r}"{self._other(v, i)}')
        add("</row>")
        if len(self._pending) > 20_000:  # a few hundred rows per write
            self.flush()

    def flush(self) -> None:
        self.file.write("".join(self._pending))
        self._pending.clear()


def _style_id(ws: WriteOnlyWorksheet, *, quote: bool = False, number_format: str = "") -> int:
    """The workbook's style id for a quote-prefixed text or a number format (registered
    now, written with the workbook's styles when it is saved)."""
    cell = Cell(ws, row=1, column=1, value="")
    if quote:
        cell.quotePrefix = True
    if number_format:
        cell.number_format = number_format
    return cell.style_id


class LongSheet:
    """Rows under an autofilter, continued on 「title（续2）」… past Excel's row limit.

    The rows are written as sheet XML (``excel_bulk``): a ledger is too many cells for
    openpyxl's per-cell objects. Values are texts, numbers, naive datetimes or None.
    """

    def __init__(self, book: Book, title: str, header: Sequence[str], widths: Sequence[int],
                 freeze: str = "A2", formats: Formats = {}) -> None:  # fmt: skip  # noqa: B006
        self.book, self.title, self.header = book, title, header
        self.widths, self.freeze, self.part, self.formats = widths, freeze, 1, formats
        from gridapp.reports import excel

        self._excel = excel
        self._start()

    def _start(self) -> None:
        title = self.title if self.part == 1 else f"{self.title}（续{self.part}）"
        self.sheet = self.book.sheet(title, self.header, self.widths, self.freeze)
        self.rows = BulkRows(self.sheet.ws, len(self.header), self.formats)
        self.book.bulk.append((self.sheet.ws, self.rows))

    def append(self, values: Sequence[Any]) -> None:
        if self.rows.rows > self._excel.MAX_DATA_ROWS:  # read each time: tests lower it
            self.close()
            self.part += 1
            self._start()
        self.rows.append(values)

    def close(self) -> None:
        """The autofilter over every row (openpyxl writes it when the book is saved)."""
        self.rows.flush()
        self.sheet.rows = self.rows.rows
        self.sheet.filter_all(len(self.header))


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
                rows.flush()
                big = rows.file.seek(0, os.SEEK_END) > 1 << 30  # zip64 only where needed
                with zout.open(target, "w", force_zip64=big) as out:
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
