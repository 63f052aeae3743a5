"""Sources added with the discussion and the documents (see sources.py for the registry):
item comments (their current wording) and document names (not deleted ones), a comment's
documents included."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask import url_for

from negotiator.documents import queries
from negotiator.documents.models import Document
from negotiator.negotiation.discussion_models import Comment
from negotiator.negotiation.models import AgendaItem, Negotiation
from negotiator.search.models import Kind
from negotiator.search.sources import Source, columns, register


def _comments() -> sa.Select:
    return (
        sa.select(
            *columns(
                Comment.id,
                Negotiation.consortium_id,
                body=Comment.body,
                item_id=Comment.item_id,
                number=Comment.revision_number,
                anchor=sa.literal("comment-") + sa.cast(Comment.id, sa.String),
            )
        )
        .join(AgendaItem, Comment.item_id == AgendaItem.id)
        .join(Negotiation, AgendaItem.negotiation_id == Negotiation.id)
    )


def _documents() -> sa.Select:
    """A document's name, with the item it belongs to (directly, through a revision or through a
    comment) or its meeting; a comment's document leads to the comment."""
    anchor = sa.case(
        (
            Document.comment_id.is_not(None),
            sa.literal("comment-") + sa.cast(Document.comment_id, sa.String),
        ),
        else_=sa.literal("documents"),
    )
    found = sa.select(
        *columns(
            Document.id,
            Document.consortium_id,
            title=Document.name,
            item_id=queries.ITEM_ID,
            meeting_id=Document.meeting_id,
            anchor=anchor,
        )
    )
    return queries.with_item_joins(found).where(Document.deleted_at.is_(None))


def _document_page(hit: Any) -> str:
    if hit.meeting_id is not None:
        return url_for("meetings.meeting", meeting_id=hit.meeting_id) + "#documents"
    return url_for("negotiation.item", item_id=hit.item_id) + f"#{hit.anchor}"


def _comment_page(hit: Any) -> str:
    return url_for("negotiation.item", item_id=hit.item_id) + f"#{hit.anchor}"


register(Source("comment", Kind.COMMENT, Comment, _comments, _comment_page))
register(Source("document", Kind.DOCUMENT, Document, _documents, _document_page))
