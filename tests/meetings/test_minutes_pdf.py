"""The minutes PDF (issue 15, item 4): numbered by the agenda, decisions apart from the
positions heard, dates in the Japanese era. Read back with pdftotext."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from negotiator.db import db
from negotiator.meetings.models import Meeting
from negotiator.meetings.numbering import agenda_heading, safe_title
from negotiator.negotiation.models import AgendaItem, Negotiation
from tests.factories import login, make_item
from tests.meetings.factories import make_meeting

NUMBERED_TITLE = "2. 費用負担の方法"


def test_titles_that_start_with_a_number_are_quoted():
    assert safe_title("システム標準化") == "システム標準化"
    for title in (
        NUMBERED_TITLE,
        "２０２６年度の予算",
        "①端末",
        "(1)総則",
        "第3条の改正",
        "Ⅱ 運用",
    ):
        assert safe_title(title) == f"「{title}」"
    assert agenda_heading(3, NUMBERED_TITLE) == "(3)\u3000「2. 費用負担の方法」"
    assert agenda_heading(1, "一部事務組合") == "(1)\u3000一部事務組合"


def _meeting_with_records(app, world, client) -> int:  # noqa: ANN001
    with app.app_context():
        negotiation = db.session.get(Negotiation, world.negotiation_id)
        numbered = make_item(negotiation, NUMBERED_TITLE).id
        # The numbered item goes first on the agenda, the world's item second.
        meeting = make_meeting(world.negotiation_id, [numbered, world.item_id], held=True)
        db.session.commit()
        m = meeting.id
        version = db.session.get(AgendaItem, world.item_id).version
    for mid in world.member_ids[:2]:
        data = {"member_id": mid, "stance": "agree", "revision": 1, "reason": "異存なし"}
        assert client.post(f"/meetings/{m}/items/{world.item_id}/position", data=data).status_code
    moved = client.post(
        f"/meetings/{m}/items/{world.item_id}/move/discuss", data={"version": version}
    )
    assert moved.status_code == 302
    client.post(
        f"/meetings/{m}/actions",
        data={
            "description": "規程案を作成",
            "owner_member_id": world.member_ids[0],
            "due_date": "2027-01-15",
        },
    )
    return m


def _pdf_text(client, m: int, tmp_path: Path) -> str:  # noqa: ANN001
    response = client.get(f"/meetings/{m}/minutes.pdf")
    assert response.mimetype == "application/pdf"
    path = tmp_path / "minutes.pdf"
    path.write_bytes(response.data)
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def _section(text: str, title: str) -> str:
    """The text from a numbered section's heading to the next one."""
    start = re.search(rf"^\s*\d+[\u3000 ]+{title}\s*$", text, re.M)
    assert start, title
    following = re.search(r"^\s*\d+[\u3000 ]+\S+\s*$", text[start.end() :], re.M)
    return text[start.end() : start.end() + following.start() if following else None]


def test_minutes_pdf_numbering_decisions_and_era(app, world, tmp_path):
    client = app.test_client()
    login(client, "facilitator")
    m = _meeting_with_records(app, world, client)
    text = _pdf_text(client, m, tmp_path)
    # Sections 1, 2, 3 … in order, and nothing else reads as a section heading.
    headings = re.findall(r"^\s*(\d+)[\u3000 ]+(\S+)\s*$", text, re.M)
    assert [int(n) for n, _ in headings] == list(range(1, 8)), headings
    assert [t for _, t in headings] == [
        "出席者",
        "議題",
        "議事の概要",
        "決定事項",
        "各構成団体の意見",
        "宿題",
        "議事録の確認",
    ]
    # Agenda entries numbered by the agenda's order; the numbered title quoted after its label.
    agenda = _section(text, "議題")
    first = re.search(r"\(1\)[\u3000 ]+「2. 費用負担の方法」", agenda).start()
    second = agenda.index("(2)")
    assert first < second
    assert not re.search(r"^\s*2\.\s", text, re.M)
    # Decisions: the state change only; the positions heard in their own section.
    decisions = _section(text, "決定事項")
    assert "「提案」から「協議中」へ" in decisions and "異存なし" not in decisions
    heard = _section(text, "各構成団体の意見")
    assert heard.count("賛成") == 2 and "協議中」へ" not in heard
    # Dates in the Japanese era: the meeting (2026-11-10 10:00 JST) and the action's deadline.
    assert "令和8年11月10日 10:00〜12:00" in text
    assert "令和9年1月15日" in _section(text, "宿題")
    assert not re.search(r"20\d\d[-/年]", text), "a Western date is printed"


def test_minutes_pdf_lists_the_signers_and_era_confirmation_times(app, world, tmp_path):
    client = app.test_client()
    login(client, "facilitator")
    with app.app_context():
        m = make_meeting(world.negotiation_id, [world.item_id], held=True).id
        db.session.commit()
    client.post(f"/meetings/{m}/publish")
    with app.app_context():
        version = db.session.get(Meeting, m).version
    client.post(
        f"/meetings/{m}/signers", data={"member_ids": world.member_ids[0], "version": version}
    )
    liaison = app.test_client()
    login(liaison, "liaison")
    url = f"/meetings/{m}/members/{world.member_ids[0]}/confirm"
    assert liaison.post(url, data={"answer": "confirm", "revision": 1}).status_code == 302
    text = _pdf_text(client, m, tmp_path)
    confirmation = _section(text, "議事録の確認")
    assert "議事録署名人" in confirmation and "(署名人)" in confirmation
    assert re.search(r"令和\d+年\d+月\d+日 \d\d:\d\d", confirmation)
    assert not re.search(r"20\d\d[-/年]", text)
