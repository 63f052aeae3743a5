"""The base of every form: no text the app stores may hold NUL or other control characters.

PostgreSQL refuses NUL in text, and the other C0 control characters break PDF, Excel and CSV
output; tab, line feed and carriage return stay allowed. Grids read outside WTForms use
`has_control` with the same message.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import Field, FieldList, FormField

from negotiator.errors import FieldError

CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
CONTROL_MESSAGE = _l("使えない制御文字(NUL など)が含まれています。取り除いてください。")


def has_control(text: str) -> bool:
    return CONTROL.search(text) is not None


def _leaves(fields: Iterable[Field]) -> Iterator[Field]:
    for field in fields:
        if isinstance(field, FormField):
            yield from _leaves(field.form)
        elif isinstance(field, FieldList):
            yield from _leaves(field.entries)
        else:
            yield field


class AppForm(FlaskForm):
    """FlaskForm, plus the control-character check at every field (also in nested forms)."""

    def validate(self, extra_validators=None) -> bool:  # noqa: ANN001
        valid = super().validate(extra_validators)
        for field in _leaves(self):
            if any(isinstance(v, str) and has_control(v) for v in field.raw_data or ()):
                field.errors = [*field.errors, str(CONTROL_MESSAGE)]
                valid = False
        return valid


def show_error(form: FlaskForm, error: FieldError) -> None:
    """Roll back the refused change and put its message next to its field (or atop the form)."""
    from negotiator.db import db

    db.session.rollback()
    field = getattr(form, error.field, None) if error.field else None
    if isinstance(field, Field):
        field.errors = [*field.errors, error.message]
    else:
        form.form_errors.append(error.message)
