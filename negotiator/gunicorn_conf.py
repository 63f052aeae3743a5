"""gunicorn settings (`make serve-gunicorn`: `gunicorn --config python:negotiator.gunicorn_conf`).

Each worker builds its own app (no `preload_app`), then warms it up and freezes the collector in
`post_worker_init`, which gunicorn calls once the worker has loaded the app and before it takes
a request (negotiator.runtime). Preloading in the master and freezing before the fork would also
share the pages between workers, but every worker would inherit the master's database and job
storage connections and lose `--reload`; one freeze per worker costs about a second at start-up.
"""

from __future__ import annotations

from typing import Any


def post_worker_init(worker: Any) -> None:  # noqa: ANN401 - gunicorn's Worker
    from flask import Flask

    from negotiator.runtime import freeze_after_startup

    app = worker.wsgi
    if not isinstance(app, Flask):  # an app wrapped in middleware: nothing to warm up
        worker.log.warning("not a Flask app (%r): collector left as it is", app)
        return
    worker.log.info("%s", freeze_after_startup(app).describe())
