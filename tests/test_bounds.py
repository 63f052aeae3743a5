"""Pages bounded by the screen, not by the data (issue 18; negotiator.bounds): each page is
rendered with N and then 3N rows behind it, and what it shows must not grow past its bound.
The bounds are set small here so that a few rows exceed them."""

from __future__ import annotations

import re

import pytest

from negotiator import bounds
from negotiator.consortia.models import Consortium
from negotiator.db import db
from negotiator.negotiation.models import Negotiation
from tests.factories import login, make_item, make_member
from tests.helpers import count_queries


@pytest.fixture
def small_bounds(monkeypatch):  # noqa: ANN001, ANN201
    monkeypatch.setattr(bounds, "BOARD_ITEMS", 2)
    monkeypatch.setattr(bounds, "BOARD_MEMBERS", 2)
    monkeypatch.setattr(bounds, "DASHBOARD_PER_KIND", 2)
    monkeypatch.setattr(bounds, "DASHBOARD_ITEMS_EXAMINED", 3)
    monkeypatch.setattr(bounds, "TODOS_PAGE", 2)


def _grow(app, world, members: int, items: int, tag: str) -> None:  # noqa: ANN001
    with app.app_context():
        council = db.session.get(Consortium, world.consortium_id)
        negotiation = db.session.get(Negotiation, world.negotiation_id)
        for n in range(members):
            make_member(council, f"{tag}町{n}")
        for n in range(items):
            make_item(negotiation, f"{tag}事項{n}")
        db.session.commit()


def _client(app, user: str):  # noqa: ANN001, ANN202
    client = app.test_client()
    login(client, user)
    return client


def _grown(app, world, client, path: str) -> list[tuple[str, int]]:  # noqa: ANN001
    """The page and its statement count with N rows behind it, then with 3N."""
    client.get(path)  # caches that fill once per process
    pages = []
    for tag, size in (("小", 3), ("大", 6)):  # 3 members and items more, then 6 more: 3N
        _grow(app, world, size, size, tag)
        with count_queries(app) as counter:
            page = client.get(path).get_data(as_text=True)
        pages.append((page, counter.count))
    return pages


def test_the_board_shows_at_most_its_items_by_its_members(app, world, small_bounds):
    client = _client(app, "facilitator")
    board = f"/negotiations/{world.negotiation_id}"
    (small, small_sql), (large, large_sql) = _grown(app, world, client, board)
    cells = bounds.BOARD_ITEMS * bounds.BOARD_MEMBERS
    assert small.count('class="cell"') == large.count('class="cell"') == cells
    assert small_sql == large_sql
    assert "構成団体 12団体中 1–2" in large  # 3 + 3 + 6 members
    second = client.get(f"{board}?members=2").get_data(as_text=True)
    assert "構成団体 12団体中 3–4" in second and second.count('class="cell"') == cells
    assert "四万十町" in second and "四万十町" not in large


def _tasks(page: str) -> list[str]:
    """The list items of the dashboard's to-do list."""
    listed = re.search(r'<ul class="card tasks">(.*?)</ul>', page, re.S)
    return re.findall(r"<li[ >]", listed.group(1)) if listed else []


@pytest.mark.parametrize("user", ["liaison", "facilitator"])
def test_the_dashboard_shows_the_first_few_of_each_kind(app, world, small_bounds, user):
    client = _client(app, user)
    (small, small_sql), (large, large_sql) = _grown(app, world, client, "/")
    # The first two (positions owed, or the facilitator's items) and the link to the rest.
    assert len(_tasks(small)) == len(_tasks(large)) == bounds.DASHBOARD_PER_KIND + 1
    assert small_sql == large_sql
    # 9 items more; the liaison's member answered the world's item, the facilitator has it open.
    kind, total = ("意見の登録", 9) if user == "liaison" else ("協議事項の進行", 10)
    assert f"「{kind}」をすべて表示(ほか{total - 2}件)" in large


def test_one_kind_in_full_comes_a_page_at_a_time(app, world, small_bounds):
    _grow(app, world, 0, 5, "追加")  # 5 positions owed (the world's item is answered)
    client = _client(app, "liaison")
    first = client.get("/?kind=position").get_data(as_text=True)
    last = client.get("/?kind=position&page=3").get_data(as_text=True)
    assert len(_tasks(first)) == 2 and "1 / 3ページ" in first and "5件" in first
    assert len(_tasks(last)) == 1 and "追加事項4" in last and "追加事項4" not in first


def test_the_meeting_agenda_counts_stances_past_its_bound(app, world, small_bounds, monkeypatch):
    from tests.meetings.factories import make_meeting

    monkeypatch.setattr(bounds, "MEETING_STANCES", 4)
    with app.app_context():
        meeting_id = make_meeting(world.negotiation_id, [world.item_id], held=True).id
        db.session.commit()
    client = _client(app, "facilitator")
    listed = client.get(f"/meetings/{meeting_id}").get_data(as_text=True)
    (small, small_sql), (large, large_sql) = _grown(app, world, client, f"/meetings/{meeting_id}")

    def agenda(page: str) -> str:
        return re.search(r'<ul class="agenda">(.*?)</ul>', page, re.S).group(1)

    assert agenda(listed).count("<li>") == 3  # three members: each one's stance
    # 6, then 12 members: one badge per stance held (条件付き賛成, 未回答), not one per member.
    assert agenda(small).count('class="stance') == agenda(large).count('class="stance') == 2
    assert "未回答 11団体" in agenda(large) and small_sql == large_sql
