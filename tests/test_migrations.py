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


def _row(table: sa.Table, **values: object) -> dict:
    """Values for every NOT NULL column without a default in the database (the model's
    default, else a string, a number, a moment, false), then the given ones."""
    import datetime as dt

    filler = {
        sa.String: "x",
        sa.Text: "",
        sa.Integer: 1,
        sa.Boolean: False,
        sa.DateTime: dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
    }
    row = {}
    for column in table.columns:
        if column.primary_key or column.nullable or column.server_default is not None:
            continue
        default = column.default
        if default is not None and default.is_scalar:
            row[column.name] = default.arg
        else:
            row[column.name] = next(v for t, v in filler.items() if isinstance(column.type, t))
    return row | values


def test_0017_moves_meetings_to_their_council_and_numbers_them_per_council(app):
    """Two negotiations of one council each had a 第1回: they become 第1回 and 第2回 in the
    order they took place; a title the app made follows, one the facilitator typed stays."""
    import datetime as dt

    runner = app.test_cli_runner()
    assert runner.invoke(args=["db", "downgrade", "0016"]).exit_code == 0
    meta = db.metadata.tables
    with app.app_context(), db.engine.begin() as conn:
        conn.execute(sa.insert(meta["consortium"]), _row(meta["consortium"], id=7, name="協議会"))
        for n in (1, 2):
            values = _row(meta["negotiation"], id=n, consortium_id=7, title=f"案件{n}")
            conn.execute(sa.insert(meta["negotiation"]), values)
        meeting = sa.table(
            "meeting",
            *(sa.column(c.name) for c in meta["meeting"].columns if c.name != "consortium_id"),
            sa.column("negotiation_id"),
        )
        rows = [(1, 2, "第1回 協議会", 20), (2, 1, "第1回 協議会", 10), (3, 1, "臨時会", 30)]
        for meeting_id, negotiation_id, title, day in rows:
            start = dt.datetime(2026, 1, day, tzinfo=dt.UTC)
            values = _row(meta["meeting"], id=meeting_id, title=title, number=1)
            values |= {"starts_at": start, "ends_at": start + dt.timedelta(hours=2)}
            values.pop("consortium_id")
            if meeting_id == 3:
                values["number"] = 2
            conn.execute(sa.insert(meeting), values | {"negotiation_id": negotiation_id})
    assert runner.invoke(args=["db", "upgrade"]).exit_code == 0
    with app.app_context():
        rows = db.session.execute(
            sa.text("SELECT id, consortium_id, number, title FROM meeting ORDER BY number")
        ).all()
        assert [tuple(r) for r in rows] == [
            (2, 7, 1, "第1回 協議会"),
            (1, 7, 2, "第2回 協議会"),
            (3, 7, 3, "臨時会"),
        ]
