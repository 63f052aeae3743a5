"""Audit summaries as data: shown in the reader's language, older entries read back."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import sqlalchemy as sa
from flask import Flask, session

from negotiator.audit import services as audit
from negotiator.audit.display import audit_actor, audit_summary
from negotiator.audit.messages import legacy_message
from negotiator.audit.models import AuditEntry
from negotiator.db import db
from negotiator.message import Message, say
from negotiator.negotiation import summaries  # noqa: F401 (registers the item's old summaries)
from tests.audit.test_audit_chain import _disable_append_only
from tests.factories import build_world


@contextlib.contextmanager
def english(app: Flask) -> Iterator[None]:
    """A request whose reader chose English with the switch."""
    with app.test_request_context():
        session["lang"] = "en"
        yield


def _entry(action: str) -> AuditEntry:
    return db.session.scalar(
        sa.select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id.desc())
    )


def test_a_position_is_kept_as_a_message_and_shown_in_english(app, backend):
    """…and a message that does not say what the hashed summary says is found."""
    build_world(app)
    with app.app_context(), english(app):
        entry = _entry("position.record")
        assert entry.summary == "須崎市の意見: 条件付賛成 (第1版)"  # hashed, as before
        assert Message.from_json(entry.message).text == entry.summary
        shown = str(audit_summary(entry))
        assert (
            shown == 'Position of <span lang="ja">須崎市</span>: Agree with conditions (revision 1)'
        )
        assert audit.verify_chain().ok
        entry = _entry("item.propose")
        _disable_append_only(backend)
        forged = say("協議事項%(number)s「%(title)s」を提案", number=1, title="別の件名")
        db.session.execute(
            sa.update(AuditEntry).where(AuditEntry.id == entry.id).values(message=forged.to_json())
        )
        db.session.commit()
        result = audit.verify_chain()
        assert not result.ok and result.broken_id == entry.id
        assert result.problem == "message does not match its summary"


def test_an_entry_written_before_messages_is_read_back_into_one():
    message = legacy_message("item.move", "状態を「合意」に変更: 全会一致(みなし同意: 乙町、丙村)")
    assert message is not None
    assert message.params["reason"] == "全会一致"
    assert message.params["deemed"] == ["乙町", "丙村"]
    assert message.params["state"] == Message("合意")
    # A summary no template reproduces stays as written (shown marked as Japanese).
    assert legacy_message("item.move", "状態を「不明な状態」に変更") is None
    assert legacy_message("no.such.action", "何か") is None


def test_the_app_acting_by_itself_is_named_in_english(app):
    with app.app_context(), english(app):
        entry = AuditEntry(actor_name="システム(期限到来)", actor=None)
        assert str(audit_actor(entry)) == "System (deadline reached)"
