"""One migration history builds the schema the models describe, on SQLite and PostgreSQL."""

from __future__ import annotations

import sqlalchemy as sa

from negotiator.db import db


def test_db_check_finds_no_difference(app):
    result = app.test_cli_runner().invoke(args=["db", "check"])
    assert result.exit_code == 0, result.output + str(result.exception)


def test_downgrade_to_empty_and_up_again(app):
    runner = app.test_cli_runner()
    down = runner.invoke(args=["db", "downgrade", "base"])
    assert down.exit_code == 0, str(down.exception)
    with app.app_context():
        tables = set(sa.inspect(db.engine).get_table_names()) - {"alembic_version"}
        assert tables == set()
    up = runner.invoke(args=["db", "upgrade"])
    assert up.exit_code == 0, str(up.exception)
    with app.app_context():
        tables = set(sa.inspect(db.engine).get_table_names())
        assert {t.name for t in db.metadata.sorted_tables} <= tables
