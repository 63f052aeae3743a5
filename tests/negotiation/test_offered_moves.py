"""The item page offers only what the user's role permits: no disabled button an observer can
never press, no empty 意見を登録 column (issue 15, item 9)."""

from __future__ import annotations

import re

import pytest

from negotiator.db import db
from negotiator.negotiation.models import AgendaItem
from tests.factories import login

AGREE = "合意とする"
WITHDRAW = "取り下げる"
RECORD = "意見を登録"


def _discussed_item_proposed_by_first_town(app, world) -> None:  # noqa: ANN001
    with app.app_context():
        item = db.session.get(AgendaItem, world.item_id)
        item.proposing_member_id = world.member_ids[0]  # the town of user "liaison"
        item.discussed_note = "第1回協議会"
        item.state = "discussed"
        db.session.commit()


def _buttons(page: str) -> list[str]:
    return re.findall(r"<button[^>]*>([^<]*)</button>", page)


def _positions_header(page: str) -> str:
    return re.search(r'<table class="positions">.*?</thead>', page, re.S).group(0)


def _page(app, world, username: str) -> str:  # noqa: ANN001
    _discussed_item_proposed_by_first_town(app, world)
    client = app.test_client()
    login(client, username)
    return client.get(f"/items/{world.item_id}").get_data(as_text=True)


def test_observer_sees_no_move_button_nor_the_record_column(app, world):
    page = _page(app, world, "observer")
    assert AGREE not in _buttons(page) and WITHDRAW not in _buttons(page)
    assert RECORD not in page
    header = _positions_header(page)
    assert len(re.findall(r"<th[ >]", header)) == 3 and "操作" not in header
    # Still told where the item stands and what agreement lacks (the button said it before).
    assert "合意に足りないもの" in page and "第1版への意見がありません" in page
    assert ">状態<" in page and "状態の変更" not in page


def test_facilitator_is_offered_both_moves_and_records_for_every_town(app, world):
    page = _page(app, world, "facilitator")
    buttons = _buttons(page)
    assert AGREE in buttons and WITHDRAW in buttons
    assert re.search(r"disabled[^>]*>合意とする<", page)  # offered, not yet possible
    assert page.count(f">{RECORD}<") == 3
    assert len(re.findall(r"<th[ >]", _positions_header(page))) == 4


@pytest.mark.parametrize(
    "username,moves",
    [("liaison", {WITHDRAW}), ("other_liaison", set())],
)
def test_liaison_is_offered_what_a_liaison_may_do(app, world, username, moves):
    page = _page(app, world, username)
    assert {AGREE, WITHDRAW} & set(_buttons(page)) == moves
    assert page.count(f">{RECORD}<") == 1  # for their own town only
    assert len(re.findall(r"<th[ >]", _positions_header(page))) == 4
