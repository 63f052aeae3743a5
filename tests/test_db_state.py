"""The snapshot the fuzz, text-check and version tests compare: it sees every kind of write."""

from __future__ import annotations

import sqlalchemy as sa

from negotiator.db import db
from negotiator.negotiation.models import AgendaItem
from tests.db_state import db_state
from tests.factories import make_user


def test_reading_changes_nothing(app, world):  # noqa: ANN001
    assert db_state(app) == db_state(app)


def test_one_changed_character_one_new_row_one_deleted_row_are_each_seen(app, world):  # noqa: ANN001
    before = db_state(app)
    with app.app_context():
        item = db.session.get(AgendaItem, world.item_id)
        item.title = item.title[:-1] + ("X" if item.title[-1] != "X" else "Y")
        db.session.commit()
    edited = db_state(app)
    changed = {t for t in edited if edited[t] != before[t]}
    assert "agenda_item" in changed and "consortium" not in changed  # (and the search index)
    with app.app_context():
        make_user("newcomer")
        db.session.commit()
    added = db_state(app)
    assert added["user_account"][0] == edited["user_account"][0] + 1
    with app.app_context():
        db.session.execute(
            sa.delete(db.metadata.tables["user_account"]).where(
                db.metadata.tables["user_account"].c.username == "newcomer"
            )
        )
        db.session.commit()
    assert db_state(app)["user_account"] == edited["user_account"]
