"""The dashboard: everything the person has to do, in every council and domain."""

from __future__ import annotations

from flask import Blueprint, render_template, request
from flask_login import current_user

from negotiator import bounds
from negotiator.auth.permissions import LOGIN, access
from negotiator.consortia import services

bp = Blueprint("dashboard", __name__)


@bp.route("/", endpoint="index")
@access(LOGIN)
def dashboard() -> str:
    """Home: the first few to-dos of each kind with their counts; `?kind=` lists one kind in
    full, a page at a time (negotiator.bounds)."""
    from negotiator.dashboard import lists, todos

    kind = request.args.get("kind")
    kind = kind if kind in todos.KINDS else None
    page = max(request.args.get("page", 1, type=int) or 1, 1)
    if kind:
        limit, offset = bounds.TODOS_PAGE, (page - 1) * bounds.TODOS_PAGE
    else:
        limit, offset = bounds.DASHBOARD_PER_KIND, 0
    examined = 0 if kind else bounds.DASHBOARD_ITEMS_EXAMINED
    shown = todos.todo_lists(current_user.id, limit, offset, only=kind, examined=examined)
    consortia = services.consortia_of(current_user)
    return render_template(
        "dashboard/dashboard.html",
        consortia=consortia,
        negotiations=lists.negotiations_of([c.id for c in consortia]),
        todos=shown,
        kind=kind,
        page=page,
        pages=max(1, -(-shown[kind].total // limit)) if kind else 1,
    )
