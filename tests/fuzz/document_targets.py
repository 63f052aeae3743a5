"""Fuzz targets of the documents routes: uploads of every kind under hostile names and contents,
and the delete button (tests/fuzz/targets.py gathers them)."""

from __future__ import annotations

from tests.documents.files import VALID
from tests.fuzz import strategies as s


def document_targets(post: dict[str, str]) -> dict:
    from tests.fuzz.targets import Target

    upload = {"file": s.document_upload(VALID)}
    return {
        "documents.item_upload": Target(post["documents.item_upload"], "liaison", upload),
        "documents.revision_upload": Target(
            post["documents.revision_upload"], "other_liaison", upload
        ),
        "documents.meeting_upload": Target(post["documents.meeting_upload"], "facilitator", upload),
        "documents.comment_upload": Target(post["documents.comment_upload"], "liaison", upload),
        "documents.delete": Target(post["documents.delete"], "facilitator"),
    }
