# ruff: noqa: E501  (markup, one line per element as in templates/)
"""The floor's templates (bench/floor.py): the markup of each page's content, labels written in,
one template each, no macros, no layout, no translation calls."""

from __future__ import annotations

from jinja2 import Environment

ENV = Environment(autoescape=True)

STANCES = {"agree": "賛成", "conditional": "条件付賛成", "undecided": "保留", "object": "反対"}
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


CATEGORIES = {
    "access_control": "アクセス権制御ポリシー",
    "remote_access": "リモートアクセス",
    "cost_split": "費用負担",
    "operations": "運用",
    "security": "情報セキュリティ",
    "other": "その他",
}
STATES = {"proposed": "提案", "discussed": "協議中", "agreed": "合意", "withdrawn": "取下げ"}
RULES = {"unanimity": "全会一致", "consent": "異議なし"}
ENV.globals.update(categories=CATEGORIES, states=STATES, rules=RULES)

BOARD = page(
    """<nav class="crumbs" aria-label="現在の位置"><a href="/">ホーム</a> › <a href="/consortia/{{ negotiation.consortium_id }}">{{ negotiation.council }}</a> › <span>{{ negotiation.title }}</span></nav>
<h1>{{ negotiation.title }}</h1><p class="muted">{{ negotiation.description }}</p>
<p class="small">決定方法: <strong>{{ rules.get(negotiation.decision_rule, negotiation.decision_rule) }}</strong></p>
{% set n = negotiation.id %}<nav class="actions" aria-label="この協議案件のページ"><a class="btn secondary" href="/negotiations/{{ n }}/meetings">会議・書面協議</a>
<a class="btn secondary" href="/negotiations/{{ n }}/agreement">協定書</a><a class="btn secondary" href="/negotiations/{{ n }}/board.xlsx">合意状況をExcelで保存</a></nav>
{% if facilitator %}<form class="actions" method="post" action="/negotiations/{{ n }}/dossier"><input type="hidden" name="csrf_token" value="{{ shell.csrf }}">
<button class="btn secondary" type="submit" aria-describedby="dossier-help">記録一式をZIPで作成</button>
<span id="dossier-help" class="small muted">協議事項ごとの記録、議事録、締結済みの協定書、監査記録(内部メモは含みません)</span></form>{% endif %}
<h2>合意状況</h2><form class="filters" method="get"><div><label for="state">状態</label><select id="state" name="state"><option value="">すべて</option>
{% for value, label in states.items() %}<option value="{{ value }}" >{{ label }}</option>{% endfor %}</select></div>
<div><label for="category">分類</label><select id="category" name="category"><option value="">すべて</option>
{% for value, label in categories.items() %}<option value="{{ value }}" >{{ label }}</option>{% endfor %}</select></div>
<button class="btn secondary" type="submit">絞り込む</button>{% if facilitator %}<a class="btn" href="/negotiations/{{ n }}/items/new">協議事項を提案</a>{% endif %}</form>
<div class="board-wrap"><table class="board"><caption class="visually-hidden">協議事項ごとの各団体の意見</caption><thead><tr><th class="item-col" scope="col">協議事項</th>
<th scope="col">状態</th>{% for m in members %}<th scope="col" class="member-col">{{ m.party_label or '' }} {{ m.name }}</th>{% endfor %}
<th scope="col">決定方法の充足</th></tr></thead><tbody>
{% for i in items %}{% set url = '/items/%d' % i.id %}<tr>
<th class="item-col" scope="row"><a href="{{ url }}">{{ i.number }}. {{ i.title }}</a><div class="small muted">{{ categories[i.category] }} · 第{{ i.current_revision }}版{% if suggested.get(i.id) %} · <span class="badge">修正案 {{ suggested[i.id] }}件</span>{% endif %}</div></th>
<td><span class="state state-{{ i.state }}">{{ states[i.state] }}</span></td>
{% for m in members %}{% set c = cells.get((i.id, m.id)) %}<td class="cell"><a href="{{ url }}#member-{{ m.id }}"><span class="visually-hidden">{{ m.name }} </span>{% if c is none %}<span class="stance stance-none">未回答</span>{% elif c.revision_number < i.current_revision %}<span class="stance stance-{{ c.stance }} stale">{{ stances[c.stance] }}</span> <span class="stale-note">要再確認(第{{ c.revision_number }}版への意見)</span>{% else %}<span class="stance stance-{{ c.stance }}">{{ stances[c.stance] }}</span>{% endif %}</a></td>
{% endfor %}<td>{% if i.state == 'agreed' %}<span class="rule-met">合意済み</span>{% elif missing[i.id] %}<span class="rule-unmet">未充足({{ missing[i.id] }}件)</span>{% else %}<span class="rule-met">✓ 充足</span>{% endif %}</td></tr>
{% endfor %}</tbody></table></div>
{% if pages > 1 %}<nav class="actions" aria-label="ページ"><span class="small">{{ items|length }}件中 1 / {{ pages }}ページ</span>{% for p in range(1, pages + 1) %}{% if p == 1 %}<strong aria-current="page">1</strong>{% else %}<a href="/negotiations/{{ n }}?page={{ p }}">{{ p }}</a>{% endif %}{% endfor %}</nav>{% endif %}"""
)
