"""Fixtures: a real SMTP relay, mail settings pointing at it, users with addresses, consumers."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator

import pytest
import sqlalchemy as sa

from negotiator.auth.models import User
from negotiator.db import db
from negotiator.notifications.models import MailSettings, OutgoingMail
from tests.notifications.relay import Relay

REDIS_URL = "redis://127.0.0.1:6379/0"
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(__file__)))


@pytest.fixture
def relay(app) -> Iterator[Relay]:  # noqa: ANN001
    with Relay() as relay:
        with app.app_context():
            db.session.add(
                MailSettings(
                    id=1,
                    host="127.0.0.1",
                    port=relay.port,
                    security="none",
                    sender="negotiator@example.lg.jp",
                )
            )
            db.session.commit()
        app.config["PUBLIC_URL"] = "https://negotiator.example.lg.jp"
        yield relay


def give_addresses(app, language: dict[str, str] | None = None) -> None:  # noqa: ANN001
    """Every user gets <username>@example.lg.jp (and a language, if named)."""
    with app.app_context():
        for user in db.session.scalars(sa.select(User)):
            user.email = f"{user.username}@example.lg.jp"
            user.language = (language or {}).get(user.username, "ja")
        db.session.commit()


def wait_for(condition: Callable[[], bool], what: str, limit: float = 120) -> None:
    """Poll a condition; the limit only turns a hang into a failure, it decides nothing."""
    end = time.monotonic() + limit
    while not condition():
        if time.monotonic() > end:
            pytest.fail(f"timed out waiting for {what}")
        time.sleep(0.02)


def mail_statuses(app) -> dict[str, int]:  # noqa: ANN001
    with app.app_context():
        rows = db.session.execute(
            sa.select(OutgoingMail.status, sa.func.count()).group_by(OutgoingMail.status)
        ).all()
        db.session.rollback()
    return dict(rows)


class Consumers:
    """Real `flask jobs worker` processes against the test's database and job storage."""

    def __init__(self, app, storage: str) -> None:  # noqa: ANN001
        self.env = {
            **os.environ,
            "NEGOTIATOR_DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
            "NEGOTIATOR_SECRET_KEY": "test-secret",
            "NEGOTIATOR_MAIL_LEASE_SECONDS": "3",
            "NEGOTIATOR_MAIL_SMTP_TIMEOUT": "2",
            "NEGOTIATOR_MAIL_RETRY_BASE_SECONDS": str(app.config["MAIL_RETRY_BASE_SECONDS"]),
            "NEGOTIATOR_JOBS_NAME": app.config["JOBS_NAME"],
            "NEGOTIATOR_JOBS_SQLITE_PATH": os.path.join(app.instance_path, "jobs.sqlite3"),
            "PYTHONWARNINGS": "ignore",
            # Not about the collector (tests/test_runtime.py is): no warm-up at each start.
            "NEGOTIATOR_GC_FREEZE": "false",
        }
        self.env.pop("NEGOTIATOR_REDIS_URL", None)
        if storage == "redis":
            self.env["NEGOTIATOR_REDIS_URL"] = REDIS_URL
        self.processes: list[subprocess.Popen] = []

    def start(self) -> subprocess.Popen:
        command = [sys.executable, "-m", "flask", "--app", "negotiator", "jobs", "worker"]
        process = subprocess.Popen(
            [*command, "--workers", "1", "--max-delay", "0.1"],
            env=self.env,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self.processes.append(process)
        return process

    def kill(self, process: subprocess.Popen) -> None:
        os.kill(process.pid, signal.SIGKILL)
        process.wait()

    def stop_all(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                process.send_signal(signal.SIGINT)
                try:
                    process.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    self.kill(process)


@pytest.fixture(params=["sqlite", "redis"])
def storage(request, app) -> Iterator[str]:  # noqa: ANN001
    """The job storage: SQLite in the instance folder, or Redis under a name of this test's."""
    app.config["JOBS_NAME"] = f"negotiator-test-{uuid.uuid4().hex[:12]}"
    app.config["MAIL_RETRY_BASE_SECONDS"] = 0.2
    if request.param == "redis":
        app.config["REDIS_URL"] = REDIS_URL
    yield request.param
    if request.param == "redis":
        from negotiator.jobs import huey_for

        huey_for(app).storage.flush_all()


@pytest.fixture
def consumers(app, storage) -> Iterator[Consumers]:  # noqa: ANN001
    group = Consumers(app, storage)
    yield group
    group.stop_all()
