# ruff: noqa: E501  (markup, one line per element as in templates/)
"""The templates of the item page's, the meeting page's and the dashboard's floors
(bench/floor_detail.py): each page's markup written out as the page renders it for a
facilitator, one template each, labels in Japanese, no macros, no translation calls. The
facts (rule reasons, moves, counts) come computed; the templates only lay them out."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from jinja2 import Environment

from bench.floor_pages import FOOT, HEAD
from negotiator.documents.kinds import ACCEPT
from negotiator.negotiation.markdown import render_markdown

JST = ZoneInfo("Asia/Tokyo")


def time_of(value: str | dt.datetime | None) -> dt.datetime | None:
    """A timestamp as SQLite (text) or PostgreSQL (datetime) returns it; naive means UTC."""
    if value is None:
        return None
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def jst(value: str | dt.datetime | None, fmt: str = "%Y-%m-%d %H:%M") -> str:
    """In Japan time, as the app's `jst` filter writes it."""
    when = time_of(value)
    return "" if when is None else when.astimezone(JST).strftime(fmt)


ENV = Environment(autoescape=True)
ENV.filters["jst"] = jst
ENV.globals.update(
    accept=ACCEPT,
    # The app's labels are Japanese message ids (rules.N_ marks them, nothing translates them
    # here): the same words as the page, read from one place.
    stances={"agree": "賛成", "conditional": "条件付賛成", "undecided": "保留", "object": "反対"},
    states={"proposed": "提案", "discussed": "協議中", "agreed": "合意", "withdrawn": "取下げ"},
    markdown=render_markdown,
)

# The crumbs as templates/consortia/_crumbs.html renders them (the last one not a link).
CRUMBS = """{% if crumbs %}<nav class="crumbs" aria-label="現在の位置">
  <a href="/">ホーム</a>
  {% for label, url in crumbs %} › {% if url %}<a href="{{ url }}">{{ label }}</a>{% else %}<span>{{ label }}</span>{% endif %}{% endfor %}
</nav>{% endif %}"""

# A position's badge (negotiation/_macros.html stance_badge), written where it is used.
STANCE = """{% if p is none %}<span class="stance stance-none">未回答</span>{% else %}<span class="stance stance-{{ p.stance }}{% if p.revision_number < current_revision %} stale{% endif %}">{{ stances[p.stance] }}</span>{% if p.revision_number < current_revision %} <span class="stale-note">要再確認(第{{ p.revision_number }}版への意見)</span>{% endif %}{% endif %}"""

# A page's documents (documents/_panel.html), for an item or a meeting.
DOCUMENTS = """<h2 id="documents">{{ documents_heading }}</h2>
{% if documents %}<ul class="card history documents">
  {% for d in documents %}<li><a href="/documents/{{ d.id }}" download>{{ d.name }}</a>
    <span class="small muted">{{ d.size_label }}{% if d.revision %} · 第{{ d.revision }}版{% endif %} · {{ d.uploader }} · {{ d.uploaded_at|jst }}</span>
    <form class="inline" method="post" action="/documents/{{ d.id }}/delete">
      <input type="hidden" name="csrf_token" value="{{ shell.csrf }}">
      <button class="btn secondary small" type="submit" aria-label="「{{ d.name }}」を削除">削除</button>
    </form></li>
  {% endfor %}
</ul>
{% else %}<p class="muted">資料はまだありません。</p>{% endif %}
{% if on_comments %}<p class="small"><a href="#discussion">このほか、コメントに添付された資料が{{ on_comments }}件あります。</a></p>{% endif %}
<form class="inline document-upload" method="post" enctype="multipart/form-data" action="{{ upload_url }}">
  <input type="hidden" name="csrf_token" value="{{ shell.csrf }}">
  <label for="documents-file">資料を添付</label>
  <input type="file" id="documents-file" name="file" required accept="{{ accept }}">
  <button class="btn secondary" type="submit">添付</button>
</form>"""


def page(body: str):  # noqa: ANN201
    """One floor template: the layout (bench/floor_pages.py) around the page's content, the
    crumbs, the stance badge and the documents panel pasted in as text (no includes)."""
    source = HEAD.replace("{{ crumbs }}", CRUMBS) + body + FOOT
    source = source.replace("{{ STANCE }}", STANCE).replace("{{ DOCUMENTS }}", DOCUMENTS)
    return ENV.from_string(source)


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

# The dashboard's kinds of to-do, in the order it lists them, and their names in the links.
KINDS = {
    "dated": "期限のある対応",
    "sign": "協定書への署名",
    "approve": "決裁の記録",
    "unexecuted": "締結までの状況",
    "prepare": "協定書の作成",
    "confirm": "議事録の確認",
    "rsvp": "出欠の回答",
    "position": "意見の登録",
    "item": "協議事項の進行",
}

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
