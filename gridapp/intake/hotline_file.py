"""Reading a hotline platform's work-order export: .xlsx or .csv, as rows of text.

Platforms differ in encoding: a CSV saved by Excel on a Chinese Windows is GBK (read
as GB18030, its superset), one from a web export is UTF-8, often with a BOM. UTF-8 is
tried first: GB18030 decodes almost any byte string, UTF-8 refuses a GBK file at once.
Every cell comes back as text (dates as ``YYYY-MM-DD HH:MM:SS``), so one parser reads
both formats; the header is the first row that is not empty.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path

from gridapp.errors import ValidationError

MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_ROWS = 100_000
MAX_COLUMNS = 200


@dataclass(frozen=True)
class WorkOrderTable:
    """The file's header and its data rows (each padded/cut to the header's width)."""

    name: str
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    encoding: str  # "utf-8", "gb18030" or "xlsx"


def read_work_orders(path: Path | str) -> WorkOrderTable:
    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise ValidationError("unreadable_file", f"无法读取文件：{path.name}") from exc
    if size > MAX_FILE_BYTES:
        raise ValidationError("file_too_large", "文件超过 50 MB")
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        rows, encoding = _xlsx_rows(path), "xlsx"
    elif suffix in (".csv", ".txt"):
        text, encoding = decode_csv(path.read_bytes())
        rows = list(csv.reader(io.StringIO(text, newline="")))
    else:
        raise ValidationError("unsupported_file", "只支持 .xlsx 和 .csv 文件")
    return _table(path.name, rows, encoding)


def decode_csv(data: bytes) -> tuple[str, str]:
    """The text of a CSV file and the encoding it was in (UTF-8 with or without BOM,
    else GB18030, which covers GBK and GB2312)."""
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030"), "gb18030"
    except UnicodeDecodeError as exc:
        raise ValidationError("bad_encoding", "文件编码无法识别（应为 UTF-8 或 GBK）") from exc


def _xlsx_rows(path: Path) -> list[list[str]]:
    from openpyxl import load_workbook  # only the import needs it loaded

    try:
        # Not data_only: a cell holding "=cmd|…" is read as the text it is, never as the
        # value some spreadsheet once computed from it.
        book = load_workbook(path, read_only=True, data_only=False)
    except Exception as exc:  # zipfile/XML errors of a damaged or disguised file
        raise ValidationError("unreadable_file", f"无法读取 Excel 文件：{path.name}") from exc
    try:
        sheet = book.worksheets[0]
        out = []
        for values in sheet.iter_rows(values_only=True):
            out.append([cell_text(v) for v in values[:MAX_COLUMNS]])
            if len(out) > MAX_ROWS + 1:
                break
        return out
    finally:
        book.close()


def cell_text(value: object) -> str:
    """A cell as the text the hotline platform meant (a whole number without ".0")."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, date):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, time):
        return value.strftime("%H:%M:%S")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _table(name: str, rows: list[list[str]], encoding: str) -> WorkOrderTable:
    rows = [r for r in rows if any(c.strip() for c in r)]
    if not rows:
        raise ValidationError("empty_file", "文件中没有数据")
    if len(rows) > MAX_ROWS + 1:
        raise ValidationError("too_many_rows", f"一次最多导入 {MAX_ROWS} 行")
    headers = tuple(h.strip() for h in rows[0][:MAX_COLUMNS])
    width = len(headers)
    body = tuple(tuple((list(r) + [""] * width)[:width]) for r in rows[1:])
    return WorkOrderTable(name, headers, body, encoding)
