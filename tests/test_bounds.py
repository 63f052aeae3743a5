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
    monkeypatch.setattr(bounds, "ITEM_EARLIER_POSITIONS", 2)
    monkeypatch.setattr(bounds, "ITEM_REVISIONS", 2)
    monkeypatch.setattr(bounds, "ITEM_TIMELINE", 3)
    monkeypatch.setattr(bounds, "HISTORY_PAGE", 2)
    monkeypatch.setattr(bounds, "MEETING_CANDIDATES", 2)


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


def _heard(app, world, meeting_id: int, times: int) -> None:  # noqa: ANN001
    """`times` more positions stated at the meeting, by the world's members in turn."""
    from negotiator.auth.models import User
    from negotiator.auth.permissions import ConsortiumRoles
    from negotiator.consortia.models import Member
    from negotiator.negotiation import services
    from negotiator.negotiation.models import AgendaItem

    with app.app_context():
        item = db.session.get(AgendaItem, world.item_id)
        author = db.session.scalars(db.select(User).order_by(User.id)).first()
        for n in range(times):
            member = db.session.get(Member, world.member_ids[n % len(world.member_ids)])
            data = {"stance": "agree", "revision": item.current_revision, "source": "meeting"}
            data |= {"statement": f"発言{n}", "reason": "", "conditions": ""}
            roles = ConsortiumRoles(facilitator=True)
            services.record_position(item, member, data, author, roles, meeting_id=meeting_id)
        db.session.commit()


def test_the_meeting_lists_the_first_positions_heard_and_counts_the_rest(app, world, monkeypatch):  # noqa: ANN001
    """The page lists MEETING_HEARD of the positions stated at the meeting and counts the rest
    (the minutes PDF has them all): reading them stays a page's worth however many there are."""
    from negotiator.meetings import decisions
    from tests.meetings.factories import make_meeting

    monkeypatch.setattr(bounds, "MEETING_HEARD", 2)
    with app.app_context():
        meeting_id = make_meeting(world.negotiation_id, [world.item_id], held=True).id
        db.session.commit()
    client = _client(app, "facilitator")
    path = f"/meetings/{meeting_id}"
    client.get(path)  # caches that fill once per process
    loaded: list[decisions.Heard] = []
    make = decisions.Heard

    def note(*columns: object, **named: object) -> decisions.Heard:
        loaded.append(heard := make(*columns, **named))
        return heard

    monkeypatch.setattr(decisions, "Heard", note)
    pages = []
    for times in (3, 6):  # 3 positions heard, then 9
        _heard(app, world, meeting_id, times)
        loaded.clear()
        with count_queries(app) as counter:
            pages.append((client.get(path).get_data(as_text=True), counter.count, len(loaded)))
    (small, small_sql, _), (large, large_sql, read) = pages
    assert _listed(small, "card positions-heard") == _listed(large, "card positions-heard") == 3
    assert "ほか1件" in small and "ほか7件" in large and small_sql == large_sql
    assert read == 2  # the page read the positions it lists, not all nine


def _revise_and_restate(app, world, times: int) -> None:  # noqa: ANN001
    """`times` more revisions of the world's item, each answered again by its first member."""
    from negotiator.auth.models import User
    from negotiator.consortia.models import Member
    from negotiator.negotiation import services
    from negotiator.negotiation.models import AgendaItem
    from tests.factories import record

    with app.app_context():
        item = db.session.get(AgendaItem, world.item_id)
        member = db.session.get(Member, world.member_ids[0])
        author = db.session.scalars(db.select(User).order_by(User.id)).first()
        for _ in range(times):
            text = f"提案文 第{item.current_revision + 1}版"
            services.add_revision(item, text, "", author, base_revision=item.current_revision)
            record(item, member, "agree", reason=f"第{item.current_revision}版に賛成")
        db.session.commit()


def _listed(page: str, css: str) -> int:
    """How many list items the first list of this class holds."""
    found = re.search(rf'<(?:ul|ol) class="{css}"[^>]*>(.*?)</(?:ul|ol)>', page, re.S)
    return len(re.findall(r"<li[ >]", found.group(1))) if found else 0


def test_the_item_page_shows_the_newest_of_each_history(app, world, small_bounds):
    client = _client(app, "facilitator")
    path = f"/items/{world.item_id}"
    client.get(path)
    pages = []
    for times in (3, 6):  # 3 revisions and positions more, then 6 more: 3N
        _revise_and_restate(app, world, times)
        with count_queries(app) as counter:
            page = client.get(path).get_data(as_text=True)
        pages.append((page, counter.count))
    (small, small_sql), (large, large_sql) = pages
    assert small_sql == large_sql
    for page in (small, large):
        assert _listed(page, "history") == bounds.ITEM_EARLIER_POSITIONS  # 須崎市's earlier
        assert _listed(page, "card history") == bounds.ITEM_REVISIONS
        assert _listed(page, "timeline") == bounds.ITEM_TIMELINE
    # 1 + 3 + 6 positions; 10 revisions; and a link to each whole history.
    assert "以前の意見(9件)" in large and "すべて表示(ほか7件)" in large
    assert "提案文の版をすべて表示(ほか8件)" in large and 'max="10"' in large
    member = world.member_ids[0]
    oldest = client.get(f"/items/{world.item_id}/members/{member}/positions?page=5")
    oldest = oldest.get_data(as_text=True)
    assert "5 / 5ページ" in oldest and _listed(oldest, "card history") == 2
    assert "第2版に賛成" in oldest and "第10版に賛成" not in oldest
    revisions = client.get(f"/items/{world.item_id}/revisions?page=5").get_data(as_text=True)
    assert _listed(revisions, "card history") == 2 and "第1版 ·" in revisions
    timeline = client.get(f"/items/{world.item_id}/timeline").get_data(as_text=True)
    assert _listed(timeline, "timeline") == bounds.HISTORY_PAGE
    diff = client.get(f"/items/{world.item_id}/diff?a=1&b=10")
    assert diff.status_code == 200
    assert client.get(f"/items/{world.item_id}/diff?a=1&b=11").status_code == 404


def test_the_meeting_offers_its_candidates_a_list_at_a_time(app, world, small_bounds):
    from tests.meetings.factories import make_meeting

    with app.app_context():
        meeting_id = make_meeting(world.negotiation_id, [world.item_id]).id
        db.session.commit()
    client = _client(app, "facilitator")
    path = f"/meetings/{meeting_id}"

    def options(page: str) -> list[str]:
        listed = re.search(r'<select[^>]*id="item_id"[^>]*>(.*?)</select>', page, re.S)
        return re.findall(r'<option value="(\d+)"', listed.group(1))

    (small, small_sql), (large, large_sql) = _grown(app, world, client, path)
    # The world's item is on the agenda: 3, then 9 open items; two at a time.
    assert len(options(small)) == len(options(large)) == bounds.MEETING_CANDIDATES
    assert small_sql == large_sql and "議題に追加できる協議事項 9件中 1–2" in large
    # Each offered as its number and title, under its negotiation's title.
    assert re.search(r'<optgroup label="グループウェア共同利用"><option value="\d+">\d+\. ', large)
    last = client.get(f"{path}?candidates=5").get_data(as_text=True)
    assert len(options(last)) == 1 and "9件中 9–9" in last
    chosen = options(last)[0]
    added = client.post(f"{path}/agenda", data={"action": "add", "item_id": chosen})
    assert added.status_code == 302
    again = client.get(path).get_data(as_text=True)
    assert chosen not in options(again) and "議題に追加できる協議事項 8件中 1–2" in again


def _members_answer(app, world, count: int, tag: str) -> None:  # noqa: ANN001
    """`count` more members, each answering the world's item through a liaison of its own."""
    from negotiator.auth.permissions import ConsortiumRoles
    from negotiator.negotiation import services
    from negotiator.negotiation.models import AgendaItem
    from tests.factories import make_user

    with app.app_context():
        council = db.session.get(Consortium, world.consortium_id)
        item = db.session.get(AgendaItem, world.item_id)
        for n in range(count):
            member = make_member(council, f"{tag}村{n}")
            liaison = make_user(f"{tag}-liaison-{n}")
            data = {"stance": "agree", "revision": item.current_revision, "source": "email"}
            data |= {"statement": "", "reason": "", "conditions": ""}
            roles = ConsortiumRoles(liaison_of=frozenset({member.id}))
            services.record_position(item, member, data, liaison, roles)
        db.session.commit()


def test_the_item_page_loads_whoever_recorded_positions_at_once(app, world):
    """Each position names who recorded it: one statement for all of them, not one each."""
    client = _client(app, "facilitator")
    path = f"/items/{world.item_id}"
    client.get(path)
    counts = []
    for tag, size in (("小", 3), ("大", 6)):
        _members_answer(app, world, size, tag)
        with count_queries(app) as counter:
            page = client.get(path).get_data(as_text=True)
        counts.append(counter.count)
        assert f"{tag}-Liaison-{size - 1}" in page  # the last recorder, named on the page
    assert counts[0] == counts[1]
