"""The notification list, marking read, preferences, and following items."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from negotiator.auth.permissions import LOGIN, access, can_view_consortium, require
from negotiator.db import db
from negotiator.forms import AppForm
from negotiator.negotiation.models import AgendaItem
from negotiator.notifications import services
from negotiator.notifications.forms import preferences_form
from negotiator.notifications.messages import headline_html
from negotiator.notifications.models import Kind, Mode, Notification

bp = Blueprint("notifications", __name__, url_prefix="/notifications")
PAGE = 100


@bp.route("/")
@access(LOGIN)
def index() -> str:
    rows = db.session.scalars(
        sa.select(Notification)
        .where(Notification.user_id == current_user.id)
        .order_by(Notification.id.desc())
        .limit(PAGE)
    ).all()
    entries = [(n, headline_html(n.kind, n.params)) for n in rows]
    return render_template("notifications/index.html", entries=entries, form=AppForm())


@bp.route("/<int:notification_id>/open", methods=["POST"])
@access(LOGIN)
def open_one(notification_id: int) -> Response:
    """Mark read and go to the page it is about."""
    note = db.get_or_404(Notification, notification_id)
    if note.user_id != current_user.id:
        abort(404)
    services.mark_read(current_user, note.id)
    db.session.commit()
    return redirect(note.path)


@bp.route("/read", methods=["POST"])
@access(LOGIN)
def read_all() -> Response:
    if AppForm().validate_on_submit():
        services.mark_read(current_user)
        db.session.commit()
        flash(_("すべて既読にしました。"), "success")
    return redirect(url_for("notifications.index"))


@bp.route("/preferences", methods=["GET", "POST"])
@access(LOGIN)
def preferences() -> str | Response:
    current = services.preferences(current_user)
    formdata = request.form if request.method == "POST" else None
    form = preferences_form(current, current_user.digest_hour, formdata)
    if request.method == "POST" and form.validate():
        modes = {kind: Mode(form.modes[kind.value].data) for kind in Kind}
        services.save_preferences(current_user, modes, form.digest_hour.data)
        db.session.commit()
        flash(_("通知の設定を保存しました。"), "success")
        return redirect(url_for("notifications.preferences"))
    return render_template("notifications/preferences.html", form=form)


@bp.route("/items/<int:item_id>/follow", methods=["POST"])
@access(LOGIN)
def follow(item_id: int) -> Response:
    item = db.get_or_404(AgendaItem, item_id)
    require(can_view_consortium(item.negotiation.consortium_id))
    if AppForm().validate_on_submit():
        if request.form.get("follow") == "0":
            services.unfollow(current_user, item.id)
            flash(_("この協議事項のフォローをやめました。"), "success")
        else:
            services.follow(current_user, item.id)
            flash(_("この協議事項をフォローしました。意見が登録されると通知します。"), "success")
        db.session.commit()
    return redirect(url_for("negotiation.item", item_id=item.id))
