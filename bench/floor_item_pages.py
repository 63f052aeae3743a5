# ruff: noqa: E501  (markup, one line per element as in templates/)
"""The template of the item page's floor (bench/floor_item.py): the page's markup written out
as the page renders it for a facilitator; the facts (rule reasons, moves, counts) come
computed, the template only lays them out."""

from __future__ import annotations

from bench.floor_common import page

ITEM = page(
    """{% set csrf = shell.csrf %}{% set current_revision = item.current_revision %}
<h1>{{ item.number }}. {{ item.title }} <span class="state state-{{ item.state }}">{{ states[item.state] }}</span></h1>
<form class="follow" method="post" action="/notifications/items/{{ item.id }}/follow">
  <input type="hidden" name="csrf_token" value="{{ csrf }}">
  {% if following %}<button class="link-button" name="follow" value="0" type="submit">フォローをやめる</button>
  {% else %}<button class="link-button" name="follow" value="1" type="submit">フォローする(意見の登録を通知)</button>{% endif %}
</form>
<p class="small muted">{{ category }}
  · 提案団体: {{ item.proposer or '事務局' }}
  · 決定方法: {{ rule_label }}{% if item.rule_override %} (この協議事項のみ){% endif %}
  {% if facilitator %} · <a href="/items/{{ item.id }}/edit">編集</a>{% endif %}</p>
{% if item.description %}<p>{{ item.description }}</p>{% endif %}
{% if item.category == 'cost_split' %}<p class="actions"><a class="btn secondary" href="/items/{{ item.id }}/costs">費用負担の検討(候補の比較・負担表)</a></p>{% endif %}

<div class="two-col">
<div>
  <h2>提案文 {% if revision %}<span class="small muted">第{{ revision.number }}版 · {{ revision.author }} · {{ revision.created_at|jst }}</span>{% endif %}</h2>
  <div class="proposal">{{ revision_html }}</div>
  {% if open %}<div class="actions"><a class="btn secondary" href="/items/{{ item.id }}/revise">提案文を改訂</a></div>{% endif %}

<section aria-labelledby="suggestions">
<h2 id="suggestions">修正案 <span class="small muted">検討中 {{ suggestions|selectattr('state', 'equalto', 'open')|list|length }}件</span></h2>
{% if suggestions %}
<ul class="card history suggestions">
{% for s in suggestions %}
  <li class="suggestion-{{ s.state }}"><a href="/suggestions/{{ s.id }}">{{ s.member }}の修正案</a>
    <span class="badge">{{ suggestion_labels[s.state] }}</span>
    <span class="small muted">第{{ s.base_revision }}版に対して · {{ s.author }} · {{ s.created_at|jst }}</span>
    <div class="small">理由: {{ s.reason }}</div></li>
{% endfor %}
</ul>
{% else %}<p class="muted">修正案はありません。</p>{% endif %}
</section>

  <h2 id="positions">各団体の意見</h2>
  <div class="table-wrap">
  <table class="positions">
    <thead><tr><th>構成団体</th><th>現在の意見</th><th class="wide">内容</th>{% if open %}<th><span class="skip">操作</span></th>{% endif %}</tr></thead>
    <tbody>
    {% for m in members %}{% set shown = history.get(m.id, []) %}{% set p = current.get(m.id) %}
    <tr id="member-{{ m.id }}">
      <td class="member-name">{{ m.party_label or '' }} {{ m.name }}</td>
      <td>{{ STANCE }}</td>
      <td class="small">
        {% if p %}
          {% if p.statement %}<div>{{ p.statement }}</div>{% endif %}
          {% if p.reason %}<div><strong>理由:</strong> {{ p.reason }}</div>{% endif %}
          {% for c in conditions.get(p.id, []) %}
            <div class="{{ 'cleared' if c.cleared_at }}">条件: {{ c.text }}
              {% if c.cleared_at %}<span class="badge">解消済み {{ c.cleared_by }} {{ c.cleared_at|jst }}</span>
              {% elif not frozen %}
              <form class="inline" method="post" action="/conditions/{{ c.id }}/clear">
                <input type="hidden" name="csrf_token" value="{{ csrf }}">
                <button class="btn secondary" type="submit">解消済みにする</button></form>
              {% endif %}</div>
          {% endfor %}
          <div class="muted">{{ source_labels[p.source] }} · {{ p.recorded_by }}{% if p.on_behalf %} (事務局が代理登録){% endif %} · {{ p.created_at|jst }}</div>
        {% endif %}
        {% if shown and shown[0].total > 1 %}
        <details><summary>以前の意見({{ shown[0].total - 1 }}件)</summary>
          <ul class="history">{% for h in shown[1:] %}
            <li>{{ h.created_at|jst }} {{ stances[h.stance] }} (第{{ h.revision_number }}版){% if h.reason %}: {{ h.reason }}{% endif %}{% if h.statement %} — {{ h.statement }}{% endif %}</li>
          {% endfor %}</ul>
          {% if shown[0].total > shown|length %}<a class="small" href="/items/{{ item.id }}/members/{{ m.id }}/positions">{{ m.name }}の意見の履歴をすべて表示(ほか{{ shown[0].total - shown|length }}件)</a>{% endif %}</details>
        {% endif %}
      </td>
      {% if open %}<td>
        <a class="btn secondary" href="/items/{{ item.id }}/members/{{ m.id }}/position">意見を登録</a></td>{% endif %}
    </tr>
    {% endfor %}
    </tbody>
  </table>
  </div>
</div>

<aside>
  <h2>状態の変更</h2>
  <div class="card">
    <p>現在: <span class="state state-{{ item.state }}">{{ states[item.state] }}</span></p>
    {% if record or item.discussed_note %}
    <h3 class="small" id="discussion-record">協議の記録</h3>
    <ul class="small discussion-record" aria-labelledby="discussion-record">
      {% for r in record %}
      {% if r.kind == 'meeting' %}
      <li><a href="/meetings/{{ r.id }}">{{ r.title }}</a> {{ r.when|jst('%Y-%m-%d') }}
        ({{ r.status_label }}{% if r.decided %}、この会議で状態を決定{% endif %})</li>
      {% else %}
      <li><a href="/rounds/{{ r.id }}">書面協議 第{{ r.number }}号 {{ r.title }}</a>
        回答期限 {{ r.when|jst('%Y-%m-%d') }} ({{ r.status_label }})</li>
      {% endif %}
      {% endfor %}
      {% if item.discussed_note %}<li>事務局の記録: {{ item.discussed_note }}</li>{% endif %}
    </ul>
    {% endif %}
    {% if open %}
      {% if not missing %}<p class="rule-met">✓ 決定方法を満たしています</p>
      {% elif item.state == 'proposed' %}<p class="rule-unmet">合意に足りないもの:</p>
        <ul class="small">{% for text in missing %}<li>{{ text }}</li>{% endfor %}</ul>{% endif %}
    {% endif %}
    {% if frozen %}<ul class="why frozen">{% for text in frozen %}<li>{{ text }}</li>{% endfor %}</ul>{% endif %}
    <ul class="move-list">
    {% for move in moves if move.allowed or not frozen %}
      <li>
      <form method="post" action="/items/{{ item.id }}/move/{{ move.name }}">
        <input type="hidden" name="csrf_token" value="{{ csrf }}">
        <input type="hidden" name="version" value="{{ item.version }}">
        {% if move.name == 'reopen' and move.allowed %}
          <label class="small" for="reason-reopen">理由 <span class="required" aria-hidden="true">必須</span></label>
          <textarea id="reason-reopen" name="reason" rows="2" required></textarea>
        {% endif %}
        <button class="btn{% if move.name == 'withdraw' %} secondary{% endif %}" type="submit" {% if not move.allowed %}disabled aria-disabled="true"{% endif %}>{{ move.label }}</button>
      </form>
      {% if not move.allowed %}<ul class="why">{% for text in move.reasons %}<li>{{ text }}</li>{% endfor %}</ul>{% endif %}
      </li>
    {% endfor %}
    </ul>
    {% if item.state == 'proposed' %}
      <form class="stacked" method="post" action="/items/{{ item.id }}/discussed">
        <input id="csrf_token" name="csrf_token" type="hidden" value="{{ csrf }}">
        <div class="field"><label for="note">協議した場</label>
          <input id="note" maxlength="500" name="note" required type="text" value=""><div class="help">例: 令和8年5月12日 第2回協議会で協議</div></div>
        <button class="btn secondary" type="submit">協議したことを記録</button>
      </form>
    {% endif %}
  </div>

  {% set documents_heading = '資料' %}{% set upload_url = '/items/%d/documents/new' % item.id %}
  {{ DOCUMENTS }}

  <h2>提案文の版</h2>
  <ul class="card history">
  {% for r in revisions %}
    <li>第{{ r.number }}版 · {{ r.author }} · {{ r.created_at|jst }}{% if r.change_note %} — {{ r.change_note }}{% endif %}
      {% if r.number > 1 %}<a href="/items/{{ item.id }}/diff?a={{ r.number - 1 }}&amp;b={{ r.number }}">前の版との差分</a>{% endif %}
      <a href="/items/{{ item.id }}/revisions/{{ r.number }}/documents/new">第{{ r.number }}版に資料を添付</a></li>
  {% endfor %}
  </ul>
  {% set total = revisions[0].total if revisions else 0 %}
  {% if total > revisions|length %}<p class="small"><a href="/items/{{ item.id }}/revisions">提案文の版をすべて表示(ほか{{ total - revisions|length }}件)</a></p>{% endif %}
  {% if total > 2 %}
  <form class="filters" method="get" action="/items/{{ item.id }}/diff">
    <div><label for="a">比較元</label><input type="number" id="a" name="a" min="1" max="{{ total }}" value="1" required></div>
    <div><label for="b">比較先</label><input type="number" id="b" name="b" min="1" max="{{ total }}" value="{{ total }}" required></div>
    <button class="btn secondary" type="submit">差分を表示</button>
  </form>
  {% endif %}
</aside>
</div>

<section aria-labelledby="discussion">
<h2 id="discussion">意見交換 <span class="small muted">{{ threads|length }}件</span></h2>
{% if not threads %}<p class="muted">まだコメントはありません。</p>{% endif %}
{% for t in threads %}
<div class="thread card">
  {% for c in t %}{% if loop.index == 2 %}<div class="replies">{% endif %}
<article class="comment" id="comment-{{ c.id }}" aria-labelledby="comment-{{ c.id }}-by">
  <p class="small muted" id="comment-{{ c.id }}-by"><strong>{{ c.author }}</strong>
    · {{ c.created_at|jst }} · <span class="badge">第{{ c.revision_number }}版について</span>
    {% if c.mentioned %} · {{ c.mentioned }}宛て{% endif %}
    {% if c.edited_at %} · <span class="badge">編集済み</span>{% endif %}</p>
  <div class="comment-body">{{ markdown(c.body) }}</div>
  {% if c.author_id == shell.user_id %}<a class="small" href="/comments/{{ c.id }}/edit">編集<span class="visually-hidden"> ({{ c.created_at|jst }}のコメント)</span></a>{% endif %}
  <a class="small" href="/comments/{{ c.id }}/documents/new">資料を添付<span class="visually-hidden"> ({{ c.created_at|jst }}のコメント)</span></a>
</article>
  {% if loop.last and loop.length > 1 %}</div>{% endif %}{% endfor %}
  <a class="small" href="/items/{{ item.id }}/comments/new?reply={{ t[0].id }}">返信する<span class="visually-hidden"> ({{ t[0].author }}のコメントへ {{ t[0].created_at|jst }})</span></a>
</div>
{% endfor %}
<form class="stacked card" method="post" action="/items/{{ item.id }}/comments/new" novalidate>
  <h3>コメントを書く</h3>
  <input name="csrf_token" type="hidden" value="{{ csrf }}">
    <div class="field">
      <label for="comment-body">コメント <span class="required" aria-hidden="true">必須</span></label>
      <textarea aria-describedby="comment-body-help" id="comment-body" maxlength="10000" name="body" required>
</textarea>
  <div class="help" id="comment-body-help">Markdown で書けます(見出し、箇条書き、表)。</div>
    </div>
    <div class="field">
      <label for="comment-mentioned_member_id">知らせる構成団体</label>
      <select aria-describedby="comment-mentioned_member_id-help" id="comment-mentioned_member_id" name="mentioned_member_id"><option value="0">(知らせない)</option>{% for m in members %}<option value="{{ m.id }}">{{ m.name }}</option>{% endfor %}</select>
  <div class="help" id="comment-mentioned_member_id-help">選んだ団体の担当者に通知します。</div>
    </div>
  <div class="actions"><button class="btn" type="submit">投稿する</button></div>
</form>
</section>

<h2>経過</h2>
{% set more = timeline[0].total - timeline|length if timeline else 0 %}
{% if more %}<p class="small"><a href="/items/{{ item.id }}/timeline">経過をすべて表示(以前のほか{{ more }}件)</a></p>{% endif %}
<ol class="timeline">
{% for e in timeline|reverse %}
  <li><time datetime="{{ e.at_iso }}">{{ e.at|jst }}</time>{{ e.summary }} <span class="muted">— {{ e.actor }}</span></li>
{% endfor %}
</ol>
"""
)
