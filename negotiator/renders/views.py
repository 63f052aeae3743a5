"""A render's page (progress, then the download link) and its file, for whoever may see its
subject (the agreement, the meeting): the subject's own rule answers 404 or 403."""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from werkzeug.wrappers import Response

from negotiator.auth.permissions import LOGIN, access
from negotiator.db import db
from negotiator.renders import kinds
from negotiator.renders.models import RenderJob, RenderState

bp = Blueprint("renders", __name__)


def _readable(job_id: int) -> tuple[RenderJob, kinds.RenderKind]:
    job = db.get_or_404(RenderJob, job_id)
    spec = kinds.get(job.kind)
    spec.readable(job.subject_id)
    return job, spec


@bp.route("/renders/<int:job_id>")
@access(LOGIN)
def show(job_id: int) -> Response:
    job, spec = _readable(job_id)
    # A poll asked to reload the page keeps asking so after each swap (the status it swaps in
    # comes from this page): the page reloads whichever poll sees the job finished.
    reload = 1 if request.args.get("reload") else None
    page = render_template(
        "renders/show.html", job=job, spec=spec, back=spec.back(job.subject_id), reload=reload
    )
    response = make_response(page)
    # The agreement page polls this for its signing original: once it is there (or failed),
    # the whole page reloads to show what can be done now.
    if request.headers.get("HX-Request") and request.args.get("reload") and job.finished:
        response.headers["HX-Refresh"] = "true"
    return response


@bp.route("/renders/<int:job_id>/file")
@access(LOGIN)
def file(job_id: int) -> Response:
    job, _spec = _readable(job_id)
    if job.state != RenderState.DONE or job.result is None:
        abort(404)
    return download(job)


def download(job: RenderJob) -> Response:
    return Response(
        job.result,
        mimetype=kinds.get(job.kind).mimetype,
        headers={"Content-Disposition": f'attachment; filename="{job.filename}"'},
    )


def deliver(job: RenderJob, back: str) -> Response:
    """Answer a download request: the kept file when this content was made already, else the
    page that shows the render's progress and then the link. Commits (which queues the job for
    the consumers): a web worker never renders, it only sends kept bytes."""
    db.session.commit()
    if job.state == RenderState.DONE:
        return download(job)
    if job.state == RenderState.FAILED:
        flash(job.error, "error")
        return redirect(back)
    return redirect(url_for("renders.show", job_id=job.id))
