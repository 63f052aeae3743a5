"""Issue 14 point 3: documents (資料) on items, revisions and meetings — stored in the database
once per content, size limits per file and per council, safe downloads, who may do what, soft
delete with audit, and the meeting's 配布資料 on its page and in the minutes PDF."""

from __future__ import annotations

import subprocess
from pathlib import Path
from urllib.parse import unquote

import sqlalchemy as sa

from negotiator.audit.models import AuditEntry
from negotiator.audit.services import verify_chain
from negotiator.db import db
from negotiator.documents.models import Document, DocumentBlob
from tests.documents import files
from tests.factories import login
from tests.meetings.factories import make_meeting

HOSTILE_NAME = '協定書(案)"最終"\n第2版.pdf'


def _client(app, username: str):  # noqa: ANN001, ANN202
    client = app.test_client()
    assert login(client, username).status_code == 302
    return client


def _upload(client, url: str, name: str, data: bytes):  # noqa: ANN001, ANN202
    """Posted as a browser does: the name's quotes and line breaks percent-encoded (the HTML
    standard's multipart/form-data encoding; Werkzeug's test client cuts the name at a quote)."""
    escaped = name.replace('"', "%22").replace("\n", "%0A").replace("\r", "%0D")
    boundary = "----negotiator-test-boundary"
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; '
            f'filename="{escaped}"\r\nContent-Type: application/octet-stream\r\n\r\n'
        ).encode()
        + data
        + f"\r\n--{boundary}--\r\n".encode()
    )
    return client.post(url, data=body, content_type=f"multipart/form-data; boundary={boundary}")


def _documents(app) -> list[Document]:  # noqa: ANN001
    with app.app_context():
        return list(db.session.scalars(sa.select(Document).order_by(Document.id)))


def _count(app, model) -> int:  # noqa: ANN001
    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def test_a_liaison_attaches_a_file_and_everyone_in_the_council_downloads_it(app, world):
    url = f"/items/{world.item_id}/documents/new"
    response = _upload(_client(app, "liaison"), url, HOSTILE_NAME, files.PDF)
    assert response.status_code == 302 and response.location.endswith(f"/items/{world.item_id}")
    (document,) = _documents(app)
    assert document.name == '協定書(案)"最終"第2版.pdf'
    assert (document.media_type, document.size, document.item_id) == (
        "application/pdf",
        len(files.PDF),
        world.item_id,
    )
    for reader in ("observer", "signatory", "other_liaison", "facilitator"):
        client = _client(app, reader)
        page = client.get(f"/items/{world.item_id}").get_data(as_text=True)
        assert f"/documents/{document.id}" in page and "協定書(案)&#34;最終&#34;第2版.pdf" in page
        download = client.get(f"/documents/{document.id}")
        assert download.status_code == 200 and download.data == files.PDF
    headers = download.headers
    assert headers["Content-Type"] == "application/pdf"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in [d.strip() for d in headers["Content-Security-Policy"].split(";")]
    assert headers["Content-Length"] == str(len(files.PDF))
    disposition = headers["Content-Disposition"]
    assert disposition.startswith('attachment; filename="')
    assert "\n" not in disposition and disposition.isascii()
    assert unquote(disposition.split("filename*=UTF-8''")[1]) == document.name
    assert _client(app, "outsider").get(f"/documents/{document.id}").status_code == 403


def test_a_large_file_is_streamed_in_pieces_that_add_up(app, world, monkeypatch):
    from negotiator.documents import queries

    monkeypatch.setattr(queries, "CHUNK", 1000)
    data = files.PDF + bytes(range(256)) * 14  # four pieces, the last one short
    client = _client(app, "liaison")
    _upload(client, f"/items/{world.item_id}/documents/new", "分割.pdf", data)
    (document,) = _documents(app)
    response = client.get(f"/documents/{document.id}", buffered=False)
    pieces = list(response.iter_encoded())
    response.close()
    assert len(pieces) == 4 and b"".join(pieces) == data
    assert response.headers["Content-Length"] == str(len(data))


def test_a_csv_is_served_as_csv_without_a_charset_it_does_not_have(app, world):
    _upload(
        _client(app, "facilitator"), f"/items/{world.item_id}/documents/new", "指標.csv", files.CSV
    )
    (document,) = _documents(app)
    response = _client(app, "observer").get(f"/documents/{document.id}")
    assert response.headers["Content-Type"] == "text/csv" and response.data == files.CSV


def test_the_same_content_is_stored_once(app, world):
    client = _client(app, "liaison")
    for name in ("一つ目.pdf", "二つ目.pdf"):
        assert (
            _upload(client, f"/items/{world.item_id}/documents/new", name, files.PDF).status_code
            == 302
        )
    assert [d.name for d in _documents(app)] == ["一つ目.pdf", "二つ目.pdf"]
    assert _count(app, DocumentBlob) == 1


def test_a_file_whose_content_does_not_match_its_name_is_refused_at_the_field(app, world):
    client = _client(app, "liaison")
    response = _upload(client, f"/items/{world.item_id}/documents/new", "偽物.pdf", b"<html>")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'id="file-error"' in page and "拡張子「.pdf」の形式ではありません" in page
    assert _count(app, Document) == 0 and _count(app, DocumentBlob) == 0
    response = _upload(client, f"/items/{world.item_id}/documents/new", "page.html", b"<html>")
    assert "この種類のファイルは添付できません" in response.get_data(as_text=True)
    assert _count(app, Document) == 0


def test_a_file_over_the_limit_is_refused_at_the_field(app, world):
    app.config["DOCUMENT_MAX_BYTES"] = 1000
    client = _client(app, "liaison")
    url = f"/items/{world.item_id}/documents/new"
    # Over the limit but within the form's allowance: read, then refused by the service.
    response = _upload(client, url, "大きい.pdf", files.PDF + bytes(2000))
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and 'id="file-error"' in page
    assert "ファイルが大きすぎます" in page
    # Far over it: refused by Werkzeug before it is read (413), still the form with its message.
    response = _upload(client, url, "巨大.pdf", files.PDF + bytes(200_000))
    page = response.get_data(as_text=True)
    assert response.status_code == 413 and 'id="file-error"' in page
    assert "ファイルが大きすぎます" in page and "<h1>" in page
    assert _count(app, Document) == 0


def test_a_413_for_someone_who_may_not_upload_is_a_page_not_a_500(app, world):
    # With the CSRF check on, the body is read (and refused) before the view's permission check.
    client = _client(app, "observer")
    app.config["WTF_CSRF_ENABLED"] = True
    url = f"/items/{world.item_id}/documents/new"
    response = _upload(client, url, "x.pdf", bytes(26 * 1024 * 1024))
    assert response.status_code == 413
    assert "送信された内容が大きすぎます" in response.get_data(as_text=True)


def test_the_council_limit_counts_each_content_once(app, world):
    app.config["COUNCIL_DOCUMENTS_MAX_BYTES"] = len(files.PDF) + len(files.PNG) - 1
    client = _client(app, "liaison")
    url = f"/items/{world.item_id}/documents/new"
    assert _upload(client, url, "一つ目.pdf", files.PDF).status_code == 302
    assert _upload(client, url, "同じ中身.pdf", files.PDF).status_code == 302  # stored already
    response = _upload(client, url, "図.png", files.PNG)
    assert response.status_code == 200
    assert "協議会の資料の合計が上限" in response.get_data(as_text=True)
    assert _count(app, Document) == 2


def test_the_documents_of_one_target_are_bounded(app, world, monkeypatch):
    from negotiator.documents import services

    monkeypatch.setattr(services, "MAX_PER_TARGET", 1)
    client = _client(app, "liaison")
    url = f"/items/{world.item_id}/documents/new"
    assert _upload(client, url, "一つ目.pdf", files.PDF).status_code == 302
    response = _upload(client, url, "二つ目.png", files.PNG)
    assert response.status_code == 200 and "添付できる資料は1件までです" in response.get_data(
        as_text=True
    )
    assert _count(app, Document) == 1


def test_who_may_upload(app, world):
    url = f"/items/{world.item_id}/documents/new"
    for username in ("observer", "signatory", "outsider"):
        assert _upload(_client(app, username), url, "a.pdf", files.PDF).status_code == 403
    page = _client(app, "observer").get(f"/items/{world.item_id}").get_data(as_text=True)
    assert url not in page
    assert _count(app, Document) == 0


def test_a_revision_gets_its_own_documents(app, world):
    client = _client(app, "other_liaison")
    response = _upload(
        client, f"/items/{world.item_id}/revisions/1/documents/new", "表.xlsx", files.office("xlsx")
    )
    assert response.status_code == 302
    (document,) = _documents(app)
    assert document.item_id is None and document.revision_id is not None
    page = client.get(f"/items/{world.item_id}").get_data(as_text=True)
    assert "表.xlsx" in page and "第1版" in page
    assert client.get(f"/items/{world.item_id}/revisions/9/documents/new").status_code == 404


def test_delete_is_soft_by_the_uploader_or_a_facilitator(app, world):
    url = f"/items/{world.item_id}/documents/new"
    _upload(_client(app, "liaison"), url, "消す資料.pdf", files.PDF)
    (document,) = _documents(app)
    delete = f"/documents/{document.id}/delete"
    for username in ("other_liaison", "observer", "signatory"):
        assert _client(app, username).post(delete).status_code == 403
    liaison = _client(app, "liaison")
    page = liaison.get(f"/items/{world.item_id}").get_data(as_text=True)
    assert delete in page
    assert liaison.post(delete).status_code == 302
    assert liaison.get(f"/documents/{document.id}").status_code == 404
    assert "消す資料.pdf" not in liaison.get(f"/items/{world.item_id}").get_data(as_text=True)
    (kept,) = _documents(app)
    assert kept.deleted_at is not None and _count(app, DocumentBlob) == 1
    with app.app_context():
        actions = db.session.scalars(
            sa.select(AuditEntry.action)
            .where(AuditEntry.object_type == "document")
            .order_by(AuditEntry.id)
        ).all()
        assert actions == ["document.upload", "document.delete"]
        assert verify_chain().ok
    assert liaison.post(delete).status_code == 404


def test_a_facilitator_deletes_another_users_document(app, world):
    _upload(_client(app, "liaison"), f"/items/{world.item_id}/documents/new", "a.pdf", files.PDF)
    (document,) = _documents(app)
    assert _client(app, "facilitator").post(f"/documents/{document.id}/delete").status_code == 302


def _pdf_text(client, meeting_id: int, tmp_path: Path) -> str:  # noqa: ANN001
    response = client.get(f"/meetings/{meeting_id}/minutes.pdf")
    assert response.mimetype == "application/pdf"
    path = tmp_path / "minutes.pdf"
    path.write_bytes(response.data)
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def test_a_meetings_documents_are_its_handouts_on_its_page_and_in_the_minutes(app, world, tmp_path):
    with app.app_context():
        meeting = make_meeting(world.negotiation_id, [world.item_id], held=True).id
        db.session.commit()
    client = _client(app, "facilitator")
    for name, data in (
        ("<i>説明資料 & 別紙.pdf", files.PDF),
        ("費用の試算.xlsx", files.office("xlsx")),
    ):
        response = _upload(client, f"/meetings/{meeting}/documents/new", name, data)
        assert response.status_code == 302 and response.location.endswith(f"/meetings/{meeting}")
    page = _client(app, "observer").get(f"/meetings/{meeting}").get_data(as_text=True)
    assert "配布資料" in page and "&lt;i&gt;説明資料 &amp; 別紙.pdf" in page
    text = _pdf_text(client, meeting, tmp_path)
    handouts = text[text.index("配布資料") :]
    assert "<i>説明資料 & 別紙.pdf" in handouts and "費用の試算.xlsx" in handouts
