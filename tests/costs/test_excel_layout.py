"""Issue 14 point 6: the cost workbooks open readable — columns fitted, ¥ and 0.00% formats,
shares that add up as shown, frozen headers, print titles, A4 landscape fitted to the width —
and the block titles say each thing once."""

from __future__ import annotations

import io
from fractions import Fraction

import pytest
from openpyxl import load_workbook

from negotiator.costs.excel import block_title, shown_shares
from negotiator.exports import PERCENT, YEN, YEN_DIFFERENCE, display_width
from tests.costs.factories import build_costs, propose_first
from tests.factories import login


def _books(app, world) -> dict:  # noqa: ANN001
    cw = build_costs(app, world)
    table_id = propose_first(app, cw)
    client = app.test_client()
    login(client, "facilitator")
    urls = {
        "comparison": f"/items/{cw.item_id}/costs/comparison.xlsx",
        "frozen": f"/cost-tables/{table_id}/export.xlsx",
    }
    return {name: load_workbook(io.BytesIO(client.get(url).data)) for name, url in urls.items()}


def test_every_sheet_is_sized_frozen_and_set_up_for_a4(app, world):
    for name, book in _books(app, world).items():
        for sheet in book.worksheets:
            where = f"{name}/{sheet.title}"
            assert sheet.freeze_panes is not None and sheet.print_title_rows, where
            assert str(sheet.page_setup.paperSize) == sheet.PAPERSIZE_A4, where
            assert sheet.page_setup.orientation == "landscape", where
            assert sheet.page_setup.fitToWidth == 1 and sheet.page_setup.fitToHeight == 0, where
            assert sheet.sheet_properties.pageSetUpPr.fitToPage, where
            _assert_columns_fit(sheet, where)


def _assert_columns_fit(sheet, where: str) -> None:  # noqa: ANN001
    """Every value of a table row (not a lone title or note) fits its column: no ### shown."""
    for row in sheet.iter_rows():
        if sum(cell.value is not None for cell in row) < 2:
            continue
        for cell in row:
            if isinstance(cell.value, str):
                needed = display_width(cell.value)
            elif isinstance(cell.value, int | float) and not isinstance(cell.value, bool):
                needed = len(f"¥{cell.value:,.0f}")
            else:
                continue
            width = sheet.column_dimensions[cell.column_letter].width
            assert width >= min(needed, 60), (where, cell.coordinate, cell.value, width)


def test_amounts_are_yen_and_shares_add_up_to_100_percent_as_shown(app, world):
    sheet = _books(app, world)["frozen"]["負担表"]
    rows = [r for r in sheet.iter_rows(min_row=7) if r[0].value and r[1].value is not None]
    members, total = rows[:-1], rows[-1]
    assert total[0].value == "合計"
    shares = [row[1].value for row in members]
    assert [f"{s:.2%}" for s in shares] == ["33.34%", "33.33%", "33.33%"]
    assert round(sum(shares) * 10000) == 10000
    assert {row[1].number_format for row in rows} == {PERCENT}
    formats = [cell.number_format for cell in rows[0][2:]]  # one category of cost
    assert formats == [YEN, YEN, YEN_DIFFERENCE, YEN, YEN_DIFFERENCE]
    assert [row[2].value for row in members] == [4_000_000] * 3


def test_a_block_title_says_the_formula_once(app, world):
    sheet = _books(app, world)["comparison"]["比較"]
    titles = [row[0].value for row in sheet.iter_rows() if row[0].value and row[1].value is None]
    assert "均等割" in titles
    assert not any("均等割(均等割)" in title for title in titles)


@pytest.mark.parametrize(
    ("name", "formula", "title"),
    [
        ("均等割", "均等割", "均等割"),
        ("均等割案", "均等割", "均等割案"),
        ("A案", "均等割10%・人口割90%", "A案(均等割10%・人口割90%)"),
        ("A案", "", "A案"),
    ],
)
def test_block_title(name: str, formula: str, title: str) -> None:
    assert block_title(name, formula) == title


@pytest.mark.parametrize(
    ("yen", "shown"),
    [
        ([1, 1, 1], [0.3334, 0.3333, 0.3333]),
        ([2, 1, 1, 2], [0.3333, 0.1667, 0.1667, 0.3333]),
        ([0, 0], [0.0, 0.0]),
        ([5, 0], [1.0, 0.0]),
    ],
)
def test_shown_shares_add_up(yen: list[int], shown: list[float]) -> None:
    result = shown_shares(yen, sum(yen))
    assert result == shown
    if sum(yen):
        assert sum(Fraction(round(s * 10000)) for s in result) == 10000
