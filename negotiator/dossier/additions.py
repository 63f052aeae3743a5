"""What the discussion (comments, 修正案) and the documents (資料) add to the dossier: a section
of each item's record, the item's documents (its revisions' and comments' included) as files,
and their audit entries. Registered in
negotiator.dossier.contributors when this module is imported (negotiator/dossier/contents.py).
"""

from __future__ import annotations

from collections.abc import Iterable

import sqlalchemy as sa
from flask import render_template
from markupsafe import Markup

from negotiator.db import db
from negotiator.documents.models import Document, DocumentBlob
from negotiator.dossier import contributors, record
from negotiator.negotiation import comments, suggestions
from negotiator.negotiation.discussion_models import Comment
from negotiator.negotiation.markdown import render_markdown
from negotiator.negotiation.models import AgendaItem, Negotiation, ProposalRevision

DOCUMENTS = "05_資料"


def discussion_section(item: AgendaItem) -> Markup:
    """The item's comments with their replies, its 修正案 and the names of its documents."""
    this_item = sa.select(AgendaItem.id).where(AgendaItem.id == item.id)
    return Markup(
        render_template(
            "dossier/_discussion.html",
            threads=comments.threads(item),
            suggestions=suggestions.of_item(item),
            suggestion_labels=suggestions.STATE_LABELS,
            documents=[d for d, _ in _documents(this_item)],
            markdown=render_markdown,
            at=record.at,
        )
    )


def _attached_to(item_ids: sa.Select) -> sa.ColumnElement[bool]:
    """A document of one of these items: on the item, on one of its revisions or comments."""
    revisions = sa.select(ProposalRevision.id).where(ProposalRevision.item_id.in_(item_ids))
    item_comments = sa.select(Comment.id).where(Comment.item_id.in_(item_ids))
    return sa.or_(
        Document.item_id.in_(item_ids),
        Document.revision_id.in_(revisions),
        Document.comment_id.in_(item_comments),
    )


def _documents(item_ids: sa.Select) -> list[tuple[Document, int]]:
    """The shown (not deleted) documents of these items, each with its item's id."""
    item_id = sa.func.coalesce(Document.item_id, ProposalRevision.item_id, Comment.item_id)
    rows = db.session.execute(
        sa.select(Document, item_id)
        .outerjoin(ProposalRevision, Document.revision_id == ProposalRevision.id)
        .outerjoin(Comment, Document.comment_id == Comment.id)
        .where(Document.deleted_at.is_(None), _attached_to(item_ids))
        .order_by(Document.id)
    )
    return [(document, item) for document, item in rows]


def _item_ids(negotiation: Negotiation) -> sa.Select:
    return sa.select(AgendaItem.id).where(AgendaItem.negotiation_id == negotiation.id)


def document_files(negotiation: Negotiation) -> Iterable[tuple[str, bytes]]:
    """Each document of the negotiation's items (their revisions' and comments' too) as
    「05_資料/第3号/見積書.pdf」."""
    numbers = dict(
        db.session.execute(
            sa.select(AgendaItem.id, AgendaItem.number).where(
                AgendaItem.negotiation_id == negotiation.id
            )
        ).all()
    )
    for document, item_id in _documents(_item_ids(negotiation)):
        data = db.session.scalar(
            sa.select(DocumentBlob.data).where(DocumentBlob.sha256 == document.sha256)
        )
        yield f"{DOCUMENTS}/第{numbers[item_id]}号/{document.id:05d}_{document.name}", data


def document_audit(negotiation: Negotiation) -> Iterable[tuple[str, Iterable[int]]]:
    """Uploads and deletions of the negotiation's documents (deleted ones included)."""
    ids = db.session.scalars(sa.select(Document.id).where(_attached_to(_item_ids(negotiation))))
    return [("document", list(ids))]


contributors.ITEM_SECTIONS.append(discussion_section)
contributors.EXTRA_FILES.append(document_files)
contributors.AUDIT_SCOPES.append(document_audit)
