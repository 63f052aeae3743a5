"""The base form (negotiator.forms): WTForms' own messages in the user's language."""

from __future__ import annotations

from flask import Flask
from flask_babel import force_locale
from wtforms import IntegerField

from negotiator.forms import AppForm


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
