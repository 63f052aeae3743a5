"""The API blueprint: token authentication, language, limits, JSON answers with ETags, paging.

A request is authenticated by its `Authorization: Bearer` token only: the session cookie is
neither read nor written, so a page in the browser can never make an API call in its user's
name, and CSRF protection (which guards cookie-authenticated forms) does not apply.
"""

from __future__ import annotations

import base64
import functools
import hashlib
from collections.abc import Callable
from typing import Any

import sqlalchemy as sa
from flask import Blueprint, Response, current_app, g, json, request
from flask_babel import gettext as _
from flask_login import current_user

from negotiator.api import limits, problems
from negotiator.api.problems import Problem
from negotiator.auth import tokens
from negotiator.auth.permissions import LOGIN, PUBLIC, require
from negotiator.db import MAX_ID, db

bp = Blueprint("api", __name__, url_prefix="/api/v1")
problems.register(bp)
READ_METHODS = ("GET", "HEAD")
PAGE_LIMIT = 100


@bp.before_request
def _authenticate() -> None:
    g.keep_session_cookie = True  # never a session cookie on an API answer
    request.max_content_length = current_app.config["API_MAX_CONTENT_LENGTH"]
    g._login_user = current_app.login_manager.anonymous_user()  # noqa: SLF001 (Flask-Login's slot)
    g.api_locale = _language(None)
    header = request.headers.get("Authorization", "")
    if not header:
        return
    scheme, _sep, secret = header.partition(" ")
    token = tokens.authenticate(secret.strip()) if scheme.lower() == "bearer" else None
    if token is None:
        raise Problem(401, _("APIトークンが正しくないか、期限切れか、無効にされています。"))
    g._login_user = token.user  # noqa: SLF001
    g.api_token = token
    g.api_locale = _language(token.user.language)
    if (wait := limits.hit(token.id)) is not None:
        raise Problem(429, "", headers={"Retry-After": str(wait)})
    if request.method not in READ_METHODS and not token.writes:
        raise Problem(403, _("このトークンには書き込みの権限がありません。"))


def _language(preferred: str | None) -> str:
    """Accept-Language when it names a language the app speaks, else the user's own."""
    languages = current_app.config["LANGUAGES"]
    if request.accept_languages:
        best = request.accept_languages.best_match(languages)
        if best:
            return best
    return preferred if preferred in languages else current_app.config["BABEL_DEFAULT_LOCALE"]


def endpoint(view: Callable[..., Any]) -> Callable[..., Any]:
    """An API view: a valid token required (401 otherwise); the view narrows it as pages do."""

    @functools.wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        if not current_user.is_authenticated:
            raise Problem(401, "")
        return view(*args, **kwargs)

    wrapped.access_level = LOGIN  # type: ignore[attr-defined]
    return wrapped


def public(view: Callable[..., Any]) -> Callable[..., Any]:
    view.access_level = PUBLIC  # type: ignore[attr-defined]
    return view


def readable(allowed: bool) -> None:
    """Another council's object does not exist for this user (the pages' 404)."""
    if not allowed:
        raise Problem(404, "")


def permitted(allowed: bool) -> None:
    require(allowed)


def answer(data: Any, status: int = 200) -> Response:
    """JSON with a strong ETag of its bytes; 304 when the client has it already."""
    body = json.dumps(data, ensure_ascii=False, sort_keys=True).encode()
    etag = hashlib.sha256(body).hexdigest()[:32]
    response = Response(body, status, mimetype="application/json")
    response.set_etag(etag)
    response.headers["Cache-Control"] = "private, no-cache"
    response.headers["Vary"] = "Authorization, Accept-Language"
    if status == 200 and request.method in READ_METHODS:
        return response.make_conditional(request)
    return response


def page(query: sa.Select, id_column: Any, dump: Callable[[list], list]) -> Response:
    """One page of `query` ordered by id after the request's cursor: {items, next_cursor}."""
    limit = _int_arg("limit", 50, 1, PAGE_LIMIT)
    after = _cursor()
    rows = list(
        db.session.scalars(query.where(id_column > after).order_by(id_column).limit(limit + 1))
    )
    more = len(rows) > limit
    rows = rows[:limit]
    next_cursor = _encode(rows[-1].id) if more else None
    return answer({"items": dump(rows), "next_cursor": next_cursor})


def _int_arg(name: str, default: int, low: int, high: int) -> int:
    raw = request.args.get(name)
    if raw is None:
        return default
    if not raw.isdigit() or not low <= int(raw) <= high:
        message = _("%(low)d から %(high)d までの整数を指定してください。", low=low, high=high)
        raise Problem(400, message, [{"field": name, "message": message}])
    return int(raw)


def _encode(last_id: int) -> str:
    return base64.urlsafe_b64encode(f"after:{last_id}".encode()).decode().rstrip("=")


def _cursor() -> int:
    raw = request.args.get("cursor")
    if not raw:
        return 0
    try:
        text = base64.urlsafe_b64decode(raw + "=" * (-len(raw) % 4)).decode()
        prefix, _sep, number = text.partition(":")
        value = int(number) if prefix == "after" and number.isdigit() else -1
    except ValueError:
        value = -1
    if not 0 <= value <= MAX_ID:
        message = _("cursor が正しくありません。前の応答の next_cursor を使ってください。")
        raise Problem(400, message, [{"field": "cursor", "message": message}])
    return value
