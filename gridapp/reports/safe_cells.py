"""Worksheet cells that hold user text as data: never a formula, never an error value.

Every export's rows go through :func:`append_row`, which stores each text as a string
cell. openpyxl would otherwise turn a text starting with ``=`` into a live formula (a
reject reason ``=HYPERLINK(…)``) and ``#N/A`` into an error. The text is kept exactly as
typed — no apostrophe is prepended (OWASP's advice for CSV, which has no cell types):
the cell *type* is what keeps it from being evaluated, and texts starting with a formula
trigger also get Excel's quote-prefix style so that editing the cell in Excel does not
turn it into a formula either.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from openpyxl.cell.cell import ERROR_CODES, ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

Formats = Mapping[int, str]  # 0-based column → number format
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n")
_LINE_BREAKS = re.compile(r"\r\n?")


def cell_text(text: str) -> str:
    """``text`` as a worksheet can hold it: XML has no bare carriage return (a reader
    turns it into a line feed anyway) and no control characters other than tab and
    newline, which would abort the whole export; those become U+FFFD, visibly."""
    return ILLEGAL_CHARACTERS_RE.sub("\ufffd", _LINE_BREAKS.sub("\n", text))


def append_row(ws: WriteOnlyWorksheet, values: Sequence[Any], formats: Formats = {}) -> None:  # noqa: B006
    """Append one row; every text is a string cell, never a formula or an error value.

    ``formats`` gives number formats by column (a write-only sheet cannot style a cell
    after its row is written).
    """
    ws.append([_cell(ws, v, formats.get(i)) for i, v in enumerate(values)])


def _cell(ws: WriteOnlyWorksheet, value: Any, number_format: str | None) -> Any:
    if isinstance(value, str):
        text = cell_text(value)
        if text.lstrip(" ").startswith(FORMULA_TRIGGERS) or text in ERROR_CODES:
            return _string_cell(ws, text)
        # Neither a formula nor an error value to openpyxl: its own string cell, without
        # a Cell object of ours (a third of a big workbook's time went into making them).
        return text
    if number_format is None or value is None:
        return value
    cell = Cell(ws, row=1, column=1, value=value)  # placed when its row is written
    cell.number_format = number_format
    return cell


def text_cell(ws: WriteOnlyWorksheet, text: str) -> Cell:
    """A string cell for any text (a header to style, say)."""
    return _string_cell(ws, cell_text(text))


def _string_cell(ws: WriteOnlyWorksheet, text: str) -> Cell:
    """A string cell for a ``cell_text``-clean text openpyxl might read as code."""
    cell = Cell(ws, row=1, column=1, value=text)
    cell.data_type = "s"  # openpyxl made "=…" a formula and "#N/A" an error value
    if cell.value.lstrip(" ").startswith(FORMULA_TRIGGERS):
        cell.quotePrefix = True
    return cell
