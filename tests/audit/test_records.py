"""Direct edits to positions or signatures in the database are found and named."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from negotiator.agreements import signing
from negotiator.audit.records import first_mismatch
from negotiator.auth.models import User
from negotiator.consortia.models import Member
from negotiator.db import db
from tests.agreements.factories import agreement, make_draft
from tests.factories import PASSWORD


def _signed(app, world) -> int:  # noqa: ANN001
    agreement_id = make_draft(app, world, send=True)
    with app.app_context():
        a = agreement(agreement_id)
        user = db.session.scalar(sa.select(User).where(User.username == "signatory"))
        member = db.session.get(Member, world.member_ids[0])
        signing.sign(a, member, user, PASSWORD, a.content_hash)
        db.session.commit()
    return agreement_id


def test_untouched_records_match(app, world):
    _signed(app, world)
    with app.app_context():
        assert first_mismatch() is None
    result = app.test_cli_runner().invoke(args=["audit", "verify"])
    assert result.exit_code == 0 and "positions and signatures match" in result.output


@pytest.mark.parametrize(
    "statement,table,field",
    [
        ("UPDATE position SET stance = 'object', reason = 'x' WHERE id = 1", "position", "stance"),
        ("UPDATE position SET revision_number = 9 WHERE id = 1", "position", "revision"),
        (
            "UPDATE signature SET content_hash = '{}' WHERE id = 1".format("0" * 64),
            "signature",
            "content_hash",
        ),
        (
            "UPDATE signature SET signer_id = NULL, kind = 'paper', paper_date = '2026-01-01' "
            "WHERE id = 1",
            "signature",
            "kind",
        ),
    ],
)
def test_direct_edits_are_named(app, world, statement, table, field):
    _signed(app, world)
    with app.app_context():
        db.session.execute(sa.text(statement))
        db.session.commit()
        bad = first_mismatch()
        assert (bad.table, bad.row_id, bad.field) == (table, 1, field)
    result = app.test_cli_runner().invoke(args=["audit", "verify"])
    assert result.exit_code != 0 and f"{table} 1 was changed outside the app" in result.output


def test_a_row_without_its_audit_entry_is_named(app, world):
    _signed(app, world)
    with app.app_context():
        position = db.session.execute(
            sa.text(
                "SELECT item_id, member_id, revision_id, recorded_by_id FROM position WHERE id = 1"
            )
        ).one()
        db.session.execute(
            sa.text(
                "INSERT INTO position (item_id, member_id, revision_id, revision_number, stance, "
                "statement, reason, source, recorded_by_id, on_behalf, created_at) VALUES "
                "(:i, :m, :r, 1, 'agree', '', '', 'email', :u, false, CURRENT_TIMESTAMP)"
            ),
            {"i": position[0], "m": position[1], "r": position[2], "u": position[3]},
        )
        db.session.commit()
        bad = first_mismatch()
        assert bad.table == "position" and bad.field == "no audit entry"
