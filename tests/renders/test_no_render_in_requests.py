"""No web request renders a document (issue 18): a web worker only sends kept bytes.

Every route of the authorization matrix is asked for by the roles that reach its documents, with
renders queued for a consumer as in production. WeasyPrint (every PDF) and openpyxl (every
workbook) are watched, not replaced: a render inside a request fails the test. What the requests
asked for is then made as the consumer makes it, and each kind of document is among it, so the
watch is shown to see renders and every download route to have asked for one.
"""

from __future__ import annotations

import openpyxl
import sqlalchemy as sa
import weasyprint
from flask import has_request_context

from negotiator.db import db
from negotiator.renders.models import RenderJob
from tests.auth.test_authorization_matrix import Signed, all_routes
from tests.renders.helpers import queued, run

# Every kind a download route asks for (the signing original comes from sending, a POST with
# a form, and the dossier from the facilitator's POST with its choices: tested on their own).
DOWNLOADS = {
    "agreement.pdf",
    "minutes.pdf",
    "board.xlsx",
    "cost_comparison.xlsx",
    "cost_table.xlsx",
}
ROLES = ("facilitator", "signatory", "observer")


def _watch(monkeypatch, cls: type, method: str, seen: list[tuple[str, bool]]) -> None:  # noqa: ANN001
    real = getattr(cls, method)

    def watched(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        seen.append((cls.__name__, has_request_context()))
        return real(*args, **kwargs)

    monkeypatch.setattr(cls, method, watched)


def test_no_request_renders_a_document(app, world, monkeypatch):  # noqa: ANN001
    routes = all_routes(app, world)  # its set-up may render (as the demo's seed does)
    with app.app_context():
        before = set(db.session.scalars(sa.select(RenderJob.id)))
    queued(app)
    seen: list[tuple[str, bool]] = []
    _watch(monkeypatch, weasyprint.HTML, "write_pdf", seen)
    _watch(monkeypatch, openpyxl.Workbook, "save", seen)
    for role in ROLES:
        signed = Signed(app, role)
        for endpoint, cases in routes.items():
            for method, url, _expected in cases:
                signed.client().open(url, method=method, data={})
                signed.ended(endpoint)
    assert [name for name, in_request in seen if in_request] == []
    with app.app_context():
        asked = db.session.execute(
            sa.select(RenderJob.id, RenderJob.kind).where(RenderJob.id.not_in(before))
        ).all()
    assert {kind for _id, kind in asked} >= DOWNLOADS
    for job_id, _kind in asked:
        run(app, job_id)
    assert {"HTML", "Workbook"} <= {name for name, in_request in seen if not in_request}
    with app.app_context():
        states = db.session.scalars(sa.select(RenderJob.state).where(RenderJob.id.not_in(before)))
        assert set(states) == {"done"}
