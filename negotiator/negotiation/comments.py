"""Comments on an item: written on the current revision, one level of replies, edited by their
author only with every earlier wording kept (CommentEdit), a member mentioned by choice.

Every write is audited on the item, so it shows in the item's 経過; views commit once after.
"""

from __future__ import annotations

import dataclasses

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm import selectinload

from negotiator import events
from negotiator.audit import services as audit
from negotiator.auth.models import User
from negotiator.db import db, same_version, utcnow
from negotiator.errors import FieldError
from negotiator.forms import text_problem
from negotiator.message import N_, say
from negotiator.negotiation.discussion_models import Comment, CommentEdit
from negotiator.negotiation.models import AgendaItem
from negotiator.paging import prepared

# A member was named on a comment; payload: comment, item, member_id, author. The notifications
# domain tells that member's liaisons, once per comment and member.
COMMENT_MENTIONED = "comment.mentioned"


class CommentError(FieldError):
    """A refused comment or edit."""


@dataclasses.dataclass(frozen=True)
class Thread:
    comment: Comment
    replies: list[Comment]


def _check(body: str, field: str = "body") -> str:
    body = body.strip()
    if not body:
        raise CommentError(_("コメントを入力してください。"), field)
    if message := text_problem(body):
        raise CommentError(message, field)
    return body


def _check_mention(member_id: int | None, member_ids: set[int]) -> None:
    if member_id is not None and member_id not in member_ids:
        raise CommentError(_("この協議会の構成団体を選んでください。"), "mentioned_member_id")


def _mention(comment: Comment, item: AgendaItem, author: User) -> None:
    if comment.mentioned_member_id is None:
        return
    events.emit(
        COMMENT_MENTIONED,
        comment=comment,
        item=item,
        member_id=comment.mentioned_member_id,
        author=author,
    )


def add_comment(
    item: AgendaItem,
    body: str,
    author: User,
    *,
    parent_id: int | None,
    mentioned_member_id: int | None,
    member_ids: set[int],
) -> Comment:
    """A new comment (or a reply to a top-level comment of the same item)."""
    body = _check(body)
    _check_mention(mentioned_member_id, member_ids)
    if parent_id is not None:
        parent = db.session.get(Comment, parent_id)
        if parent is None or parent.item_id != item.id or parent.parent_id is not None:
            raise CommentError(_("返信先のコメントが見つかりません。"))
    comment = Comment(
        item_id=item.id,
        parent_id=parent_id,
        author_id=author.id,
        revision_number=max(item.current_revision, 1),
        body=body,
        mentioned_member_id=mentioned_member_id,
    )
    db.session.add(comment)
    db.session.flush()
    template = (
        N_("返信を投稿(第%(n)s版について)")
        if parent_id
        else N_("コメントを投稿(第%(n)s版について)")
    )
    audit.record(
        "comment.add",
        item,
        say(template, n=comment.revision_number),
        after={"comment_id": comment.id, "parent_id": parent_id, "body": body},
        consortium_id=item.negotiation.consortium_id,
    )
    _mention(comment, item, author)
    return comment


def edit_comment(
    comment: Comment,
    body: str,
    version: int | None,
    author: User,
    *,
    mentioned_member_id: int | None,
    member_ids: set[int],
) -> None:
    """Change the author's own comment, keeping the wording it had as a CommentEdit."""
    if not same_version(version, comment.version):
        raise CommentError(_("このコメントは先に編集されました。読み込み直してください。"))
    body = _check(body)
    _check_mention(mentioned_member_id, member_ids)
    previous = comment.mentioned_member_id
    if body == comment.body and mentioned_member_id == previous:
        raise CommentError(_("コメントが変わっていません。"), "body")
    written_at = comment.edited_at or comment.created_at
    db.session.add(CommentEdit(comment_id=comment.id, body=comment.body, written_at=written_at))
    before = {"body": comment.body, "mentioned_member_id": previous}
    comment.body = body
    comment.mentioned_member_id = mentioned_member_id
    comment.edited_at = utcnow()
    db.session.flush()
    item = db.session.get(AgendaItem, comment.item_id)
    audit.record(
        "comment.edit",
        item,
        say("コメントを編集(第%(n)s版について)", n=comment.revision_number),
        before=before,
        after={"comment_id": comment.id, "body": body, "mentioned_member_id": mentioned_member_id},
        consortium_id=item.negotiation.consortium_id,
    )
    if mentioned_member_id != previous:  # the same member named again is not told again
        _mention(comment, item, author)


@prepared
def _comments() -> sa.Select:
    return (
        sa.select(Comment)
        .where(Comment.item_id == sa.bindparam("item"))
        .options(
            selectinload(Comment.author),
            selectinload(Comment.edits),
            selectinload(Comment.mentioned_member),
        )
        .order_by(Comment.id)
    )


def threads(item: AgendaItem) -> list[Thread]:
    """The item's comments, oldest first, each with its replies (a fixed number of queries)."""
    rows = db.session.scalars(_comments(), {"item": item.id}).all()
    replies: dict[int, list[Comment]] = {}
    for c in rows:
        if c.parent_id is not None:
            replies.setdefault(c.parent_id, []).append(c)
    return [Thread(c, replies.get(c.id, [])) for c in rows if c.parent_id is None]
