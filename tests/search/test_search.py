"""Search: Japanese substrings, short words, LIKE wildcards, councils, hostile text, the index."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
import sqlalchemy as sa

from negotiator.auth.models import User
from negotiator.consortia.models import Consortium, Member
from negotiator.db import db
from negotiator.negotiation import services as negotiation
from negotiator.negotiation.models import (
    AgendaItem,
    MemberNote,
    Negotiation,
    PositionCondition,
    ProposalRevision,
)
from negotiator.search import services
from negotiator.search.models import SearchEntry
from tests.factories import login, make_item, make_negotiation, record, user_id
from tests.negotiation.test_markdown import HOSTILE


def _get(app, username: str, query: str, **args: str) -> str:  # noqa: ANN001
    client = app.test_client()
    login(client, username)
    response = client.get("/search", query_string={"q": query, **args})
    assert response.status_code == 200
    return response.get_data(as_text=True)


def _found(app, username: str, query: str) -> dict[str, int]:  # noqa: ANN001
    """kind -> total, as the service answers the user."""
    with app.test_request_context():
        groups = services.search(user_id(username), query.split())
        return {g.kind: g.total for g in groups}


def _found_kind(app, username: str, query: str, kind: str) -> int:  # noqa: ANN001
    with app.test_request_context():
        return services.search(user_id(username), query.split(), kind)[0].total


def _item(app, world) -> AgendaItem:  # noqa: ANN001
    return db.session.get(AgendaItem, world.item_id)


def test_finds_a_word_inside_a_longer_one(app, world):
    page = _get(app, "observer", "アクセス権")
    assert "<mark>アクセス権</mark>制御ポリシー" in page
    assert f'href="/items/{world.item_id}"' in page
    assert _found(app, "observer", "アクセス権") == {"item": 1}


def test_a_two_character_word_is_found(app, world):
    with app.app_context():
        item = _item(app, world)
        member = db.session.get(Member, world.member_ids[1])
        record(item, member, "agree", statement="協定の第3条に合わせてください")
        db.session.commit()
    page = _get(app, "liaison", "協定")
    assert "<mark>協定</mark>の第3条" in page
    assert f"#member-{world.member_ids[1]}" in page
    assert _found(app, "liaison", "協定") == {"position": 1}
    # A condition is found as its member's position too.
    assert _found(app, "liaison", "端末") == {"position": 1}


def test_percent_and_underscore_are_plain_characters(app, world):
    with app.app_context():
        item = _item(app, world)
        for index, text in enumerate(("稼働率100%_以上", "稼働率1000以上", "稼働率100x以上")):
            member = db.session.get(Member, world.member_ids[index])
            record(item, member, "agree", statement=text)
        db.session.commit()
    assert _found(app, "observer", "0%_") == {"position": 1}
    assert _found(app, "observer", "%") == {"position": 1}
    assert _found(app, "observer", "_") == {"position": 1}
    assert _found(app, "observer", "100%") == {"position": 1}
    assert _found(app, "observer", '"稼働率"') == {}  # FTS syntax is text, not an operator


def test_other_councils_text_is_never_found(app, world):
    with app.app_context():
        other = db.session.get(Consortium, world.other_consortium_id)
        make_item(make_negotiation(other, "宿毛の案件"), "アクセス権の宿毛市案")
        db.session.commit()
    assert _found(app, "liaison", "宿毛市案") == {}
    assert _found(app, "other_liaison", "宿毛") == {}
    assert _found(app, "outsider", "アクセス権") == {"item": 1}  # its own item only
    assert _found(app, "outsider", "制御ポリシー") == {}
    assert "制御ポリシー" not in _get(app, "outsider", "アクセス権")
    # A site administrator reads no council as such, so finds nothing of theirs either.
    assert _found(app, "admin", "アクセス権") == {}


def test_member_notes_are_never_indexed(app, world):
    with app.app_context():
        note = MemberNote(
            item_id=world.item_id,
            member_id=world.member_ids[0],
            author_id=user_id("liaison"),
            revision_number=1,
            body="譲歩の限度は三割まで",
        )
        db.session.add(note)
        db.session.commit()
        assert not db.session.scalar(
            sa.select(SearchEntry).where(SearchEntry.body.contains("譲歩"))
        )
    assert _found(app, "liaison", "譲歩の限度") == {}


class _Tags(HTMLParser):
    """The tags inside the results lists."""

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0
        self.tags: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if self.depth:
            self.tags.add(tag)
            self.depth += tag not in ("br",)
        elif ("class", "card search-results") in attrs:
            self.depth = 1

    def handle_endtag(self, tag: str) -> None:
        if self.depth:
            self.depth -= 1


def test_hostile_text_is_escaped_and_only_the_match_marked(app, world, monkeypatch):
    monkeypatch.setattr(services, "PER_PAGE", len(HOSTILE))
    with app.app_context():
        author = user_id("facilitator")
        for number, payload in enumerate(HOSTILE.values(), start=2):
            text = f"危険な文 script {payload}".replace("\x00", "")  # as forms strip it
            db.session.add(
                ProposalRevision(item_id=world.item_id, number=number, text=text, author_id=author)
            )
        db.session.commit()
    page = _get(app, "observer", "危険な文 script", kind="revision")
    parser = _Tags()
    parser.feed(page)
    assert parser.tags <= {"li", "a", "p", "mark", "span"}
    assert len(re.findall(r"<mark>危険な文</mark>", page)) == len(HOSTILE)
    assert "<script>alert" not in page and "<img" not in page
    # A query with markup in it is marked as text.
    page = _get(app, "observer", "<script>alert(1)</script>", kind="revision")
    assert "<mark>&lt;script&gt;alert(1)&lt;/script&gt;</mark>" in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page.split("<title>")[1].split("</title>")[0]


def test_the_index_follows_edits_and_deletes(app, world):
    with app.app_context():
        item = _item(app, world)
        data = {
            "title": "リモート接続の方針",
            "category": item.category,
            "description": "",
            "rule_override": None,
            "proposing_member_id": None,
            "deemed_consent_override": None,
        }
        negotiation.edit_item(item, data, item.version)
        db.session.commit()
    assert _found(app, "observer", "アクセス権") == {}
    assert _found(app, "observer", "リモート接続") == {"item": 1}
    with app.app_context():
        negotiation.add_revision(
            _item(app, world),
            "多要素認証を必須とする",
            "",
            db.session.get(User, 1),
            base_revision=1,
        )
        db.session.commit()
    assert _found(app, "observer", "多要素認証") == {"revision": 1}
    with app.app_context():
        condition = db.session.get(PositionCondition, world.condition_id)
        db.session.delete(condition)
        db.session.commit()
    assert _found(app, "observer", "端末を限定") == {}


def test_minutes_are_found_and_lead_to_the_meeting(app, world):
    from negotiator.meetings import minutes
    from tests.meetings.factories import make_meeting

    with app.app_context():
        meeting = make_meeting(world.negotiation_id, [world.item_id], held=True)
        entry = meeting.agenda[0]
        minutes.save_minutes(
            meeting, "全体として議事進行を確認", {entry.id: "閉域網の接続を了承"}, meeting.version
        )
        db.session.commit()
        meeting_id = meeting.id
    page = _get(app, "signatory", "議事進行")
    assert f'href="/meetings/{meeting_id}#minutes"' in page
    page = _get(app, "signatory", "閉域網")
    assert f'href="/meetings/{meeting_id}#entry-{world.item_id}"' in page
    assert _found(app, "outsider", "閉域網") == {}


def test_results_are_grouped_counted_and_paged(app, world, monkeypatch):
    monkeypatch.setattr(services, "PER_PAGE", 3)
    with app.app_context():
        negotiation_row = db.session.get(Negotiation, world.negotiation_id)
        for n in range(7):
            make_item(negotiation_row, f"共通基盤の整備その{n}", text=f"共通基盤の本文{n}")
        db.session.commit()
    assert _found(app, "observer", "共通基盤") == {"item": 7, "revision": 7}
    page = _get(app, "observer", "共通基盤")
    assert page.count("<mark>共通基盤</mark>の整備") == services.PER_KIND
    assert "kind=item" in page and "14件" in page
    page = _get(app, "observer", "共通基盤", kind="item", page="3")
    assert page.count("<mark>共通基盤</mark>の整備") == 1
    assert "3 / 3" in page
    monkeypatch.setattr(services, "COUNT_CAP", 10)  # the overview counts the newest 10 only
    assert _found(app, "observer", "共通基盤") == {"item": 5, "revision": 5}
    page = _get(app, "observer", "共通基盤")
    assert "10件以上" in page and "5件以上" in page and "新しいものから10件まで" in page
    assert _found_kind(app, "observer", "共通基盤", "revision") == 7  # one kind: exact
    page = _get(app, "observer", "共通基盤", kind="item", page=str(10**30))
    assert "共通基盤" in page  # an absurd page number is an empty page, not an error


@pytest.mark.parametrize(
    ("query", "message"),
    [("あ" * 101, "100文字以内"), ("一 二 三 四 五 六", "5個まで")],
)
def test_a_query_out_of_bounds_is_refused_at_the_field(app, world, query, message):
    page = _get(app, "observer", query)
    assert message in page and 'aria-invalid="true"' in page
    assert "search-results" not in page


def test_reindex_rebuilds_the_index(app, world):
    with app.app_context():
        db.session.execute(sa.delete(SearchEntry))
        db.session.commit()
    assert _found(app, "observer", "アクセス権") == {}
    result = app.test_cli_runner().invoke(args=["search", "reindex"])
    assert result.exit_code == 0, result.output
    assert _found(app, "observer", "アクセス権") == {"item": 1}
    assert _found(app, "observer", "端末") == {"position": 1}
