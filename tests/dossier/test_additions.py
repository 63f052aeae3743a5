"""The discussion and the documents in the dossier: comments, replies and 修正案 in the item's
record, the item's documents as files (a deleted one not), their uploads in the audit excerpt."""

from __future__ import annotations

import csv
import io

import sqlalchemy as sa

from negotiator.auth.models import User
from negotiator.consortia.models import Member
from negotiator.db import db
from negotiator.documents import services as documents
from negotiator.message import say
from negotiator.negotiation import comments, suggestions
from negotiator.negotiation.models import AgendaItem
from tests.dossier.test_dossier import _build, _text, _zip
from tests.factories import login

COMMENT = "費用の按分は人口割でよいか確認したい"
REPLY = "人口割で差し支えない"
SUGGESTED = "端末は各団体が登録したものに限る。"
CSV_FILE = "団体,費用\n須崎市,100\n".encode()
PDF_FILE = b"%PDF-1.4\n%\xe2\xe3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _discuss(app, world) -> None:  # noqa: ANN001
    with app.app_context():
        item = db.session.get(AgendaItem, world.item_id)
        liaison = db.session.scalar(sa.select(User).filter_by(username="liaison"))
        other = db.session.scalar(sa.select(User).filter_by(username="other_liaison"))
        members = set(world.member_ids)
        first = comments.add_comment(
            item, COMMENT, liaison, parent_id=None, mentioned_member_id=None, member_ids=members
        )
        db.session.flush()
        comments.add_comment(
            item, REPLY, other, parent_id=first.id, mentioned_member_id=None, member_ids=members
        )
        member = db.session.get(Member, world.member_ids[1])
        data = {"base_revision": item.current_revision, "text": SUGGESTED, "reason": "範囲の明確化"}
        suggestions.propose(item, member, data, other)
        consortium_id = item.negotiation.consortium_id
        where = say("協議事項")
        target = {"item_id": item.id}
        documents.add(consortium_id, target, "見積書.csv", CSV_FILE, liaison, where)
        gone = documents.add(consortium_id, target, "旧資料.pdf", PDF_FILE, liaison, where)
        db.session.flush()
        documents.delete(gone, liaison)
        db.session.commit()


def test_the_discussion_and_the_documents_are_in_the_dossier(app, world, tmp_path):
    _discuss(app, world)
    client = app.test_client()
    login(client, "facilitator")
    archive = _zip(client, _build(client, world))
    names = archive.namelist()
    record = next(n for n in names if n.startswith("01_協議事項/第001号"))
    text = "".join(_text(archive.read(record), tmp_path).split())
    for shown in (COMMENT, REPLY, SUGGESTED, "範囲の明確化", "中土佐町の修正案", "見積書.csv"):
        assert shown in text, shown
    assert "旧資料.pdf" not in text
    files = [n for n in names if n.startswith("05_資料/")]
    assert (
        len(files) == 1
        and files[0].startswith("05_資料/第1号/")
        and files[0].endswith("_見積書.csv")
    )
    assert archive.read(files[0]) == CSV_FILE
    rows = list(
        csv.reader(io.StringIO(archive.read("04_監査記録/監査記録.csv").decode("utf-8-sig")))
    )
    actions = [r[3] for r in rows[1:]]
    assert actions.count("document.upload") == 2 and actions.count("document.delete") == 1
    assert "suggestion.propose" in actions and "comment.add" in actions
