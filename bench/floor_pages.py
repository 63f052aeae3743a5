# ruff: noqa: E501  (markup, one line per element as in templates/)
"""The floor's templates (bench/floor.py): the markup of each page's content, labels written in,
one template each, no macros, no layout, no translation calls."""

from __future__ import annotations

from jinja2 import Environment

ENV = Environment(autoescape=True)

STANCES = {"agree": "賛成", "conditional": "条件付き賛成", "undecided": "保留", "object": "反対"}
ENV.globals["stances"] = STANCES

BOARD = ENV.from_string(
    """<!doctype html><html lang="ja"><title>{{ negotiation.title }}</title><main>
<h1>{{ negotiation.title }}</h1>
<div class="board-wrap"><table class="board"><thead><tr><th class="item-col" scope="col">協議事項</th>
<th scope="col">状態</th>{% for m in members %}<th scope="col" class="member-col">{{ m.party_label or '' }} {{ m.name }}</th>{% endfor %}
<th scope="col">決定方法の充足</th></tr></thead><tbody>
{% for i in items %}{% set url = '/items/%d' % i.id %}<tr>
<td class="item-col"><a href="{{ url }}">{{ i.number }}. {{ i.title }}</a><div class="small muted">{{ i.category }} · 第{{ i.current_revision }}版</div></td>
<td><span class="state state-{{ i.state }}">{{ i.state }}</span></td>
{% for m in members %}{% set c = cells.get((i.id, m.id)) %}<td class="cell"><a href="{{ url }}#member-{{ m.id }}" aria-label="{{ m.name }}: 意見の履歴">{% if c is none %}<span class="stance stance-none">未回答</span>{% else %}<span class="stance stance-{{ c.stance }}{% if c.revision_number < i.current_revision %} stale{% endif %}">{{ stances[c.stance] }}</span>{% endif %}</a></td>
{% endfor %}<td>{% if missing[i.id] %}<span class="rule-unmet">未充足({{ missing[i.id] }}件)</span>{% else %}<span class="rule-met">✓ 充足</span>{% endif %}</td></tr>
{% endfor %}</tbody></table></div></main></html>"""
)

ITEM = ENV.from_string(
    """<!doctype html><html lang="ja"><title>{{ item.number }}. {{ item.title }}</title><main>
<h1>{{ item.number }}. {{ item.title }} <span class="state">{{ item.state }}</span></h1>
<div class="proposal">{{ text }}</div>
<h2 id="positions">各団体の意見</h2><table class="positions"><tbody>
{% for m in members %}{% set mine = history.get(m.id, []) %}{% set p = mine[0] if mine else none %}<tr id="member-{{ m.id }}">
<td class="member-name">{{ m.party_label or '' }} {{ m.name }}</td>
<td>{% if p %}<span class="stance stance-{{ p.stance }}">{{ stances[p.stance] }}</span>{% else %}<span class="stance stance-none">未回答</span>{% endif %}</td>
<td class="small">{% if p %}{% if p.statement %}<div>{{ p.statement }}</div>{% endif %}{% if p.reason %}<div><strong>理由:</strong> {{ p.reason }}</div>{% endif %}
{% for c in conditions.get(p.id, []) %}<div>条件: {{ c }}</div>{% endfor %}<div class="muted">{{ p.display_name }} · {{ p.created_at }}</div>{% endif %}
{% if mine|length > 1 %}<details><summary>以前の意見({{ mine|length - 1 }}件)</summary><ul class="history">{% for h in mine[1:] %}
<li>{{ h.created_at }} {{ stances[h.stance] }} (第{{ h.revision_number }}版){% if h.reason %}: {{ h.reason }}{% endif %}</li>{% endfor %}</ul></details>{% endif %}</td></tr>
{% endfor %}</tbody></table>
<h2>経過</h2><ol class="timeline">{% for e in timeline %}<li><time>{{ e.at }}</time>{{ e.summary }} <span class="muted">— {{ e.actor }}</span></li>{% endfor %}</ol>
</main></html>"""
)

DASHBOARD = ENV.from_string(
    """<!doctype html><html lang="ja"><title>ホーム</title><main><h1>ホーム</h1>
<h2>対応が必要なこと</h2><ul class="card tasks">
{% for i in items %}<li><a href="/items/{{ i.id }}">{{ i.negotiation }} / {{ i.number }}. {{ i.title }}</a>
<span class="muted small">{% for name in waiting[i.id] %}{{ name }}: 第{{ i.current_revision }}版への意見がありません{% if not loop.last %}、{% endif %}{% endfor %}</span></li>
{% endfor %}{% if total > items|length %}<li class="more"><a href="/?kind=item">「協議事項の進行」をすべて表示(ほか{{ total - items|length }}件)</a></li>{% endif %}
</ul><h2>所属する協議会</h2><div class="grid">
{% for n in negotiations %}<div class="card"><h3>{{ n.name }}</h3><ul class="tasks"><li><a href="/negotiations/{{ n.id }}">{{ n.title }}</a> <span class="badge">協議中</span></li></ul></div>{% endfor %}
</div></main></html>"""
)

MEETING = ENV.from_string(
    """<!doctype html><html lang="ja"><title>{{ meeting.title }}</title><main>
<h1>{{ meeting.title }} <span class="badge">{{ meeting.status }}</span></h1>
<p class="meeting-meta"><strong>{{ meeting.starts_at }}</strong> · {{ meeting.place or '場所未定' }}</p>
<h2 id="agenda">議題</h2><ul class="agenda">
{% for e in entries %}<li class="card agenda-entry" id="entry-{{ e.id }}"><h3><a href="/items/{{ e.id }}">{{ e.number }}. {{ e.title }}</a></h3>
{% if listed %}<ul class="member-stances">{% for m in members %}{% set c = cells.get((e.id, m.id)) %}<li>{{ m.name }} {% if c is none %}<span class="stance stance-none">未回答</span>{% else %}<span class="stance stance-{{ c.stance }}">{{ stances[c.stance] }}</span>{% endif %}</li>{% endfor %}</ul>
{% else %}<p class="member-stances summary">{% for key, n in counts[e.id].items() %}<span class="stance stance-{{ key }}">{{ stances.get(key, '未回答') }} {{ n }}団体</span> {% endfor %}</p>{% endif %}
{% if e.notes %}<div class="minutes-text">{{ e.notes }}</div>{% endif %}</li>
{% endfor %}</ul>
<h2 id="attendance">当日の出欠</h2><table class="attendance"><tbody>
{% for m in members %}{% set a = attendance.get(m.id) %}<tr><td class="member-name">{{ m.party_label or '' }} {{ m.name }}</td>
<td>{% if a %}<span class="presence presence-{{ a.presence }}">{{ a.presence }}</span>{% else %}<span class="muted">未記録</span>{% endif %}</td>
<td>{% if a %}{% for n in a.attendees.splitlines() %}<div>{{ n }}</div>{% endfor %}{% endif %}</td></tr>{% endfor %}
</tbody></table>
<h2 id="minutes">議事録</h2><div class="card">{{ meeting.notes or '' }}</div>
<ul class="card positions-heard">{% for p in heard %}<li>{{ p.item_id }}: {{ p.name }} <span class="stance stance-{{ p.stance }}">{{ stances[p.stance] }}</span> (第{{ p.revision_number }}版)</li>{% endfor %}</ul>
<h2 id="actions">宿題</h2><table><tbody>{% for a in actions %}<tr><td>{{ a.description }}</td><td>{{ a.name }}</td><td>{{ a.due_date or '' }}</td><td>{{ a.status }}</td></tr>{% endfor %}</tbody></table>
</main></html>"""
)
