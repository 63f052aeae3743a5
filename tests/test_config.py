"""Settings layers, the secret-key rule, and SQLite's engine settings."""

from __future__ import annotations

import threading

import pytest
import sqlalchemy as sa
from flask import Flask

from negotiator import create_app
from negotiator.consortia.models import Consortium
from negotiator.db import db


def test_missing_secret_key_is_a_startup_error(tmp_path, monkeypatch):
    monkeypatch.delenv("NEGOTIATOR_SECRET_KEY", raising=False)
    # An empty instance folder: the checkout's own instance/config.py (written by `make run`)
    # holds a key, and `make test` after `make run` must still see the rule.
    monkeypatch.setattr(Flask, "auto_find_instance_path", lambda _app: str(tmp_path))
    with pytest.raises(RuntimeError, match="NEGOTIATOR_SECRET_KEY"):
        create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/x.db"})


def test_layers_defaults_then_instance_file_then_environment(tmp_path, monkeypatch):
    import flask

    monkeypatch.setattr(flask.Flask, "auto_find_instance_path", lambda self: str(tmp_path))
    (tmp_path / "config.py").write_text(
        'SECRET_KEY = "from-file"\nWTF_CSRF_TIME_LIMIT = 60\n', encoding="utf-8"
    )
    monkeypatch.setenv("NEGOTIATOR_WTF_CSRF_TIME_LIMIT", "120")
    monkeypatch.delenv("NEGOTIATOR_SECRET_KEY", raising=False)
    monkeypatch.delenv("NEGOTIATOR_DATABASE_URL", raising=False)
    app = create_app()
    assert app.config["SECRET_KEY"] == "from-file"
    assert app.config["WTF_CSRF_TIME_LIMIT"] == 120
    assert app.config["BABEL_DEFAULT_LOCALE"] == "ja"
    assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path}/negotiator.sqlite3"
    monkeypatch.setenv("NEGOTIATOR_DATABASE_URL", "postgresql://u@127.0.0.1/db")
    assert create_app().config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql+psycopg://")


def test_sqlite_pragmas(sqlite_template):
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{sqlite_template}"})
    with app.app_context(), db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000
        db.engine.dispose()


def test_concurrent_read_modify_write_loses_nothing(app, world):
    """Two writers incrementing one value: BEGIN IMMEDIATE (SQLite) / row lock order (PG)."""
    rounds = 40

    def bump() -> None:
        for _ in range(rounds):
            with app.test_request_context(method="POST"):
                council = db.session.scalars(
                    sa.select(Consortium)
                    .where(Consortium.id == world.consortium_id)
                    .with_for_update()
                ).one()
                council.description = str(int(council.description or "0") + 1)
                db.session.commit()

    threads = [threading.Thread(target=bump) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    with app.app_context():
        assert db.session.get(Consortium, world.consortium_id).description == str(2 * rounds)
