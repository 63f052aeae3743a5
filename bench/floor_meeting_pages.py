# ruff: noqa: E501  (markup, one line per element as in templates/)
"""The template of the meeting page's floor (bench/floor_meeting.py): the page's markup written
out as the page renders it for a facilitator; the facts (refusals, moves, counts) come
computed, the template only lays them out."""

from __future__ import annotations

from bench.floor_common import page

MEETING = page(
    """{% set csrf = shell.csrf %}
<h1>{{ meeting.title }} <span class="meeting-status meeting-status-{{ meeting.status }}">{{ meeting_status_labels[meeting.status] }}</span></h1>
<p class="meeting-meta">
  <strong>{{ meeting.starts_at|jst('%Y年%m月%d日 %H:%M') }}〜{{ meeting.ends_at|jst('%H:%M') }}</strong> <span class="muted small">(日本時間)</span>
  · {{ meeting.place or '場所未定' }} · {{ mode_labels[meeting.mode] }}</p>
<div class="actions">
  {% if can_edit %}<a class="btn secondary" href="/meetings/{{ meeting.id }}/edit">予定を変更</a>{% endif %}
  <a class="btn secondary" href="/meetings/{{ meeting.id }}/meeting.ics">カレンダーに追加(.ics)</a>
  {% if meeting.status in ('held', 'confirmed') %}<a class="btn secondary" href="/meetings/{{ meeting.id }}/minutes.pdf">議事録PDF</a>{% endif %}
  {% if meeting.status == 'scheduled' %}
  {% if not held_refusal %}
  <form class="inline" method="post" action="/meetings/{{ meeting.id }}/held">
    <input type="hidden" name="csrf_token" value="{{ csrf }}">
    <button class="btn" type="submit">開催済みにする</button></form>
  {% endif %}
  <a class="btn secondary" href="/meetings/{{ meeting.id }}/cancel">会議を中止</a>
  {% endif %}
</div>
{% if meeting.status == 'scheduled' and held_refusal %}<p class="why small muted" id="held-why">{{ held_refusal }}</p>{% endif %}
{% if locked %}<p class="flash">{{ '議事録は議事録署名人の確認を経て確定しています。内容は変更できません。' if signers else '議事録は全構成団体の確認を経て確定しています。内容は変更できません。' }}</p>{% endif %}
{% if meeting.status == 'cancelled' %}
<div class="card cancelled" role="status">
  <p><strong>この会議は中止されました。</strong> <span class="muted small">{{ meeting.cancelled_at|jst }}</span></p>
  <p>中止の理由: {{ meeting.cancel_reason }}</p>
  <p class="small muted">中止された会議は変更できません。</p>
</div>
{% endif %}

<h2 id="agenda">議題</h2>
{% if meeting.agenda_publish_count %}
<p class="small">議題を公開しました({{ meeting.agenda_publish_count }}回目、{{ meeting.agenda_published_at|jst }})。</p>
{% elif meeting.status == 'scheduled' %}<p class="small muted">議題はまだ公開されていません。</p>{% endif %}
{% if can_edit and meeting.status == 'scheduled' %}
<form class="inline" method="post" action="/meetings/{{ meeting.id }}/agenda/publish">
  <input type="hidden" name="csrf_token" value="{{ csrf }}">
  <button class="btn" type="submit" {% if agenda_refusal %}disabled aria-disabled="true" aria-describedby="agenda-publish-why"{% endif %}>{{ '議題を公開し直す' if meeting.agenda_publish_count else '議題を公開' }}</button>
  {% if agenda_refusal %}<span class="why small muted" id="agenda-publish-why">{{ agenda_refusal }}</span>
  {% else %}<span class="small muted">事務局と各団体の担当者に通知します。</span>{% endif %}
</form>
{% endif %}
{% if previous %}
<p class="card small">前回の議事録の確認: <a href="/meetings/{{ previous.id }}#confirmation">{{ previous.title }}</a> (確認待ち)</p>
{% endif %}
{% if carried %}
<div class="card carried">
  <h3>前回までの宿題(未完了)</h3>
  <ul>{% for a in carried %}<li>{{ a.description }} — {{ a.owner }}{% if a.due_date %} · 期限 {{ a.due_date }}{% endif %} <span class="muted small">({{ a.meeting_title }})</span></li>{% endfor %}</ul>
</div>
{% endif %}
{% if entries %}
<ul class="agenda">
{% for e in entries %}{% set current_revision = e.current_revision %}
  <li class="card agenda-entry" id="entry-{{ e.item_id if e.item_id else 'free-%d' % e.entry_id }}">
    <div class="agenda-head">
      <div>
      {% if e.item_id %}
      <h3><span class="agenda-label">({{ loop.index }})</span> <a href="/items/{{ e.item_id }}">{{ e.title }}</a> <span class="state state-{{ e.state }}">{{ states[e.state] }}</span></h3>
      <p class="small muted agenda-negotiation">協議案件: <a href="/negotiations/{{ e.negotiation_id }}">{{ e.negotiation }}</a> · 協議事項 {{ e.number }}</p>
      {% else %}
      <h3><span class="agenda-label">({{ loop.index }})</span> {{ e.free_title }} <span class="badge">その他の議題</span></h3>
      {% endif %}
      </div>
      {% if can_edit %}
      <form class="inline" method="post" action="/meetings/{{ meeting.id }}/agenda">
        <input type="hidden" name="csrf_token" value="{{ csrf }}">
        <input type="hidden" name="entry_id" value="{{ e.entry_id }}">
        {% if not loop.first %}<button class="btn secondary small" name="action" value="up" aria-label="上へ">↑</button>{% endif %}
        {% if not loop.last %}<button class="btn secondary small" name="action" value="down" aria-label="下へ">↓</button>{% endif %}
        <button class="btn secondary small" name="action" value="remove">議題から外す</button>
      </form>
      {% endif %}
    </div>
    {% if e.item_id and listed %}
    <ul class="member-stances">
      {% for m in members %}{% set p = e.positions.get(m.id) %}<li>{{ m.name }} {{ STANCE }}</li>{% endfor %}
    </ul>
    {% elif e.item_id %}{% set counts = e.counts %}
    <p class="member-stances summary">
      {% for key, label in stances.items() if counts.get(key) %}<span class="stance stance-{{ key }}">{{ label }} {{ counts[key] }}団体</span> {% endfor %}
      {% if counts.stale %}<span class="stance stale">要再確認 {{ counts.stale }}団体</span> {% endif %}
      {% if counts.none %}<span class="stance stance-none">未回答 {{ counts.none }}団体</span> {% endif %}
      <a class="small" href="/items/{{ e.item_id }}#positions">各団体の意見</a></p>
    {% elif e.note %}<p class="agenda-note">{{ e.note }}</p>{% endif %}
    {% if e.notes %}<div class="minutes-text" lang="ja">{{ markdown(e.notes) }}</div>{% endif %}
    {% if e.item_id and can_edit and not floor_refusal %}
    <div class="actions floor">
      {% if e.state in ('proposed', 'discussed') %}
      <a class="btn secondary" href="/meetings/{{ meeting.id }}/items/{{ e.item_id }}/position">発言を意見として記録</a>
      {% endif %}
      {% for move in e.moves if move.name != 'withdraw' %}
      <form class="inline" method="post" action="/meetings/{{ meeting.id }}/items/{{ e.item_id }}/move/{{ move.name }}">
        <input type="hidden" name="csrf_token" value="{{ csrf }}">
        <input type="hidden" name="version" value="{{ e.version }}">
        {% if move.name == 'reopen' %}
        <label class="small" for="reason-{{ e.item_id }}-reopen">理由 <span class="required" aria-hidden="true">必須</span></label>
        <input type="text" id="reason-{{ e.item_id }}-reopen" name="reason" required>{% endif %}
        <button class="btn" type="submit" {% if not move.allowed %}disabled aria-disabled="true"{% endif %}>{{ move.label }}</button>
      </form>
      {% if not move.allowed %}<span class="why small muted">{{ move.reasons|join('、') }}</span>{% endif %}
      {% endfor %}
    </div>
    {% endif %}
  </li>
{% endfor %}
</ul>
{% else %}<p class="card muted">議題はまだありません。</p>{% endif %}
{% if can_edit %}
{% if candidates %}
<form class="filters" method="post" action="/meetings/{{ meeting.id }}/agenda">
  <input type="hidden" name="csrf_token" value="{{ csrf }}">
  <input type="hidden" name="action" value="add">
  <div><label for="item_id">議題に追加する協議事項</label><select id="item_id" name="item_id">{% for title, group in candidates|groupby('negotiation_id') %}<optgroup label="{{ group[0].negotiation }}">{% for c in group %}<option value="{{ c.id }}">{{ c.number }}. {{ c.title }}</option>{% endfor %}</optgroup>{% endfor %}</select>
    <div class="help">協議会のすべての協議案件から、合意に至っていない協議事項を選べます。</div></div>
  <button class="btn secondary" type="submit">議題に追加</button>
</form>
{% endif %}
{% set total = candidates[0].total if candidates else 0 %}
{% if total > candidates_per_page %}
<nav class="actions" aria-label="議題に追加できる協議事項">
  <span class="small">議題に追加できる協議事項 {{ total }}件中 1–{{ candidates|length }}</span>
  <a href="/meetings/{{ meeting.id }}?candidates=2#agenda">次の協議事項</a>
</nav>
{% endif %}
<details class="free-entry"{% if not entries %} open{% endif %}><summary>その他の議題(報告事項など)を追加</summary>
<form class="stacked" method="post" action="/meetings/{{ meeting.id }}/agenda">
  <input type="hidden" name="csrf_token" value="{{ csrf }}">
  <input type="hidden" name="action" value="add_free">
  <div class="field"><label for="free-title">件名</label><input id="free-title" maxlength="200" name="title" required type="text" value="">
    <div class="help">例: 報告事項 令和8年度の運用実績について</div></div>
  <div class="field"><label for="free-note">補足(任意)</label><textarea id="free-note" maxlength="2000" name="note" rows="2">
</textarea></div>
  <button class="btn secondary" type="submit">その他の議題を追加</button>
</form>
</details>
{% endif %}

{% set documents_heading = '配布資料' %}{% set upload_url = '/meetings/%d/documents/new' % meeting.id %}{% set on_comments = 0 %}
{{ DOCUMENTS }}

{% if meeting.status == 'scheduled' or rsvp %}
<h2 id="rsvp">出欠の回答</h2>
<p class="rsvp-counts" id="rsvp-counts">
  {% for value, label in rsvp_labels.items() %}<span class="badge rsvp-{{ value }}">{{ label }} {{ rsvp_counts[value] }}団体</span> {% endfor %}
  <span class="badge{% if rsvp_counts['none'] %} illustrative{% endif %}">未回答 {{ rsvp_counts['none'] }}団体</span>
  <span class="small">出席予定 {{ rsvp_people }}人</span></p>
{% if rsvp_refusal %}<p class="why small muted" id="rsvp-why">{{ rsvp_refusal }}</p>
{% else %}<p class="small muted">各団体の担当者が会議の開始日時まで回答・変更できます。</p>{% endif %}
<div class="table-wrap"><table class="rsvp">
  <thead><tr><th>構成団体</th><th>回答</th><th>出席する方</th><th>備考</th></tr></thead>
  <tbody>{% for m in members %}{% set a = rsvp.get(m.id) %}
  <tr id="rsvp-{{ m.id }}"><td class="member-name">{{ m.party_label or '' }} {{ m.name }}</td>
    <td>{% if a %}<span class="rsvp rsvp-{{ a.answer }}">{{ rsvp_labels[a.answer] }}</span>{% if a.on_behalf %} <span class="muted small">(事務局が代理で回答)</span>{% endif %}
      {% else %}<span class="muted">未回答</span>{% endif %}
      {% if not rsvp_refusal %}
      <a class="btn secondary small" href="/meetings/{{ meeting.id }}/members/{{ m.id }}/rsvp">{{ '回答を変更' if a else '出欠を回答' }}</a>{% endif %}</td>
    <td>{% if a %}{% for n in a.attendees.splitlines() %}<div>{{ n }}</div>{% endfor %}{% endif %}</td>
    <td>{% if a %}{{ a.note }}{% endif %}</td></tr>
  {% endfor %}</tbody>
</table></div>
{% endif %}

<h2 id="attendance">当日の出欠</h2>
<div class="table-wrap"><table class="attendance">
  <thead><tr><th>構成団体</th><th>出欠</th><th>出席者</th></tr></thead>
  <tbody>{% for m in members %}{% set a = attendance.get(m.id) %}
  <tr><td class="member-name">{{ m.party_label or '' }} {{ m.name }}</td>
    <td>{% if a %}<span class="presence presence-{{ a.presence }}">{{ presence_labels[a.presence] }}</span>{% else %}<span class="muted">未記録</span>{% endif %}</td>
    <td>{% if a %}{% for n in a.attendees.splitlines() %}<div>{{ n }}</div>{% endfor %}{% endif %}</td></tr>
  {% endfor %}</tbody>
</table></div>
{% if can_edit %}<div class="actions"><a class="btn secondary" href="/meetings/{{ meeting.id }}/attendance">出欠を記録</a></div>{% endif %}

<h2 id="minutes">議事録</h2>
<div class="card">
  {% if meeting.notes %}<div lang="ja">{{ markdown(meeting.notes) }}</div>{% else %}<p class="muted">全体の記録はまだありません。</p>{% endif %}
  {% if can_edit %}<div class="actions"><a class="btn secondary" href="/meetings/{{ meeting.id }}/minutes">議事録を書く</a></div>{% endif %}
</div>

<h3 id="decisions">この会議での決定事項</h3>
{% if moves %}
<ul class="card decisions">
  {% for c in moves %}<li><strong>{{ headings.get(c.item_id, '') }}</strong>:
    「{{ states[c.from_state] }}」から「{{ states[c.to_state] }}」へ{% if c.reason %} — {{ c.reason }}{% endif %}</li>{% endfor %}
</ul>
{% else %}<p class="muted small">この会議で決定した事項(状態の変更)はまだありません。</p>{% endif %}

<h3 id="positions-heard">この会議で聴取した意見</h3>
{% if heard %}
<ul class="card positions-heard">
  {% for p in heard %}<li>{{ headings.get(p.item_id, '') }}:
    {{ p.member }} <span class="stance stance-{{ p.stance }}">{{ stances[p.stance] }}</span> (第{{ p.revision_number }}版)
    {% for c in heard_conditions.get(p.id, []) %}<span class="small">条件: {{ c }}</span>{% endfor %}{% if p.reason %}<span class="small">理由: {{ p.reason }}</span>{% endif %}</li>{% endfor %}
{% if heard_total > heard|length %}
  <li class="more">ほか{{ heard_total - heard|length }}件{% if meeting.status in ('held', 'confirmed') %}: <a href="/meetings/{{ meeting.id }}/minutes.pdf">議事録PDF</a>{% endif %}</li>
  {% endif %}
</ul>
{% else %}<p class="muted small">この会議で記録された意見はまだありません。</p>{% endif %}

<h2 id="actions">宿題</h2>
{% if actions %}
<div class="table-wrap"><table>
  <thead><tr><th>内容</th><th>担当団体</th><th>期限</th><th>状況</th></tr></thead>
  <tbody>{% for a in actions %}
  <tr><td>{{ a.description }}</td><td class="member-name">{{ a.owner }}</td><td class="date">{{ a.due_date or '' }}</td>
    <td>{% if a.status == 'done' %}<span class="badge state-agreed">完了</span>
      {% else %}<span class="badge illustrative">未完了</span>
      <form class="inline" method="post" action="/actions/{{ a.id }}/done">
        <input type="hidden" name="csrf_token" value="{{ csrf }}"><button class="btn secondary small" type="submit">完了にする</button></form>
      {% endif %}</td></tr>
  {% endfor %}</tbody>
</table></div>
{% else %}<p class="muted small">この会議で決めた宿題はありません。</p>{% endif %}
{% if can_edit %}
<form class="stacked card" method="post" action="/meetings/{{ meeting.id }}/actions">
  <input type="hidden" name="csrf_token" value="{{ csrf }}">
  <div class="field"><label for="description">宿題の内容</label><textarea id="description" maxlength="5000" name="description" required rows="2">
</textarea></div>
  <div class="field"><label for="owner_member_id">担当団体</label><select id="owner_member_id" name="owner_member_id">{% for m in members %}<option value="{{ m.id }}">{{ m.name }}</option>{% endfor %}</select></div>
  <div class="field"><label for="due_date">期限</label><input id="due_date" name="due_date" type="date" value=""></div>
  <button class="btn secondary" type="submit">宿題を追加</button>
</form>
{% endif %}

<h2 id="confirmation">議事録の確認</h2>
<div class="card">
<p class="small" id="signers">{% if signers %}議事録署名人: {{ signers|map(attribute='name')|join('、') }}
  <span class="muted">(署名人全員の確認で確定します)</span>{% else %}<span class="muted">議事録署名人の指定はありません(全構成団体の確認で確定します)。</span>{% endif %}
  {% if meeting.status in ('scheduled', 'held') %}<a class="btn secondary small" href="/meetings/{{ meeting.id }}/signers">議事録署名人を指定</a>{% endif %}</p>
{% if meeting.minutes_revision == 0 %}
  <p class="muted">議事録はまだ公開されていません。</p>
{% else %}
  <p>議事録 第{{ meeting.minutes_revision }}版
    {% if locked %}<span class="rule-met">✓ {{ '議事録署名人が確認済み(確定)' if signers else '全構成団体が確認済み(確定)' }}</span>
    {% else %}<span class="rule-unmet">確認待ち</span>{% endif %}</p>
  <div class="table-wrap"><table class="confirmations">
    <thead><tr><th>構成団体</th><th>回答</th></tr></thead>
    <tbody>{% for m in members %}{% set a = answers.get(m.id) %}
    <tr><td class="member-name">{{ m.name }}{% if m.id in signer_ids %} <span class="badge">署名人</span>{% endif %}</td>
      <td>{% if a and a.answer == 'confirm' %}<span class="stance stance-agree">確認済み</span> <span class="small muted">{{ a.user }} {{ a.created_at|jst }}</span>
          {% elif a %}<span class="stance stance-undecided">修正依頼</span> <span class="small">{{ a.comment }}</span> <span class="small muted">{{ a.user }} {{ a.created_at|jst }}</span>
          {% else %}<span class="stance stance-none">未確認</span>{% endif %}</td>
      </tr>
    {% endfor %}</tbody>
  </table></div>
{% endif %}
{% if meeting.status == 'held' %}
  <form class="filters" method="post" action="/meetings/{{ meeting.id }}/publish">
    <input type="hidden" name="csrf_token" value="{{ csrf }}">
    {% if meeting.minutes_revision %}<div><label for="change_note">変更の説明</label><input type="text" id="change_note" name="change_note"></div>{% endif %}
    <button class="btn" type="submit">{{ '議事録を公開し直す(確認はやり直し)' if meeting.minutes_revision else '議事録を公開して確認を依頼' }}</button>
  </form>
{% endif %}
{% if locked %}
  <form class="stacked" method="post" action="/meetings/{{ meeting.id }}/reopen">
    <input type="hidden" name="csrf_token" value="{{ csrf }}">
    <div class="field"><label for="reopen-reason">修正のため議事録を再開する理由 <span class="required" aria-hidden="true">必須</span></label><textarea id="reopen-reason" name="reason" rows="2" required></textarea></div>
    <button class="btn danger" type="submit">議事録を再開</button>
  </form>
{% endif %}
{% if revisions %}
  <details><summary>公開した版({{ revisions|length }}件)</summary>
  <ul class="history">{% for r in revisions %}<li>第{{ r.number }}版 · {{ r.published_by }} · {{ r.published_at|jst }}{% if r.change_note %} — {{ r.change_note }}{% endif %}</li>{% endfor %}</ul>
  </details>
{% endif %}
</div>
"""
)
