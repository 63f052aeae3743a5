"""Audit summaries as data: shown in the reader's language, older entries read back."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from contextlib import nullcontext

import pytest
import sqlalchemy as sa
from flask import Flask, session
from flask_babel import force_locale

from negotiator.audit import services as audit
from negotiator.audit.display import audit_actor, audit_summary
from negotiator.audit.messages import legacy_message
from negotiator.audit.models import AuditEntry
from negotiator.audit.services import Actor, system_actor
from negotiator.auth.models import User
from negotiator.db import db
from negotiator.message import Message, say
from negotiator.negotiation import (
    history,
    summaries,  # noqa: F401 (registers the item's old summaries)
)
from negotiator.negotiation.models import AgendaItem
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


@pytest.mark.parametrize("language", ["ja", "en"])
def test_the_items_timeline_lines_show_what_its_entries_show(app, world, language):
    """The 経過 reads columns (history.timeline), not whole entries: each line shows the same
    summary and the same actor as its entry would, for a user, a user's API token, the app by
    itself and a user-less name."""
    with app.app_context():
        item = db.session.get(AgendaItem, world.item_id)
        user = db.session.scalar(sa.select(User).where(User.username == "liaison"))
        for actor in (None, system_actor("期限到来"), Actor(None, "system")):
            with audit.acting_through(user, "API: 連携") if actor is None else nullcontext():
                audit.record("item.note", item, say("メモ%(n)s", n="<b>"), actor=actor)
        with audit.acting_as(user):
            audit.record("item.note", item, "要約のみ")
        db.session.commit()
    with app.test_request_context(), force_locale(language):
        item = db.session.get(AgendaItem, world.item_id)
        lines = history.timeline(item, 50)
        entries = db.session.scalars(
            sa.select(AuditEntry)
            .where(AuditEntry.object_type == "agendaitem", AuditEntry.object_id == item.id)
            .order_by(AuditEntry.id.desc())
        ).all()
        shown = [(audit_summary(e), audit_actor(e), e.at) for e in entries]
        assert [(audit_summary(x), audit_actor(x), x.at) for x in lines] == shown
        assert lines.total == len(entries) >= 5
        actors = {re.sub("<[^>]*>", "", a) for _, a, _ in shown}
        assert {"Liaison (API: 連携)", "Liaison"} <= actors
