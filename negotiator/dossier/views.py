"""Asking for the negotiation's dossier: the facilitator's button on the negotiation page
(its CSRF token is checked for every POST by flask_wtf's CSRFProtect)."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from negotiator.auth.permissions import LOGIN, access
from negotiator.db import db
from negotiator.dossier import services
from negotiator.dossier.renders import readable
from negotiator.errors import FieldError

bp = Blueprint("dossier", __name__)


@bp.route("/negotiations/<int:negotiation_id>/dossier", methods=["POST"])
@access(LOGIN)
def build(negotiation_id: int) -> Response:
    """Start (or find) the dossier's job and show its progress, then its download link."""
    negotiation = readable(negotiation_id)
    try:
        job = services.request_dossier(negotiation, current_user)
    except FieldError as exc:
        db.session.rollback()
        flash(exc.message, "error")
        return redirect(url_for("negotiation.overview", negotiation_id=negotiation.id))
    db.session.commit()
    return redirect(url_for("renders.show", job_id=job.id))
