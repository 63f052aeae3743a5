"""Migration 0022_search14 indexes what an installation already holds."""

from __future__ import annotations

import sqlalchemy as sa

from negotiator.db import db
from negotiator.search import services
from tests.factories import user_id


def test_upgrading_indexes_existing_records(app, world):
    runner = app.test_cli_runner()
    down = runner.invoke(args=["db", "downgrade", "0021"])
    assert down.exit_code == 0, str(down.exception)
    with app.app_context():
        assert "search_entry" not in sa.inspect(db.engine).get_table_names()
    up = runner.invoke(args=["db", "upgrade", "heads"])
    assert up.exit_code == 0, str(up.exception)
    with app.test_request_context():
        groups = services.search(user_id("observer"), ["アクセス権"])
        assert [(g.kind, g.total) for g in groups] == [("item", 1)]
        assert [(g.kind, g.total) for g in services.search(user_id("observer"), ["端末"])] == [
            ("position", 1)
        ]
