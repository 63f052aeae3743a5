"""Translations in templates, at the cost of a dictionary lookup (issue 18).

flask_babel's template `_()` finds the request's catalogue anew on every call (three lookups of
its context on `g`, the locale's name rebuilt), then Jinja formats the message even when it has
no parameters: about 20 µs a call, and a board page makes over a hundred calls. Here the
catalogue is kept beside the request's locale, and a message without parameters is translated
and escaped once per locale and reused. The locale is read on every call, so `force_locale`
(mail in the recipient's language) is still honoured.

A `_()` whose message is a literal never reaches this module from an app template: it is
translated when the template compiles, once per language (negotiator/template_compile.py). What
comes here is the rest — labels looked up at render time (`_(labels[x])`), `from_string`
templates, Python code (`translate`).

The request's state is read from Flask's context variable itself rather than through the `g`
proxy: a page asks for its language and catalogue thousands of times (each `ja` filter, each
`_()`), and each trip through the proxy cost three Python calls.
"""

from __future__ import annotations

from typing import Any

from flask import Flask
from flask.globals import _cv_app
from flask_babel import get_locale, get_translations
from jinja2 import pass_eval_context
from jinja2.nodes import EvalContext
from markupsafe import Markup

PLAIN_KEPT = 20_000  # translated messages kept per app: the catalogue has about 1,600


def _babel_state() -> Any:  # noqa: ANN401 - flask_babel's per-context state, or None
    """Where flask_babel keeps the locale it chose for this context (None outside one)."""
    ctx = _cv_app.get(None)
    return None if ctx is None else ctx.g.get("_flask_babel")


def catalogue() -> Any:  # noqa: ANN401 - babel's Translations or NullTranslations
    """The request's catalogue (as flask_babel's get_translations), kept beside its locale."""
    state = _babel_state()
    locale = getattr(state, "babel_locale", None)
    if locale is None:  # the request's first message: flask_babel chooses the locale
        return get_translations()
    # Kept beside the locale object and used while that object is the locale (force_locale
    # puts another one in place): no Locale comparison per call.
    last = getattr(state, "negotiator_catalogue", None)
    if last is not None and last[0] is locale:
        return last[1]
    found = get_translations()
    state.negotiator_catalogue = (locale, found)
    return found


def translate(message: str) -> str:
    """flask_babel's gettext of a message without parameters, for Python code on hot paths."""
    return catalogue().ugettext(message)


def install(app: Flask) -> None:
    """Replace flask_babel's gettext and ngettext in `app`'s templates (same results)."""
    plain: dict[tuple[Any, str, bool], str] = {}

    @pass_eval_context
    def gettext(eval_ctx: EvalContext, string: str, **variables: Any) -> str:  # noqa: ANN401
        translations = catalogue()
        if not variables:
            key = (translations, string, eval_ctx.autoescape)
            if (done := plain.get(key)) is None:
                done = _format(translations.ugettext(string), {}, eval_ctx)
                if len(plain) < PLAIN_KEPT:  # message ids are few; a stray text is not kept
                    plain[key] = done
            return done
        return _format(translations.ugettext(string), variables, eval_ctx)

    @pass_eval_context
    def ngettext(
        eval_ctx: EvalContext, singular: str, plural: str, num: int, **variables: Any
    ) -> str:  # noqa: ANN401, E501
        variables.setdefault("num", num)
        return _format(catalogue().ungettext(singular, plural, num), variables, eval_ctx)

    app.jinja_env.globals.update(gettext=gettext, _=gettext, ngettext=ngettext)


def current_language() -> str | None:
    """The request's language ("ja", "en"; None outside a request), read where flask_babel
    keeps the locale once chosen (the `ja` filter asks for it for every name on a page)."""
    locale = getattr(_babel_state(), "babel_locale", None)
    if locale is None:
        locale = get_locale()
    return locale.language if locale is not None else None


def _format(message: str, variables: dict[str, Any], eval_ctx: EvalContext) -> str:
    # As Jinja's i18n extension does: always a format string, escaped where the template is.
    return (Markup(message) if eval_ctx.autoescape else message) % variables
