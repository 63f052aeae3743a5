# ruff: noqa: E501  (markup, one line per element as in templates/)
"""The floor's templates (bench/floor.py): the markup of each page's content, labels written in,
one template each, no macros, no layout, no translation calls."""

from __future__ import annotations

from jinja2 import Environment

ENV = Environment(autoescape=True)

STANCES = {"agree": "賛成", "conditional": "条件付き賛成", "undecided": "保留", "object": "反対"}
ENV.globals["stances"] = STANCES

# The layout every page has (templates/base.html as it renders for a signed-in user): written
# out around each floor's content, with the same per-request values (a CSRF token, the unread
# count, the session's remaining time), so that a floor renders the same HTML as its page.
HEAD = """<!doctype html>
<html lang="ja">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="htmx-config" content='{"includeIndicatorStyles": false, "allowEval": false, "allowScriptTags": false}'>
<title>{{ title }} — negotiator</title>
<link rel="stylesheet" href="/static/css/app.css"><link rel="icon" href="data:,">
<meta name="csrf-token" content="{{ shell.csrf }}">
<script src="/static/vendor/htmx/htmx.min.js" defer></script><script src="/static/js/app.js" defer></script>
</head>
<body data-user="{{ shell.user_id }}" data-endpoint="{{ shell.endpoint }}">
<a class="skip" href="#content">本文へ移動</a>
<header class="topbar"><a class="brand" href="/">negotiator</a><nav aria-label="メインメニュー"><a href="/">ホーム</a></nav>
<form class="site-search" role="search" method="get" action="/search"><label for="site-search">検索</label>
<input type="search" id="site-search" name="q" maxlength="100" value=""><button class="btn secondary" type="submit">検索</button></form>
<div class="account"><form class="lang-switch" method="post" action="/language"><input type="hidden" name="csrf_token" value="{{ shell.csrf }}">
<input type="hidden" name="next" value="{{ shell.path }}"><button class="linkish" name="lang" value="ja" aria-pressed="true">日本語</button>
<button class="linkish" name="lang" value="en" aria-pressed="false">English</button></form>
<a href="/notifications/" class="notifications-link">通知{% if shell.unread %} <span class="count">未読{{ shell.unread }}件</span>{% endif %}</a>
<span class="user-name">{{ shell.user_name }}</span><a href="/account/password">パスワード変更</a><a href="/account/tokens">APIトークン</a>
<form method="post" action="/logout" data-logout><input type="hidden" name="csrf_token" value="{{ shell.csrf }}"><button class="linkish" type="submit">ログアウト</button></form>
</div></header>
<main id="content"><div class="print-header">{{ crumbs }}<p class="print-only print-date">印刷日時: {{ shell.printed_at }}</p></div>
"""

FOOT = """</main>
<footer class="site-footer"><a href="/accessibility">アクセシビリティ方針</a></footer>
<div class="session-warning" id="session-warning" role="alertdialog" aria-labelledby="session-warning-title" aria-describedby="session-warning-text" hidden data-remaining="{{ shell.remaining }}" data-warning="{{ shell.warning }}" data-extend-url="/session/extend">
<h2 id="session-warning-title"><span data-state="warning">まもなく自動的にログアウトされます</span><span data-state="expired" hidden>ログアウトされました</span></h2>
<div id="session-warning-text"><p data-state="warning">操作がないまま{{ shell.warning_minutes }}分ほどたつと、安全のためログアウトされます。続けるときは「ログインを延長する」を押してください。</p>
<p data-state="expired" hidden>しばらく操作がなかったため、ログアウトされました。もう一度ログインして同じ画面を開くと、入力中だった文章が戻ります。</p>
<p>入力中の文章は、この端末のブラウザに一時保存してあります(ログアウトすると消去します)。</p></div>
<button class="btn" type="button" data-state="warning" data-extend>ログインを延長する</button>
<a class="btn" data-state="expired" hidden href="/login?next={{ shell.path|urlencode }}">ログイン画面へ</a></div>
<template id="draft-restored"><div class="flash warning draft-note" role="status">前回送信されなかった入力内容を、この端末の一時保存から戻しました。 <button class="link-button" type="button" data-discard>戻した内容を破棄する</button></div></template>
</body>
</html>"""


def page(body: str):  # noqa: ANN201
    """One floor template: the layout written out around the page's content."""
    return ENV.from_string(HEAD + body + FOOT)


BOARD = page(
    """<h1>{{ negotiation.title }}</h1>
<div class="board-wrap"><table class="board"><thead><tr><th class="item-col" scope="col">協議事項</th>
<th scope="col">状態</th>{% for m in members %}<th scope="col" class="member-col">{{ m.party_label or '' }} {{ m.name }}</th>{% endfor %}
<th scope="col">決定方法の充足</th></tr></thead><tbody>
{% for i in items %}{% set url = '/items/%d' % i.id %}<tr>
<td class="item-col"><a href="{{ url }}">{{ i.number }}. {{ i.title }}</a><div class="small muted">{{ i.category }} · 第{{ i.current_revision }}版</div></td>
<td><span class="state state-{{ i.state }}">{{ i.state }}</span></td>
{% for m in members %}{% set c = cells.get((i.id, m.id)) %}<td class="cell"><a href="{{ url }}#member-{{ m.id }}" aria-label="{{ m.name }}: 意見の履歴">{% if c is none %}<span class="stance stance-none">未回答</span>{% else %}<span class="stance stance-{{ c.stance }}{% if c.revision_number < i.current_revision %} stale{% endif %}">{{ stances[c.stance] }}</span>{% endif %}</a></td>
{% endfor %}<td>{% if missing[i.id] %}<span class="rule-unmet">未充足({{ missing[i.id] }}件)</span>{% else %}<span class="rule-met">✓ 充足</span>{% endif %}</td></tr>
{% endfor %}</tbody></table></div>"""
)
