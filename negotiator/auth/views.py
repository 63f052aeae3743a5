"""Login, logout, own password, language switch."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import (
    Blueprint,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user
from werkzeug.wrappers import Response

from negotiator.auth import idle, services
from negotiator.auth.forms import ChangePasswordForm, LoginForm
from negotiator.auth.permissions import LOGIN, PUBLIC, access
from negotiator.db import db

bp = Blueprint("auth", __name__)


def local_path(target: str | None, default: str) -> str:
    """`target` if it is a path on this site, else `default`: never send a user off to another
    host (`//host`, `/\\host`), and never put control characters into a Location header."""
    if target and target.startswith("/") and not target.startswith("//"):
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc and target.isprintable() and "\\" not in target:
            return target
    return default


def _safe_next(target: str | None) -> str:
    return local_path(target, url_for("dashboard.index"))


@bp.route("/login", methods=["GET", "POST"])
@access(PUBLIC)
def login() -> str | Response:
    if current_user.is_authenticated:
        return redirect(url_for("dashboard.index"))
    form = LoginForm()
    error = None
    if form.validate_on_submit():
        try:
            user = services.authenticate(form.username.data.strip(), form.password.data)
        except services.PasswordLocked:
            error = _(
                "ログインの失敗が続いたため、しばらくログインできません。時間をおいてください。"
            )
        else:
            if user is None:
                error = _("ユーザー名またはパスワードが正しくありません。")
            else:
                session.clear()
                login_user(user)
                db.session.commit()
                return redirect(_safe_next(request.args.get("next")))
    return render_template("auth/login.html", form=form, error=error)


@bp.route("/logout", methods=["POST"])
@access(LOGIN)
def logout() -> Response:
    services.end_sessions(current_user)
    db.session.commit()
    logout_user()
    session.clear()
    flash(_("ログアウトしました。"), "info")
    return redirect(url_for("auth.login"))


@bp.route("/account/password", methods=["GET", "POST"])
@access(LOGIN)
def change_password() -> str | Response:
    form = ChangePasswordForm()
    if form.validate_on_submit() and _current_password_ok(form):
        try:
            services.set_password(current_user, form.new_password.data)
        except services.AccountError as exc:
            form.new_password.errors.append(exc.message)
        else:
            db.session.commit()
            login_user(current_user)  # the session token changed; keep this session
            flash(_("パスワードを変更しました。"), "success")
            return redirect(url_for("dashboard.index"))
    return render_template("auth/password.html", form=form)


def _current_password_ok(form: ChangePasswordForm) -> bool:
    """The current password, checked through the shared throttle; the error goes to its field."""
    try:
        if services.verify_password(current_user, form.current_password.data, "password_change"):
            return True
        form.current_password.errors.append(_("現在のパスワードが正しくありません。"))
    except services.PasswordLocked as exc:
        form.current_password.errors.append(exc.message)
    return False


@bp.route("/session/extend", methods=["POST"])
@access(LOGIN)
def extend_session() -> Response:
    """The timeout warning's button: the session starts a new idle period (CSRF-checked)."""
    return jsonify(remaining=idle.extend(), warning=idle.warning_seconds())


@bp.route("/language", methods=["POST"])
@access(PUBLIC)
def set_language() -> Response:
    lang = request.form.get("lang", "")
    from flask import current_app

    if lang in current_app.config["LANGUAGES"]:
        session["lang"] = lang
        if current_user.is_authenticated and current_user.language != lang:
            current_user.language = lang  # mails follow the language the user reads in
            db.session.commit()
    return redirect(_safe_next(request.form.get("next")))


from negotiator.auth import token_views  # noqa: E402, F401  (routes on bp)
