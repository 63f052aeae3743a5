"""Templates compiled per language with their fixed messages translated (negotiator/
template_compile.py): the same pages, in both languages, as when every `_()` runs at render time."""

from __future__ import annotations

import re

import pytest
from flask import Flask
from flask_babel import force_locale
from jinja2 import DictLoader, FileSystemBytecodeCache
from werkzeug.test import TestResponse

from negotiator import create_app
from negotiator.template_compile import LanguageBytecodeCache, LanguageEnvironment, assigns_gettext
from tests.factories import login
from tests.test_english_pages import _pages

# What differs between two requests for the same page: the form token (signed with the time),
# the idle session's seconds left and the print header's minute.
VOLATILE = re.compile(
    r'<input[^>]*name="csrf_token"[^>]*>|<meta name="csrf-token"[^>]*>|data-remaining="\d+"'
    r"|(印刷日時|Printed): [0-9: -]+"
)


@pytest.fixture
def bare():  # noqa: ANN201 - an app without a database, for templates alone
    return create_app({"TESTING": True, "SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": "sqlite://"})


def _with_templates(app: Flask, **sources: str) -> LanguageEnvironment:
    env = app.jinja_env.overlay(loader=DictLoader(sources), cache_size=50)
    assert isinstance(env, LanguageEnvironment)
    return env


def test_every_template_of_the_app_has_its_messages_folded(bare):
    env = bare.jinja_env
    assert isinstance(env, LanguageEnvironment)
    not_folded = [
        name
        for name in env.list_templates(extensions=("html", "txt", "ics"))
        if assigns_gettext(env.parse(env.loader.get_source(env, name)[0]))
    ]
    assert not not_folded, f"these assign `_` or `gettext`, so nothing in them folds: {not_folded}"


CASES = [  # source, ja, en
    ("{{ _('ホーム') }}", "ホーム", "Home"),
    ("{{ _('未読%(n)d件', n=n) }}", "未読3件", "3 unread"),
    ("{{ _('未読%(n)s件', n=tag) }}", "未読&lt;b&gt;件", "未読&lt;b&gt;件"),
    ("{{ _('例: 均等割10%%+人口割45%%+利用者割45%%') }}", "例: 均等割10%+人口割45%+利用者割45%",
     "e.g. equal share 10% + by population 45% + by users 45%"),
    # A message is markup as written: its quotes stay quotes (not &#34;).
    ("{{ _('条件は条件付賛成の場合だけ入力できます。') }}",
     "条件は条件付賛成の場合だけ入力できます。",
     'Conditions can only be given with "agree with conditions".'),
    ("{{ _(word) }}", "ホーム", "Home"),  # not a literal: translated at render time
    ("{% trans %}ホーム{% endtrans %}", "ホーム", "Home"),
]  # fmt: skip


@pytest.mark.parametrize(("source", "ja", "en"), CASES)
def test_each_language_gets_its_own_compiled_text(bare, source, ja, en):
    env = _with_templates(bare, **{"page.html": source})
    values = {"n": 3, "tag": "<b>", "word": "ホーム"}
    with bare.test_request_context("/"):
        first = env.get_template("page.html")
        with force_locale("en"):
            english = env.get_template("page.html")
            assert english.render(**values) == en
        assert first.render(**values) == ja
        assert env.get_template("page.html") is first  # compiled once per language, then kept
    assert english is not first


def test_a_folded_message_is_code_no_longer_a_call(bare):
    source = "<p>{{ _('ホーム') }} {{ _('未読%(n)d件', n=n) }}</p>"
    env = _with_templates(bare, **{"page.html": source})
    with bare.test_request_context("/"), force_locale("en"):
        code = env.compile(source, "page.html", raw=True)
        folded = env.get_template("page.html")
    assert "context.call(" in code  # compiled outside a language: translated at render time
    assert folded.render(n=2) == "<p>Home 2 unread</p>"
    with bare.test_request_context("/"), force_locale("en"):
        env.globals["_"] = env.globals["gettext"] = None  # a call would fail now
        assert folded.render(n=2) == "<p>Home 2 unread</p>"


def test_a_text_template_is_not_escaped(bare):
    env = _with_templates(bare, **{"mail.txt": "{{ _('未読%(n)s件', n=tag) }}{{ _('ホーム') }}"})
    env.autoescape = False
    with bare.test_request_context("/"):
        assert env.get_template("mail.txt").render(tag="<b>") == "未読<b>件ホーム"


def test_a_template_that_assigns_underscore_is_left_to_the_runtime(bare):
    source = "{% set _ = gettext %}{{ _('ホーム') }}"
    env = _with_templates(bare, **{"page.html": source})
    assert assigns_gettext(env.parse(source))
    with bare.test_request_context("/"), force_locale("en"):
        assert env.get_template("page.html").render() == "Home"


@pytest.mark.parametrize("backend", ["sqlite"])
@pytest.mark.parametrize("language", ["ja", "en"])
def test_every_page_is_the_same_with_messages_folded_or_called(app, world, language):
    """Each GET page of the authorization matrix, as its first reader, in three rounds: compiled
    with calls, folded, with calls again (a page may change what a later one shows, as a list
    of notifications marks them read: the last two rounds see the same data)."""
    env = app.jinja_env
    differ = []
    for role, urls in _pages(app, world).items():
        client = app.test_client()
        login(client, role)
        client.post("/language", data={"lang": language, "next": "/"})
        rounds = []
        for fold in (False, True, False):
            env.fold_messages = fold
            env.cache.clear()
            rounds.append([_response(client.get(url)) for url in urls])
        differ += [
            f"{role} {url}"
            for url, folded, called in zip(urls, rounds[1], rounds[2], strict=True)
            if "text/html" in folded[1] and _page(folded) != _page(called)
        ]
    env.fold_messages = True
    assert not differ, differ


def _response(response: TestResponse) -> tuple[int, str, bytes]:
    return response.status_code, response.content_type, response.get_data()


def _page(response: tuple[int, str, bytes]) -> tuple[int, str]:
    status, _, body = response
    return status, VOLATILE.sub("", body.decode())


def test_warming_up_compiles_each_template_in_each_language(bare):
    from negotiator.runtime import warm_up

    warm_up(bare)  # compiles; freezing the collector is freeze_after_startup's, not done here
    env = bare.jinja_env
    names = env.list_templates(extensions=("html", "txt", "ics"))
    kept = {(key[1], key[2]) for key in env.cache if len(key) == 3}
    assert kept == {(n, lang) for n in names for lang in bare.config["LANGUAGES"]}


class _Kept(LanguageBytecodeCache):
    def __init__(self) -> None:
        self.kept: dict[str, bytes] = {}

    def load_bytecode(self, bucket) -> None:  # noqa: ANN001
        if bucket.key in self.kept:
            bucket.bytecode_from_string(self.kept[bucket.key])

    def dump_bytecode(self, bucket) -> None:  # noqa: ANN001
        self.kept[bucket.key] = bucket.bytecode_to_string()


def test_a_bytecode_cache_keeps_each_language_apart(bare):
    kept = _Kept()
    for language, expected in (("ja", "ホーム"), ("en", "Home"), ("ja", "ホーム")):
        env = _with_templates(bare, **{"page.html": "{{ _('ホーム') }}"})  # a new app, say
        env.bytecode_cache = kept
        with bare.test_request_context("/"), force_locale(language):
            assert env.get_template("page.html").render() == expected
    assert len(kept.kept) == 2


def test_a_bytecode_cache_that_mixes_languages_is_refused(bare):
    env = _with_templates(bare, **{"page.html": "{{ _('ホーム') }}"})
    env.bytecode_cache = FileSystemBytecodeCache()
    with bare.test_request_context("/"), pytest.raises(TypeError, match="language"):
        env.get_template("page.html")
