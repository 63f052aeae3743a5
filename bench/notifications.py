"""Notifications (issue 12): statements a state change runs with its notifications, and the
delivery throughput of one consumer (`flask jobs worker --workers 1`, SQLite job storage)
against a local aiosmtpd relay. SQLite database migrated in a temporary directory.

    .venv/bin/python bench/notifications.py
"""

from __future__ import annotations

import logging
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import sqlalchemy as sa  # noqa: E402

from bench.table import Row, print_table  # noqa: E402
from negotiator import create_app  # noqa: E402
from negotiator.db import db  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
MAILS = 300
RUNS = 3


def _app(folder: str):  # noqa: ANN202
    from flask_migrate import upgrade

    url = f"sqlite:///{folder}/bench.sqlite3"
    app = create_app({"SECRET_KEY": "bench", "SQLALCHEMY_DATABASE_URI": url})
    app.instance_path = folder
    app.config["PASSWORD_HASH_METHOD"] = "pbkdf2:sha256:1000"
    with app.app_context():
        upgrade(revision="heads")
    return app


def _council(app, liaisons_per_member: int) -> int:  # noqa: ANN001
    """A council of 3 members with this many liaisons each (all with addresses); one item."""
    from negotiator.consortia.models import Role
    from tests.factories import (
        grant,
        make_consortium,
        make_item,
        make_member,
        make_negotiation,
        make_user,
    )

    with app.app_context():
        council = make_consortium(f"ベンチ協議会{liaisons_per_member}")
        grant(make_user(f"f{liaisons_per_member}"), council, Role.FACILITATOR)
        for m in range(3):
            member = make_member(council, f"町{m}")
            for i in range(liaisons_per_member):
                grant(make_user(f"l{liaisons_per_member}-{m}-{i}"), council, Role.LIAISON, member)
        from negotiator.auth.models import User

        for user in db.session.scalars(sa.select(User)):
            user.email = f"{user.username}@example.lg.jp"
        item = make_item(make_negotiation(council), "議題")
        item.discussed_note = "協議済み"
        db.session.commit()
        return item.id


def statements_per_state_change(app, liaisons_per_member: int) -> tuple[int, int]:  # noqa: ANN001
    from negotiator.auth.models import User
    from negotiator.auth.permissions import ConsortiumRoles
    from negotiator.negotiation import services
    from negotiator.negotiation.models import AgendaItem
    from negotiator.notifications.models import Notification
    from tests.helpers import count_queries

    item_id = _council(app, liaisons_per_member)
    with app.app_context():
        item = db.session.get(AgendaItem, item_id)
        actor = db.session.scalar(sa.select(User).where(User.username == f"f{liaisons_per_member}"))
        with count_queries(app) as counter:
            change = services.move(
                item, "discuss", "", actor, ConsortiumRoles(facilitator=True), item.version
            )
        db.session.commit()
        written = db.session.scalar(
            sa.select(sa.func.count(Notification.id)).where(
                Notification.event_key == f"item.move:{change.id}"
            )
        )
    return counter.count, written


def _outbox(app, n: int, tag: str) -> None:  # noqa: ANN001
    """n mails in the outbox (events to every user of the council with 20 liaisons a member)."""
    from negotiator.auth.models import User
    from negotiator.consortia.models import Consortium
    from negotiator.notifications.models import Kind
    from negotiator.notifications.services import Event, notify

    with app.app_context():
        council = db.session.scalar(sa.select(Consortium).where(Consortium.name.like("%20")))
        users = db.session.scalars(sa.select(User.id).where(User.username.like("l20-%"))).all()
        for e in range(n // len(users)):
            params = {"number": e, "title": "議題"}
            notify(Event(Kind.ITEM_NEW, f"bench:{tag}:{e}", council.id, "/", params), users)
        db.session.commit()


def _sent(app) -> int:  # noqa: ANN001
    from negotiator.notifications.models import OutgoingMail

    with app.app_context():
        count = db.session.scalar(
            sa.select(sa.func.count(OutgoingMail.id)).where(OutgoingMail.status == "sent")
        )
        db.session.rollback()
    return count


def delivery_rate(app, folder: str, relay_port: int, tag: str) -> float:  # noqa: ANN001
    """Mails per second one consumer delivers, from its first mail to its last."""
    before = _sent(app)
    _outbox(app, MAILS, tag)
    env = {
        **os.environ,
        "NEGOTIATOR_DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
        "NEGOTIATOR_SECRET_KEY": "bench",
        "NEGOTIATOR_JOBS_SQLITE_PATH": os.path.join(folder, "jobs.sqlite3"),
    }
    command = [sys.executable, "-m", "flask", "--app", "negotiator", "jobs", "worker"]
    consumer = subprocess.Popen(
        [*command, "--workers", "1", "--max-delay", "0.1"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        while _sent(app) == before:
            time.sleep(0.01)
        start = time.perf_counter()
        while _sent(app) < before + MAILS:
            time.sleep(0.01)
        return MAILS / (time.perf_counter() - start)
    finally:
        consumer.terminate()
        consumer.wait()


def relay_floor(port: int, n: int = 100) -> float:
    """The relay's own ceiling: plain smtplib, one connection per message, no database."""
    import smtplib
    from email.message import EmailMessage

    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = "b@x.lg.jp", "floor@x.lg.jp", "floor"
    message.set_content("本文")
    start = time.perf_counter()
    for _ in range(n):
        with smtplib.SMTP("127.0.0.1", port) as conn:
            conn.send_message(message)
    return n / (time.perf_counter() - start)


def run() -> list[Row]:
    from negotiator.notifications.models import MailSettings, Notification, OutgoingMail
    from tests.notifications.relay import Relay

    logging.disable(logging.WARNING)
    rows = []
    with tempfile.TemporaryDirectory() as folder, Relay() as relay:
        app = _app(folder)
        for per_member in (2, 20):
            statements, written = statements_per_state_change(app, per_member)
            rows.append(Row(f"state change notifying {written}: statements", str(statements)))
        with app.app_context():
            # Only the mails written below are timed.
            db.session.execute(sa.update(Notification).values(mail_id=None))
            db.session.execute(sa.delete(OutgoingMail))
            db.session.add(
                MailSettings(id=1, host="127.0.0.1", port=relay.port, sender="b@example.lg.jp")
            )
            db.session.commit()
        rates = [delivery_rate(app, folder, relay.port, str(r)) for r in range(RUNS)]
        assert relay.recorder.recipients().total() == MAILS * RUNS
        floor = statistics.median(relay_floor(relay.port) for _ in range(RUNS))
        rate = statistics.median(rates)
        spread = f"{min(rates):.0f}–{max(rates):.0f}"
        rows += [
            Row("relay floor: smtplib alone, 1 connection/mail", f"{floor:.0f}", "mails/s"),
            Row(
                f"one consumer delivers (median of {RUNS}×{MAILS}; spread {spread})",
                f"{rate:.0f}",
                "mails/s",
                f"{rate / floor:.2f}× floor",
            ),
        ]
    return rows


if __name__ == "__main__":
    print_table(run())
