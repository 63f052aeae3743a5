"""Template translations (negotiator/template_i18n.py): the same text as flask_babel's, in the
locale of the moment, however often a message is asked for."""

from __future__ import annotations

import pytest
from flask_babel import force_locale

from negotiator import create_app

CASES = [  # template, ja, en
    ("{{ _('ホーム') }}", "ホーム", "Home"),
    ("{{ _('未読%(n)d件', n=3) }}", "未読3件", "3 unread"),
    ("{{ _('例: 均等割10%%+人口割45%%+利用者割45%%') }}", "例: 均等割10%+人口割45%+利用者割45%",
     "e.g. equal share 10% + by population 45% + by users 45%"),
    ("{{ _('未読%(n)s件', n='<b>') }}", "未読&lt;b&gt;件", "未読&lt;b&gt;件"),
    ("{% trans %}ホーム{% endtrans %}", "ホーム", "Home"),
]  # fmt: skip


@pytest.fixture
def app():  # noqa: ANN201
    return create_app({"TESTING": True, "SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": "sqlite://"})


@pytest.mark.parametrize(("source", "ja", "en"), CASES)
def test_each_locale_in_turn_within_one_request(app, source, ja, en):
    template = app.jinja_env.from_string(source)
    with app.test_request_context("/"):
        # Asked twice in each locale: the second answer comes from what the first kept.
        first = [template.render(), template.render()]
        with force_locale("en"):
            forced = [template.render(), template.render()]
        after = template.render()
    assert first == [ja, ja]
    assert forced == [en, en]
    assert after == ja


def test_a_text_template_is_not_escaped(app):
    app.jinja_env.autoescape = False
    template = app.jinja_env.from_string("{{ _('未読%(n)s件', n='<b>') }}{{ _('ホーム') }}")
    with app.test_request_context("/"):
        assert template.render() == "未読<b>件ホーム"


def test_the_language_of_the_session(app):
    template = app.jinja_env.from_string("{{ _('ホーム') }}")
    with app.test_request_context("/"):
        from flask import session

        session["lang"] = "en"
        assert template.render() == "Home"
