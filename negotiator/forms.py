"""The base of every form: the checks every text the app stores must pass, in one place.

- No NUL or other control characters: PostgreSQL refuses NUL in text, and the other C0 control
  characters break PDF, Excel and CSV output; tab, line feed and carriage return stay allowed.
- Every text field (passwords and fields marked `Unprinted()` aside) must be printable by the
  PDF fonts (negotiator.fonts), whatever the form: any saved text may end up in a minutes or
  agreement PDF, and signing must never fail on it.
- An edit form carries the version the user started from in a `VersionField`, which must be
  sent: a form without it is refused, never applied to whatever is stored now.

Inputs read outside WTForms (grids, CSV import, CLI commands) use `text_problem` with the same
messages.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator
from typing import NamedTuple

from babel import support
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString
from flask_wtf import FlaskForm
from markupsafe import Markup, escape
from wtforms import Field, FieldList, FormField, IntegerField, PasswordField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.i18n import messages_path
from wtforms.validators import ValidationError
from wtforms.widgets import HiddenInput, ListWidget, Select

from negotiator import fonts
from negotiator.errors import FieldError
from negotiator.template_i18n import current_language

CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
CONTROL_MESSAGE = _l("使えない制御文字(NUL など)が含まれています。取り除いてください。")


VERSION_MESSAGE = _l(
    "編集を始めたときの版が送信されませんでした。ページを読み込み直してから、もう一度編集してください。"
)


def has_control(text: str) -> bool:
    return CONTROL.search(text) is not None


def text_problem(text: str) -> str | None:
    """The message for a text the app may not store, or None when it is fine."""
    if has_control(text):
        return str(CONTROL_MESSAGE)
    return fonts.problem(text)


class Unprinted:
    """Marks a text field that never reaches a PDF (a login name): the font check skips it."""

    field_flags = {"unprinted": True}

    def __call__(self, form: object, field: Field) -> None:
        return None


class VersionField(IntegerField):
    """The version of the object when the edit began; required, a whole number, hidden."""

    widget = HiddenInput()

    def process_formdata(self, valuelist: list) -> None:
        self.data = None
        if valuelist and str(valuelist[0]).strip():
            try:
                self.data = int(str(valuelist[0]).strip())
            except ValueError:
                self.data = None

    def pre_validate(self, form: object) -> None:
        if self.data is None:
            raise ValidationError(str(VERSION_MESSAGE))


def _leaves(fields: Iterable[Field]) -> Iterator[Field]:
    for field in fields:
        if isinstance(field, FormField):
            yield from _leaves(field.form)
        elif isinstance(field, FieldList):
            yield from _leaves(field.entries)
        else:
            yield field


def _printed(field: Field) -> bool:
    return (
        isinstance(field, StringField)
        and not isinstance(field, PasswordField)
        and not field.flags.unprinted
    )


def _field_problem(field: Field) -> str | None:
    for value in field.raw_data or ():
        if not isinstance(value, str):
            continue
        if has_control(value):
            return str(CONTROL_MESSAGE)
        if _printed(field) and (message := fonts.problem(value)):
            return message
    return None


class CatalogueMeta(FlaskForm.Meta):
    """The Meta of every form here: WTForms' own messages in the request's language, as
    Flask-WTF gives them, but the catalogue read once per language rather than from disk on
    every request that builds a form."""

    def get_translations(self, form: object) -> support.Translations | None:
        locale = get_locale()
        return _wtforms_catalogue(str(locale)) if locale is not None else None


class AppForm(FlaskForm):
    """FlaskForm, plus the text checks at every field (also in nested forms); messages of hidden
    fields (a missing version) are shown atop the form, where the user sees them."""

    class Meta(CatalogueMeta):
        def render_field(self, field: Field, render_kw: dict) -> str:
            # Hidden inputs carry no id: nothing labels them, and a page with several forms
            # would otherwise repeat id="csrf_token" / id="version".
            if isinstance(field.widget, HiddenInput):
                render_kw = {"id": False, **render_kw}
            if type(field.widget) is Select and not field.widget.multiple:
                return _LEAN_SELECT(field, **{**(field.render_kw or {}), **render_kw})
            return super().render_field(field, render_kw)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        # A lazy label or help text is translated again at every use, three or four times as
        # the `field` macro renders it; a form lives for one request, in one language.
        for field in _leaves(self):
            if isinstance(field.label.text, LazyString):
                field.label.text = str(field.label.text)
            if isinstance(field.description, LazyString):
                field.description = str(field.description)

    def validate(self, extra_validators=None) -> bool:  # noqa: ANN001
        valid = super().validate(extra_validators)
        for field in _leaves(self):
            if message := _field_problem(field):
                field.errors = [*field.errors, message]
                valid = False
            if isinstance(field.widget, HiddenInput) and field.name != "csrf_token":
                self.form_errors.extend(e for e in field.errors if e not in self.form_errors)
        return valid


_JA = {"lang": "ja"}  # a name's option on a page in another language (`choices`)


class _LeanSelect(Select):
    """WTForms' select, its options written out directly: the same markup (html_params' order
    of attributes: lang, selected, value), at a fraction of the cost. The meeting page offers up
    to 100 items for its agenda and the item page every member to mention (issue 18)."""

    @classmethod
    def render_option(cls, choice: SelectChoice, **kwargs: object) -> Markup:
        extra = choice.render_kw or {}
        if kwargs or (extra and extra != _JA) or isinstance(choice.value, bool):
            return super().render_option(choice, **kwargs)
        lang = ' lang="ja"' if extra else ""
        selected = " selected" if choice.selected else ""
        label = escape(choice.label or choice.value)
        return Markup(f'<option{lang}{selected} value="{escape(choice.value)}">{label}</option>')


_LEAN_SELECT = _LeanSelect()


@functools.cache  # one per language the app offers
def _wtforms_catalogue(locale: str) -> support.Translations:
    return support.Translations.load(messages_path(), [locale], domain="wtforms")


def is_group(field: Field) -> bool:
    """Radio buttons or checkboxes: a fieldset with a legend, not one input with a label."""
    return isinstance(field.widget, ListWidget)


class FieldParts(NamedTuple):
    """What the `field` and `group` macros of _form.html write around a widget."""

    id: str
    help_text: object  # str, Markup or a lazy string
    described: str  # aria-describedby: the help's id and the message's, when shown
    attrs: dict[str, str]  # the widget's attributes


def field_parts(field: Field, prefix: str = "", help_text: object = None) -> FieldParts:
    """The input's id (`prefix` keeps a field repeated on a page unique), its help, what
    describes it, and its attributes: one call instead of a macro per part (issue 18)."""
    id_ = prefix + field.id
    help_text = help_text or field.description
    described = " ".join(
        ([f"{id_}-help"] if help_text else []) + ([f"{id_}-error"] if field.errors else [])
    )
    attrs = {"id": id_}
    if described:
        attrs["aria-describedby"] = described
    if field.errors:
        attrs["aria-invalid"] = "true"
    return FieldParts(id_, help_text, described, attrs)


def error_entries(form: FlaskForm, prefix: str = "") -> list[tuple[str, str, str]]:
    """(id of the input to focus, label, message) for every message at a visible field, in form
    order, for the error summary; a group links to its first option."""
    entries = []
    for field in _leaves(form):
        if isinstance(field.widget, HiddenInput):
            continue  # its messages are among form_errors already
        target = f"{prefix}{field.id}-0" if is_group(field) else f"{prefix}{field.id}"
        entries += [(target, str(field.label.text), str(error)) for error in field.errors]
    return entries


def form_message(form: FlaskForm, fallback: str) -> str:
    """The messages of a small form posted from another page, with field labels, for a flash
    after the redirect (there is no field to show them next to); `fallback` when there are none."""
    messages = list(form.form_errors)
    for field in _leaves(form):
        if not isinstance(field.widget, HiddenInput):
            messages += [f"{field.label.text}: {error}" for error in field.errors]
    return " ".join(str(m) for m in messages) or fallback


def show_error(form: FlaskForm, error: FieldError) -> None:
    """Roll back the refused change and put its message next to its field (or atop the form)."""
    from negotiator.db import db
    from negotiator.i18n import error_html

    db.session.rollback()
    field = getattr(form, error.field, None) if error.field else None
    if isinstance(field, Field):
        field.errors = [*field.errors, error_html(error)]
    else:
        form.form_errors.append(error_html(error))


# A pragmatic address check: one @, no spaces, quotes, angle brackets or control characters.
ADDRESS = re.compile(r"^[^\s@<>\"'(),;:\\\[\]]+@[A-Za-z0-9.-]+\.[A-Za-z0-9-]+$")


def valid_address(address: str) -> bool:
    """ASCII only: the relays here do not take SMTPUTF8, so such an address could never be sent."""
    return len(address) <= 254 and address.isascii() and ADDRESS.match(address) is not None


def address_check(_form: object, field: StringField) -> None:
    """A mail address with no spaces, quotes or line breaks (it goes into a header).

    A character no text may hold is named by AppForm's own check, alone at the field."""
    if field.data and text_problem(field.data):
        return
    if field.data and not valid_address(field.data.strip()):
        raise ValidationError(_l("メールアドレスの形式が正しくありません。"))


def choices(labels: dict) -> list[SelectChoice]:
    """Select options from a value -> label mapping, in its order. A label that is a name
    (plain Japanese text, not a translated message) is marked lang="ja"."""
    return [SelectChoice(value, label, _lang(label)) for value, label in labels.items()]


def _lang(label: object) -> dict[str, str]:
    named = type(label) is str and not label.isascii() and current_language() != "ja"
    return dict(_JA) if named else {}
