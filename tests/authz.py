"""Roles and expected outcomes for the authorization matrix (tests/auth/...matrix.py).

Each domain declares its routes in `tests/<domain>/matrix_routes.py` with a function
`routes(app, world) -> {endpoint: [(method, url, {role: outcome})]}`; the matrix finds them all.
Outcomes: "ok" (allowed: any status below 400), "login" (sent to log in), "403", "404".
"""

from __future__ import annotations

ROLES = (
    "anonymous",
    "observer",
    "liaison",
    "other_liaison",
    "facilitator",
    "signatory",
    "admin",
    "outsider",
)
CONSORTIUM_READERS = {"observer", "liaison", "other_liaison", "facilitator", "signatory"}

ANYONE = {role: "ok" for role in ROLES}
LOGGED_IN = {"anonymous": "login"} | {role: "ok" for role in ROLES[1:]}
ADMIN_ONLY = {"anonymous": "login"} | {r: "403" for r in ROLES[1:]} | {"admin": "ok"}


def _only(*allowed: str) -> dict[str, str]:
    """Logged-in roles in `allowed` get in; other logged-in users get 403."""
    return {"anonymous": "login"} | {r: ("ok" if r in allowed else "403") for r in ROLES[1:]}


CONSORTIUM = _only(*CONSORTIUM_READERS)
FACILITATOR = _only("facilitator")
PROPOSERS = _only("facilitator", "liaison", "other_liaison")
FOR_MEMBER_0 = _only("facilitator", "liaison")
# A member's own notes (内部メモ): its liaison and signatory; for everyone else they do not exist.
MEMBER_0_OWN = (
    {"anonymous": "login"} | {r: "404" for r in ROLES[1:]} | {"liaison": "ok", "signatory": "ok"}
)
