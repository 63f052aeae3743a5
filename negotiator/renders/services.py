"""Asking for a render (idempotent by content hash), running it, and the after-commit queue."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _
from flask_sqlalchemy.session import Session
from sqlalchemy.exc import IntegrityError

from negotiator.db import db, utcnow
from negotiator.errors import FieldError
from negotiator.jobs.registry import task
from negotiator.negotiation.rules import N_
from negotiator.renders import kinds
from negotiator.renders.models import RenderJob, RenderState

log = logging.getLogger(__name__)
QUEUE_KEY = "negotiator.renders"
KEEP = 3  # finished renders kept per kind and subject (the newest); older ones are deleted
WAITING = N_("順番を待っています")


def digest(*parts: str) -> str:
    """The content hash of a render's inputs."""
    h = hashlib.sha256()
    for part in parts:
        h.update(part.encode())
        h.update(b"\0")
    return h.hexdigest()


def find(kind: str, subject_id: int, content_hash: str) -> RenderJob | None:
    return db.session.scalar(
        sa.select(RenderJob).where(
            RenderJob.kind == kind,
            RenderJob.subject_id == subject_id,
            RenderJob.content_hash == content_hash,
        )
    )


def latest(kind: str, subject_id: int) -> RenderJob | None:
    return db.session.scalars(
        sa.select(RenderJob)
        .where(RenderJob.kind == kind, RenderJob.subject_id == subject_id)
        .order_by(RenderJob.requested_at.desc(), RenderJob.id.desc())
    ).first()


def request(
    kind: str,
    subject_id: int,
    content_hash: str,
    *,
    user_id: int | None,
    filename: str = "document.pdf",
    source: str | None = None,
    attachment: str | None = None,
) -> RenderJob:
    """The job for this content: the existing one (done, or on its way), a failed one asked
    again, or a new one. Queued for the consumers once the caller's transaction commits."""
    job = find(kind, subject_id, content_hash)
    if job is None:
        job = RenderJob(kind=kind, subject_id=subject_id, content_hash=content_hash)
        job.source, job.attachment, job.filename = source, attachment, filename
        job.requested_by_id, job.progress = user_id, WAITING
        try:
            with db.session.begin_nested():
                db.session.add(job)
        except IntegrityError:  # asked at the same moment by someone else: theirs is ours
            job = find(kind, subject_id, content_hash)
            assert job is not None
            return job
        _prune(kind, subject_id)
    elif job.state == RenderState.FAILED:
        job.state, job.error, job.progress = RenderState.QUEUED.value, "", WAITING
        job.requested_at, job.requested_by_id = utcnow(), user_id
        job.started_at = job.finished_at = None
    else:
        return job
    db.session.flush()
    db.session.info.setdefault(QUEUE_KEY, []).append(job.id)
    return job


def request_values(
    kind: str, subject_id: int, shown: dict, *, user_id: int | None, filename: str
) -> RenderJob:
    """The job for a file made of plain values (an Excel file, kinds.workbook), by their hash."""
    source = json.dumps(shown, ensure_ascii=False)
    return request(
        kind, subject_id, digest(source), user_id=user_id, filename=filename, source=source
    )


def _prune(kind: str, subject_id: int) -> None:
    old = db.session.scalars(
        sa.select(RenderJob.id)
        .where(
            RenderJob.kind == kind,
            RenderJob.subject_id == subject_id,
            RenderJob.state.in_([RenderState.DONE.value, RenderState.FAILED.value]),
        )
        .order_by(RenderJob.requested_at.desc(), RenderJob.id.desc())
        .offset(KEEP)
    ).all()
    if old:
        db.session.execute(sa.delete(RenderJob).where(RenderJob.id.in_(old)))


def render_now(job: RenderJob) -> None:
    """Render in the caller's transaction: for the demo's seed (a command, no web request);
    a web request only asks for a render and the job consumer makes it."""
    spec = kinds.get(job.kind)
    try:
        output = spec.make(spec.load(job), lambda _text: None)
        _finish(job, spec, output)
    except Exception as exc:  # noqa: BLE001 - recorded on the job and shown, never a 500
        _record_failure(job, spec, exc)
    unqueue(job)


def unqueue(job: RenderJob) -> None:
    """Not for the consumers after all: it is made in this process."""
    queued = db.session.info.get(QUEUE_KEY, [])
    if job.id in queued:
        queued.remove(job.id)


def _finish(job: RenderJob, spec: kinds.RenderKind, output: bytes) -> None:
    if spec.store is not None:
        spec.store(job, output)
    else:
        job.result, job.result_sha256 = output, hashlib.sha256(output).hexdigest()
    job.state, job.progress, job.finished_at = RenderState.DONE.value, "", utcnow()
    db.session.flush()


def _record_failure(job: RenderJob, spec: kinds.RenderKind, exc: Exception) -> None:
    if isinstance(exc, FieldError):
        message = str(exc.message)
    else:
        log.exception("render %s (%s) failed", job.id, job.kind)
        message = _("作成できませんでした: %(error)s", error=str(exc) or type(exc).__name__)
    job.state, job.error, job.progress = RenderState.FAILED.value, message, ""
    job.finished_at = utcnow()
    if spec.failed is not None:
        spec.failed(job)
    db.session.flush()


@task("renders.run")
def run(job_id: int) -> None:
    """The consumer's side: read in one short transaction, render with none open, keep."""
    # Claimed in one statement: of two consumers handed the same job, one runs it.
    claimed = db.session.execute(
        sa.update(RenderJob)
        .where(RenderJob.id == job_id, RenderJob.state == RenderState.QUEUED.value)
        .values(state=RenderState.RUNNING.value, started_at=utcnow())
    )
    if claimed.rowcount != 1:
        return  # done already, or another consumer has it
    job = db.session.get(RenderJob, job_id)
    spec = kinds.get(job.kind)
    job.progress = spec.progress
    try:
        data = spec.load(job)
    except Exception as exc:  # noqa: BLE001 - recorded on the job and shown
        _record_failure(job, spec, exc)
        return
    db.session.commit()
    try:
        output = spec.make(data, lambda text: _report(job_id, text))
        job = db.session.get(RenderJob, job_id)
        _finish(job, spec, output)
    except Exception as exc:  # noqa: BLE001 - recorded on the job and shown
        db.session.rollback()
        _record_failure(db.session.get(RenderJob, job_id), spec, exc)


def _report(job_id: int, text: str) -> None:
    db.session.execute(sa.update(RenderJob).where(RenderJob.id == job_id).values(progress=text))
    db.session.commit()


def sweep(now: dt.datetime | None = None) -> int:
    """Queue again what the queue lost: jobs still queued after a minute, and jobs whose consumer
    died while running (a render takes seconds; ten minutes means nobody is on it)."""
    now = now or utcnow()
    stale = now - dt.timedelta(minutes=10)
    db.session.execute(
        sa.update(RenderJob)
        .where(RenderJob.state == RenderState.RUNNING.value, RenderJob.started_at < stale)
        .values(state=RenderState.QUEUED.value, progress=WAITING)
    )
    ids = db.session.scalars(
        sa.select(RenderJob.id).where(
            RenderJob.state == RenderState.QUEUED.value,
            RenderJob.requested_at < now - dt.timedelta(minutes=1),
        )
    ).all()
    db.session.info.setdefault(QUEUE_KEY, []).extend(ids)
    return len(ids)


def _after_commit(session: Session) -> None:
    if session.in_nested_transaction():
        return  # a savepoint (see request): the jobs go when the whole transaction commits
    job_ids = session.info.pop(QUEUE_KEY, None)
    if not job_ids:
        return
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    from negotiator.jobs import enqueue
    from negotiator.jobs.engine import in_app_context

    for job_id in job_ids:
        if app.config.get("RENDER_JOBS_INLINE"):
            # Tests and one-process set-ups: the same task, run here in a session of its own.
            in_app_context(app, run)(job_id)
            continue
        try:
            enqueue("renders.run", job_id)
        except Exception:  # noqa: BLE001 - the row is safe; the periodic sweep queues it
            log.exception("could not queue render %s; the periodic sweep will", job_id)


def _after_soft_rollback(session: Session, previous: sa.orm.SessionTransaction) -> None:
    # Only the whole transaction's rollback drops the queue, not a savepoint's (see request).
    if previous.parent is None:
        session.info.pop(QUEUE_KEY, None)


_installed = False


def install() -> None:
    global _installed
    if not _installed:
        sa.event.listen(Session, "after_commit", _after_commit)
        sa.event.listen(Session, "after_soft_rollback", _after_soft_rollback)
        _installed = True
