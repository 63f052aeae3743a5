"""The API's blueprint with all its routes, the OpenAPI document and its documentation page."""

from __future__ import annotations

from flask import Blueprint, Response, current_app, json, render_template

from negotiator.api import (  # noqa: F401  (routes on bp)
    council_reads,
    council_writes,
    own_reads,
    reads,
    writes,
)
from negotiator.api.core import bp, public
from negotiator.api.spec import document
from negotiator.auth.permissions import PUBLIC, access

# The documentation is a page of the site (its header knows who is logged in); the API's own
# blueprint ignores the session.
docs_bp = Blueprint("api_docs", __name__)


@bp.get("/openapi.json")
@public
def openapi() -> Response:
    body = json.dumps(document(current_app), ensure_ascii=False)
    return Response(body, mimetype="application/json")


@docs_bp.get("/api/docs")
@access(PUBLIC)
def docs() -> str:
    """The document as a page: rendered here, no script, so it works offline under the CSP."""
    spec = document(current_app)
    return render_template("api/docs.html", spec=spec, operations=_operations(spec))


def _operations(spec: dict) -> list[tuple[str, str, dict]]:
    return [
        (method.upper(), path, operation)
        for path, item in spec["paths"].items()
        for method, operation in item.items()
    ]
