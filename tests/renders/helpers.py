"""Render jobs in tests: the queue path (not run at commit), and running what is queued."""

from __future__ import annotations

import sqlalchemy as sa

from negotiator.db import db
from negotiator.jobs.engine import in_app_context
from negotiator.renders import services
from negotiator.renders.models import RenderJob


def queued(app) -> None:  # noqa: ANN001
    """Commits queue render jobs for a consumer instead of running them at once."""
    app.config["RENDER_JOBS_INLINE"] = False


def job(app, job_id: int) -> RenderJob:  # noqa: ANN001
    with app.app_context():
        row = db.session.get(RenderJob, job_id)
        db.session.expunge(row)
        return row


def only_job(app, kind: str) -> RenderJob:  # noqa: ANN001
    with app.app_context():
        rows = db.session.scalars(sa.select(RenderJob).where(RenderJob.kind == kind)).all()
        assert len(rows) == 1, rows
        db.session.expunge(rows[0])
        return rows[0]


def run(app, job_id: int) -> None:  # noqa: ANN001
    """What the consumer does with a queued job, in this process (the engine's own wrapper)."""
    in_app_context(app, services.run)(job_id)
