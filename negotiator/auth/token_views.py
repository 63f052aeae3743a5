"""Personal access tokens: the user's own page, and the administrators' list of all of them."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response

from negotiator.auth import tokens
from negotiator.auth.forms import TokenForm
from negotiator.auth.permissions import ADMIN, LOGIN, access, require
from negotiator.auth.views import bp
from negotiator.db import db


@bp.route("/account/tokens", methods=["GET", "POST"])
@access(LOGIN)
def tokens_page() -> str:
    form = TokenForm()
    secret = None
    if form.validate_on_submit():
        token, secret = tokens.create(
            current_user, form.name.data.strip(), form.scope.data, int(form.days.data)
        )
        db.session.commit()
        form = TokenForm(formdata=None)
    return render_template(
        "auth/tokens.html", form=form, secret=secret, tokens=tokens.own_tokens(current_user)
    )


@bp.route("/tokens/<int:token_id>/revoke", methods=["POST"])
@access(LOGIN)
def token_revoke(token_id: int) -> Response:
    token = db.get_or_404(tokens.ApiToken, token_id)
    require(token.user_id == current_user.id or current_user.is_admin)
    if FlaskForm().validate_on_submit():
        tokens.revoke(token)
        db.session.commit()
        flash(_("トークンを無効にしました。"), "success")
    mine = token.user_id == current_user.id
    return redirect(url_for("auth.tokens_page" if mine else "auth.tokens_admin"))


@bp.route("/admin/tokens")
@access(ADMIN)
def tokens_admin() -> str:
    return render_template("auth/tokens_admin.html", tokens=tokens.active_tokens())
