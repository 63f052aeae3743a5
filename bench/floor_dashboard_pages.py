# ruff: noqa: E501  (markup, one line per element as in templates/)
"""The template of the dashboard's floor (bench/floor_dashboard.py): the page's markup written
out as the page renders it for a facilitator; the to-dos come computed, the template only
lays them out."""

from __future__ import annotations

from bench.floor_common import page

DASHBOARD = page(
    """<h1>ホーム</h1>
<h2>対応が必要なこと</h2>
{% if any_todo %}
<ul class="card tasks">
{% for t in todos.dated %}
  <li>
  {% if t.kind == 'action' %}
    <a href="/meetings/{{ t.meeting_id }}#actions">宿題({{ t.owner }}): {{ t.description }}</a>
    {% if t.overdue %}<span class="badge warn">期限切れ {{ t.due_date }}</span>
    {% elif t.due_date %}<span class="badge">期限 {{ t.due_date }}</span>
    {% else %}<span class="badge">期限なし</span>{% endif %}
  {% elif t.kind == 'answer' %}
    <a href="/rounds/{{ t.id }}">書面協議に回答: {{ t.negotiation }} / {{ t.title }}</a>
    <span class="badge">期限 {{ t.deadline|jst }}</span>
  {% else %}
    <a href="/rounds/{{ t.id }}">回答期限を過ぎた書面協議: {{ t.negotiation }} / {{ t.title }}</a>
    <span class="badge warn">期限切れ {{ t.deadline|jst }}</span>
    <span class="muted small">{% if t.state == 'open' %}締め切って結果を確定してください
      {%- else %}決定方法を満たした協議事項({{ t.pending }}件)がまだ合意とされていません{% endif %}</span>
  {% endif %}
  </li>
{% endfor %}{% if more.dated %}
  <li class="more"><a href="/?kind=dated">「期限のある対応」をすべて表示(ほか{{ more.dated }}件)</a></li>
{% endif %}
{% for r in todos.sign %}
  <li><a href="/agreements/{{ r.id }}/sign/{{ r.member_id }}">{{ r.member }}として協定書に署名: {{ r.title }}</a>
    <span class="badge illustrative">署名待ち</span></li>
{% endfor %}{% if more.sign %}
  <li class="more"><a href="/?kind=sign">「協定書への署名」をすべて表示(ほか{{ more.sign }}件)</a></li>
{% endif %}
{% for r in todos.approve %}
  <li><a href="/agreements/{{ r.id }}/approval/{{ r.member_id }}">決裁を記録する({{ r.member }}): {{ r.title }}</a>
    <span class="badge illustrative">署名の前に必要</span></li>
{% endfor %}{% if more.approve %}
  <li class="more"><a href="/?kind=approve">「決裁の記録」をすべて表示(ほか{{ more.approve }}件)</a></li>
{% endif %}
{% for r in todos.unexecuted %}
  <li><a href="/agreements/{{ r.id }}">協定書の締結まで: {{ r.title }} 第{{ r.number }}版</a>
    {% if r.approvals_missing %}<span class="badge illustrative">決裁 未記録 {{ r.approvals_missing }}団体</span>{% endif %}
    <span class="badge">署名 未了 {{ r.signatures_missing }}団体</span></li>
{% endfor %}{% if more.unexecuted %}
  <li class="more"><a href="/?kind=unexecuted">「締結までの状況」をすべて表示(ほか{{ more.unexecuted }}件)</a></li>
{% endif %}
{% for n in todos.prepare %}
  <li><a href="/negotiations/{{ n.id }}/agreement">協定書を作成する: {{ n.title }}</a>
    <span class="badge state-agreed">全協議事項が合意済み</span></li>
{% endfor %}{% if more.prepare %}
  <li class="more"><a href="/?kind=prepare">「協定書の作成」をすべて表示(ほか{{ more.prepare }}件)</a></li>
{% endif %}
{% for r in todos.confirm %}
  <li><a href="/meetings/{{ r.id }}/members/{{ r.member_id }}/confirm">{{ r.member }}として議事録を確認: {{ r.title }}</a>
    <span class="badge illustrative">議事録 第{{ r.minutes_revision }}版</span></li>
{% endfor %}{% if more.confirm %}
  <li class="more"><a href="/?kind=confirm">「議事録の確認」をすべて表示(ほか{{ more.confirm }}件)</a></li>
{% endif %}
{% for r in todos.rsvp %}
  <li><a href="/meetings/{{ r.id }}/members/{{ r.member_id }}/rsvp">出欠を回答する({{ r.member }}): {{ r.title }}</a>
    <span class="badge">期限 {{ r.starts_at|jst }}</span></li>
{% endfor %}{% if more.rsvp %}
  <li class="more"><a href="/?kind=rsvp">「出欠の回答」をすべて表示(ほか{{ more.rsvp }}件)</a></li>
{% endif %}
{% for t in todos.position + todos.item %}
  <li>
  {% if t.kind == 'position' %}
    <a href="/items/{{ t.id }}/members/{{ t.member_id }}/position">
      {{ t.member }}の意見を登録: {{ t.negotiation }} / {{ t.number }}. {{ t.title }}</a>
    {% if t.stale %}<span class="badge illustrative">提案文が改訂されたため再確認</span>
    {% else %}<span class="badge">未回答</span>{% endif %}
  {% elif t.kind == 'decide' %}
    <a href="/items/{{ t.id }}">合意を決定できます: {{ t.negotiation }} / {{ t.number }}. {{ t.title }}</a>
    <span class="badge state-agreed">決定方法({{ t.rule }})を満たしています</span>
  {% elif t.kind == 'move' %}
    <a href="/items/{{ t.id }}">{{ t.negotiation }} / {{ t.number }}. {{ t.title }}</a>
    <span class="badge state-agreed">「{{ t.move }}」ができます</span>
  {% else %}
    <a href="/items/{{ t.id }}">{{ t.negotiation }} / {{ t.number }}. {{ t.title }}</a>
    <span class="muted small">「{{ t.move }}」の前に: {{ t.reasons|join('、') }}</span>
  {% endif %}
  </li>
{% endfor %}{% if more.position %}
  <li class="more"><a href="/?kind=position">「意見の登録」をすべて表示(ほか{{ more.position }}件)</a></li>
{% endif %}{% if more.item %}
  <li class="more"><a href="/?kind=item">「協議事項の進行」をすべて表示(ほか{{ more.item }}件)</a></li>
{% endif %}
</ul>
{% else %}
<p class="card muted">いま対応が必要なことはありません。</p>
{% endif %}
<h2>所属する協議会</h2>
{% if consortia %}
<div class="grid">
  {% for c in consortia %}
  <div class="card">
    <h3><a href="/consortia/{{ c.id }}">{{ c.name }}</a></h3>
    <p class="muted small">{{ c.description }}</p>
    <ul class="tasks">
    {% for n in negotiations.get(c.id, []) %}
      <li><a href="/negotiations/{{ n.id }}">{{ n.title }}</a>
        {% if n.status %}<span class="state agreement-{{ n.status }}">協定書: {{ agreement_status_labels[n.status] }}</span>
        {% else %}<span class="badge">協議中</span>{% endif %}</li>
    {% endfor %}
    </ul>
  </div>
  {% endfor %}
</div>
{% else %}
<p class="card">所属している協議会はまだありません。システム管理者に登録を依頼してください。</p>
{% endif %}
"""
)
