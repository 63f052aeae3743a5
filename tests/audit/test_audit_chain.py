"""The audit log: every write recorded, chained by hashes, append-only, tampering found."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from negotiator.audit import services as audit
from negotiator.audit.models import AuditEntry
from negotiator.db import db
from tests.factories import make_consortium, make_member, make_user


def _some_history(app) -> None:  # noqa: ANN001
    with app.app_context():
        council = make_consortium()
        for name in ("須崎市", "中土佐町", "四万十町"):
            make_member(council, name)
        make_user("someone")
        db.session.commit()


def _disable_append_only(backend: str) -> None:
    # Tampering needs the protection off first: this is what an attacker with DB access does.
    if backend == "sqlite":
        db.session.execute(sa.text("DROP TRIGGER audit_entry_no_update"))
        db.session.execute(sa.text("DROP TRIGGER audit_entry_no_delete"))
    else:
        db.session.execute(sa.text("ALTER TABLE audit_entry DISABLE TRIGGER USER"))


def test_writes_are_recorded_and_chain_verifies(app):
    _some_history(app)
    with app.app_context():
        entries = db.session.scalars(sa.select(AuditEntry).order_by(AuditEntry.id)).all()
        assert [e.action for e in entries] == (
            ["consortium.create"] + ["member.create"] * 3 + ["user.create"]
        )
        assert entries[1].after["name"] == "須崎市"
        assert entries[0].prev_hash == "0" * 64
        assert all(b.prev_hash == a.hash for a, b in zip(entries, entries[1:], strict=False))
        result = audit.verify_chain()
        assert result.ok and result.checked == 5


def test_database_refuses_updates_and_deletes(app):
    _some_history(app)
    with app.app_context():
        for statement in (
            "UPDATE audit_entry SET summary = 'x' WHERE id = 2",
            "DELETE FROM audit_entry WHERE id = 2",
        ):
            with pytest.raises(sa.exc.DatabaseError, match="append-only"):
                db.session.execute(sa.text(statement))
            db.session.rollback()


@pytest.mark.parametrize(
    "statement,broken_id",
    [
        ("UPDATE audit_entry SET summary = 'forged' WHERE id = 3", 3),
        ("UPDATE audit_entry SET after = NULL WHERE id = 2", 2),
        ("DELETE FROM audit_entry WHERE id = 2", 3),
        ("DELETE FROM audit_entry WHERE id = 5", None),
    ],
)
def test_tampering_is_found_at_the_first_broken_entry(app, backend, statement, broken_id):
    _some_history(app)
    with app.app_context():
        _disable_append_only(backend)
        db.session.execute(sa.text(statement))
        db.session.commit()
        result = audit.verify_chain()
        assert not result.ok
        assert result.broken_id == broken_id


def test_cli_verify_reports_intact_and_broken(app, backend):
    _some_history(app)
    runner = app.test_cli_runner()
    ok = runner.invoke(args=["audit", "verify"])
    assert ok.exit_code == 0 and "intact: 5 entries" in ok.output, ok.output
    with app.app_context():
        _disable_append_only(backend)
        db.session.execute(sa.text("UPDATE audit_entry SET summary = 'x' WHERE id = 4"))
        db.session.commit()
    bad = runner.invoke(args=["audit", "verify"])
    assert bad.exit_code != 0 and "entry 4" in bad.output
