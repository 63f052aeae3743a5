"""The accessibility statement (アクセシビリティ方針), linked from every page's footer."""

from __future__ import annotations

from flask import Blueprint, current_app, render_template

from negotiator.auth.permissions import PUBLIC, access

bp = Blueprint("about", __name__)


@bp.route("/accessibility")
@access(PUBLIC)
def accessibility() -> str:
    """Public: a user may need it before being able to log in."""
    config = current_app.config
    return render_template(
        "about/accessibility.html",
        contact=config.get("ACCESSIBILITY_CONTACT"),
        idle_minutes=int(config["IDLE_TIMEOUT"].total_seconds() // 60),
        warning_minutes=int(config["IDLE_WARNING"].total_seconds() // 60),
    )
