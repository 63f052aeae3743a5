"""The dossier as a render job: asked for by the facilitator, built by the job consumer with
its steps shown on the status page, kept by content hash (negotiator.renders)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
from typing import Any

from flask import abort, current_app, url_for
from flask_babel import gettext as _

from negotiator.agreements.models import Agreement
from negotiator.auth.permissions import can_facilitate, can_view_consortium, require
from negotiator.db import db
from negotiator.dossier import archive, contributors
from negotiator.dossier.record import at
from negotiator.errors import FieldError
from negotiator.meetings import pdf as minutes_pdf
from negotiator.message import N_
from negotiator.negotiation.models import Negotiation
from negotiator.pdf import MissingGlyphError, render_pdf
from negotiator.renders import kinds, services
from negotiator.renders.models import RenderJob, RenderState

KIND = "negotiation.dossier"
STEPS = (
    N_("協議事項の記録を作成しています"),
    N_("議事録を作成しています"),
    N_("協定書と監査記録をまとめています"),
    N_("ZIPファイルにまとめています"),
)
TOO_LARGE = N_("記録一式が大きすぎます(%(size)s MB、上限 %(limit)s MB)。")
CHANGED = N_("作成中に保存済みのファイルが変わりました。もう一度作成してください。")


def readable(negotiation_id: int) -> Negotiation:
    """The negotiation, for its council's facilitator only: 404 for anyone outside the council
    (an administrator too: they run the installation, not the council), 403 inside it."""
    negotiation = db.get_or_404(Negotiation, negotiation_id)
    if not can_view_consortium(negotiation.consortium_id):
        abort(404)
    require(can_facilitate(negotiation.consortium_id))
    return negotiation


def too_large(size: int, most: int) -> str:
    mb = lambda n: f"{n / 1_000_000:,.1f}"  # noqa: E731
    return _(TOO_LARGE, size=mb(size), limit=mb(most))


@dataclasses.dataclass(frozen=True)
class Loaded:
    source: dict[str, Any]
    stored: list[bytes]  # the bytes of source["stored"], in its order
    minutes: list[bytes | None]  # a minutes PDF kept already for the same HTML, if any
    made: archive.Made
    when: dt.datetime  # asked for, in Japan time: the ZIP entries' time
    limit: int


def load(job: RenderJob) -> Loaded:
    """In the transaction: the source, the stored files' bytes (checked), who asked and when."""
    source = json.loads(job.source or "{}")
    who = job.requested_by
    return Loaded(
        source=source,
        stored=_stored_bytes(source),
        minutes=[_kept_minutes(m) for m in source["minutes"]],
        made=archive.Made(
            consortium=source["consortium"],
            negotiation=source["negotiation"],
            negotiation_id=source["negotiation_id"],
            made_at=at(job.requested_at),
            made_by=f"{who.display_name}({who.username})" if who else "システム",
            content_hash=job.content_hash,
        ),
        when=_japan(job.requested_at),
        limit=int(current_app.config["DOSSIER_MAX_BYTES"]),
    )


def _japan(moment: dt.datetime) -> dt.datetime:
    aware = moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)
    return aware.astimezone(dt.timezone(dt.timedelta(hours=9)))


def _stored_bytes(source: dict[str, Any]) -> list[bytes]:
    negotiation = db.session.get(Negotiation, source["negotiation_id"])
    extra = {
        hashlib.sha256(data).hexdigest(): data
        for contribute in contributors.EXTRA_FILES
        for _path, data in contribute(negotiation)
    }
    out = []
    for part in source["stored"]:
        if "agreement_id" in part:
            agreement = db.session.get(Agreement, part["agreement_id"])
            data = getattr(agreement, part["column"]) if agreement else None
        else:
            data = extra.get(part["sha256"])
        if data is None or hashlib.sha256(data).hexdigest() != part["sha256"]:
            raise FieldError(_(CHANGED))
        out.append(data)
    return out


def _kept_minutes(part: dict[str, Any]) -> bytes | None:
    """The minutes PDF the meeting's page made from the very same HTML, if it is kept."""
    job = services.find(minutes_pdf.KIND, part["meeting_id"], services.digest(part["html"]))
    if job is None or job.state != RenderState.DONE:
        return None
    return job.result


def _pdf(html: str) -> bytes:
    try:
        return render_pdf(html, identifier=hashlib.sha256(html.encode()).hexdigest()[:32].encode())
    except MissingGlyphError as exc:
        chars = " ".join(exc.characters)
        raise FieldError(_("印刷できない文字があります: %(chars)s", chars=chars)) from exc


def make(data: Loaded, step: kinds.Progress) -> bytes:
    """Outside any transaction: render the PDFs, then the ZIP with its 目録 first."""
    source = data.source
    step(STEPS[0])
    files = [(p["path"], _pdf(p["html"])) for p in source["items"]]
    step(STEPS[1])
    files += [
        (m["path"], kept or minutes_pdf.pdf_from_html(m["html"]))
        for m, kept in zip(source["minutes"], data.minutes, strict=True)
    ]
    step(STEPS[2])
    files += [(s["path"], b) for s, b in zip(source["stored"], data.stored, strict=True)]
    files += [(t["path"], (archive.BOM + t["text"]).encode()) for t in source["texts"]]
    step(STEPS[3])
    files.sort(key=lambda f: f[0])
    files.insert(0, (archive.README, archive.readme(data.made, files).encode()))
    size = sum(len(b) for _p, b in files)
    if size > data.limit:
        raise FieldError(too_large(size, data.limit))
    return archive.zip_bytes(files, data.when)


kinds.register(
    kinds.RenderKind(
        name=KIND,
        readable=readable,
        back=lambda negotiation_id: url_for("negotiation.overview", negotiation_id=negotiation_id),
        load=load,
        make=make,
        progress=STEPS[0],
        title=N_("記録一式の作成"),
        mimetype="application/zip",
        steps=STEPS,
    )
)
