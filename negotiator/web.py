"""Blueprints, security headers, error pages and template helpers."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from zoneinfo import ZoneInfo

from flask import Flask, g, render_template, request
from flask.sessions import SecureCookieSessionInterface, SessionMixin
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import user_logged_in
from flask_wtf.csrf import CSRFError, generate_csrf
from werkzeug.exceptions import HTTPException
from werkzeug.routing import IntegerConverter
from werkzeug.wrappers import Response

from negotiator import clock, conflicts, static_files, uploads
from negotiator.agreements.era import era_of
from negotiator.agreements.title_lines import title_phrases
from negotiator.api import problems as api_problems
from negotiator.audit.display import audit_actor, audit_summary
from negotiator.auth import idle
from negotiator.db import MAX_ID, db
from negotiator.extensions import csrf
from negotiator.forms import error_entries, field_parts, is_group
from negotiator.i18n import ja, message_html, message_text, reason_html
from negotiator.negotiation.badges import stance_badge, state_badge
from negotiator.negotiation.markdown import render_markdown

API_PREFIX = "/api/v1/"
JST = ZoneInfo("Asia/Tokyo")
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; "
    "object-src 'none'; frame-ancestors 'none'"
)


class IdConverter(IntegerConverter):
    """`<int:…>` in URLs only matches numbers the database's integer columns hold; a larger
    one is a 404 like any other missing id, not a database overflow."""

    def __init__(self, map, fixed_digits: int = 0, min=None, max=MAX_ID, signed=False):  # noqa: A002, ANN001
        super().__init__(map, fixed_digits, min, max, signed)


def init_app(app: Flask) -> None:
    from negotiator.about.views import bp as about_bp
    from negotiator.admin.views import bp as admin_bp
    from negotiator.agreements.views import bp as agreements_bp
    from negotiator.api.views import bp as api_bp
    from negotiator.api.views import docs_bp as api_docs_bp
    from negotiator.auth.views import bp as auth_bp
    from negotiator.consortia.views import bp as consortia_bp
    from negotiator.costs.views import bp as costs_bp
    from negotiator.dashboard.views import bp as dashboard_bp
    from negotiator.documents.views import bp as documents_bp
    from negotiator.dossier.views import bp as dossier_bp
    from negotiator.meetings.views import bp as meetings_bp
    from negotiator.negotiation import export_views  # noqa: F401 - its route on negotiation_bp
    from negotiator.negotiation.views import bp as negotiation_bp
    from negotiator.notifications.admin_views import bp as mail_admin_bp
    from negotiator.notifications.views import bp as notifications_bp
    from negotiator.renders.views import bp as renders_bp
    from negotiator.search.views import bp as search_bp

    app.url_map.converters["int"] = IdConverter  # before any route is added
    blueprints = (auth_bp, consortia_bp, negotiation_bp, meetings_bp, agreements_bp, admin_bp)
    others = (costs_bp, notifications_bp, mail_admin_bp, renders_bp, dashboard_bp, search_bp)
    others += (about_bp, dossier_bp, documents_bp)
    for bp in (*blueprints, *others, api_bp, api_docs_bp):
        app.register_blueprint(bp)
    # The API authenticates by token only, never by the session cookie that CSRF guards.
    csrf.exempt(api_bp)
    app.session_interface = KeepSessionOnRefusal()
    user_logged_in.connect(_mark_seen, app)
    uploads.init_app(app)
    static_files.init_app(app)
    app.before_request(_end_idle_session)
    app.after_request(_security_headers)
    app.register_error_handler(CSRFError, _csrf_error)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(Exception, _server_error)
    # Before Exception's handler is looked up: the more specific wins.
    conflicts.init_app(app, _server_error)
    app.add_template_filter(to_japan_time, "jst")
    app.add_template_filter(japan_date_time, "jst_long")
    app.add_template_filter(era_of, "era")
    app.add_template_filter(format_number, "num")
    app.add_template_filter(reason_html, "reason_text")
    app.add_template_filter(message_html, "message")
    app.add_template_filter(message_text, "message_text")
    app.add_template_filter(audit_summary, "audit_summary")
    app.add_template_filter(audit_actor, "audit_actor")
    app.add_template_filter(title_phrases, "phrases")
    app.add_template_filter(ja, "ja")
    app.add_template_filter(render_markdown, "markdown")  # the safe Markdown of proposals
    app.context_processor(_template_globals)
    # Globals, not context: macros imported without context (templates/_form.html) see them.
    app.jinja_env.globals.update(
        error_entries=error_entries, field_parts=field_parts, is_group=is_group
    )
    app.jinja_env.globals["note_form_failed"] = note_form_failed
    app.jinja_env.globals["stance_badge"] = stance_badge
    app.jinja_env.globals["state_badge"] = state_badge
    app.jinja_env.globals.update(
        session_remaining=idle.remaining_seconds, session_warning=idle.warning_seconds
    )
    app.context_processor(_unread)


def _template_globals() -> dict:
    from negotiator.admin.forms import ROLE_LABELS
    from negotiator.agreements.forms import AGREEMENT_STATUS_LABELS
    from negotiator.negotiation.forms import CATEGORY_LABELS, SOURCE_LABELS
    from negotiator.negotiation.rules import RULE_LABELS, STANCE_LABELS
    from negotiator.negotiation.workflow import STATE_LABELS, TRANSITIONS

    return {
        "current_locale": str(get_locale()),
        # The date a printed page carries in its header (app.css @media print).
        "printed_at": clock.now(),
        "role_labels": ROLE_LABELS,
        # Japanese message ids; templates translate them with _().
        "state_labels": STATE_LABELS,
        "stance_labels": STANCE_LABELS,
        "rule_labels": RULE_LABELS,
        "category_labels": CATEGORY_LABELS,
        "source_labels": SOURCE_LABELS,
        "move_labels": {t.name: t.label for t in TRANSITIONS},
        "agreement_status_labels": AGREEMENT_STATUS_LABELS,
    }


def note_form_failed() -> str:
    """Called by the error summary (templates/_form.html): base.html renders the page's content
    before its title, and prefixes the title when a summary was shown."""
    g.form_failed = True
    return ""


class KeepSessionOnRefusal(SecureCookieSessionInterface):
    """Flask's signed-cookie sessions, except that a refused request sends no session cookie.

    A form on another site that posts here arrives without the cookie (SameSite=Lax) and fails
    the CSRF check; had its error page saved the fresh anonymous session it made, the browser
    would replace the victim's real session with it and log them out.
    """

    def save_session(self, app: Flask, session: SessionMixin, response: Response) -> None:
        if g.get("keep_session_cookie"):
            return
        super().save_session(app, session, response)


def _mark_seen(_app: Flask, **_extra: object) -> None:
    """Every login starts the idle clock, so even the login response's cookie can go idle."""
    from flask import session

    session["seen"] = int(clock.timestamp())
    session.permanent = True


def _unread() -> dict:
    """Notification helpers for templates; each runs its one query only when called."""
    from flask_login import current_user

    def unread_count() -> int:
        from negotiator.notifications.services import unread_count as count

        return count(current_user.id) if current_user.is_authenticated else 0

    def following(item_id: int) -> bool:
        from negotiator.notifications.services import is_following

        return current_user.is_authenticated and is_following(current_user, item_id)

    return {"unread_count": unread_count, "following": following, "csrf_token": _csrf_once()}


def _csrf_once() -> Callable[[], str]:
    """Flask-WTF's csrf_token() for one page, asked of Flask-WTF on the first call only: a page
    with a form per row (the meeting page, 30 and more) looked it up in the config and on `g`
    each time. Still made only when a page has a form (making it starts a session)."""
    token: list[str] = []

    def csrf_token() -> str:
        if not token:
            token.append(generate_csrf())
        return token[0]

    return csrf_token


SEEN_RESOLUTION_SECONDS = 60


def _end_idle_session() -> Response | None:
    """Log out a session that has been idle longer than IDLE_TIMEOUT (or never marked as seen);
    otherwise note this visit."""
    from flask import current_app, flash, redirect, session, url_for
    from flask_login import current_user, logout_user

    if request.blueprint == "api":
        return None  # the API ignores the session (negotiator.api.core)
    if request.endpoint == "static" or not current_user.is_authenticated:
        return None
    now = int(clock.timestamp())
    limit = current_app.config["IDLE_TIMEOUT"].total_seconds()
    if now - session.get("seen", 0) > limit:
        logout_user()
        session.clear()
        flash(
            _("しばらく操作がなかったため、ログアウトしました。もう一度ログインしてください。"),
            "warning",
        )
        return redirect(url_for("auth.login", next=request.full_path))
    # Marked at most once a minute, and the cookie is sent only when the session changed
    # (SESSION_REFRESH_EACH_REQUEST is off): a request that overlaps another, such as a live
    # preview, would otherwise send back the session as it read it and undo the other's change
    # (a flash shown twice, a flag lost).
    if now - session.get("seen", 0) >= SEEN_RESOLUTION_SECONDS:
        session["seen"] = now
        session.permanent = True
    return None


def _security_headers(response: Response) -> Response:
    response.headers.setdefault("Content-Security-Policy", CSP)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    response.headers.setdefault("X-Frame-Options", "DENY")
    if request.endpoint != "static":
        response.headers.setdefault("Cache-Control", "no-store")
    return response


def _csrf_error(error: CSRFError) -> tuple[str, int]:
    db.session.rollback()
    g.keep_session_cookie = True  # whatever made this request, it does not touch the session
    return render_template(
        "errors/error.html",
        code=400,
        message=_(
            "フォームの有効期限が切れたか、正しくない送信です。ページを読み込み直して、もう一度送信してください。"
        ),
    ), 400


def _http_error(error: HTTPException) -> Response | tuple[str, int]:
    if request.path.startswith(API_PREFIX):  # an API path that matched no route, or not its method
        return api_problems.on_http(error)
    db.session.rollback()
    if error.code is None or error.code < 400:
        return error.get_response()
    messages = {
        403: _("このページを見る、または操作する権限がありません。"),
        404: _("お探しのページは見つかりませんでした。"),
        405: _("この操作はできません。"),
        413: _("送信された内容が大きすぎます。"),
    }
    message = messages.get(error.code, error.name)
    return render_template("errors/error.html", code=error.code, message=message), error.code


def _server_error(error: Exception) -> tuple[str, int]:
    db.session.rollback()
    from flask import current_app

    current_app.logger.exception("unhandled error")
    if current_app.testing and current_app.config.get("PROPAGATE_EXCEPTIONS") is not False:
        raise error  # tests see the real exception: a 500 is always a bug
    return render_template(
        "errors/error.html",
        code=500,
        message=_(
            "システムで問題が発生しました。変更は保存されていません。時間をおいてもう一度お試しください。"
        ),
    ), 500


def to_japan_time(value: dt.datetime | None, fmt: str = "%Y-%m-%d %H:%M") -> str:
    """Format a UTC timestamp in Japan time."""
    if value is None:
        return ""
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return value.astimezone(JST).strftime(fmt)


def japan_date_time(value: dt.datetime | None) -> str:
    """A timestamp in Japan time, written as dates are in the reader's language."""
    japanese = str(get_locale()) == "ja"
    return to_japan_time(value, "%Y年%m月%d日 %H:%M" if japanese else "%Y-%m-%d %H:%M")


def format_number(value: Decimal | int | None) -> str:
    """Thousands separators, and no trailing zeros after the decimal point."""
    if value is None:
        return ""
    number = Decimal(value)
    if number == number.to_integral():
        return f"{number.quantize(Decimal(1)):,}"
    return f"{number.normalize():,f}"
