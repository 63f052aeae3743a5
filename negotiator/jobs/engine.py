"""One Huey instance per app: storage from the config, registry tasks bound in the app context."""

from __future__ import annotations

import datetime as dt
import functools
import os
from collections.abc import Callable
from typing import Any

from flask import Flask, current_app
from huey import Huey, RedisHuey, SqliteHuey
from huey.api import TaskWrapper

from negotiator.jobs.registry import PERIODIC, STARTUP, TASKS


class Jobs:
    """The app's Huey instance and its bound tasks, kept in `app.extensions["jobs"]`.

    Built on first use, so that settings changed after `create_app` (a test's instance
    folder) are the ones that count.
    """

    def __init__(self, app: Flask) -> None:
        self.app = app
        self._huey: Huey | None = None
        self.tasks: dict[str, TaskWrapper] = {}

    @property
    def huey(self) -> Huey:
        if self._huey is None:
            self._huey = _bind(self.app, build_huey(self.app), self.tasks)
        return self._huey

    def enqueue(
        self, name: str, *args: Any, delay: float | None = None, eta: dt.datetime | None = None
    ) -> None:
        self.huey  # noqa: B018 - builds the instance and binds the tasks on first use
        wrapper = self.tasks[name]
        if delay is None and eta is None:
            wrapper(*args)
        else:
            if eta is not None and eta.tzinfo is not None:
                eta = eta.astimezone(dt.UTC).replace(tzinfo=None)  # Huey keeps naive UTC
            wrapper.schedule(args=args, delay=delay, eta=eta)


def build_huey(app: Flask) -> Huey:
    """Redis when NEGOTIATOR_REDIS_URL is set, else a SQLite file in the instance folder."""
    name = app.config.get("JOBS_NAME", "negotiator")
    redis_url = app.config.get("REDIS_URL")
    if redis_url:
        return RedisHuey(name, url=redis_url, results=False, utc=True)
    path = app.config.get("JOBS_SQLITE_PATH") or os.path.join(app.instance_path, "jobs.sqlite3")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    return SqliteHuey(name, filename=path, results=False, utc=True)


def in_app_context(app: Flask, func: Callable[..., Any]) -> Callable[..., Any]:
    """Run a task inside the app: commit once when it returns, roll back when it raises."""
    from negotiator.db import db

    @functools.wraps(func)
    def run(*args: Any, **kwargs: Any) -> Any:
        with app.app_context():
            try:
                result = func(*args, **kwargs)
                db.session.commit()
            except BaseException:
                db.session.rollback()
                raise
            return result

    return run


def _bind(app: Flask, huey: Huey, tasks: dict[str, TaskWrapper]) -> Huey:
    for spec in TASKS.values():
        tasks[spec.name] = huey.task(
            retries=spec.retries, retry_delay=spec.retry_delay, name=spec.name
        )(in_app_context(app, spec.func))
    for spec in PERIODIC.values():
        huey.periodic_task(spec.schedule, name=spec.name)(in_app_context(app, spec.func))
    for func in STARTUP:
        huey.on_startup()(in_app_context(app, func))
    return huey


def init_app(app: Flask) -> None:
    app.extensions["jobs"] = Jobs(app)


def huey_for(app: Flask | None = None) -> Huey:
    return (app or current_app).extensions["jobs"].huey


def enqueue(name: str, *args: Any, delay: float | None = None, eta: dt.datetime | None = None):  # noqa: ANN201
    """Queue a registered task for the app's consumers."""
    current_app.extensions["jobs"].enqueue(name, *args, delay=delay, eta=eta)
