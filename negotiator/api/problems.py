"""Errors as RFC 9457 problem details (application/problem+json), in the reader's language."""

from __future__ import annotations

from typing import Any

from flask import Response, current_app, json
from flask_babel import get_locale
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.exceptions import HTTPException

from negotiator import conflicts
from negotiator.db import db

PROBLEM_TYPE = "application/problem+json"


class Problem(Exception):
    """A refusal the API answers with a problem document; `extra` adds members to it."""

    def __init__(
        self,
        status: int,
        detail: str,
        errors: list[dict[str, str]] | None = None,
        *,
        headers: dict[str, str] | None = None,
        **extra: Any,
    ) -> None:
        super().__init__(detail)
        self.status, self.detail, self.errors, self.extra = status, detail, errors or [], extra
        self.headers = headers or {}


def titles() -> dict[int, str]:
    return {
        400: _("リクエストが正しくありません。"),
        401: _("APIトークンが必要です。"),
        403: _("このページを見る、または操作する権限がありません。"),
        404: _("お探しのページは見つかりませんでした。"),
        405: _("この操作はできません。"),
        409: _("他の人が先に変更しました。"),
        412: _("リクエストが正しくありません。"),
        413: _("送信された内容が大きすぎます。"),
        415: _("JSON で送信してください。"),
        422: _("入力内容を確認してください"),
        429: _("リクエストが多すぎます。しばらく待ってからお試しください。"),
        500: _("システムで問題が発生しました。"),
    }


def response(problem: Problem) -> Response:
    title = titles().get(problem.status, str(problem.status))
    body: dict[str, Any] = {
        "type": "about:blank",
        "title": title,
        "status": problem.status,
        "detail": problem.detail or title,
    }
    if problem.errors:
        body["errors"] = problem.errors
    body |= problem.extra
    answer = Response(json.dumps(body, ensure_ascii=False), problem.status, mimetype=PROBLEM_TYPE)
    answer.headers["Content-Language"] = str(get_locale())
    answer.headers.update(problem.headers)
    if problem.status == 401:
        answer.headers["WWW-Authenticate"] = 'Bearer realm="negotiator"'
    return answer


def on_problem(problem: Problem) -> Response:
    db.session.rollback()
    return response(problem)


def on_http(error: HTTPException) -> Response:
    db.session.rollback()
    status = error.code or 500
    answer = response(Problem(status, titles().get(status, error.name)))
    if status == 405 and error.valid_methods:  # type: ignore[attr-defined]
        answer.headers["Allow"] = ", ".join(error.valid_methods)  # type: ignore[attr-defined]
    return answer


def on_conflict(_error: Exception) -> Response:
    """Two writers passed the version check at once (negotiator.conflicts): the loser's 409."""
    db.session.rollback()
    return response(Problem(409, conflicts.conflict_message()))


def on_integrity(error: IntegrityError) -> Response:
    if conflicts.is_unique_violation(error):
        return on_conflict(error)
    return on_server_error(error)


def on_server_error(error: Exception) -> Response:
    db.session.rollback()
    current_app.logger.exception("unhandled error")
    if current_app.testing and current_app.config.get("PROPAGATE_EXCEPTIONS") is not False:
        raise error  # tests see the real exception: a 500 is always a bug
    return response(Problem(500, titles()[500]))


def register(bp: Any) -> None:
    bp.register_error_handler(Problem, on_problem)
    bp.register_error_handler(HTTPException, on_http)
    bp.register_error_handler(StaleDataError, on_conflict)
    bp.register_error_handler(IntegrityError, on_integrity)
    bp.register_error_handler(Exception, on_server_error)
