"""Authorization expectations for the dossier: the council's facilitator only; for anyone
outside the council (another council's people, the site administrator) it does not exist."""

from __future__ import annotations

from tests.authz import ROLES

FACILITATOR_ELSE_404 = (
    {"anonymous": "login"}
    | {r: "403" for r in ROLES[1:]}
    | {"facilitator": "ok", "outsider": "404", "admin": "404"}
)


def routes(app, world) -> dict:  # noqa: ANN001, ARG001
    n = world.negotiation_id
    return {"dossier.build": [("POST", f"/negotiations/{n}/dossier", FACILITATOR_ELSE_404)]}
