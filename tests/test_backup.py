"""`flask backup`: a consistent online copy of SQLite that restores into a working app."""

from __future__ import annotations

import threading

import sqlalchemy as sa

from negotiator import create_app, demo
from negotiator.agreements.models import Signature
from negotiator.audit import services as audit
from negotiator.audit.records import first_mismatch
from negotiator.consortia.models import Consortium
from negotiator.db import db
from negotiator.meetings.models import MinutesRevision
from negotiator.negotiation.models import AgendaItem, Position
from tests.conftest import BASE_CONFIG

COUNTED = (AgendaItem, Position, MinutesRevision, Signature)


def _counts() -> dict[str, int]:
    return {
        m.__name__: db.session.scalar(sa.select(sa.func.count()).select_from(m)) for m in COUNTED
    }


def _keep_writing(app, stop: threading.Event) -> None:  # noqa: ANN001
    """Change descriptions in a loop, each change audited, until told to stop."""
    n = 0
    while not stop.is_set():
        with app.test_request_context(method="POST"):
            council = db.session.scalar(sa.select(Consortium))
            council.description = f"更新{n}"
            audit.record("consortium.update", council, f"説明を更新 {n}", consortium_id=council.id)
            db.session.commit()
        n += 1


def test_backup_while_writing_restores_everything(app, backend, tmp_path):
    if backend != "sqlite":
        result = app.test_cli_runner().invoke(args=["backup", "--out", str(tmp_path / "x")])
        assert result.exit_code != 0 and "pg_dump" in result.output
        return
    with app.app_context():
        demo.load()
        db.session.commit()
        before = _counts()
    assert before["Signature"] == 3 and before["MinutesRevision"] >= 1
    stop = threading.Event()
    writer = threading.Thread(target=_keep_writing, args=(app, stop))
    writer.start()
    try:
        out = tmp_path / "backup.sqlite3"
        result = app.test_cli_runner().invoke(args=["backup", "--out", str(out)])
    finally:
        stop.set()
        writer.join()
    assert result.exit_code == 0, result.output
    again = app.test_cli_runner().invoke(args=["backup", "--out", str(out)])
    assert again.exit_code != 0 and "already exists" in again.output

    restored = create_app({**BASE_CONFIG, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{out}"})
    with restored.app_context():
        assert _counts() == before
        assert audit.verify_chain().ok
        assert first_mismatch() is None
        db.engine.dispose()
