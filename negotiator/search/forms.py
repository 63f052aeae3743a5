"""The search box's query: bounded in length and in words."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import Length, ValidationError

from negotiator.forms import CatalogueMeta

QUERY_LIMIT = 100  # characters
TERMS_LIMIT = 5  # words, each matched as a substring (all must match)


def terms_of(query: str) -> list[str]:
    """The words of a query, split at spaces (full-width 「 」 too), each once."""
    return list(dict.fromkeys(query.split()))


class SearchForm(FlaskForm):
    """Read from the query string; a GET form needs no CSRF token."""

    class Meta(CatalogueMeta):
        csrf = False

    q = StringField(
        _l("検索する語句"),
        validators=[
            Length(max=QUERY_LIMIT, message=_l("検索する語句は%(max)d文字以内で入力してください。"))
        ],
        description=_l(
            "スペースで区切った語句をすべて含むものを探します(%(n)d語まで)。", n=TERMS_LIMIT
        ),
    )

    def validate_q(self, field: StringField) -> None:
        if len(terms_of(field.data or "")) > TERMS_LIMIT:
            raise ValidationError(_l("語句は%(n)d個まで入力できます。", n=TERMS_LIMIT))
