"""Adding and deleting documents: the checks, the quota, the audit entries."""

from __future__ import annotations

import hashlib

import sqlalchemy as sa
from flask import current_app

from negotiator.audit import services as audit
from negotiator.auth.models import User
from negotiator.db import db, utcnow
from negotiator.documents import kinds, queries
from negotiator.documents.models import Document, DocumentBlob
from negotiator.errors import FieldError
from negotiator.message import Message, say

MB = 1024 * 1024
MAX_PER_TARGET = 100  # documents on one item, revision, meeting or comment (all listed)


def on_comment(item_title: str, author_name: str) -> Message:
    """Where a comment's document goes, for the audit log."""
    return say("協議事項「%(title)s」への%(name)sのコメント", title=item_title, name=author_name)


def file_limit() -> int:
    return int(current_app.config["DOCUMENT_MAX_BYTES"])


def council_limit() -> int:
    return int(current_app.config["COUNCIL_DOCUMENTS_MAX_BYTES"])


def megabytes(size: int) -> str:
    """A size for people: "25 MB", "0.3 MB"."""
    value = size / MB
    return f"{value:.0f}" if value >= 10 else f"{value:.1f}".rstrip("0").rstrip(".")


def stored_bytes(consortium_id: int) -> int:
    """What the council's documents occupy: each distinct content once, deleted ones included
    (their content is kept)."""
    distinct = (
        sa.select(Document.sha256, Document.size)
        .where(Document.consortium_id == consortium_id)
        .distinct()
        .subquery()
    )
    return int(db.session.scalar(sa.select(sa.func.coalesce(sa.func.sum(distinct.c.size), 0))))


def too_large() -> Message:
    return say("ファイルが大きすぎます(1ファイル %(mb)s MB まで)。", mb=megabytes(file_limit()))


def _check_size(consortium_id: int, data: bytes, digest: str) -> None:
    if len(data) > file_limit():
        raise FieldError(too_large(), "file")
    known = db.session.scalar(
        sa.select(sa.func.count())
        .select_from(Document)
        .where(Document.consortium_id == consortium_id, Document.sha256 == digest)
    )
    if not known and stored_bytes(consortium_id) + len(data) > council_limit():
        raise FieldError(
            say(
                "協議会の資料の合計が上限(%(mb)s MB)を超えます。事務局にご相談ください。",
                mb=megabytes(council_limit()),
            ),
            "file",
        )


def _store(data: bytes, digest: str) -> None:
    """The content, once: a second upload of the same bytes reuses the row."""
    exists = db.session.scalar(sa.select(DocumentBlob.sha256).where(DocumentBlob.sha256 == digest))
    if exists is None:
        db.session.add(DocumentBlob(sha256=digest, size=len(data), data=data))
        db.session.flush()  # before the document that refers to it (no relationship orders them)


def add(
    consortium_id: int,
    target: dict[str, int],
    filename: str,
    data: bytes,
    uploader: User,
    where: Message,
) -> Document:
    """Attach a file to the one target given (item_id, revision_id, meeting_id or comment_id);
    `where` names it for the audit log. FieldError at `file` when the file is refused."""
    if queries.attached_count(target) >= MAX_PER_TARGET:
        raise FieldError(
            say(
                "添付できる資料は%(n)s件までです。不要な資料を削除してください。",
                n=str(MAX_PER_TARGET),
            ),
            "file",
        )
    name = kinds.clean_name(filename)
    media_type = kinds.check(name, data)
    digest = hashlib.sha256(data).hexdigest()
    _check_size(consortium_id, data, digest)
    _store(data, digest)
    document = Document(
        consortium_id=consortium_id,
        name=name,
        media_type=media_type,
        size=len(data),
        sha256=digest,
        uploader_id=uploader.id,
        uploaded_at=utcnow(),
        **target,
    )
    db.session.add(document)
    audit.record(
        "document.upload",
        document,
        say("資料「%(name)s」を%(where)sに添付", name=name, where=where),
        after={"name": name, "size": len(data), "sha256": digest, **target},
        consortium_id=consortium_id,
    )
    return document


def delete(document: Document, user: User) -> None:
    """Hide the document from lists and downloads; its record and content stay."""
    document.deleted_at = utcnow()
    document.deleted_by_id = user.id
    audit.record(
        "document.delete",
        document,
        say("資料「%(name)s」を削除", name=document.name),
        before={"name": document.name, "sha256": document.sha256},
        consortium_id=document.consortium_id,
    )
