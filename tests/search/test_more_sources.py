"""Comments and document names are found (a deleted document not), only in their council."""

from __future__ import annotations

import sqlalchemy as sa

from negotiator.auth.models import User
from negotiator.db import db
from negotiator.documents import services as documents
from negotiator.message import say
from negotiator.negotiation import comments
from negotiator.negotiation.models import AgendaItem
from tests.search.test_search import _found, _get


def test_comments_and_document_names_are_found(app, world):
    with app.app_context():
        item = db.session.get(AgendaItem, world.item_id)
        liaison = db.session.scalar(sa.select(User).filter_by(username="liaison"))
        comment = comments.add_comment(
            item,
            "庁舎間の回線二重化について確認したい",
            liaison,
            parent_id=None,
            mentioned_member_id=None,
            member_ids=set(world.member_ids),
        )
        consortium_id = item.negotiation.consortium_id
        target = {"item_id": item.id}
        kept = documents.add(
            consortium_id, target, "回線見積書.csv", b"a,b\n1,2\n", liaison, say("x")
        )
        gone = documents.add(
            consortium_id, target, "旧回線図.csv", b"c,d\n3,4\n", liaison, say("x")
        )
        db.session.flush()
        documents.delete(gone, liaison)
        db.session.commit()
        comment_id, kept_id = comment.id, kept.id
    assert _found(app, "observer", "回線二重化") == {"comment": 1}
    assert _found(app, "observer", "回線見積書") == {"document": 1}
    assert _found(app, "observer", "旧回線図") == {}
    assert _found(app, "outsider", "回線") == {}
    page = _get(app, "observer", "回線")
    assert f'href="/items/{world.item_id}#comment-{comment_id}"' in page
    assert f'href="/items/{world.item_id}#documents"' in page and kept_id
    # An edit re-indexes the comment's current wording.
    with app.app_context():
        liaison = db.session.scalar(sa.select(User).filter_by(username="liaison"))
        comment = db.session.get(comments.Comment, comment_id)
        comments.edit_comment(
            comment,
            "庁舎間の回線冗長化について確認したい",
            comment.version,
            liaison,
            mentioned_member_id=None,
            member_ids=set(world.member_ids),
        )
        db.session.commit()
    assert _found(app, "observer", "回線二重化") == {}
    assert _found(app, "observer", "回線冗長化") == {"comment": 1}
