"""What a word matches: letters in either case, never across an entry's title and body."""

from __future__ import annotations

from negotiator.consortia.models import Member
from negotiator.db import db
from negotiator.negotiation.models import AgendaItem, Negotiation
from tests.factories import make_item, record
from tests.search.test_search import _found


def test_letters_match_in_either_case(app, world):
    """PostgreSQL matches a word with letters by ILIKE, one without by LIKE (the same rows, at a
    quarter of the time): both must find what SQLite's FTS5 and LIKE find."""
    with app.app_context():
        item = db.session.get(AgendaItem, world.item_id)
        member = db.session.get(Member, world.member_ids[1])
        record(item, member, "agree", statement="LGWAN接続系の端末はIPアドレスで管理する")
        db.session.commit()
    for word in ("lgwan", "Lgwan接続系", "LGWAN", "接続系", "ip", "Ip", "アドレス"):
        assert _found(app, "liaison", word) == {"position": 1}, word
    assert _found(app, "liaison", "lgwan ip アドレス") == {"position": 1}
    assert _found(app, "liaison", "lgwan 回線") == {}


def test_a_word_never_matches_across_title_and_body(app, world):
    """PostgreSQL searches `title || ' ' || body`: a word (never holding a space) cannot span
    the join, as it cannot in SQLite, which searches the two apart."""
    with app.app_context():
        negotiation = db.session.get(Negotiation, world.negotiation_id)
        item = make_item(negotiation, "範囲甲")
        item.description = "乙の整理"
        db.session.commit()
    assert _found(app, "observer", "範囲甲") == {"item": 1}
    assert _found(app, "observer", "乙の整理") == {"item": 1}
    assert _found(app, "observer", "甲乙") == {}
    assert _found(app, "observer", "範囲甲乙の") == {}
