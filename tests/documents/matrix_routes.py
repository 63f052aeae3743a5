"""Authorization expectations for every documents route (collected by the matrix test)."""

from __future__ import annotations

import hashlib

import sqlalchemy as sa

from negotiator.auth.models import User
from negotiator.db import db
from negotiator.documents.models import Document, DocumentBlob
from negotiator.negotiation import comments
from negotiator.negotiation.models import AgendaItem, ProposalRevision
from tests.authz import CONSORTIUM, PROPOSERS, _only
from tests.documents.files import PDF
from tests.meetings.factories import make_meeting
from tests.negotiation.matrix_routes import allowed

# The uploader (the world's liaison) or a facilitator.
UPLOADER_OR_FACILITATOR = _only("liaison", "facilitator")
# A comment's author (the world's liaison) or a facilitator; as on the discussion's pages,
# users of no role in the council get 404.
AUTHOR_OR_FACILITATOR = allowed("liaison", "facilitator")


def make_document(consortium_id: int, uploader: str, **target: int) -> Document:
    """A PDF attached to the target, as if `uploader` had added it."""
    digest = hashlib.sha256(PDF).hexdigest()
    if db.session.get(DocumentBlob, digest) is None:
        db.session.add(DocumentBlob(sha256=digest, size=len(PDF), data=PDF))
        db.session.flush()
    user_id = db.session.scalar(sa.select(User.id).where(User.username == uploader))
    document = Document(
        consortium_id=consortium_id,
        name="配布資料.pdf",
        media_type="application/pdf",
        size=len(PDF),
        sha256=digest,
        uploader_id=user_id,
        **target,
    )
    db.session.add(document)
    db.session.flush()
    return document


def routes(app, world) -> dict:  # noqa: ANN001
    with app.app_context():
        meeting = make_meeting(world.negotiation_id, [world.item_id])
        kept = make_document(world.consortium_id, "liaison", item_id=world.item_id)
        to_delete = make_document(world.consortium_id, "liaison", meeting_id=meeting.id)
        revision = db.session.scalar(
            sa.select(ProposalRevision.number).where(ProposalRevision.item_id == world.item_id)
        )
        liaison = db.session.scalar(sa.select(User).where(User.username == "liaison"))
        item = db.session.get(AgendaItem, world.item_id)
        comment = comments.add_comment(
            item,
            "資料を付けます。",
            liaison,
            parent_id=None,
            mentioned_member_id=None,
            member_ids=set(),
        )
        db.session.commit()
        m, d, gone, c = meeting.id, kept.id, to_delete.id, comment.id
    i = world.item_id
    both = lambda url, who: [("GET", url, who), ("POST", url, who)]  # noqa: E731
    return {
        # Posted empty: refused at the field (ファイルを選んでください), nothing stored.
        "documents.item_upload": both(f"/items/{i}/documents/new", PROPOSERS),
        "documents.revision_upload": both(
            f"/items/{i}/revisions/{revision}/documents/new", PROPOSERS
        ),
        "documents.meeting_upload": both(f"/meetings/{m}/documents/new", PROPOSERS),
        "documents.comment_upload": both(f"/comments/{c}/documents/new", AUTHOR_OR_FACILITATOR),
        "documents.download": [("GET", f"/documents/{d}", CONSORTIUM)],
        "documents.delete": [("POST", f"/documents/{gone}/delete", UPLOADER_OR_FACILITATOR)],
    }
