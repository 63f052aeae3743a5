"""The base form (negotiator.forms): WTForms' messages in the user's language, its selects."""

from __future__ import annotations

import pytest
from flask import Flask
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from markupsafe import Markup
from wtforms import IntegerField, SelectField
from wtforms.widgets import Select

from negotiator.forms import AppForm, CatalogueMeta, choices, field_parts


class _Count(AppForm):
    count = IntegerField("件数")


def test_wtforms_messages_follow_the_language_of_the_request(app: Flask) -> None:
    """The catalogue is read once per language and kept: Japanese again after English."""
    for language, message in (
        ("ja", "無効な整数です。"),
        ("en", "Not a valid integer value."),
        ("ja", "無効な整数です。"),
    ):
        request = app.test_request_context(method="POST", data={"count": "三"})
        with request, force_locale(language):
            form = _Count()
            assert not form.validate()
            assert form.count.errors == [message]


class _Choose(AppForm):
    town = SelectField("団体", coerce=int)
    grouped = SelectField("協議事項", render_kw={"class": "wide"})


@pytest.mark.parametrize("language", ["ja", "en"])
def test_selects_render_as_wtforms_own_select_does(app: Flask, language: str) -> None:
    """AppForm writes options out itself (issue 18): the markup must stay WTForms' own, byte
    for byte: names marked lang="ja" on an English page, the chosen option, escaping, groups."""
    with app.test_request_context(), force_locale(language):
        form = _Choose(data={"town": 2, "grouped": "q"})
        form.town.choices = choices({1: "須崎市", 2: 'a<"b>&', 3: "Kochi"})
        form.grouped.choices = {
            "第1号": choices({"p": "中土佐町", "q": "Q"}),
            "第2号": [("r", "R"), (True, "yes")],
        }
        for field in (form.town, form.grouped):
            lean = field(**{"aria-describedby": "help"})
            own = Select()(field, **{**(field.render_kw or {}), "aria-describedby": "help"})
            assert lean == own
        assert ('lang="ja"' in form.town()) == (language == "en")


def _subclasses(cls: type) -> set[type]:
    return {sub for child in cls.__subclasses__() for sub in {child, *_subclasses(child)}}


def test_every_form_reads_wtforms_catalogue_once(app: Flask) -> None:
    """Every form of the app (the app imports them all) takes CatalogueMeta: none goes back to
    Flask-WTF's catalogue read from disk per request."""
    forms = {f for f in _subclasses(FlaskForm) if f.__module__.startswith("negotiator.")}
    assert len(forms) > 20
    without = {
        f.__qualname__
        for f in forms
        if not any(issubclass(vars(k).get("Meta", type), CatalogueMeta) for k in f.__mro__)
    }
    assert without == set()


class _Described(AppForm):
    mentioned = SelectField(
        _l("知らせる構成団体"), description=_l("選んだ団体の担当者に通知します。")
    )
    plain = IntegerField("件数", description=Markup("<em>目安</em>"))


@pytest.mark.parametrize(
    ("language", "label", "help_text"),
    [
        ("ja", "知らせる構成団体", "選んだ団体の担当者に通知します。"),
        ("en", "Member to notify", "The liaisons of the chosen member are notified."),
    ],
)
def test_lazy_labels_and_help_are_translated_once_per_form(
    app: Flask, language: str, label: str, help_text: str
) -> None:
    """A form lives for one request: its lazy texts become text in that request's language when
    it is built, not again at each use (issue 18); a Markup help stays markup."""
    with app.test_request_context(), force_locale(language):
        form = _Described()
        assert (type(form.mentioned.label.text), form.mentioned.label.text) == (str, label)
        assert (type(form.mentioned.description), form.mentioned.description) == (str, help_text)
        assert form.plain.description == Markup("<em>目安</em>")
        assert isinstance(form.plain.description, Markup)


@pytest.mark.parametrize(
    ("help_text", "errors", "described", "attrs"),
    [
        (None, [], "", {"id": "c-mentioned"}),
        (
            "ヘルプ",
            [],
            "c-mentioned-help",
            {"id": "c-mentioned", "aria-describedby": "c-mentioned-help"},
        ),
        (
            None,
            ["必須です"],
            "c-mentioned-error",
            {"id": "c-mentioned", "aria-describedby": "c-mentioned-error", "aria-invalid": "true"},
        ),
        (
            "ヘルプ",
            ["必須です"],
            "c-mentioned-help c-mentioned-error",
            {
                "id": "c-mentioned",
                "aria-describedby": "c-mentioned-help c-mentioned-error",
                "aria-invalid": "true",
            },
        ),
    ],
)
def test_field_parts(
    app: Flask, help_text: str | None, errors: list, described: str, attrs: dict
) -> None:
    """What the `field` macro writes around a widget: the help and the message, when shown,
    describe the input; a message marks it invalid. The field's own help is the default."""
    with app.test_request_context():
        field = _Described().mentioned
        field.description = ""
        field.errors = errors
        parts = field_parts(field, "c-", help_text)
        assert (parts.id, parts.help_text, parts.described, parts.attrs) == (
            "c-mentioned",
            help_text or "",
            described,
            attrs,
        )
        field.description = "既定のヘルプ"
        assert field_parts(field, "c-").help_text == "既定のヘルプ"
