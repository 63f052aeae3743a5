"""Discussion on items (issue 14, points 1 and 2): comments with replies, edit history and
mentions; 修正案 proposed by other members, accepted, declined or withdrawn; who revises."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from negotiator.audit.models import AuditEntry
from negotiator.consortia.models import Member
from negotiator.db import db
from negotiator.negotiation import comments, suggestions
from negotiator.negotiation.discussion_models import Comment, CommentEdit, Suggestion
from negotiator.negotiation.models import AgendaItem, Negotiation, ProposalRevision
from negotiator.notifications.models import Notification
from tests.factories import login, make_item, record, user_id
from tests.helpers import assert_constant_queries
from tests.negotiation.test_markdown import HOSTILE, assert_harmless


@pytest.fixture
def item_id(app, world) -> int:  # noqa: ANN001
    """An item proposed by 中土佐町 (member 1, other_liaison's), with every member's position."""
    with app.app_context():
        negotiation = db.session.get(Negotiation, world.negotiation_id)
        members = [db.session.get(Member, m) for m in world.member_ids]
        item = make_item(
            negotiation, "訓練の共同実施", text="年1回訓練を行う。", proposer=members[1]
        )
        for member in members:
            record(item, member, "agree")
        db.session.commit()
        return item.id


def _as(app, username: str):  # noqa: ANN001, ANN202
    """A client of its own, logged in (a logged-in client cannot log in as someone else)."""
    client = app.test_client()
    assert login(client, username).status_code == 302
    return client


def _item(item_id: int) -> AgendaItem:
    return db.session.get(AgendaItem, item_id)


def _suggest(client, item_id: int, text: str = "年1回、5月に訓練を行う。", **extra: str):  # noqa: ANN001, ANN202
    data = {"text": text, "reason": "出水期前に行うため", "base_revision": "1"} | extra
    return client.post(f"/items/{item_id}/suggestions/new", data=data)


def _only_suggestion() -> Suggestion:
    return db.session.scalars(sa.select(Suggestion)).one()


# --- who revises directly ---------------------------------------------------------------------


def test_only_the_proposer_or_the_facilitator_revises(app, client, world, item_id):
    client = _as(app, "liaison")  # 須崎市: another member
    assert client.get(f"/items/{item_id}/revise").status_code == 403
    data = {"text": "勝手な改訂", "change_note": "", "base_revision": "1"}
    assert client.post(f"/items/{item_id}/revise", data=data).status_code == 403
    page = client.get(f"/items/{item_id}").get_data(as_text=True)
    assert "提案文を改訂" not in page and "修正案を出す" in page
    for user in ("other_liaison", "facilitator"):
        client = _as(app, user)
        page = client.get(f"/items/{item_id}").get_data(as_text=True)
        assert "提案文を改訂" in page and "修正案を出す" not in page
        assert client.get(f"/items/{item_id}/revise").status_code == 200
    with app.app_context():
        assert _item(item_id).current_revision == 1


# --- comments ---------------------------------------------------------------------------------


def test_comment_reply_and_the_revision_they_were_written_on(app, client, world, item_id):
    client = _as(app, "liaison")
    response = client.post(
        f"/items/{item_id}/comments/new",
        data={"body": "時期は**5月**ですか。", "mentioned_member_id": "0"},
    )
    assert response.status_code == 302 and "#comment-" in response.headers["Location"]
    with app.app_context():
        first = db.session.scalars(sa.select(Comment)).one()
        assert (first.item_id, first.revision_number, first.parent_id) == (item_id, 1, None)
        entry = db.session.scalars(sa.select(AuditEntry).order_by(AuditEntry.id.desc())).first()
        assert entry.action == "comment.add" and entry.summary == "コメントを投稿(第1版について)"
    client = _as(app, "other_liaison")
    reply = {"body": "はい、5月です。", "mentioned_member_id": "0", "parent_id": str(first.id)}
    assert client.post(f"/items/{item_id}/comments/new", data=reply).status_code == 302
    # A reply to a reply is refused: one level of threading.
    with app.app_context():
        second = db.session.scalars(sa.select(Comment).order_by(Comment.id.desc())).first()
        assert second.parent_id == first.id
    nested = reply | {"parent_id": str(second.id)}
    page = client.post(f"/items/{item_id}/comments/new", data=nested).get_data(as_text=True)
    assert "返信先のコメントが見つかりません" in page
    page = client.get(f"/items/{item_id}").get_data(as_text=True)
    assert "<strong>5月</strong>" in page and "第1版について" in page
    assert page.index("時期は") < page.index("はい、5月です。")
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Comment)) == 2


def test_only_the_author_edits_and_the_history_is_kept(app, client, world, item_id):
    client = _as(app, "liaison")
    client.post(
        f"/items/{item_id}/comments/new", data={"body": "最初の文面", "mentioned_member_id": "0"}
    )
    with app.app_context():
        comment = db.session.scalars(sa.select(Comment)).one()
    url = f"/comments/{comment.id}/edit"
    for other in ("other_liaison", "facilitator", "observer"):
        client = _as(app, other)
        assert client.get(url).status_code == 403
    client = _as(app, "liaison")
    data = {"body": "直した文面", "mentioned_member_id": "0", "version": "1"}
    assert client.post(url, data=data).status_code == 302
    stale = client.post(url, data=data | {"body": "古い版からの編集"}).get_data(as_text=True)
    assert "このコメントは先に編集されました" in stale
    with app.app_context():
        comment = db.session.get(Comment, comment.id)
        assert comment.body == "直した文面" and comment.edited_at is not None
        edits = db.session.scalars(sa.select(CommentEdit)).all()
        assert [e.body for e in edits] == ["最初の文面"]
    page = client.get(f"/items/{item_id}").get_data(as_text=True)
    assert "編集済み" in page and "以前の文面(1件)" in page and "最初の文面" in page


def test_observers_read_and_do_not_write(app, client, world, item_id):
    client = _as(app, "liaison")
    client.post(
        f"/items/{item_id}/comments/new", data={"body": "質問です", "mentioned_member_id": "0"}
    )
    client = _as(app, "observer")
    page = client.get(f"/items/{item_id}").get_data(as_text=True)
    assert "質問です" in page and "コメントを書く" not in page and "返信する" not in page
    data = {"body": "書けない", "mentioned_member_id": "0"}
    assert client.post(f"/items/{item_id}/comments/new", data=data).status_code == 403
    client = _as(app, "outsider")
    assert client.get(f"/items/{item_id}/comments/new").status_code == 404


def test_a_mention_notifies_the_members_liaisons_once(app, client, world, item_id):
    client = _as(app, "liaison")
    nakatosa = str(world.member_ids[1])
    client.post(
        f"/items/{item_id}/comments/new",
        data={"body": "中土佐町に伺います", "mentioned_member_id": nakatosa},
    )
    with app.app_context():
        comment = db.session.scalars(sa.select(Comment)).one()
        assert comment.mentioned_member_id == world.member_ids[1]
    # Edited, still naming 中土佐町: not told again.
    data = {"body": "中土佐町に改めて伺います", "mentioned_member_id": nakatosa, "version": "1"}
    assert client.post(f"/comments/{comment.id}/edit", data=data).status_code == 302
    with app.app_context():
        notes = db.session.scalars(sa.select(Notification).filter_by(kind="mention")).all()
        assert [n.user_id for n in notes] == [user_id("other_liaison")]
        assert notes[0].path.endswith(f"#comment-{comment.id}")
    client = _as(app, "other_liaison")
    assert "のコメントで中土佐町が名指しされました" in client.get("/notifications/").get_data(
        as_text=True
    )


def test_a_member_of_another_council_cannot_be_mentioned(app, client, world, item_id):
    client = _as(app, "liaison")
    data = {"body": "宛先違い", "mentioned_member_id": str(world.other_member_id)}
    response = client.post(f"/items/{item_id}/comments/new", data=data)
    assert response.status_code == 200
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Comment)) == 0


def test_hostile_markdown_in_comments_renders_harmless(app, client, world, item_id):
    with app.app_context():
        item, author = _item(item_id), db.session.get(type(_item(item_id).revisions[0].author), 1)
        shown = 0
        for payload in HOSTILE.values():
            try:
                comments.add_comment(
                    item,
                    payload,
                    author,
                    parent_id=None,
                    mentioned_member_id=None,
                    member_ids=set(),
                )
                shown += 1
            except comments.CommentError:
                pass  # refused at the text check: nothing to render
        db.session.commit()
    assert shown > len(HOSTILE) // 2
    client = _as(app, "observer")
    page = client.get(f"/items/{item_id}").get_data(as_text=True)
    bodies = re.findall(r'<div class="comment-body">(.*?)</div>\n', page, flags=re.S)
    assert len(bodies) == shown
    for body in bodies:
        assert_harmless(body)


def _discussion(app, world, item_id: int, n: int) -> None:  # noqa: ANN001
    """A thread with a reply naming a member, an edit, an open and a declined 修正案."""
    with app.app_context():
        item = _item(item_id)
        author = item.revisions[0].author
        members = set(world.member_ids)
        susaki = db.session.get(Member, world.member_ids[0])
        parent = comments.add_comment(
            item, f"質問{n}", author, parent_id=None, mentioned_member_id=None, member_ids=members
        )
        comments.add_comment(
            item,
            f"回答{n}",
            author,
            parent_id=parent.id,
            mentioned_member_id=world.member_ids[0],
            member_ids=members,
        )
        comments.edit_comment(
            parent,
            f"質問{n}(訂正)",
            parent.version,
            author,
            mentioned_member_id=None,
            member_ids=members,
        )
        for k in range(2):
            data = {"text": f"案{n}-{k}", "reason": "理由", "base_revision": 1}
            suggestion = suggestions.propose(item, susaki, data, author)
        suggestions.decline(suggestion, author, suggestion.version, "不要")
        db.session.commit()


def test_item_page_queries_do_not_grow_with_the_discussion(app, world, item_id):
    _discussion(app, world, item_id, 0)  # every kind of row once: eager loads then all run
    client = _as(app, "liaison")
    grow = lambda: [_discussion(app, world, item_id, n) for n in (1, 2, 3)]  # noqa: E731
    assert_constant_queries(app, lambda: client.get(f"/items/{item_id}"), grow)


def test_board_queries_do_not_grow_with_suggestions(app, world, item_id):
    _discussion(app, world, item_id, 0)
    client = _as(app, "observer")
    url = f"/negotiations/{world.negotiation_id}"
    grow = lambda: [_discussion(app, world, item_id, n) for n in (1, 2)]  # noqa: E731
    assert_constant_queries(app, lambda: client.get(url), grow)


# --- 修正案 ------------------------------------------------------------------------------------


def test_a_suggestion_is_shown_as_a_diff_and_counted_on_the_board(app, client, world, item_id):
    client = _as(app, "liaison")
    response = _suggest(client, item_id)
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "須崎市の修正案" in page and "diff-ins" in page and "5月に" in page
    assert "採用する" not in page and "修正案を取り下げる" in page
    board = client.get(f"/negotiations/{world.negotiation_id}").get_data(as_text=True)
    assert "修正案 1件" in board
    item_page = client.get(f"/items/{item_id}").get_data(as_text=True)
    assert "検討中 1件" in item_page and "出水期前に行うため" in item_page
    with app.app_context():
        s = _only_suggestion()
        assert (s.state, s.base_revision, s.member_id) == ("open", 1, world.member_ids[0])


def test_a_suggestion_needs_a_reason_and_a_change(app, client, world, item_id):
    client = _as(app, "liaison")
    page = _suggest(client, item_id, reason="").get_data(as_text=True)
    assert 'id="reason-error"' in page
    page = _suggest(client, item_id, text="年1回訓練を行う。").get_data(as_text=True)
    assert "提案文が変わっていません" in page
    client = _as(app, "other_liaison")  # the proposer revises; it does not suggest
    assert _suggest(client, item_id).status_code == 403
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Suggestion)) == 0


def test_accepting_makes_the_next_revision_credited_and_positions_stale(
    app, client, world, item_id
):
    client = _as(app, "liaison")
    _suggest(client, item_id)
    with app.app_context():
        s = _only_suggestion()
    assert (
        client.post(
            f"/suggestions/{s.id}/accept", data={"version": "1", "revision": "1"}
        ).status_code
        == 403
    )
    client = _as(app, "other_liaison")
    response = client.post(f"/suggestions/{s.id}/accept", data={"version": "1", "revision": "1"})
    assert response.status_code == 302
    with app.app_context():
        item, s = _item(item_id), db.session.get(Suggestion, s.id)
        revision = db.session.get(ProposalRevision, s.revision_id)
        assert (item.current_revision, revision.number, s.state) == (2, 2, "accepted")
        assert revision.text == "年1回、5月に訓練を行う。"
        assert revision.change_note == "須崎市の修正案による"
        revised = db.session.scalars(
            sa.select(AuditEntry).filter_by(action="item.revise").order_by(AuditEntry.id.desc())
        ).first()
        assert revised.summary == "提案文 第2版(須崎市の修正案による)"
        assert revised.after["suggestion_id"] == s.id
    board = client.get(f"/negotiations/{world.negotiation_id}").get_data(as_text=True)
    assert "要再確認(第1版への意見)" in board and "修正案 1件" not in board


def test_declining_needs_a_reason(app, client, world, item_id):
    client = _as(app, "liaison")
    _suggest(client, item_id)
    with app.app_context():
        s = _only_suggestion()
    client = _as(app, "facilitator")
    page = client.post(f"/suggestions/{s.id}/decline", data={"reason": " ", "version": "1"})
    assert 'id="decline-reason-error"' in page.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Suggestion, s.id).state == "open"
    data = {"reason": "時期は各団体で決めるため", "version": "1"}
    assert client.post(f"/suggestions/{s.id}/decline", data=data).status_code == 302
    with app.app_context():
        s = db.session.get(Suggestion, s.id)
        assert (s.state, s.decline_reason, _item(item_id).current_revision) == (
            "declined",
            "時期は各団体で決めるため",
            1,
        )
    page = client.get(f"/suggestions/{s.id}").get_data(as_text=True)
    assert "時期は各団体で決めるため" in page and "採用する" not in page


def test_only_the_suggesting_member_withdraws(app, client, world, item_id):
    client = _as(app, "liaison")
    _suggest(client, item_id)
    with app.app_context():
        s = _only_suggestion()
    client = _as(app, "other_liaison")
    assert client.post(f"/suggestions/{s.id}/withdraw", data={"version": "1"}).status_code == 403
    client = _as(app, "liaison")
    assert client.post(f"/suggestions/{s.id}/withdraw", data={"version": "1"}).status_code == 302
    again = client.post(f"/suggestions/{s.id}/withdraw", data={"version": "2"})
    assert "この修正案は先に処理されました" in again.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Suggestion, s.id).state == "withdrawn"


def test_a_suggestion_on_an_older_revision_is_accepted_only_after_the_new_diff(
    app, client, world, item_id
):
    client = _as(app, "liaison")
    _suggest(client, item_id)
    with app.app_context():
        s = _only_suggestion()
    client = _as(app, "other_liaison")
    page = client.get(f"/suggestions/{s.id}").get_data(as_text=True)
    accept = {"version": "1", "revision": "1"}  # the form of the page seen before the revision
    data = {"text": "年2回訓練を行う。", "change_note": "", "base_revision": "1"}
    assert client.post(f"/items/{item_id}/revise", data=data).status_code == 302
    refused = client.post(f"/suggestions/{s.id}/accept", data=accept).get_data(as_text=True)
    assert "現在の版との差分を確認してから採用してください" in refused
    page = client.get(f"/suggestions/{s.id}").get_data(as_text=True)
    assert "第1版に対して出されましたが、提案文は第2版に更新されています" in page
    assert "現在の提案文(第2版)との差分" in page
    assert (
        client.post(f"/suggestions/{s.id}/accept", data=accept | {"revision": "2"}).status_code
        == 302
    )
    with app.app_context():
        assert _item(item_id).current_revision == 3
        assert _item(item_id).revisions[-1].text == "年1回、5月に訓練を行う。"


def test_the_state_is_checked_by_the_database(app, world, item_id):
    with app.app_context():
        s = Suggestion(
            item_id=item_id,
            member_id=world.member_ids[0],
            author_id=1,
            base_revision=1,
            text="案",
            reason="理由",
            state="pending",
        )
        db.session.add(s)
        with pytest.raises(sa.exc.IntegrityError):
            db.session.flush()
        db.session.rollback()
        s = Suggestion(
            item_id=item_id,
            member_id=world.member_ids[0],
            author_id=1,
            base_revision=1,
            text="案",
            reason="理由",
            state="declined",
            decided_at=db.func.now(),
            decline_reason="",
        )
        db.session.add(s)
        with pytest.raises(sa.exc.IntegrityError):
            db.session.flush()
        db.session.rollback()
