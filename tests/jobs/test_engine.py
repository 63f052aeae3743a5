"""The job engine: storage chosen from the settings, tasks run inside the app and commit once."""

from __future__ import annotations

import os
import uuid

import pytest
import sqlalchemy as sa
from huey import RedisHuey, SqliteHuey

from negotiator.auth.models import User
from negotiator.db import db
from negotiator.jobs import huey_for
from negotiator.jobs.engine import in_app_context
from negotiator.jobs.registry import PERIODIC, TASKS


def test_sqlite_storage_in_the_instance_folder_by_default(app):
    huey = huey_for(app)
    assert isinstance(huey, SqliteHuey)
    assert huey.storage.filename == os.path.join(app.instance_path, "jobs.sqlite3")


def test_redis_storage_when_a_redis_url_is_set(app):
    app.config["REDIS_URL"] = "redis://127.0.0.1:6379/0"
    app.config["JOBS_NAME"] = f"negotiator-test-{uuid.uuid4().hex[:12]}"
    huey = huey_for(app)
    assert isinstance(huey, RedisHuey)
    try:
        with app.app_context():
            from negotiator.jobs import enqueue

            enqueue("mail.deliver", 12345)
        assert huey.pending_count() == 1  # really in Redis, under this test's name
    finally:
        huey.storage.flush_all()


def test_every_registered_task_and_periodic_job_is_bound(app):
    # Huey names a task by its module and the name given; the registry keeps them all.
    registered = list(huey_for(app)._registry._registry)
    for name in (*TASKS, *PERIODIC):
        assert any(key.endswith("." + name) for key in registered), name
    assert "mail.sweep-every-minute" in PERIODIC and "mail.digests-hourly" in PERIODIC


def test_a_task_commits_when_it_returns_and_rolls_back_when_it_raises(app, world):
    def rename(name: str) -> None:
        user = db.session.scalar(sa.select(User).where(User.username == "observer"))
        user.display_name = name
        if name == "boom":
            raise RuntimeError(name)

    task = in_app_context(app, rename)
    task("閲覧者A")
    with pytest.raises(RuntimeError):
        task("boom")
    with app.app_context():
        user = db.session.scalar(sa.select(User).where(User.username == "observer"))
        assert user.display_name == "閲覧者A"
