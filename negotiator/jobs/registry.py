"""What runs in the background: named tasks and periodic tasks, declared at import time.

The registry holds plain functions; the engine binds them to a Huey instance per app, so that
tests can build apps with different storages side by side.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any


@dataclasses.dataclass(frozen=True)
class TaskSpec:
    name: str
    func: Callable[..., Any]
    retries: int = 0
    retry_delay: int = 0


@dataclasses.dataclass(frozen=True)
class PeriodicSpec:
    name: str
    func: Callable[[], Any]
    schedule: Callable[[Any], bool]  # a huey.crontab(...) validator


TASKS: dict[str, TaskSpec] = {}
PERIODIC: dict[str, PeriodicSpec] = {}
STARTUP: list[Callable[[], Any]] = []


def task(name: str, *, retries: int = 0, retry_delay: int = 0) -> Callable:
    """Declare a background task; enqueue it later with `jobs.enqueue(name, *args)`."""

    def register(func: Callable[..., Any]) -> Callable[..., Any]:
        TASKS[name] = TaskSpec(name, func, retries, retry_delay)
        return func

    return register


def periodic(name: str, schedule: Callable[[Any], bool]) -> Callable:
    """Declare a task the consumer runs on a schedule, e.g. `periodic("x", crontab(minute="*"))`.

    The function takes no argument and runs inside the app context; its session is committed.
    """

    def register(func: Callable[[], Any]) -> Callable[[], Any]:
        PERIODIC[name] = PeriodicSpec(name, func, schedule)
        return func

    return register


def on_startup(func: Callable[[], Any]) -> Callable[[], Any]:
    """Run `func` (in the app context) when each consumer worker starts."""
    STARTUP.append(func)
    return func
