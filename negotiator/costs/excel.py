"""Excel workbooks (openpyxl) of the comparison and of a frozen table, in Japanese.

Numbers are written as numbers (yen as integers, shares as percentages to two decimals rounded
by largest remainder, so that the column adds up to 100.00% as shown), never as text, so that the
council can add them up in Excel. Every book is saved through negotiator.exports.save_workbook:
no text typed by users becomes a formula, and every sheet is sized and set up for A4.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from io import BytesIO
from typing import TYPE_CHECKING, Any

from negotiator.costs.markdown import REMAINDER_SENTENCES
from negotiator.costs.split import METHOD_LABELS
from negotiator.costs.yen import allocate_yen
from negotiator.exports import PERCENT, YEN, YEN_DIFFERENCE, save_workbook, table_header

if TYPE_CHECKING:
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.worksheet.worksheet import Worksheet

HUNDREDTHS = 10000  # of a percent: the shares as shown, 0.00%


def shown_shares(yen: list[int], total: int) -> list[float]:
    """Each member's share of the total to 0.01%, by largest remainder: they add up to 100.00%.

    Excel stores IEEE doubles; the exact fraction stays in the app and the frozen table.
    """
    if not total:
        return [0.0] * len(yen)
    exact = {i: Fraction(amount, total) for i, amount in enumerate(yen)}
    units = allocate_yen(HUNDREDTHS, exact, "largest_remainder")
    return [units[i] / HUNDREDTHS for i in range(len(yen))]


def block_title(name: str, formula: str) -> str:
    """A candidate's name, with its formula unless the name already says it (均等割, not
    「均等割(均等割)」)."""
    return name if not formula or formula in name else f"{name}({formula})"


def _number(text: str | None) -> int | float | None:
    if text is None:
        return None
    value = Decimal(text)
    return int(value) if value == value.to_integral_value() else float(value)


def _new_book() -> Workbook:
    # openpyxl (and numpy with it) loads at the first export, not in every process: ~0.2 s.
    from openpyxl import Workbook

    return Workbook()


def _font(**style: Any) -> Font:
    from openpyxl.styles import Font

    return Font(**style)


def _header(sheet: Worksheet, values: list[Any]) -> None:
    sheet.append(values)
    for cell in sheet[sheet.max_row]:
        cell.font = _font(bold=True)


def _table_rows(sheet: Worksheet, table: dict[str, Any], title: str) -> None:
    """One block: a row per member with share, yen per category, total and comparisons."""
    categories = [c["name"] for c in table["categories"]]
    sheet.append([title])
    sheet[sheet.max_row][0].font = _font(bold=True)
    _header(
        sheet,
        [
            "構成団体",
            "負担割合",
            *[f"{c}(円)" for c in categories],
            "合計(円)",
            "均等割との差(円・+は負担増)",
            "単独の見積(円)",
            "単独との差(円・+は負担増)",
        ],
    )
    shares = shown_shares([row["total"] for row in table["rows"]], table["total"])
    for member, row, share in zip(table["members"], table["rows"], shares, strict=True):
        sheet.append(
            [
                f"{member['label']} {member['name']}".strip(),
                share,
                *row["yen"],
                row["total"],
                row["diff_equal"],
                row["standalone"],
                None if row["saving"] is None else -row["saving"],  # + = pays more, as on screen
            ]
        )
        _format_row(sheet, len(categories))
    sheet.append(["合計", 1, *[c["amount"] for c in table["categories"]], table["total"]])
    _format_row(sheet, len(categories))
    for v in table["violations"]:
        sheet.append(
            [
                f"警告: {v['category']} で {'・'.join(v['members'])} の負担が単独の見積を"
                f"{v['excess']:,}円上回ります"
            ]
        )
    sheet.append([])


def _format_row(sheet: Worksheet, categories: int) -> None:
    row = sheet[sheet.max_row]
    row[1].number_format = PERCENT
    for cell in row[2:]:
        cell.number_format = YEN
    for cell in row[3 + categories :: 2]:  # the two differences: a sign on either side
        cell.number_format = YEN_DIFFERENCE


def comparison_book(item: Any, ws: Any, columns: list[Any]) -> BytesIO:
    """Sheet 比較 (each computed candidate) and sheet 入力 (indicators, costs and quotes)."""
    book = _new_book()
    sheet = book.active
    sheet.title = "比較"
    sheet.append([f"{item.title} 費用負担の比較"])
    sheet["A1"].font = _font(bold=True, size=14)
    sheet.append([])
    table_header(sheet, 1)
    for column in columns:
        title = block_title(column.candidate.name, column.formula.text)
        if column.table is None:
            sheet.append([title, f"計算できません: {column.error.text if column.error else ''}"])
            sheet.append([])
            continue
        _table_rows(sheet, column.table, title)
    inputs = book.create_sheet("入力")
    _inputs_sheet(inputs, ws)
    table_header(inputs, 1)
    return save_workbook(book)


def _inputs_sheet(sheet: Worksheet, ws: Any) -> None:
    names = [m.name for m in ws.members]
    _header(sheet, ["指標", "単位", *names, "基準日", "出典", "例示"])
    for ref in ws.inputs.indicators.values():
        values = [
            _number(str(ref.values[m.id])) if m.id in ref.values else None for m in ws.members
        ]
        sheet.append(
            [
                ref.label,
                ref.unit,
                *values,
                ref.reference_date,
                ref.source,
                "例示(架空の値)" if ref.illustrative else "",
            ]
        )
    sheet.append([])
    _header(sheet, ["費用区分", "金額(円)"])
    for category in ws.categories:
        sheet.append([category.name, category.amount])
        sheet[sheet.max_row][1].number_format = YEN
    sheet.append([])
    _header(sheet, ["費用区分", "提携", "見積(円)"])
    by_id = {m.id: m.name for m in ws.members}
    category_names = {c.id: c.name for c in ws.categories}
    for quote in ws.quotes:
        members = "・".join(by_id.get(i, "?") for i in sorted(quote.member_ids))
        sheet.append([category_names.get(quote.category_id, ""), members, quote.amount])
        sheet[sheet.max_row][2].number_format = YEN


def frozen_book(frozen: Any) -> BytesIO:
    """Sheet 負担表 (the table as proposed) and sheet 入力 (the inputs frozen with it)."""
    data = frozen.data
    book = _new_book()
    sheet = book.active
    sheet.title = "負担表"
    sheet.append([f"別表 費用負担: {data['name']}(提案文 第{frozen.revision_number}版)"])
    sheet["A1"].font = _font(bold=True, size=14)
    method = METHOD_LABELS.get(data["method"], data["method"])
    sheet.append([f"計算方法: {method}({data['formula']})"])
    sheet.append([f"端数の扱い: {REMAINDER_SENTENCES[data['remainder_rule']]}"])
    sheet.append([])
    _table_rows(sheet, data, data["name"])
    table_header(sheet, 6)  # the title, the method, the rule, the block's title and header
    inputs = book.create_sheet("入力")
    members = [m["name"] for m in data["members"]]
    _header(inputs, ["指標", "単位", *members, "基準日", "出典", "例示"])
    for ref in data["inputs"]["indicators"]:
        inputs.append(
            [
                ref["label"],
                ref["unit"],
                *[_number(v) for v in ref["values"]],
                ref["reference_date"],
                ref["source"],
                "例示(架空の値)" if ref["illustrative"] else "",
            ]
        )
    inputs.append([])
    _header(inputs, ["費用区分", "提携", "見積(円)"])
    for quote in data["inputs"]["quotes"]:
        inputs.append([quote["category"], "・".join(quote["members"]), quote["amount"]])
        inputs[inputs.max_row][2].number_format = YEN
    table_header(inputs, 1)
    return save_workbook(book)
