"""Asking for a dossier: the job for the negotiation as it is now, audited when it is new."""

from __future__ import annotations

import json

from flask import current_app

from negotiator.audit import services as audit
from negotiator.auth.models import User
from negotiator.dossier import contents
from negotiator.dossier.renders import KIND, too_large
from negotiator.errors import FieldError
from negotiator.message import say
from negotiator.negotiation.models import Negotiation
from negotiator.renders import services
from negotiator.renders.models import RenderJob, RenderState


def limit() -> int:
    return int(current_app.config["DOSSIER_MAX_BYTES"])


def request_dossier(negotiation: Negotiation, user: User) -> RenderJob:
    """The job that made (or is making) the dossier of the negotiation as it is now; a new one,
    recorded in the audit log, when something changed since or the last attempt failed."""
    source = contents.gather(negotiation)
    if contents.known_size(source) > limit():
        raise FieldError(too_large(contents.known_size(source), limit()))
    content_hash = contents.content_hash(source)
    found = services.find(KIND, negotiation.id, content_hash)
    job = services.request(
        KIND,
        negotiation.id,
        content_hash,
        user_id=user.id,
        filename=f"dossier-{negotiation.id}.zip",
        source=json.dumps(source, ensure_ascii=False),
    )
    if found is None or found.state == RenderState.FAILED:
        audit.record(
            "dossier.request",
            negotiation,
            say("記録一式(%(title)s)の作成を依頼", title=negotiation.title),
            after={"content_hash": content_hash},
            consortium_id=negotiation.consortium_id,
        )
    return job
