"""The consensus board as an Excel workbook: every item of the negotiation (as filtered on the
page) against every member's current position, in Japanese, as the council reads it on paper.

Saved through negotiator.exports.save_workbook: user text never becomes a formula, and the sheet
is sized, frozen (title rows, number and item columns) and set up for A4 landscape.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from io import BytesIO
from typing import Any

from negotiator.consortia.models import Member
from negotiator.exports import save_workbook, table_header
from negotiator.negotiation.forms import CATEGORY_LABELS
from negotiator.negotiation.models import Negotiation
from negotiator.negotiation.queries import Board, Row
from negotiator.negotiation.rules import STANCE_LABELS
from negotiator.negotiation.workflow import STATE_LABELS

HEADER_ROW = 4


def board_sheet(
    negotiation: Negotiation, members: list[Member], pages: Iterable[Board], on: dt.date
) -> dict[str, Any]:
    """What the sheet shows, as plain values (the render's source, hashed): a row per item
    (from the board's pages), a column per member (all of them: the page shows them a
    screenful at a time); `on` is the day it shows."""
    names = [f"{m.party_label or ''} {m.name}".strip() for m in members]
    return {
        "title": f"{negotiation.title} 合意状況",
        "as_of": f"{negotiation.consortium.name} {on.year}年{on.month}月{on.day}日現在",
        "header": ["番号", "協議事項", "分類", "版", "状態", *names, "決定方法の充足"],
        "rows": [_line(row, members) for board in pages for row in board.rows],
    }


def board_book(shown: dict[str, Any]) -> BytesIO:
    """One sheet 合意状況 of what `board_sheet` gathered."""
    # openpyxl (and numpy with it) loads at the first export, not in every process: ~0.2 s.
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    book = Workbook()
    sheet = book.active
    sheet.title = "合意状況"
    sheet.append([shown["title"]])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([shown["as_of"]])
    sheet.append([])
    sheet.append(shown["header"])
    for cell in sheet[HEADER_ROW]:
        cell.font = Font(bold=True)
    for line in shown["rows"]:
        sheet.append(line)
    for line in sheet.iter_rows(min_row=HEADER_ROW + 1):
        line[1].alignment = Alignment(wrap_text=True, vertical="top")
    table_header(sheet, HEADER_ROW, columns=2)
    return save_workbook(book)


def _line(row: Row, members: list[Member]) -> list:
    item = row.item
    return [
        item.number,
        item.title,
        CATEGORY_LABELS[item.category],
        f"第{item.current_revision}版",
        STATE_LABELS[item.state],
        *[_stance(row, member.id) for member in members],
        _rule(row),
    ]


def _stance(row: Row, member_id: int) -> str:
    position = row.positions.get(member_id)
    if position is None:
        return "未回答"
    text = STANCE_LABELS[position.stance]
    if member_id in row.stale:
        text += f"(要再確認: 第{position.revision_number}版への意見)"
    return text


def _rule(row: Row) -> str:
    if row.item.state == "agreed":
        return "合意済み"
    return "充足" if row.rule.met else f"未充足({len(row.rule.missing)}件)"
