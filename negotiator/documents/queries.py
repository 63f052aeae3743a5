"""Read side: the documents panel of an item (its comments' documents included) or a meeting,
and a document's content in chunks."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Mapping

import sqlalchemy as sa
from flask import current_app
from flask_login import current_user
from sqlalchemy.orm import selectinload

from negotiator.auth.permissions import roles_in
from negotiator.db import db
from negotiator.documents.kinds import ACCEPT
from negotiator.documents.models import Document, DocumentBlob
from negotiator.negotiation.discussion_models import Comment
from negotiator.negotiation.models import ProposalRevision
from negotiator.paging import prepared

# A download is read from the database this much at a time. SQLite reads the whole blob for
# each substr(), so pieces are few and large: 20 MB took 1.3 s in 1 MB pieces, 0.25 s in 4 MB
# ones (bench/documents.py), holding about three pieces at a time.
CHUNK = 4 * 1024 * 1024


@dataclasses.dataclass(frozen=True)
class Panel:
    """What a page shows of its documents, and what this user may do with them."""

    documents: list[Document]  # the page's own (an item's: its own and its revisions')
    can_upload: bool
    deletable: frozenset[int]
    accept: str = ACCEPT  # the file input's accept attribute
    consortium_id: int = 0
    # An item's comments' documents: comment id -> its documents, shown under each comment.
    by_comment: Mapping[int, list[Document]] = dataclasses.field(default_factory=dict)

    def may_attach(self, comment: Comment) -> bool:
        return may_attach_to_comment(self.consortium_id, comment)


def _signed_in() -> bool:
    # Outside a request (the demo loader renders minutes) there is no user, and no action.
    return bool(current_user) and current_user.is_authenticated


def may_upload(consortium_id: int) -> bool:
    """Liaisons and facilitators add documents; observers and signatories read them."""
    if not _signed_in():
        return False
    roles = roles_in(consortium_id)
    return roles.facilitator or bool(roles.liaison_of)


def may_attach_to_comment(consortium_id: int, comment: Comment) -> bool:
    """Its author (a town attaches the file its comment speaks of) or a facilitator (a file
    sent in by mail, say), either still one who may upload."""
    if not may_upload(consortium_id):
        return False
    return comment.author_id == current_user.id or roles_in(consortium_id).facilitator


def may_delete(document: Document) -> bool:
    """Its uploader, or a facilitator."""
    if not _signed_in():
        return False
    return document.uploader_id == current_user.id or roles_in(document.consortium_id).facilitator


def _panel(consortium_id: int, statement: sa.Select, params: dict[str, object]) -> Panel:
    """The documents in one query; a comment's are set apart for the comment."""
    documents = list(db.session.scalars(statement, params))
    by_comment: dict[int, list[Document]] = {}
    for d in documents:
        if d.comment_id is not None:
            by_comment.setdefault(d.comment_id, []).append(d)
    return Panel(
        [d for d in documents if d.comment_id is None],
        may_upload(consortium_id),
        frozenset(d.id for d in documents if may_delete(d)),
        consortium_id=consortium_id,
        by_comment=by_comment,
    )


def of_items(item_ids: sa.Select | list[int]) -> sa.ColumnElement[bool]:
    """A document of one of these items: on the item, or on one of its revisions or comments."""
    revisions = sa.select(ProposalRevision.id).where(ProposalRevision.item_id.in_(item_ids))
    item_comments = sa.select(Comment.id).where(Comment.item_id.in_(item_ids))
    return sa.or_(
        Document.item_id.in_(item_ids),
        Document.revision_id.in_(revisions),
        Document.comment_id.in_(item_comments),
    )


# The item a document belongs to, whichever way it is attached; a query selecting it goes
# through `with_item_joins`. None for a meeting's document.
ITEM_ID = sa.func.coalesce(Document.item_id, ProposalRevision.item_id, Comment.item_id)


def with_item_joins(query: sa.Select) -> sa.Select:
    """The query's documents joined to the revision or comment that leads to their item."""
    return query.outerjoin(ProposalRevision, Document.revision_id == ProposalRevision.id).outerjoin(
        Comment, Document.comment_id == Comment.id
    )


def item_panel(item_id: int, consortium_id: int) -> Panel:
    """The item's documents and its revisions', and those of its comments."""
    return _panel(consortium_id, _documents_of_items(), {"items": [item_id]})


def meeting_panel(meeting_id: int, consortium_id: int) -> Panel:
    return _panel(consortium_id, _documents_of_meeting(), {"meeting": meeting_id})


def _documents(where: sa.ColumnElement[bool]) -> sa.Select:
    return (
        sa.select(Document)
        .where(where, Document.deleted_at.is_(None))
        .options(selectinload(Document.uploader), selectinload(Document.revision))
        .order_by(Document.uploaded_at, Document.id)
    )


@prepared
def _documents_of_items() -> sa.Select:
    return _documents(of_items(sa.bindparam("items", expanding=True)))


@prepared
def _documents_of_meeting() -> sa.Select:
    return _documents(Document.meeting_id == sa.bindparam("meeting"))


def attached_count(target: dict[str, int]) -> int:
    """How many (not deleted) documents the target has."""
    ((column, value),) = target.items()
    return db.session.scalar(
        sa.select(sa.func.count())
        .select_from(Document)
        .where(getattr(Document, column) == value, Document.deleted_at.is_(None))
    )


def _chunk(sha256: str, start: int) -> bytes:
    piece = sa.func.substr(DocumentBlob.data, start + 1, CHUNK, type_=sa.LargeBinary)
    return bytes(db.session.scalar(sa.select(piece).where(DocumentBlob.sha256 == sha256)) or b"")


def content(sha256: str, size: int) -> bytes | Iterator[bytes]:
    """The content: a small file at once, a larger one CHUNK bytes per query, so that a download
    never holds the whole file in memory. Each chunk is read in an app context of its own, opened
    and closed around it: a response left unread keeps nothing pushed."""
    if size <= CHUNK:
        return _chunk(sha256, 0)
    app = current_app._get_current_object()  # type: ignore[attr-defined]

    def stream() -> Iterator[bytes]:
        for start in range(0, size, CHUNK):
            with app.app_context():
                piece = _chunk(sha256, start)
            yield piece  # outside the context: a paused download keeps none pushed

    return stream()
