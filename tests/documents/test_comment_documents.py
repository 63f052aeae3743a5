"""Issue 14: documents (資料) attached to comments — by the comment's author or a facilitator,
shown under the comment on the item page (in a fixed number of statements), hidden once
deleted, found by the search (leading to the comment), in the dossier with the item's files;
the CHECK one_target holds with four targets."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from negotiator.audit.models import AuditEntry
from negotiator.auth.models import User
from negotiator.db import db
from negotiator.documents.models import Document
from negotiator.negotiation import comments
from negotiator.negotiation.models import AgendaItem
from tests.documents import files
from tests.documents.matrix_routes import make_document
from tests.documents.test_documents import _client, _documents, _upload
from tests.helpers import assert_constant_queries


def add_comment(app, world, username: str, body: str = "見積の前提を確認したい。") -> int:  # noqa: ANN001
    with app.app_context():
        item = db.session.get(AgendaItem, world.item_id)
        author = db.session.scalar(sa.select(User).where(User.username == username))
        comment = comments.add_comment(
            item, body, author, parent_id=None, mentioned_member_id=None, member_ids=set()
        )
        db.session.commit()
        return comment.id


def _comment_html(page: str, comment_id: int) -> str:
    """The comment's own <article> on the item page."""
    found = re.search(
        rf'<article class="comment" id="comment-{comment_id}".*?</article>', page, re.S
    )
    assert found, f"comment {comment_id} is not on the page"
    return found.group(0)


@pytest.fixture
def comment_id(app, world) -> int:  # noqa: ANN001
    """A comment of 須崎市's liaison on the world's item."""
    return add_comment(app, world, "liaison")


def test_a_town_attaches_a_file_to_its_own_comment_and_everyone_sees_it_there(
    app, world, comment_id
):
    url = f"/comments/{comment_id}/documents/new"
    liaison = _client(app, "liaison")
    form = liaison.get(url).get_data(as_text=True)
    assert "資料を添付" in form and "のコメント" in form and 'name="file"' in form
    response = _upload(liaison, url, "回線見積.pdf", files.PDF)
    assert response.status_code == 302
    assert response.location.endswith(f"/items/{world.item_id}#comment-{comment_id}")
    (document,) = _documents(app)
    assert (document.comment_id, document.item_id, document.revision_id) == (comment_id, None, None)
    for reader in ("observer", "other_liaison", "signatory", "facilitator"):
        page = _client(app, reader).get(f"/items/{world.item_id}").get_data(as_text=True)
        shown = _comment_html(page, comment_id)
        assert f"/documents/{document.id}" in shown and "回線見積.pdf" in shown
        # Under the comment, not again in the item's own list; that list points to it.
        assert page.count(f'/documents/{document.id}"') == 1
        assert "コメントに添付された資料が1件あります" in page
    with app.app_context():
        entry = db.session.scalars(
            sa.select(AuditEntry).where(AuditEntry.action == "document.upload")
        ).one()
        assert entry.after["comment_id"] == comment_id


def test_the_attach_link_is_offered_to_the_author_and_a_facilitator_only(app, world, comment_id):
    link = f"/comments/{comment_id}/documents/new"
    for username, offered in (
        ("liaison", True),
        ("facilitator", True),
        ("other_liaison", False),
        ("observer", False),
        ("signatory", False),
    ):
        page = _client(app, username).get(f"/items/{world.item_id}").get_data(as_text=True)
        assert (link in _comment_html(page, comment_id)) is offered, username


def test_who_may_attach_to_a_comment(app, world, comment_id):
    url = f"/comments/{comment_id}/documents/new"
    # Another town's liaison, a reader: 403; someone of another council: 404 (as the
    # discussion's pages, the comment's existence is not theirs to learn).
    for username, status in (
        ("other_liaison", 403),
        ("observer", 403),
        ("signatory", 403),
        ("outsider", 404),
        ("admin", 404),
    ):
        client = _client(app, username)
        assert client.get(url).status_code == status, username
        assert _upload(client, url, "a.pdf", files.PDF).status_code == status, username
    facilitator = _client(app, "facilitator")
    assert _upload(facilitator, url, "郵送分.pdf", files.PDF).status_code == 302
    assert [d.name for d in _documents(app)] == ["郵送分.pdf"]
    missing = "/comments/999999/documents/new"
    assert _upload(_client(app, "liaison"), missing, "a.pdf", files.PDF).status_code == 404


def test_a_file_refused_for_a_comment_comes_back_at_the_field(app, world, comment_id):
    app.config["DOCUMENT_MAX_BYTES"] = 1000
    url = f"/comments/{comment_id}/documents/new"
    response = _upload(_client(app, "liaison"), url, "巨大.pdf", files.PDF + bytes(200_000))
    page = response.get_data(as_text=True)
    assert response.status_code == 413 and 'id="file-error"' in page and "<h1>" in page
    # Another town's liaison: with the CSRF check on, the body is read (and refused) before the
    # permission check: the plain 413 page, no form.
    other = _client(app, "other_liaison")
    app.config["WTF_CSRF_ENABLED"] = True
    response = _upload(other, url, "巨大.pdf", bytes(200_000))
    page = response.get_data(as_text=True)
    assert response.status_code == 413 and "送信された内容が大きすぎます" in page
    assert 'id="file-error"' not in page
    assert _documents(app) == []


def test_a_deleted_comment_document_is_hidden_and_the_delete_returns_to_the_comment(
    app, world, comment_id
):
    liaison = _client(app, "liaison")
    _upload(liaison, f"/comments/{comment_id}/documents/new", "消す資料.pdf", files.PDF)
    (document,) = _documents(app)
    delete = f"/documents/{document.id}/delete"
    page = liaison.get(f"/items/{world.item_id}").get_data(as_text=True)
    assert delete in _comment_html(page, comment_id)
    assert _client(app, "other_liaison").post(delete).status_code == 403
    response = liaison.post(delete)
    assert response.location.endswith(f"/items/{world.item_id}#comment-{comment_id}")
    page = liaison.get(f"/items/{world.item_id}").get_data(as_text=True)
    assert f'/documents/{document.id}"' not in page and "コメントに添付された資料" not in page
    assert liaison.get(f"/documents/{document.id}").status_code == 404


def test_item_page_queries_do_not_grow_with_comment_documents(app, world, comment_id):
    def grow() -> None:
        for n in range(3):
            new = add_comment(app, world, "liaison", f"追加の質問{n}")
            with app.app_context():
                for target in (comment_id, new):
                    make_document(world.consortium_id, "liaison", comment_id=target)
                make_document(world.consortium_id, "facilitator", item_id=world.item_id)
                db.session.commit()

    with app.app_context():  # every kind of row once: eager loads then all run
        make_document(world.consortium_id, "liaison", comment_id=comment_id)
        db.session.commit()
    client = _client(app, "liaison")
    assert_constant_queries(app, lambda: client.get(f"/items/{world.item_id}"), grow)


def test_search_and_dossier_take_comment_documents_to_their_item(app, world, comment_id, tmp_path):
    from tests.dossier.test_dossier import _build, _text, _zip
    from tests.search.test_search import _found, _get

    liaison = _client(app, "liaison")
    _upload(liaison, f"/comments/{comment_id}/documents/new", "庁舎回線図.csv", files.CSV)
    assert _found(app, "observer", "庁舎回線図") == {"document": 1}
    assert _found(app, "outsider", "庁舎回線図") == {}
    page = _get(app, "observer", "庁舎回線図")
    assert f'href="/items/{world.item_id}#comment-{comment_id}"' in page
    facilitator = _client(app, "facilitator")
    archive = _zip(facilitator, _build(facilitator, world))
    (name,) = [n for n in archive.namelist() if n.startswith("05_資料/")]
    assert name.startswith("05_資料/第1号/") and name.endswith("_庁舎回線図.csv")
    assert archive.read(name) == files.CSV
    record = next(n for n in archive.namelist() if n.startswith("01_協議事項/第001号"))
    text = "".join(_text(archive.read(record), tmp_path).split())
    assert "庁舎回線図.csv" in text and "コメント1に添付" in text


def test_a_document_has_exactly_one_target(app, world, comment_id):
    with app.app_context():
        for target in (
            {"comment_id": comment_id, "item_id": world.item_id},
            {},
        ):
            with pytest.raises(sa.exc.IntegrityError):
                make_document(world.consortium_id, "liaison", **target)
            db.session.rollback()
        make_document(world.consortium_id, "liaison", comment_id=comment_id)
        db.session.commit()
        assert db.session.scalar(sa.select(Document.comment_id)) == comment_id


def test_downgrading_0023_takes_only_the_comments_documents_away(app, world, comment_id):
    with app.app_context():
        make_document(world.consortium_id, "liaison", comment_id=comment_id)
        kept = make_document(world.consortium_id, "liaison", item_id=world.item_id).id
        db.session.commit()
    runner = app.test_cli_runner()
    down = runner.invoke(args=["db", "downgrade", "0022_search14"])
    assert down.exit_code == 0, str(down.exception)
    with app.app_context():
        columns = {c["name"] for c in sa.inspect(db.engine).get_columns("document")}
        assert "comment_id" not in columns
        rows = db.session.execute(sa.text("SELECT id FROM document")).scalars().all()
        assert rows == [kept]
    up = runner.invoke(args=["db", "upgrade", "heads"])
    assert up.exit_code == 0, str(up.exception)
