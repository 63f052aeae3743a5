"""Issue 14 point 6: the consensus board as Excel — every item (not one page), every member's
position as the board shows it, the board's filters, hostile titles kept as text."""

from __future__ import annotations

import io

import sqlalchemy as sa
from openpyxl import load_workbook

from negotiator import bounds
from negotiator.consortia.models import Member
from negotiator.db import db
from negotiator.negotiation.models import Negotiation
from tests.factories import login, make_item, record


def _rows(response) -> list[list]:  # noqa: ANN001
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith("attachment;")
    sheet = load_workbook(io.BytesIO(response.data))["合意状況"]
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


def _add_items(app, world, count: int) -> None:  # noqa: ANN001
    with app.app_context():
        negotiation = db.session.get(Negotiation, world.negotiation_id)
        members = list(db.session.scalars(sa.select(Member).where(Member.id.in_(world.member_ids))))
        for n in range(count):
            item = make_item(negotiation, f'=HYPERLINK("http://x") 事項{n}')
            if n == 0:
                record(item, members[1], "agree")
        db.session.commit()


def test_the_board_export_lists_every_item_and_every_position(app, world, monkeypatch):
    monkeypatch.setattr(bounds, "BOARD_ITEMS", 2)  # the board pages items and members;
    monkeypatch.setattr(bounds, "BOARD_MEMBERS", 2)  # the export must hold them all
    _add_items(app, world, 3)
    client = app.test_client()
    login(client, "observer")
    rows = _rows(client.get(f"/negotiations/{world.negotiation_id}/board.xlsx"))
    assert rows[0][0].endswith("合意状況") and rows[1][0].endswith("現在")
    header, *items = rows[3:]
    assert header[:5] == ["番号", "協議事項", "分類", "版", "状態"]
    assert (
        header[5:8] == ["甲 須崎市", "乙 中土佐町", "丙 四万十町"] and header[8] == "決定方法の充足"
    )
    assert [row[0] for row in items] == [1, 2, 3, 4]
    assert items[0][1] == "アクセス権制御ポリシー" and items[0][5] == "条件付賛成"
    assert items[1][1] == '\'=HYPERLINK("http://x") 事項0'  # text, never a formula
    assert items[1][5:8] == ["未回答", "賛成", "未回答"]
    assert all(row[3] == "第1版" and row[4] == "提案" for row in items)


def test_the_export_keeps_the_boards_filters(app, world):
    _add_items(app, world, 1)
    client = app.test_client()
    login(client, "facilitator")
    url = f"/negotiations/{world.negotiation_id}/board.xlsx"
    assert len(_rows(client.get(f"{url}?state=agreed"))) == 4  # titles and header only
    assert len(_rows(client.get(f"{url}?state=proposed&category=nonsense"))) == 6


def test_the_board_page_links_its_export_with_its_filters(app, world):
    client = app.test_client()
    login(client, "observer")
    page = client.get(f"/negotiations/{world.negotiation_id}?state=proposed").get_data(True)
    assert f"/negotiations/{world.negotiation_id}/board.xlsx?state=proposed" in page
