"""Background jobs on Huey: SQLite storage by default, Redis when several machines share work.

Tasks and periodic tasks are declared with `task` / `periodic` at import time (the registry);
`init_app` builds one Huey instance per app from its config and wraps every task so that it runs
inside that app's context and commits (or rolls back) once.
"""

from huey import crontab

from negotiator.jobs.engine import enqueue, huey_for, init_app
from negotiator.jobs.registry import periodic, task

__all__ = ["crontab", "enqueue", "huey_for", "init_app", "periodic", "task"]
