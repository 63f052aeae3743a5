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
from negotiator.documents import queries
from negotiator.documents.models import Document, DocumentBlob
from negotiator.dossier import contributors, record
from negotiator.negotiation import comments, suggestions
from negotiator.negotiation.markdown import render_markdown
from negotiator.negotiation.models import AgendaItem, Negotiation

DOCUMENTS = "05_資料"


def discussion_section(item: AgendaItem) -> Markup:
    """The item's comments with their replies, its 修正案 and the names of its documents."""
    this_item = sa.select(AgendaItem.id).where(AgendaItem.id == item.id)
    threads = comments.threads(item)
    return Markup(
        render_template(
            "dossier/_discussion.html",
            threads=threads,
            # A comment's document names the comment as section 6 numbers it (replies: their
            # thread's number).
            comment_numbers={
                c.id: n for n, t in enumerate(threads, 1) for c in (t.comment, *t.replies)
            },
            suggestions=suggestions.of_item(item),
            suggestion_labels=suggestions.STATE_LABELS,
            documents=[d for d, _ in _documents(this_item)],
            markdown=render_markdown,
            at=record.at,
        )
    )


def _documents(item_ids: sa.Select) -> list[tuple[Document, int]]:
    """The shown (not deleted) documents of these items, each with its item's id."""
    rows = db.session.execute(
        queries.with_item_joins(sa.select(Document, queries.ITEM_ID))
        .where(Document.deleted_at.is_(None), queries.of_items(item_ids))
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
    ids = db.session.scalars(sa.select(Document.id).where(queries.of_items(_item_ids(negotiation))))
    return [("document", list(ids))]


contributors.ITEM_SECTIONS.append(discussion_section)
contributors.EXTRA_FILES.append(document_files)
contributors.AUDIT_SCOPES.append(document_audit)
