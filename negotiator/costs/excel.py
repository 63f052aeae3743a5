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


def _text(value: object) -> str | None:
    return None if value is None else str(value)


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


def table_block(table: dict[str, Any], title: str) -> dict[str, Any]:
    """What one table's block shows, as plain values (a render's source, hashed)."""
    return {
        "title": title,
        "categories": [{"name": c["name"], "amount": c["amount"]} for c in table["categories"]],
        "members": [f"{m['label']} {m['name']}".strip() for m in table["members"]],
        "rows": [
            [row["yen"], row["total"], row["diff_equal"], row["standalone"], row["saving"]]
            for row in table["rows"]
        ],
        "total": table["total"],
        "warnings": [
            f"警告: {v['category']} で {'・'.join(v['members'])} の負担が単独の見積を"
            f"{v['excess']:,}円上回ります"
            for v in table["violations"]
        ],
    }


def _table_rows(sheet: Worksheet, block: dict[str, Any]) -> None:
    """One block: a row per member with share, yen per category, total and comparisons."""
    categories = [c["name"] for c in block["categories"]]
    sheet.append([block["title"]])
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
    shares = shown_shares([total for _yen, total, *_ in block["rows"]], block["total"])
    for member, row, share in zip(block["members"], block["rows"], shares, strict=True):
        yen, total, diff_equal, standalone, saving = row
        difference = None if saving is None else -saving  # + = pays more, as on screen
        sheet.append([member, share, *yen, total, diff_equal, standalone, difference])
        _format_row(sheet, len(categories))
    sheet.append(["合計", 1, *[c["amount"] for c in block["categories"]], block["total"]])
    _format_row(sheet, len(categories))
    for warning in block["warnings"]:
        sheet.append([warning])
    sheet.append([])


def _format_row(sheet: Worksheet, categories: int) -> None:
    row = sheet[sheet.max_row]
    row[1].number_format = PERCENT
    for cell in row[2:]:
        cell.number_format = YEN
    for cell in row[3 + categories :: 2]:  # the two differences: a sign on either side
        cell.number_format = YEN_DIFFERENCE


def comparison_sheet(item: Any, ws: Any, columns: list[Any]) -> dict[str, Any]:
    """What the comparison workbook shows, as plain values (a render's source, hashed)."""
    blocks = []
    for column in columns:
        title = block_title(column.candidate.name, column.formula.text)
        if column.table is None:
            error = column.error.text if column.error else ""
            blocks.append({"title": title, "error": f"計算できません: {error}"})
        else:
            blocks.append(table_block(column.table, title))
    return {
        "title": f"{item.title} 費用負担の比較",
        "blocks": blocks,
        "inputs": _workspace_inputs(ws),
    }


def comparison_book(shown: dict[str, Any]) -> BytesIO:
    """Sheet 比較 (each computed candidate) and sheet 入力 (indicators, costs and quotes)."""
    book = _new_book()
    sheet = book.active
    sheet.title = "比較"
    sheet.append([shown["title"]])
    sheet["A1"].font = _font(bold=True, size=14)
    sheet.append([])
    table_header(sheet, 1)
    for block in shown["blocks"]:
        if "error" in block:
            sheet.append([block["title"], block["error"]])
            sheet.append([])
        else:
            _table_rows(sheet, block)
    inputs = book.create_sheet("入力")
    _inputs_sheet(inputs, shown["inputs"])
    table_header(inputs, 1)
    return save_workbook(book)


def _workspace_inputs(ws: Any) -> dict[str, Any]:
    by_id = {m.id: m.name for m in ws.members}
    category_names = {c.id: c.name for c in ws.categories}
    members = ws.members
    return {
        "members": [m.name for m in members],
        "indicators": [
            {
                "label": ref.label,
                "unit": ref.unit,
                "values": [_text(ref.values.get(m.id)) for m in members],
                "reference_date": ref.reference_date,
                "source": ref.source,
                "illustrative": ref.illustrative,
            }
            for ref in ws.inputs.indicators.values()
        ],
        "categories": [[c.name, c.amount] for c in ws.categories],
        "quotes": [
            [
                category_names.get(quote.category_id, ""),
                "・".join(by_id.get(i, "?") for i in sorted(quote.member_ids)),
                quote.amount,
            ]
            for quote in ws.quotes
        ],
    }


def _inputs_sheet(sheet: Worksheet, inputs: dict[str, Any]) -> None:
    """Indicators, the costs (the comparison's; a frozen table has none of its own) and quotes."""
    _header(sheet, ["指標", "単位", *inputs["members"], "基準日", "出典", "例示"])
    for ref in inputs["indicators"]:
        sheet.append(
            [
                ref["label"],
                ref["unit"],
                *[_number(v) for v in ref["values"]],
                ref["reference_date"],
                ref["source"],
                "例示(架空の値)" if ref["illustrative"] else "",
            ]
        )
    sheet.append([])
    if inputs["categories"] is not None:
        _header(sheet, ["費用区分", "金額(円)"])
        for name, amount in inputs["categories"]:
            sheet.append([name, amount])
            sheet[sheet.max_row][1].number_format = YEN
        sheet.append([])
    _header(sheet, ["費用区分", "提携", "見積(円)"])
    for category, members, amount in inputs["quotes"]:
        sheet.append([category, members, amount])
        sheet[sheet.max_row][2].number_format = YEN


def frozen_sheet(frozen: Any) -> dict[str, Any]:
    """What a frozen table's workbook shows, as plain values (a render's source, hashed)."""
    data = frozen.data
    method = METHOD_LABELS.get(data["method"], data["method"])
    return {
        "title": f"別表 費用負担: {data['name']}(提案文 第{frozen.revision_number}版)",
        "method": f"計算方法: {method}({data['formula']})",
        "remainder": f"端数の扱い: {REMAINDER_SENTENCES[data['remainder_rule']]}",
        "block": table_block(data, data["name"]),
        "inputs": {
            "members": [m["name"] for m in data["members"]],
            "indicators": data["inputs"]["indicators"],
            "categories": None,
            "quotes": [
                [q["category"], "・".join(q["members"]), q["amount"]]
                for q in data["inputs"]["quotes"]
            ],
        },
    }


def frozen_book(shown: dict[str, Any]) -> BytesIO:
    """Sheet 負担表 (the table as proposed) and sheet 入力 (the inputs frozen with it)."""
    book = _new_book()
    sheet = book.active
    sheet.title = "負担表"
    sheet.append([shown["title"]])
    sheet["A1"].font = _font(bold=True, size=14)
    sheet.append([shown["method"]])
    sheet.append([shown["remainder"]])
    sheet.append([])
    _table_rows(sheet, shown["block"])
    table_header(sheet, 6)  # the title, the method, the rule, the block's title and header
    inputs = book.create_sheet("入力")
    _inputs_sheet(inputs, shown["inputs"])
    table_header(inputs, 1)
    return save_workbook(book)
